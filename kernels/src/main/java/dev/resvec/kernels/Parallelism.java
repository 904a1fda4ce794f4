package dev.resvec.kernels;

import dev.resvec.kernels.internal.KernelPool;
import dev.resvec.kernels.internal.ParallelRunner;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

/**
 * How many threads a kernel call may use, and on which executor.
 *
 * <p>By default kernels run on a pool the library owns (daemon threads named {@code resvec-kernel-N}, never the
 * common pool), with as many threads as the machine has processors; {@link #setDefaultThreads(int)} changes that
 * for the whole JVM, {@link #threads(int)} for one call, and {@link #on(Executor, int)} runs on the caller's own
 * executor. The calling thread always takes a share of the work, and it runs any share that no other thread has
 * started, so a busy or saturated executor slows a call down but never deadlocks it.
 *
 * <p>Results never depend on the thread count: kernels split work by output rows or columns, never along a
 * reduction, so every thread count gives bitwise the same result.
 */
public final class Parallelism {
    private static volatile int defaultThreads = Runtime.getRuntime().availableProcessors();
    private static final Parallelism SINGLE = new Parallelism(1, null);

    private final int threads;
    private final Executor executor; // null: the library's own pool

    private Parallelism(int threads, Executor executor) {
        this.threads = threads;
        this.executor = executor;
    }

    /** @return the JVM-wide default: the library pool with {@link #defaultThreads()} threads */
    public static Parallelism defaults() {
        return new Parallelism(0, null);
    }

    /** @return run on the calling thread only */
    public static Parallelism singleThread() {
        return SINGLE;
    }

    /**
     * @param threads the number of threads, 1 or more (the caller's included)
     * @return the library pool with this many threads
     */
    public static Parallelism threads(int threads) {
        return new Parallelism(checkThreads(threads), null);
    }

    /**
     * @param executor the executor that runs the shares other than the caller's; not null
     * @param threads  the number of threads, 1 or more (the caller's included)
     * @return the caller's executor with this many threads
     * @throws IllegalArgumentException when {@code executor} is null (here, rather than as a NullPointerException
     *                                  from inside the first kernel call that hands it work) or {@code threads} < 1
     */
    public static Parallelism on(Executor executor, int threads) {
        if (executor == null) {
            throw new IllegalArgumentException("executor is null, with threads=" + threads
                    + " (use Parallelism.threads(" + threads + ") for the library's own pool)");
        }
        return new Parallelism(checkThreads(threads), executor);
    }

    /** @param threads the JVM-wide default thread count for kernels, 1 or more */
    public static void setDefaultThreads(int threads) {
        defaultThreads = checkThreads(threads);
    }

    /** @return the JVM-wide default thread count (the number of processors unless set) */
    public static int defaultThreads() {
        return defaultThreads;
    }

    /** @return the thread count this setting resolves to now */
    public int threadCount() {
        return threads == 0 ? defaultThreads : threads;
    }

    /** @return the executor for the other shares: the caller's, or the library's own pool */
    public Executor executor() {
        return executor != null ? executor : KernelPool.executor();
    }

    /** @return whether the other shares run on the library's own pool (not a caller's executor) */
    boolean onLibraryPool() {
        return executor == null;
    }

    /**
     * Runs {@code shares} independent pieces of work on these threads, the way the kernels do: the caller and up to
     * {@code threadCount() - 1} helpers claim share indices from one counter, so a saturated executor cannot
     * deadlock the call; the first failure of a share is rethrown once every share has finished. For callers'
     * own passes (a predictor's per-channel passes, say) whose shares write disjoint outputs.
     *
     * @param shares the number of shares, each run exactly once
     * @param share  the work of share {@code i}
     */
    public void run(int shares, IntConsumer share) {
        if (shares < 0 || share == null) {
            throw new IllegalArgumentException("run: shares must be >= 0 and share non-null, got shares=" + shares
                    + ", share=" + share);
        }
        ParallelRunner.run(shares, this, share);
    }

    private static int checkThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        return threads;
    }

    @Override
    public String toString() {
        return "Parallelism[threads=" + threadCount() + (executor != null ? ", caller's executor" : ", library pool") + "]";
    }
}

package dev.resvec.bench;

import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Two thread counts timed in one fork, iteration by iteration: {@code threads}, {@code alternateThreads},
 * {@code threads}, … The report's quick mode measures a case at 1 thread and at all threads this way
 * ({@code -p alternateThreads=2}): the two rows share one JVM start and one JIT warm-up (seconds for a network,
 * where C2 compiles the vector kernels), and they see the same conditions, since interleaved iterations sample the
 * same drift of this VM's speed (A/B/A/B rounds in one JVM, as the house rules ask for comparisons).
 *
 * <p>Warm-up and measured iterations are counted separately, each from the first count: measured iteration {@code i}
 * (from 0) ran {@link #alternate(int) the alternate count} exactly when {@code i} is odd. A benchmark with a
 * {@code @Param int alternateThreads} (0, the default, for none) calls {@link #next} from a
 * {@code @Setup(Level.Iteration)} method, outside the timed region.
 */
public final class ThreadAlternation {
    private final int threads;
    private final int alternateThreads;
    private IterationType type;
    private int index;

    /**
     * @param benchmark        the benchmark's name, for the error message
     * @param threads          the first thread count, 1 or more
     * @param alternateThreads the second, or 0 for none
     * @throws IllegalArgumentException for counts below 1 (0 allowed for the second) or two equal counts
     */
    public ThreadAlternation(String benchmark, int threads, int alternateThreads) {
        if (threads < 1 || alternateThreads < 0 || alternateThreads == threads) {
            throw new IllegalArgumentException(benchmark + ": threads must be >= 1 and alternateThreads 0 (none) or "
                    + "another count >= 1, got threads " + threads + ", alternateThreads " + alternateThreads);
        }
        this.threads = threads;
        this.alternateThreads = alternateThreads;
    }

    /** @return whether there is a second thread count */
    public boolean alternates() {
        return alternateThreads > 0;
    }

    /**
     * Moves to the next iteration.
     *
     * @param iteration JMH's parameters of the iteration about to start
     * @return the thread count it runs
     */
    public int next(IterationParams iteration) {
        if (iteration.getType() != type) {
            type = iteration.getType();
            index = 0;
        }
        return alternates() && alternate(index++) ? alternateThreads : threads;
    }

    /**
     * @param measuredIndex a measured iteration's index in its fork, from 0
     * @return whether it ran the alternate thread count
     */
    public static boolean alternate(int measuredIndex) {
        return measuredIndex % 2 == 1;
    }
}

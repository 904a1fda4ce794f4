package dev.resvec.nn.predict;

import dev.resvec.kernels.Parallelism;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Splits the predictor's own passes (batch-norm affine, ReLU, pooling) into shares of whole planes and runs them
 * on the caller's {@link Parallelism}. Every share writes its own outputs and no share sums across another's, so
 * the result is bitwise the same for every thread count.
 *
 * <p>Shares are claimed from one counter by the caller and by helpers handed to the executor; a helper that never
 * starts (a saturated executor) only leaves more for the caller, which then waits just for shares that another
 * thread claimed. So a busy executor slows a call down but cannot deadlock it (the kernels' own rule).
 */
final class Shares {
    /**
     * Fewest elements worth handing to another thread: waking a pool thread costs a few microseconds, about the
     * time one core takes to stream this many floats through a simple pass.
     */
    static final int MIN_ELEMENTS_PER_SHARE = 1 << 15;

    private Shares() {}

    /** The work of planes {@code [from, to)}. */
    @FunctionalInterface
    interface PlaneRange {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over {@code planes} planes of {@code elementsPerPlane} elements each, in contiguous ranges,
     * one per share.
     */
    static void planes(int planes, long elementsPerPlane, Parallelism parallelism, PlaneRange body) {
        long total = planes * elementsPerPlane;
        int shares = (int) Math.min(Math.min(parallelism.threadCount(), planes),
                Math.max(1, total / MIN_ELEMENTS_PER_SHARE));
        if (shares <= 1) {
            body.run(0, planes);
            return;
        }
        int chunk = (planes + shares - 1) / shares;
        run(shares, parallelism, s -> {
            int from = s * chunk;
            int to = Math.min(planes, from + chunk);
            if (from < to) {
                body.run(from, to);
            }
        });
    }

    private static void run(int shares, Parallelism parallelism, IntConsumer share) {
        Job job = new Job(shares, share);
        Executor executor = parallelism.executor();
        for (int t = 1; t < shares; t++) {
            try {
                executor.execute(job::runShares);
            } catch (RejectedExecutionException rejected) {
                break; // the caller runs what no helper claims
            }
        }
        job.runShares();
        job.awaitAll();
    }

    private static final class Job {
        private final int shares;
        private final IntConsumer share;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread caller = Thread.currentThread();

        Job(int shares, IntConsumer share) {
            this.shares = shares;
            this.share = share;
        }

        void runShares() {
            int i;
            while ((i = next.getAndIncrement()) < shares) {
                try {
                    share.accept(i);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
                if (done.incrementAndGet() == shares) {
                    LockSupport.unpark(caller);
                }
            }
        }

        void awaitAll() {
            // A short spin first: the shares of one pass end within microseconds of each other.
            for (int spin = 0; done.get() < shares && spin < 10_000; spin++) {
                Thread.onSpinWait();
            }
            while (done.get() < shares) {
                LockSupport.parkNanos(this, 50_000);
            }
            Throwable t = failure.get();
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
        }
    }
}

package dev.resvec.kernels.internal;

import dev.resvec.kernels.Parallelism;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs {@code shares} independent pieces of work on the caller's thread plus up to {@code shares - 1} helpers.
 *
 * <p>Work stealing by claim: every runner (the caller included) claims share indices from one counter, so a
 * helper that never starts (a saturated executor) only means the caller does more; the caller then waits only
 * for shares that another thread has claimed and is running. No deadlock, whatever the executor.
 */
public final class ParallelRunner {
    private ParallelRunner() {}

    /**
     * @param shares      the number of shares, each run exactly once
     * @param parallelism where to run them
     * @param share       the work of share {@code i}
     */
    public static void run(int shares, Parallelism parallelism, IntConsumer share) {
        int threads = Math.min(shares, parallelism.threadCount());
        if (threads <= 1 || KernelPool.isWorkerThread()) {
            for (int i = 0; i < shares; i++) {
                share.accept(i);
            }
            return;
        }
        Job job = new Job(shares, share);
        Executor executor = parallelism.executor();
        for (int t = 1; t < threads; t++) {
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
        final int shares;
        final IntConsumer share;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread caller = Thread.currentThread();

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
            // Brief spin first: shares of one kernel call end within microseconds of each other.
            for (int spin = 0; done.get() < shares && spin < 20_000; spin++) {
                Thread.onSpinWait();
            }
            while (done.get() < shares) {
                LockSupport.parkNanos(this, 50_000);
            }
            Throwable t = failure.get();
            if (t instanceof RuntimeException re) {
                throw re;
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

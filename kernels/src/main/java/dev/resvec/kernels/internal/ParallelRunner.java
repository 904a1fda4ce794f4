package dev.resvec.kernels.internal;

import dev.resvec.kernels.Parallelism;
import java.util.function.IntConsumer;

/**
 * Runs {@code shares} independent pieces of work on the caller's thread plus up to {@code threadCount() - 1} helpers,
 * by {@link ParallelJob}'s protocol; serially where one thread is asked for or the caller is itself a pool worker.
 */
public final class ParallelRunner {
    private ParallelRunner() {}

    /**
     * @param shares      the number of shares, each run exactly once
     * @param parallelism where to run them
     * @param share       the work of share {@code i}
     */
    public static void run(int shares, Parallelism parallelism, IntConsumer share) {
        int threads = threads(shares, parallelism);
        if (threads <= 1) {
            for (int i = 0; i < shares; i++) {
                share.accept(i);
            }
            return;
        }
        ConsumerJob job = ConsumerJob.forThisCaller();
        job.share = share;
        try {
            job.runOn(shares, threads, parallelism);
        } finally {
            job.share = null; // no reference to the caller's data past the call
        }
    }

    /**
     * Runs a job whose subclass describes its shares in its own fields (no object between the description and the
     * job to pass from core to core).
     *
     * @param shares      the number of shares, each run exactly once
     * @param parallelism where to run them
     * @param job         a {@linkplain ParallelJob#isFree free} job of the calling thread's
     */
    public static void run(int shares, Parallelism parallelism, ParallelJob job) {
        job.runOn(shares, threads(shares, parallelism), parallelism);
    }

    /** @return the threads a call runs on: 1 where one is asked for or the caller is itself a pool worker */
    private static int threads(int shares, Parallelism parallelism) {
        return KernelPool.isWorkerThread() ? 1 : Math.min(shares, parallelism.threadCount());
    }

    /** The job of {@link #run(int, Parallelism, IntConsumer)}: one per calling thread, another while it is busy. */
    private static final class ConsumerJob extends ParallelJob {
        private static final ThreadLocal<ConsumerJob> CALLERS_JOB = new ThreadLocal<>();

        private IntConsumer share;

        /** @return the calling thread's free job (a new one where a share of its own makes a parallel call) */
        static ConsumerJob forThisCaller() {
            ConsumerJob job = CALLERS_JOB.get();
            if (job == null || !job.isFree()) {
                boolean nested = job != null && job.share != null; // a call of this thread is running on it
                job = new ConsumerJob();
                if (!nested) {
                    CALLERS_JOB.set(job);
                }
            }
            return job;
        }

        @Override
        protected void runShare(int i) {
            share.accept(i);
        }
    }
}

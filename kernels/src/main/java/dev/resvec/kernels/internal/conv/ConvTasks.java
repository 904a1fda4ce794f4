package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.internal.ParallelRunner;

/**
 * Spreads a convolution's independent tasks (images, groups, column blocks: each writes its own part of the output)
 * over the threads of a {@link Parallelism}.
 *
 * <p>With T threads and at least T tasks, the first {@code T·⌊tasks/T⌋} tasks are claimed one by one by the
 * threads, each running a task on one thread (its own im2col and a single-threaded GEMM, no hand-off inside a
 * task), and the remaining {@code tasks mod T} run one after the other with the GEMM on all T threads, so no thread
 * idles through a whole last task. With fewer tasks than threads, every task runs its GEMM on all threads. The result never
 * depends on this: a task computes the same bits on one thread or many (the GEMM's guarantee), and tasks do not
 * share outputs.
 */
final class ConvTasks {
    /** Below this many multiply-adds in all, one thread is faster than a hand-off (the GEMM's own threshold). */
    static final long MIN_PARALLEL_WORK = 1L << 18;

    /** One task, run with the given threads for its GEMM. */
    @FunctionalInterface
    interface Body {
        void run(int task, Parallelism inner);
    }

    private ConvTasks() {}

    /**
     * @param tasks        the number of tasks
     * @param workPerTask  multiply-adds of one task (to keep tiny problems on one thread)
     * @param parallelism  the threads of the call
     * @param body         what task {@code i} does
     */
    static void run(int tasks, long workPerTask, Parallelism parallelism, Body body) {
        int threads = parallelism.threadCount();
        int shared = threads > 1 && workPerTask * tasks >= MIN_PARALLEL_WORK ? tasks - tasks % threads : 0;
        if (shared > 0) {
            Parallelism one = Parallelism.singleThread();
            // one share per task, claimed in turn: a thread slowed down by other load simply claims fewer
            ParallelRunner.run(shared, parallelism, i -> body.run(i, one));
        }
        for (int i = shared; i < tasks; i++) {
            body.run(i, parallelism);
        }
    }
}

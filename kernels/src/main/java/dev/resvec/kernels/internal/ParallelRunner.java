package dev.resvec.kernels.internal;

import dev.resvec.kernels.Parallelism;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs {@code shares} independent pieces of work on the caller's thread plus up to {@code threadCount() - 1} helpers.
 *
 * <p>Work stealing by claim: every runner (the caller included) claims share indices from one counter, so a
 * helper that never starts (a saturated executor, a parked worker slow to wake) only means the caller does more;
 * the caller then waits only for shares that another thread has claimed and is running. No deadlock, whatever the
 * executor.
 *
 * <p>On the library's own pool the job is posted straight into idle workers' mailboxes ({@link KernelPool#post});
 * on a caller's executor it is {@link Executor#execute executed} once per helper. The caller waits for the last
 * share by spinning on the job's counter (the shares of one kernel call end within microseconds of each other),
 * and parks only after {@link KernelPool#spinNanos()}; the thread that finishes the last share unparks it only if
 * it has parked, so the common case costs no system call on either side.
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
        // Both settings first: a malformed pool property fails the call before any share is handed out.
        Executor executor = parallelism.executor();
        Job job = new Job(shares, share, KernelPool.spinNanos());
        if (executor instanceof KernelPool pool) {
            pool.post(job, threads - 1);
        } else {
            for (int t = 1; t < threads; t++) {
                try {
                    executor.execute(job);
                } catch (RejectedExecutionException rejected) {
                    break; // the caller runs what no helper claims
                }
            }
        }
        job.run();
        job.awaitAll();
    }

    /** One parallel call: its shares, the claim and completion counters, the first failure. */
    private static final class Job implements Runnable {
        private static final VarHandle NEXT;
        private static final VarHandle DONE;
        private static final VarHandle FAILURE;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                NEXT = lookup.findVarHandle(Job.class, "next", int.class);
                DONE = lookup.findVarHandle(Job.class, "done", int.class);
                FAILURE = lookup.findVarHandle(Job.class, "failure", Throwable.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final int shares;
        private final IntConsumer share;
        private final Thread caller = Thread.currentThread();
        private final long spinNanos;
        private volatile int next;
        private volatile int done;
        private volatile boolean callerParked;
        private volatile Throwable failure;

        Job(int shares, IntConsumer share, long spinNanos) {
            this.shares = shares;
            this.share = share;
            this.spinNanos = spinNanos;
        }

        /** Claims and runs shares until none is left; run by the caller and by every helper. */
        @Override
        public void run() {
            int i;
            while ((i = (int) NEXT.getAndAdd(this, 1)) < shares) {
                try {
                    share.accept(i);
                } catch (Throwable t) {
                    FAILURE.compareAndSet(this, null, t);
                }
                // The count, then the flag: pairs with the flag, then the count, in awaitAll.
                if ((int) DONE.getAndAdd(this, 1) + 1 == shares && callerParked) {
                    LockSupport.unpark(caller);
                }
            }
        }

        /** Returns once every share has run; rethrows the first failure. Keeps the caller's interrupt status. */
        void awaitAll() {
            int spins = 0;
            long deadline = 0;
            while (done != shares) {
                Thread.onSpinWait();
                if (++spins % 64 == 0) {
                    long now = System.nanoTime();
                    if (deadline == 0) {
                        deadline = now + spinNanos;
                    } else if (now - deadline > 0) {
                        parkUntilDone();
                        break;
                    }
                }
            }
            Throwable t = failure;
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

        private void parkUntilDone() {
            callerParked = true;
            while (done != shares) {
                LockSupport.park(this); // returns at once while interrupted: then this loop spins until done
                Thread.onSpinWait();
            }
        }
    }
}

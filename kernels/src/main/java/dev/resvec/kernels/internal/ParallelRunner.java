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
 * <p>Work stealing by claim: the caller runs share 0, and every runner (the caller included) claims the other
 * share indices from one counter, so a helper that never starts (a saturated executor, a parked worker slow to
 * wake) only means the caller does more; the caller then waits only for shares that another thread has claimed and
 * is running. No deadlock, whatever the executor.
 *
 * <p>Where there are no more shares than threads (an elementwise split: one contiguous chunk each), the caller
 * leaves the others to the helpers for as long as its own share took, at most {@link #MAX_HELPER_GRACE_NANOS}, and
 * only then claims what is left. With two threads the helper thus runs share 1 call after call and finds its chunk
 * in its own caches, as OpenMP's static schedule does; a caller that claimed on as soon as it was free took both
 * halves of a small residual add whenever the spinning helper was a little late, and the halves moved between the
 * cores.
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
     * The longest a caller that has run its own share waits for the helpers to claim theirs before it runs them
     * itself: long enough for a spinning worker to see its mailbox (0.1-0.3 µs), short against a parked worker's
     * wake-up (5-50 µs).
     */
    private static final long MAX_HELPER_GRACE_NANOS = 2_000;

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
        Job job = Job.forThisCaller(shares, share, KernelPool.spinNanos());
        try {
            if (executor instanceof KernelPool pool) {
                job.handedTo = pool.post(job, threads - 1);
            } else {
                for (; job.handedTo < threads - 1; job.handedTo++) {
                    try {
                        executor.execute(job);
                    } catch (RejectedExecutionException rejected) {
                        break; // the caller runs what no helper claims
                    }
                }
            }
            // Claim on at once where shares outnumber the threads (load balance) or a helper is missing.
            boolean claimOn = shares > threads || job.handedTo < threads - 1;
            job.awaitAll(job.runAsCaller(claimOn));
        } finally {
            job.inUse = false;
            job.share = null; // no reference to the caller's data past the call
        }
    }

    /**
     * One parallel call: its shares, the claim and completion counters, the first failure. The counters sit in
     * one cache line that a helper's first touch takes over with its claim (no read first): a claim, a count of a
     * finished share and the caller's wait are the only transfers of that line.
     *
     * <p>Each calling thread reuses one job from call to call once every helper handed the last call has left it:
     * a job allocated per call put about 0.25 µs on every two-thread call here (a fresh object's lines, written by
     * the caller and read at once by the helper: a 32 KiB residual add split in two took 0.65 µs with a fresh
     * object handed over, 0.40 µs with one of two objects used in turn).
     */
    private static final class Job implements Runnable {
        private static final VarHandle NEXT;
        private static final VarHandle DONE;
        private static final VarHandle EXITED;
        private static final VarHandle FAILURE;
        private static final ThreadLocal<Job> CALLERS_JOB = new ThreadLocal<>();

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                NEXT = lookup.findVarHandle(Job.class, "next", int.class);
                DONE = lookup.findVarHandle(Job.class, "done", int.class);
                EXITED = lookup.findVarHandle(Job.class, "exited", int.class);
                FAILURE = lookup.findVarHandle(Job.class, "failure", Throwable.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Thread caller = Thread.currentThread();
        private int shares;
        private IntConsumer share;
        private long spinNanos;
        /** True while a call of the caller's runs on this job (a share that makes a parallel call gets another). */
        private boolean inUse;
        /** Helpers handed this job by its last call, and how many of them have left it. */
        private int handedTo;
        private volatile int exited;
        /** The next share to claim; share 0 is the caller's from the start. */
        private volatile int next = 1;
        /** Shares run by helpers (the caller counts its own in a local, so that it does not write to this line). */
        private volatile int done;
        /** Shares the caller ran, written when it parks, read by a helper once it has seen it parked. */
        private int ranByCaller;
        private volatile boolean callerParked;
        private volatile Throwable failure;
        /** How long the caller leaves unclaimed shares to the helpers; set once it has run its own. */
        private long helperGraceNanos;

        /** @return the calling thread's job, free and set up for a call (a new one while the last is in use) */
        static Job forThisCaller(int shares, IntConsumer share, long spinNanos) {
            Job job = CALLERS_JOB.get();
            if (job == null || job.inUse || job.exited != job.handedTo) {
                boolean nested = job != null && job.inUse;
                job = new Job();
                if (!nested) {
                    CALLERS_JOB.set(job);
                }
            }
            // Every helper of the last call has left: nothing reads these fields until the next post publishes them.
            job.inUse = true;
            job.shares = shares;
            job.share = share;
            job.spinNanos = spinNanos;
            job.handedTo = 0;
            job.ranByCaller = 0;
            job.helperGraceNanos = 0;
            job.failure = null;
            job.callerParked = false;
            job.exited = 0;
            job.done = 0;
            job.next = 1;
            return job;
        }

        /** A helper's part: claims and runs shares until none is left, then leaves the job. */
        @Override
        public void run() {
            try {
                claimAsHelper();
            } finally {
                EXITED.getAndAdd(this, 1);
            }
        }

        private void claimAsHelper() {
            int i;
            while ((i = (int) NEXT.getAndAdd(this, 1)) < shares) {
                try {
                    share.accept(i);
                } catch (Throwable t) {
                    FAILURE.compareAndSet(this, null, t);
                }
                // The count, then the flag: pairs with the flag, then the count, in parkUntilDone. The caller has
                // run its last share before it parks, so its count is final once the flag reads true.
                int helpersDone = (int) DONE.getAndAdd(this, 1) + 1;
                if (callerParked && helpersDone + ranByCaller == shares) {
                    LockSupport.unpark(caller);
                }
            }
        }

        /**
         * The caller's part: share 0, then, with {@code claimOn}, shares from the counter until none is left.
         *
         * @return how many shares the caller ran
         */
        int runAsCaller(boolean claimOn) {
            long start = System.nanoTime();
            int ran = runAsCaller(0);
            if (claimOn) {
                ran += claimAsCaller();
            }
            helperGraceNanos = Math.min(System.nanoTime() - start, MAX_HELPER_GRACE_NANOS);
            return ran;
        }

        private int claimAsCaller() {
            int ran = 0;
            int i;
            while ((i = (int) NEXT.getAndAdd(this, 1)) < shares) {
                ran += runAsCaller(i);
            }
            return ran;
        }

        private int runAsCaller(int i) {
            try {
                share.accept(i);
            } catch (Throwable t) {
                FAILURE.compareAndSet(this, null, t);
            }
            return 1;
        }

        /**
         * Returns once every share has run; rethrows the first failure. Keeps the caller's interrupt status.
         *
         * @param ran the shares the caller has run
         */
        void awaitAll(int ran) {
            int spins = 0;
            long waitStart = 0;
            boolean claimed = false;
            while (done + ran != shares) {
                Thread.onSpinWait();
                if (++spins % 16 == 0) {
                    long now = System.nanoTime();
                    if (waitStart == 0) {
                        waitStart = now;
                    }
                    long waited = now - waitStart;
                    if (!claimed && waited >= helperGraceNanos) {
                        ran += claimAsCaller(); // shares of late helpers (parked, or an executor that never runs them)
                        claimed = true;
                    } else if (waited > spinNanos) {
                        parkUntilDone(ran);
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

        private void parkUntilDone(int ran) {
            ranByCaller = ran;
            callerParked = true;
            while (done + ran != shares) {
                LockSupport.park(this); // returns at once while interrupted: then this loop spins until done
                Thread.onSpinWait();
            }
        }
    }
}

package dev.resvec.kernels.internal;

import dev.resvec.kernels.Parallelism;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;

/**
 * One parallel call's protocol, {@link ParallelRunner}'s: its claim and completion counters, its first failure, and
 * the description of its shares, which a subclass holds in its own fields ({@link #runShare}).
 *
 * <p>Work stealing by claim: the caller runs share 0, and every runner (the caller included) claims the other
 * share indices from one counter, so a helper that never starts (a saturated executor, a parked worker slow to
 * wake) only means the caller does more; the caller then waits only for shares that another thread has claimed and
 * is running. No deadlock, whatever the executor. Where there are no more shares than threads (an elementwise
 * split: one contiguous chunk each), the caller leaves the others to the helpers for as long as its own share took,
 * at most {@link #MAX_HELPER_GRACE_NANOS}, and only then claims what is left: with two threads the helper thus runs
 * share 1 call after call and finds its chunk in its own caches, as OpenMP's static schedule does (a caller that
 * claimed on as soon as it was free took both halves of a small residual add whenever the spinning helper was a
 * little late, and the halves moved between the cores).
 *
 * <p>A job belongs to the thread that made it and is reused by its calls once every helper handed the last call
 * has left it ({@link #isFree}): a job allocated per call, or a description of the shares in an object of its own,
 * puts fresh cache lines between the caller's write and the helper's read — a fresh object per call cost about
 * 0.25 µs of a two-thread call here, a separate description about 0.1 µs (32 and 64 KiB residual adds split in
 * two). The counters sit in one cache line that a helper's first touch takes over with its claim (no read first):
 * a claim, a count of a finished share and the caller's wait are the only transfers of that line.
 *
 * <p>On the library's own pool the job is posted straight into idle workers' mailboxes ({@link KernelPool#post});
 * on a caller's executor it is {@link Executor#execute executed} once per helper. The caller waits for the last
 * share by spinning on the job's counter (the shares of one kernel call end within microseconds of each other),
 * yielding its processor between looks after {@link #YIELD_AFTER_NANOS}, and parks only after
 * {@link KernelPool#spinNanos()}; the thread that finishes the last share unparks it only if
 * it has parked, so the common case costs no system call on either side.
 */
public abstract class ParallelJob implements Runnable {
    /**
     * The longest a caller that has run its own share waits for the helpers to claim theirs before it runs them
     * itself: long enough for a spinning worker to see its mailbox (0.1-0.3 µs), short against a parked worker's
     * wake-up (5-50 µs).
     */
    private static final long MAX_HELPER_GRACE_NANOS = 2_000;
    /**
     * How long a waiting caller spins before it also yields its processor between looks: the helper running the
     * last share may be waiting for that processor. A guest's scheduler can wake a parked helper onto the vCPU of
     * the caller that spins for it; then the share ran only once the caller parked, a spin later (Zen 5 guest,
     * a split 1 MiB add: calls of 130-1000 µs against 12 in a row; with the yield, 12).
     */
    private static final long YIELD_AFTER_NANOS = 10_000;
    private static final VarHandle NEXT;
    private static final VarHandle DONE;
    private static final VarHandle EXITED;
    private static final VarHandle FAILURE;
    private static final VarHandle CALLER_PARKED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            NEXT = lookup.findVarHandle(ParallelJob.class, "next", int.class);
            DONE = lookup.findVarHandle(ParallelJob.class, "done", int.class);
            EXITED = lookup.findVarHandle(ParallelJob.class, "exited", int.class);
            FAILURE = lookup.findVarHandle(ParallelJob.class, "failure", Throwable.class);
            CALLER_PARKED = lookup.findVarHandle(ParallelJob.class, "callerParked", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Thread caller = Thread.currentThread();
    private int shares;
    private long spinNanos;
    /** True while a call runs on this job. */
    private boolean inUse;
    /** Helpers handed this job by its last call, and how many of them have left it. */
    private int handedTo;
    private volatile int exited;
    /** The next share to claim; share 0 is the caller's from the start. */
    private volatile int next;
    /** Shares run by helpers (the caller counts its own in a local, so that it does not write to this line). */
    private volatile int done;
    /** Shares the caller ran, written when it parks, read by a helper once it has seen it parked. */
    private int ranByCaller;
    private volatile boolean callerParked;
    private volatile Throwable failure;
    /** How long the caller leaves unclaimed shares to the helpers; set once it has run its own. */
    private long helperGraceNanos;

    /** A job for calls from the current thread. */
    protected ParallelJob() {}

    /** Runs share {@code i}; on the caller's thread or a helper's, each share exactly once per call. */
    protected abstract void runShare(int i);

    /** @return whether a call may run on this job: none runs on it, and every helper of the last one has left it */
    public final boolean isFree() {
        return !inUse && exited == handedTo;
    }

    /**
     * Runs shares {@code 0 .. shares-1} on the calling thread and up to {@code threads - 1} helpers (in order on the
     * calling thread alone where {@code threads <= 1}).
     *
     * @throws IllegalStateException when called from another thread than the job's, or while it is not free
     */
    final void runOn(int shares, int threads, Parallelism parallelism) {
        if (Thread.currentThread() != caller || !isFree()) {
            throw new IllegalStateException("ParallelJob: a job runs calls of the thread that made it, one at a time"
                    + " and once its last call's helpers have left (" + caller.getName() + ", free: " + isFree() + ")");
        }
        if (threads <= 1) {
            for (int i = 0; i < shares; i++) {
                runShare(i);
            }
            return;
        }
        // Both settings first: a malformed pool property fails the call before any share is handed out.
        Executor executor = parallelism.executor();
        long spin = KernelPool.spinNanos();
        // Every helper of the last call has left: nothing reads these fields until the post below publishes them.
        // Plain writes: the post's compare-and-set into a worker's mailbox (or the executor's execute, which happens
        // before the task runs) publishes them. A volatile write each put a full fence on the caller's path: five of
        // them took about 0.05 µs of a 32 KiB add split in two.
        inUse = true;
        this.shares = shares;
        spinNanos = spin;
        handedTo = 0;
        ranByCaller = 0;
        helperGraceNanos = 0;
        FAILURE.set(this, (Throwable) null);
        CALLER_PARKED.set(this, false);
        EXITED.set(this, 0);
        DONE.set(this, 0);
        NEXT.set(this, 1);
        try {
            if (executor instanceof KernelPool pool) {
                handedTo = pool.post(this, threads - 1);
            } else {
                for (; handedTo < threads - 1; handedTo++) {
                    try {
                        executor.execute(this);
                    } catch (RejectedExecutionException rejected) {
                        break; // the caller runs what no helper claims
                    }
                }
            }
            // Claim on at once where shares outnumber the threads (load balance) or a helper is missing.
            boolean claimOn = shares > threads || handedTo < threads - 1;
            awaitAll(runAsCaller(claimOn));
        } finally {
            inUse = false;
        }
    }

    /** A helper's part: claims and runs shares until none is left, then leaves the job. */
    @Override
    public final void run() {
        boolean left = false;
        try {
            left = claimAsHelper();
        } finally {
            if (!left) {
                EXITED.getAndAdd(this, 1);
            }
        }
    }

    /**
     * Claims and runs shares. Where none is left to claim after a share, the helper leaves the job before it counts
     * that share done rather than after one more claim: the caller cannot end the call, let alone reuse the job,
     * before that count, and its next call finds the job free instead of allocating another (the claim that found
     * nothing, and the leaving after it, were two more transfers of the counters' line while the caller read it).
     *
     * @return whether the helper has left the job
     */
    private boolean claimAsHelper() {
        int i;
        while ((i = (int) NEXT.getAndAdd(this, 1)) < shares) {
            try {
                runShare(i);
            } catch (Throwable t) {
                FAILURE.compareAndSet(this, null, t);
            }
            boolean leaving = next >= shares; // the counter only grows: nothing is left for this helper
            if (leaving) {
                EXITED.getAndAdd(this, 1);
            }
            // The count, then the flag: pairs with the flag, then the count, in parkUntilDone. The caller has run its
            // last share before it parks, so its count is final once the flag reads true. After a leaving helper's
            // count the caller may reuse the job: a flag read from its next call only unparks it spuriously (its
            // park loops on the count).
            int helpersDone = (int) DONE.getAndAdd(this, 1) + 1;
            if (callerParked && helpersDone + ranByCaller == shares) {
                LockSupport.unpark(caller);
            }
            if (leaving) {
                return true;
            }
        }
        return false;
    }

    /**
     * The caller's part: share 0, then, with {@code claimOn}, shares from the counter until none is left.
     *
     * @return how many shares the caller ran
     */
    private int runAsCaller(boolean claimOn) {
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
            runShare(i);
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
    private void awaitAll(int ran) {
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
                } else if (waited > YIELD_AFTER_NANOS) {
                    Thread.yield();
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

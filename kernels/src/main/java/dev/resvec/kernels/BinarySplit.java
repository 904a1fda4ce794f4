package dev.resvec.kernels;

import dev.resvec.kernels.internal.ElementwiseKernels;
import dev.resvec.kernels.internal.ParallelJob;
import dev.resvec.kernels.internal.ParallelRunner;

/**
 * The shares of one residual add (or add + ReLU) split across threads: contiguous chunks, the caller's share 0 of
 * {@code first} elements and every other of {@code chunk}.
 *
 * <p>One per calling thread, filled in for each call and itself the job the helpers are handed, instead of a lambda
 * capturing the operands: a helper reads the shares' description right after the caller wrote it, and every object
 * between the two puts its cache lines on that path (see {@link ParallelJob}). Its shares run the kernels, which
 * never make a parallel call themselves.
 */
final class BinarySplit extends ParallelJob {
    private static final ThreadLocal<BinarySplit> THIS_THREADS = ThreadLocal.withInitial(BinarySplit::new);

    /**
     * Elements of an array that may share a cache line with its header (16 bytes; at most 48 bytes of elements in
     * its line). Every thread of a split reads each array's length from the header for its bounds checks; the share
     * that writes these elements first thing has its stores wait for that line to come back from the others, and
     * fills its store queue meanwhile: two threads adding adjacent halves of one array, 16 KiB each, took 450-480 ns
     * a call for the one that starts at element 0 and 167-197 for one starting at element 16 (Zen 5 guest). So the
     * share that holds them writes them last, after its streaming stores have gone.
     */
    private static final int HEADER_LINE_FLOATS = 16;

    private final Thread owner = Thread.currentThread();
    /** Whether a thread other than the owner ran a share of the current call. */
    private boolean helperRan;
    private ElementwiseKernels kernels;
    private boolean relu;
    private int n;
    private int first;
    private int chunk;
    /** Whether the shares note when they end ({@link #helperEndedLast}). */
    private boolean timeEnds;
    private long callerEnd;
    private long helperEnd;
    private float[] a;
    private float[] b;
    private float[] out;
    private int offA;
    private int offB;
    private int offOut;

    /**
     * Runs {@code out = a + b} (with {@code relu}, {@code max(a + b, 0)}) over n elements in {@code shares} chunks:
     * the first (the caller's) of {@code first} elements, the others of {@code chunk}.
     *
     * @param timeEnds whether the shares note when they end, for {@link #helperEndedLast} (two shares only)
     * @return the calling thread's split, its call done: {@link #helperRan} says whether a helper ran a share (else
     *         the caller ran them all: no helper came in time)
     */
    static BinarySplit run(ElementwiseKernels kernels, boolean relu, int n, int shares, int first, int chunk,
                           boolean timeEnds, Parallelism parallelism, float[] a, int offA, float[] b, int offB,
                           float[] out, int offOut) {
        BinarySplit split = THIS_THREADS.get();
        if (!split.isFree()) { // a helper of its last call has yet to leave it
            split = new BinarySplit();
            THIS_THREADS.set(split);
        }
        split.kernels = kernels;
        split.relu = relu;
        split.n = n;
        split.first = first;
        split.chunk = chunk;
        split.timeEnds = timeEnds;
        split.callerEnd = split.helperEnd = 0;
        split.a = a;
        split.offA = offA;
        split.b = b;
        split.offB = offB;
        split.out = out;
        split.offOut = offOut;
        split.helperRan = false;
        try {
            ParallelRunner.run(shares, parallelism, split);
            return split; // a helper's writes happen before its share's count, which the run awaited
        } finally {
            split.a = split.b = split.out = null; // no reference to the caller's arrays past the call
        }
    }

    /** @return whether a helper ran a share of the call just made */
    boolean helperRan() {
        return helperRan;
    }

    /**
     * @return for a call made with {@code timeEnds} and a helper, whether the last helper share ended after the
     *         caller's own share 0 (the clock is the machine's, the same on every core)
     */
    boolean helperEndedLast() {
        return helperEnd - callerEnd > 0;
    }

    @Override
    protected void runShare(int share) {
        int from = share == 0 ? 0 : first + (share - 1) * chunk;
        int len = share == 0 ? Math.min(first, n) : Math.min(chunk, n - from);
        if (len <= 0) {
            return;
        }
        boolean helper = Thread.currentThread() != owner;
        if (helper) {
            helperRan = true;
        }
        int head = Math.clamp(HEADER_LINE_FLOATS - (offOut + from), 0, len);
        add(head, len - head, from);
        add(0, head, from); // out's first elements share a line with its header: written last (see HEADER_LINE_FLOATS)
        if (timeEnds) {
            long end = System.nanoTime();
            if (helper) {
                helperEnd = end; // timed only with two shares: one helper share
            } else if (share == 0) {
                callerEnd = end;
            }
        }
    }

    /** Adds elements {@code [from + skip, from + skip + len)}. */
    private void add(int skip, int len, int from) {
        if (len == 0) {
            return;
        }
        int i = from + skip;
        if (relu) {
            kernels.addRelu(len, a, offA + i, b, offB + i, out, offOut + i);
        } else {
            kernels.add(len, a, offA + i, b, offB + i, out, offOut + i);
        }
    }
}

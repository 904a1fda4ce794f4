package dev.resvec.kernels;

import dev.resvec.kernels.internal.ElementwiseKernels;
import dev.resvec.kernels.internal.ParallelJob;
import dev.resvec.kernels.internal.ParallelRunner;

/**
 * The shares of one residual add (or add + ReLU) split across threads: contiguous chunks of {@code chunk} elements.
 *
 * <p>One per calling thread, filled in for each call and itself the job the helpers are handed, instead of a lambda
 * capturing the operands: a helper reads the shares' description right after the caller wrote it, and every object
 * between the two puts its cache lines on that path (see {@link ParallelJob}). Its shares run the kernels, which
 * never make a parallel call themselves.
 */
final class BinarySplit extends ParallelJob {
    private static final ThreadLocal<BinarySplit> THIS_THREADS = ThreadLocal.withInitial(BinarySplit::new);

    private final Thread owner = Thread.currentThread();
    /** Whether a thread other than the owner ran a share of the current call. */
    private boolean helperRan;
    private ElementwiseKernels kernels;
    private boolean relu;
    private int n;
    private int chunk;
    private float[] a;
    private float[] b;
    private float[] out;
    private int offA;
    private int offB;
    private int offOut;

    /**
     * Runs {@code out = a + b} (with {@code relu}, {@code max(a + b, 0)}) over n elements in {@code shares} chunks.
     *
     * @return whether a helper ran a share (else the caller ran them all: no helper came in time)
     */
    static boolean run(ElementwiseKernels kernels, boolean relu, int n, int shares, int chunk, Parallelism parallelism,
                    float[] a, int offA, float[] b, int offB, float[] out, int offOut) {
        BinarySplit split = THIS_THREADS.get();
        if (!split.isFree()) { // a helper of its last call has yet to leave it
            split = new BinarySplit();
            THIS_THREADS.set(split);
        }
        split.kernels = kernels;
        split.relu = relu;
        split.n = n;
        split.chunk = chunk;
        split.a = a;
        split.offA = offA;
        split.b = b;
        split.offB = offB;
        split.out = out;
        split.offOut = offOut;
        split.helperRan = false;
        try {
            ParallelRunner.run(shares, parallelism, split);
            return split.helperRan; // the helper's write happens before its share's count, which the run awaited
        } finally {
            split.a = split.b = split.out = null; // no reference to the caller's arrays past the call
        }
    }

    @Override
    protected void runShare(int share) {
        int from = share * chunk;
        int len = Math.min(chunk, n - from);
        if (len <= 0) {
            return;
        }
        if (Thread.currentThread() != owner) {
            helperRan = true;
        }
        if (relu) {
            kernels.addRelu(len, a, offA + from, b, offB + from, out, offOut + from);
        } else {
            kernels.add(len, a, offA + from, b, offB + from, out, offOut + from);
        }
    }
}

package dev.resvec.nn.predict;

import dev.resvec.kernels.Parallelism;

/**
 * Splits the predictor's own passes (batch-norm affine, ReLU, pooling) into shares of whole planes and runs them
 * on the caller's {@link Parallelism}. Every share writes its own outputs and no share sums across another's, so
 * the result is bitwise the same for every thread count. Shares run through {@link Parallelism#run}, the kernels' own claim-based runner, so a busy executor slows a call
 * down but cannot deadlock it.
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
        parallelism.run(shares, s -> {
            int from = s * chunk;
            int to = Math.min(planes, from + chunk);
            if (from < to) {
                body.run(from, to);
            }
        });
    }
}

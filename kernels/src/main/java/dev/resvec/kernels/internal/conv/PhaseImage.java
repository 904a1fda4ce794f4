package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.ConvShape;
import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.internal.ParallelRunner;

/**
 * An image zero-padded and split into stride phases for {@link ColumnIndex}: the padded plane of channel c has
 * strideH·phaseHeight rows of strideW·phaseWidth pixels, and its column phase b (pixels x ≡ b mod strideW) is one
 * block of phaseWidth-wide rows, so that phase (a, b) holds padded pixel (u·strideH + a, v·strideW + b) at
 * {@link #phaseOffset phaseOffset(c, a, b)} + u·{@link #rowStride} + v. The row phases a interleave by rows, which
 * lets one vector pass split a whole padded plane into its column phases as if it were one row (the same split as
 * the Winograd phases); splitting row by row took a scalar copy per pixel, since a phase row of a 28-wide image
 * holds 14 pixels, less than a vector: 0.23 ms of a 1.5 ms 256@28×28 stride-2 layer (Zen 5, one image).
 *
 * <p>The planes are large enough for every tap of every output position, so the columns read it without bounds
 * tests. Written once per image and convolution, a pass over the input (the columns it stands for are
 * R·S/(strideH·strideW) times larger).
 */
final class PhaseImage {
    final int channels;
    final int strideH;
    final int strideW;
    final int phaseHeight;
    final int phaseWidth;
    private final int height;
    private final int width;
    private final int padH;
    private final int padW;

    PhaseImage(ConvShape s) {
        channels = s.inChannels();
        strideH = s.strideH();
        strideW = s.strideW();
        height = s.height();
        width = s.width();
        padH = s.padH();
        padW = s.padW();
        // the last output row/column reads phase row y + (R − 1) div stride
        phaseHeight = Math.max(Math.ceilDiv(height + 2 * padH, strideH), s.outHeight() + (s.kernelH() - 1) / strideH);
        phaseWidth = Math.max(Math.ceilDiv(width + 2 * padW, strideW), s.outWidth() + (s.kernelW() - 1) / strideW);
    }

    /** @return floats of the prepared image */
    int size() {
        return Math.multiplyExact(channels, plane());
    }

    /** @return floats of one channel's padded plane */
    private int plane() {
        return Math.multiplyExact(strideH * phaseHeight, strideW * phaseWidth);
    }

    /** @return floats between consecutive rows u of one phase */
    int rowStride() {
        return strideH * phaseWidth;
    }

    /** @return where channel c's phase (a, b) starts */
    int phaseOffset(int c, int a, int b) {
        return (c * strideW + b) * strideH * phaseHeight * phaseWidth + a * phaseWidth;
    }

    /**
     * Writes the prepared copy of the image at {@code in[offIn]} (C×H×W) to {@code dst}, channels split over threads
     * (stride 2 and above are 1 or 2 here, see {@link ColumnIndex#accepts}).
     */
    void prepare(ColumnGather kernels, float[] in, int offIn, float[] dst, Parallelism parallelism) {
        int shares = channels * height * width >= 1 << 15 ? Math.min(parallelism.threadCount(), channels) : 1;
        if (shares <= 1) {
            prepare(kernels, in, offIn, dst, 0, channels);
        } else {
            ParallelRunner.run(shares, parallelism, s -> prepare(kernels, in, offIn, dst, channels * s / shares,
                    channels * (s + 1) / shares));
        }
    }

    /**
     * Writes, on the calling thread, the padded rows of every channel's prepared planes that the taps of output rows
     * {@code oy0} to {@code oy1} (inclusive) read, for a kernel {@code kernelH} rows high (no dilation: see
     * {@link ColumnIndex#accepts}); the other rows of {@code dst} are left as they were.
     */
    void prepareOutputRows(ColumnGather kernels, float[] in, int offIn, float[] dst, int oy0, int oy1, int kernelH) {
        prepare(kernels, in, offIn, dst, 0, channels, oy0 * strideH,
                Math.min(strideH * phaseHeight, oy1 * strideH + kernelH));
    }

    private void prepare(ColumnGather kernels, float[] in, int offIn, float[] dst, int c0, int c1) {
        prepare(kernels, in, offIn, dst, c0, c1, 0, strideH * phaseHeight);
    }

    /** Padded rows [y0, y1) of channels [c0, c1): padded row y of column phase b is at y·phaseWidth in its block. */
    private void prepare(ColumnGather kernels, float[] in, int offIn, float[] dst, int c0, int c1, int y0, int y1) {
        int hp = strideH * phaseHeight, wp = strideW * phaseWidth, plane = plane(), rows = y1 - y0;
        float[] padded = strideW == 1 ? dst : ConvScratch.plane(rows * wp);
        for (int c = c0; c < c1; c++) {
            int at = strideW == 1 ? c * plane + y0 * wp : 0;
            PlanePadding.copy(in, offIn + c * height * width, height, width, padH - y0, padW, padded, at, rows, wp);
            if (strideW == 2) {
                kernels.splitPairs(padded, 0, rows * phaseWidth, dst, c * plane + y0 * phaseWidth, hp * phaseWidth);
            }
        }
    }
}

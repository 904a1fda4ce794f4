package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.ConvShape;
import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.internal.ParallelRunner;

/**
 * An image zero-padded and split into stride phases for {@link ColumnIndex}: channel c, phase (a, b) is a
 * phaseHeight × phaseWidth plane holding the padded pixels (u·strideH + a, v·strideW + b). The planes are large
 * enough for every tap of every output position, so the columns read it without bounds tests. Written once per
 * image and convolution, a pass over the input (the columns it stands for are R·S/(strideH·strideW) times larger).
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
        return Math.multiplyExact(Math.multiplyExact(channels * strideH * strideW, phaseHeight), phaseWidth);
    }

    /** @return where channel c's phase (a, b) starts */
    int phaseOffset(int c, int a, int b) {
        return ((c * strideH + a) * strideW + b) * phaseHeight * phaseWidth;
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

    private void prepare(ColumnGather kernels, float[] in, int offIn, float[] dst, int c0, int c1) {
        for (int c = c0; c < c1; c++) {
            int plane = offIn + c * height * width;
            for (int a = 0; a < strideH; a++) {
                for (int b = 0; b < strideW; b++) {
                    int d = phaseOffset(c, a, b);
                    for (int u = 0; u < phaseHeight; u++, d += phaseWidth) {
                        int iy = u * strideH + a - padH;
                        if (iy < 0 || iy >= height) {
                            java.util.Arrays.fill(dst, d, d + phaseWidth, 0f);
                            continue;
                        }
                        int src = plane + iy * width;
                        // columns v with 0 ≤ v·strideW + b − padW < width
                        int v0 = Math.min(phaseWidth, Math.max(0, Math.ceilDiv(padW - b, strideW)));
                        int v1 = Math.max(v0, Math.min(phaseWidth, Math.ceilDiv(width + padW - b, strideW)));
                        java.util.Arrays.fill(dst, d, d + v0, 0f);
                        if (strideW == 1) {
                            System.arraycopy(in, src + v0 + b - padW, dst, d + v0, v1 - v0);
                        } else {
                            kernels.everyOther(in, src + v0 * 2 + b - padW, dst, d + v0, v1 - v0);
                        }
                        java.util.Arrays.fill(dst, d + v1, d + phaseWidth, 0f);
                    }
                }
            }
        }
    }
}

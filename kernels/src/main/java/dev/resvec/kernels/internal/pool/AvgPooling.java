package dev.resvec.kernels.internal.pool;

import dev.resvec.kernels.PoolShape;
import java.util.Arrays;

/**
 * Average pooling, forward and backward, in float and in double: plain loops, the same on every provider.
 * Arguments were validated by {@code Pooling}.
 *
 * <p>Semantics are PyTorch's CPU kernel ({@code aten/src/ATen/native/cpu/AvgPoolKernel.cpp}, {@code cpu_avg_pool})
 * without a divisor override: the window is clipped to the padded input ({@code [y0, min(y0 + kH, H + padH))}),
 * whose size is the divisor when padding counts ({@code countIncludePad}), and clipped again to the input, whose
 * size is the divisor otherwise. In floor mode the first clip changes nothing, so with {@code countIncludePad}
 * every divisor is {@code kH·kW}. Float sums are accumulated in double and rounded once, after the division.
 */
public final class AvgPooling {
    private AvgPooling() {}

    /** {@code out[o] = Σ window / divisor(o)}. */
    public static void forward(PoolShape s, boolean countIncludePad, float[] in, int offIn, float[] out,
                               int offOut) {
        int h = s.height();
        int w = s.width();
        int oh = s.outHeight();
        int ow = s.outWidth();
        int o = 0;
        for (int p = 0; p < s.planes(); p++) {
            int plane = offIn + p * h * w;
            for (int oy = 0; oy < oh; oy++) {
                int yStart = oy * s.strideH() - s.padH();
                int yEnd = Math.min(yStart + s.kernelH(), h + s.padH());
                int y0 = Math.max(yStart, 0);
                int y1 = Math.min(yEnd, h);
                for (int ox = 0; ox < ow; ox++, o++) {
                    int xStart = ox * s.strideW() - s.padW();
                    int xEnd = Math.min(xStart + s.kernelW(), w + s.padW());
                    int x0 = Math.max(xStart, 0);
                    int x1 = Math.min(xEnd, w);
                    double sum = 0;
                    for (int y = y0; y < y1; y++) {
                        int row = plane + y * w;
                        for (int x = x0; x < x1; x++) {
                            sum += in[row + x];
                        }
                    }
                    int divisor = countIncludePad ? (yEnd - yStart) * (xEnd - xStart) : (y1 - y0) * (x1 - x0);
                    out[offOut + o] = (float) (sum / divisor);
                }
            }
        }
    }

    /** {@code gradIn = 0}, then every window's elements get {@code gradOut[o] / divisor(o)} added, in output order. */
    public static void backward(PoolShape s, boolean countIncludePad, float[] gradOut, int offG, float[] gradIn,
                                int offGradIn) {
        int h = s.height();
        int w = s.width();
        int oh = s.outHeight();
        int ow = s.outWidth();
        Arrays.fill(gradIn, offGradIn, offGradIn + s.inputSize(), 0f);
        int o = 0;
        for (int p = 0; p < s.planes(); p++) {
            int plane = offGradIn + p * h * w;
            for (int oy = 0; oy < oh; oy++) {
                int yStart = oy * s.strideH() - s.padH();
                int yEnd = Math.min(yStart + s.kernelH(), h + s.padH());
                int y0 = Math.max(yStart, 0);
                int y1 = Math.min(yEnd, h);
                for (int ox = 0; ox < ow; ox++, o++) {
                    int xStart = ox * s.strideW() - s.padW();
                    int xEnd = Math.min(xStart + s.kernelW(), w + s.padW());
                    int x0 = Math.max(xStart, 0);
                    int x1 = Math.min(xEnd, w);
                    int divisor = countIncludePad ? (yEnd - yStart) * (xEnd - xStart) : (y1 - y0) * (x1 - x0);
                    float share = gradOut[offG + o] / divisor;
                    for (int y = y0; y < y1; y++) {
                        int row = plane + y * w;
                        for (int x = x0; x < x1; x++) {
                            gradIn[row + x] += share;
                        }
                    }
                }
            }
        }
    }

    /** Double-precision {@link #forward(PoolShape, boolean, float[], int, float[], int)}. */
    public static void forward(PoolShape s, boolean countIncludePad, double[] in, int offIn, double[] out,
                               int offOut) {
        int h = s.height();
        int w = s.width();
        int oh = s.outHeight();
        int ow = s.outWidth();
        int o = 0;
        for (int p = 0; p < s.planes(); p++) {
            int plane = offIn + p * h * w;
            for (int oy = 0; oy < oh; oy++) {
                int yStart = oy * s.strideH() - s.padH();
                int yEnd = Math.min(yStart + s.kernelH(), h + s.padH());
                int y0 = Math.max(yStart, 0);
                int y1 = Math.min(yEnd, h);
                for (int ox = 0; ox < ow; ox++, o++) {
                    int xStart = ox * s.strideW() - s.padW();
                    int xEnd = Math.min(xStart + s.kernelW(), w + s.padW());
                    int x0 = Math.max(xStart, 0);
                    int x1 = Math.min(xEnd, w);
                    double sum = 0;
                    for (int y = y0; y < y1; y++) {
                        int row = plane + y * w;
                        for (int x = x0; x < x1; x++) {
                            sum += in[row + x];
                        }
                    }
                    int divisor = countIncludePad ? (yEnd - yStart) * (xEnd - xStart) : (y1 - y0) * (x1 - x0);
                    out[offOut + o] = sum / divisor;
                }
            }
        }
    }

    /** Double-precision {@link #backward(PoolShape, boolean, float[], int, float[], int)}. */
    public static void backward(PoolShape s, boolean countIncludePad, double[] gradOut, int offG, double[] gradIn,
                                int offGradIn) {
        int h = s.height();
        int w = s.width();
        int oh = s.outHeight();
        int ow = s.outWidth();
        Arrays.fill(gradIn, offGradIn, offGradIn + s.inputSize(), 0.0);
        int o = 0;
        for (int p = 0; p < s.planes(); p++) {
            int plane = offGradIn + p * h * w;
            for (int oy = 0; oy < oh; oy++) {
                int yStart = oy * s.strideH() - s.padH();
                int yEnd = Math.min(yStart + s.kernelH(), h + s.padH());
                int y0 = Math.max(yStart, 0);
                int y1 = Math.min(yEnd, h);
                for (int ox = 0; ox < ow; ox++, o++) {
                    int xStart = ox * s.strideW() - s.padW();
                    int xEnd = Math.min(xStart + s.kernelW(), w + s.padW());
                    int x0 = Math.max(xStart, 0);
                    int x1 = Math.min(xEnd, w);
                    int divisor = countIncludePad ? (yEnd - yStart) * (xEnd - xStart) : (y1 - y0) * (x1 - x0);
                    double share = gradOut[offG + o] / divisor;
                    for (int y = y0; y < y1; y++) {
                        int row = plane + y * w;
                        for (int x = x0; x < x1; x++) {
                            gradIn[row + x] += share;
                        }
                    }
                }
            }
        }
    }
}

package dev.resvec.kernels.internal.pool;

import dev.resvec.kernels.PoolShape;
import java.util.Arrays;

/**
 * Max pooling, forward with argmax indices and backward, in float and in double: plain loops. The float forward is
 * the scalar provider's kernel and the vector one's fallback at the image edges ({@link #window}); the backward (a
 * scatter) and the double kernels run on every provider. Arguments were validated by {@code Pooling}.
 *
 * <p>Semantics are PyTorch's CPU kernel ({@code aten/src/ATen/native/cpu/MaxPoolKernel.cpp}, {@code cpu_max_pool}):
 * padding counts as −∞, so the window's maximum is over its input elements only; the index starts at the window's
 * first input element, and moves to an element that is greater than the maximum so far ({@code >}, so the first of
 * equal maxima wins) or that is NaN (so a NaN propagates, and the index is the window's last NaN). The index is
 * within the input plane, {@code iy·W + ix}.
 */
public final class MaxPooling {
    private MaxPooling() {}

    /** {@code out = max over each window}, and {@code indices} (unless null) the position of that maximum. */
    public static void forward(PoolShape s, float[] in, int offIn, float[] out, int offOut, int[] indices,
                               int offIdx) {
        int h = s.height();
        int oh = s.outHeight();
        int ow = s.outWidth();
        int o = 0;
        for (int p = 0; p < s.planes(); p++) {
            int plane = offIn + p * h * s.width();
            for (int oy = 0; oy < oh; oy++) {
                int y0 = oy * s.strideH() - s.padH();
                int y1 = Math.min(y0 + s.kernelH(), h);
                y0 = Math.max(y0, 0);
                for (int ox = 0; ox < ow; ox++, o++) {
                    window(s, in, plane, y0, y1, ox, out, offOut + o, indices, offIdx + o);
                }
            }
        }
    }

    /**
     * One output: the maximum over input rows {@code [y0, y1)} (already clipped to the input) and the columns of
     * window {@code ox} (clipped here), written to {@code out[o]}, its index to {@code indices[io]} unless null.
     */
    public static void window(PoolShape s, float[] in, int plane, int y0, int y1, int ox, float[] out, int o,
                              int[] indices, int io) {
        int w = s.width();
        int x0 = ox * s.strideW() - s.padW();
        int x1 = Math.min(x0 + s.kernelW(), w);
        x0 = Math.max(x0, 0);
        int best = y0 * w + x0;
        float max = Float.NEGATIVE_INFINITY;
        for (int y = y0; y < y1; y++) {
            int row = y * w;
            for (int x = x0; x < x1; x++) {
                float v = in[plane + row + x];
                if (v > max || Float.isNaN(v)) {
                    max = v;
                    best = row + x;
                }
            }
        }
        out[o] = max;
        if (indices != null) {
            indices[io] = best;
        }
    }

    /**
     * {@code gradIn = 0}, then {@code gradIn[plane, indices[o]] += gradOut[o]} for every output o of the plane (in
     * output order: a maximum shared by overlapping windows sums their gradients).
     */
    public static void backward(PoolShape s, float[] gradOut, int offG, int[] indices, int offIdx, float[] gradIn,
                                int offGradIn) {
        int planeIn = s.height() * s.width();
        int planeOut = s.outHeight() * s.outWidth();
        Arrays.fill(gradIn, offGradIn, offGradIn + s.inputSize(), 0f);
        for (int p = 0; p < s.planes(); p++) {
            int gi = offGradIn + p * planeIn;
            int go = p * planeOut;
            for (int o = 0; o < planeOut; o++) {
                gradIn[gi + indices[offIdx + go + o]] += gradOut[offG + go + o];
            }
        }
    }

    /** Double-precision {@link #forward(PoolShape, float[], int, float[], int, int[], int)}. */
    public static void forward(PoolShape s, double[] in, int offIn, double[] out, int offOut, int[] indices,
                               int offIdx) {
        int h = s.height();
        int w = s.width();
        int oh = s.outHeight();
        int ow = s.outWidth();
        int o = 0;
        for (int p = 0; p < s.planes(); p++) {
            int plane = offIn + p * h * w;
            for (int oy = 0; oy < oh; oy++) {
                int y0 = oy * s.strideH() - s.padH();
                int y1 = Math.min(y0 + s.kernelH(), h);
                y0 = Math.max(y0, 0);
                for (int ox = 0; ox < ow; ox++, o++) {
                    int x0 = ox * s.strideW() - s.padW();
                    int x1 = Math.min(x0 + s.kernelW(), w);
                    x0 = Math.max(x0, 0);
                    int best = y0 * w + x0;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int y = y0; y < y1; y++) {
                        int row = y * w;
                        for (int x = x0; x < x1; x++) {
                            double v = in[plane + row + x];
                            if (v > max || Double.isNaN(v)) {
                                max = v;
                                best = row + x;
                            }
                        }
                    }
                    out[offOut + o] = max;
                    if (indices != null) {
                        indices[offIdx + o] = best;
                    }
                }
            }
        }
    }

    /** Double-precision {@link #backward(PoolShape, float[], int, int[], int, float[], int)}. */
    public static void backward(PoolShape s, double[] gradOut, int offG, int[] indices, int offIdx, double[] gradIn,
                                int offGradIn) {
        int planeIn = s.height() * s.width();
        int planeOut = s.outHeight() * s.outWidth();
        Arrays.fill(gradIn, offGradIn, offGradIn + s.inputSize(), 0.0);
        for (int p = 0; p < s.planes(); p++) {
            int gi = offGradIn + p * planeIn;
            int go = p * planeOut;
            for (int o = 0; o < planeOut; o++) {
                gradIn[gi + indices[offIdx + go + o]] += gradOut[offG + go + o];
            }
        }
    }
}

package dev.resvec.kernels.internal.pool;

import dev.resvec.kernels.internal.ElementwiseKernels;
import java.util.Arrays;

/**
 * Global average pooling, {@code N×C×H×W → N×C}: the mean of each plane, and its backward (each plane filled with
 * its output gradient over {@code H·W}). Arguments were validated by {@code Pooling}.
 *
 * <p>The float forward is the provider's {@code channelSums} with one image and {@code N·C} "channels" (each plane a
 * channel of one image): the vectorised block sums, accumulated in double, then one division and one rounding per
 * plane. The planes go through in chunks of {@link #CHUNK}, so the double scratch stays small whatever the batch.
 */
public final class GlobalAvgPooling {
    /** Planes summed per call of {@code channelSums}: a 512-byte scratch. */
    static final int CHUNK = 64;

    private GlobalAvgPooling() {}

    /** {@code out[p] = Σ_s in[p, s] / spatial} for the {@code planes} planes, on the given provider's kernels. */
    public static void forward(ElementwiseKernels kernels, int planes, int spatial, float[] in, int offIn,
                               float[] out, int offOut) {
        double[] sums = new double[Math.min(CHUNK, planes)];
        for (int p0 = 0; p0 < planes; p0 += CHUNK) {
            int n = Math.min(CHUNK, planes - p0);
            kernels.channelSums(1, n, spatial, in, offIn + p0 * spatial, sums, 0, null, 0);
            for (int i = 0; i < n; i++) {
                out[offOut + p0 + i] = (float) (sums[i] / spatial);
            }
        }
    }

    /** {@code gradIn[p, s] = gradOut[p] / spatial}, rounded once. */
    public static void backward(int planes, int spatial, float[] gradOut, int offG, float[] gradIn, int offGradIn) {
        for (int p = 0; p < planes; p++) {
            int from = offGradIn + p * spatial;
            Arrays.fill(gradIn, from, from + spatial, (float) ((double) gradOut[offG + p] / spatial));
        }
    }

    /** Double-precision forward: a plain sum per plane, then the division. */
    public static void forward(int planes, int spatial, double[] in, int offIn, double[] out, int offOut) {
        for (int p = 0; p < planes; p++) {
            int from = offIn + p * spatial;
            double sum = 0;
            for (int s = 0; s < spatial; s++) {
                sum += in[from + s];
            }
            out[offOut + p] = sum / spatial;
        }
    }

    /** Double-precision backward. */
    public static void backward(int planes, int spatial, double[] gradOut, int offG, double[] gradIn,
                                int offGradIn) {
        for (int p = 0; p < planes; p++) {
            int from = offGradIn + p * spatial;
            Arrays.fill(gradIn, from, from + spatial, gradOut[offG + p] / spatial);
        }
    }
}

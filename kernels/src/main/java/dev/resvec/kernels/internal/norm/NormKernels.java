package dev.resvec.kernels.internal.norm;

/**
 * A provider's batch-norm passes over float NCHW data ({@code batch × channels × spatial}, contiguous; element
 * {@code (b, c, s)} at {@code offX + (b·channels + c)·spatial + s}) that {@link dev.resvec.kernels.Elementwise} does
 * not have: sums about a per-channel shift, and the input gradient. Per-channel arrays start at index 0 and hold
 * {@code channels} values. Arguments were validated by {@code BatchNorm}; outputs are overwritten.
 *
 * <p>Every sum is over differences from a shift close to the channel's mean ({@code x − shift}, not {@code x}):
 * a sum of squares of raw values cancels catastrophically in {@code E[x²] − E[x]²} when the mean is large against
 * the spread (Chan, Golub &amp; LeVeque, "Algorithms for computing the sample variance: analysis and
 * recommendations", The American Statistician 37(3), 1983), while sums of deviations keep their relative accuracy.
 */
public interface NormKernels {
    /**
     * {@code sum[c] = Σ_{b,s} (x[b,c,s] − shift[c])} and {@code sumSq[c] = Σ_{b,s} (x[b,c,s] − shift[c])²},
     * accumulated in double.
     */
    void shiftedSums(int batch, int channels, int spatial, float[] x, int offX, float[] shift, double[] sum,
                     double[] sumSq);

    /**
     * {@code sumG[c] = Σ_{b,s} g[b,c,s]} and {@code sumGD[c] = Σ_{b,s} g[b,c,s]·(x[b,c,s] − shift[c])},
     * accumulated in double (the two sums of the batch-norm backward).
     */
    void gradSums(int batch, int channels, int spatial, float[] g, int offG, float[] x, int offX, float[] shift,
                  double[] sumG, double[] sumGD);

    /**
     * {@code out[b,c,s] = a[c]·g[b,c,s] + (b[c]·(x[b,c,s] − shift[c]) + k[c])}: the batch-norm input gradient with
     * its per-channel coefficients. In place allowed (out = g or x, same offset).
     */
    void backwardInput(int batch, int channels, int spatial, float[] g, int offG, float[] x, int offX,
                       float[] shift, float[] a, float[] b, float[] k, float[] out, int offOut);
}

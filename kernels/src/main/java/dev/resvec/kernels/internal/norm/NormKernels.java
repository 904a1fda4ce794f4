package dev.resvec.kernels.internal.norm;

/**
 * A provider's batch-norm passes over float NCHW data ({@code batch × channels × spatial}, contiguous; element
 * {@code (b, c, s)} at {@code offX + (b·channels + c)·spatial + s}). Each pass covers the channels
 * {@code [c0, c1)} only, so that threads can take disjoint channel ranges; per-channel arrays are indexed by the
 * channel itself (from 0, {@code channels} values). Arguments were validated by {@code BatchNorm}; outputs are
 * overwritten.
 *
 * <p>Every sum is over differences from a shift close to the channel's mean ({@code x − shift}, not {@code x}):
 * a sum of squares of raw values cancels catastrophically in {@code E[x²] − E[x]²} when the mean is large against
 * the spread (Chan, Golub &amp; LeVeque, "Algorithms for computing the sample variance: analysis and
 * recommendations", The American Statistician 37(3), 1983), while sums of deviations keep their relative accuracy.
 */
public interface NormKernels {
    /** {@code sum[c] = Σ_{b,s} x[b,c,s]}, accumulated in double (the first estimate of the mean). */
    void sums(int batch, int channels, int c0, int c1, int spatial, float[] x, int offX, double[] sum);

    /**
     * {@code sum[c] = Σ_{b,s} (x[b,c,s] − shift[c])} and {@code sumSq[c] = Σ_{b,s} (x[b,c,s] − shift[c])²},
     * accumulated in double.
     */
    void shiftedSums(int batch, int channels, int c0, int c1, int spatial, float[] x, int offX, float[] shift,
                     double[] sum, double[] sumSq);

    /**
     * {@code sumG[c] = Σ_{b,s} g[b,c,s]} and {@code sumGD[c] = Σ_{b,s} g[b,c,s]·(x[b,c,s] − shift[c])},
     * accumulated in double (the two sums of the batch-norm backward).
     */
    void gradSums(int batch, int channels, int c0, int c1, int spatial, float[] g, int offG, float[] x, int offX,
                  float[] shift, double[] sumG, double[] sumGD);

    /**
     * {@link #gradSums} of the gradient through a ReLU, {@code m[b,c,s] = y[b,c,s] > 0 ? g[b,c,s] : 0} (y the
     * ReLU's output), with the same summation order as {@code gradSums} of m; m is also written to {@code masked}
     * unless it is null ({@code masked} may be g itself, same offset).
     */
    void reluGradSums(int batch, int channels, int c0, int c1, int spatial, float[] g, int offG, float[] y,
                      int offY, float[] x, int offX, float[] shift, double[] sumG, double[] sumGD, float[] masked,
                      int offMasked);

    /**
     * {@code out[b,c,s] = a[c]·g[b,c,s] + (b[c]·(x[b,c,s] − shift[c]) + k[c])}: the batch-norm input gradient with
     * its per-channel coefficients. In place allowed (out = g or x, same offset).
     */
    void backwardInput(int batch, int channels, int c0, int c1, int spatial, float[] g, int offG, float[] x,
                       int offX, float[] shift, float[] a, float[] b, float[] k, float[] out, int offOut);

    /**
     * {@code out[b,c,s] = act(x[b,c,s]·scale[c] + shift[c] + residual[b,c,s])}: the normalisation as a per-channel
     * affine, then the residual (when not null) and the ReLU (when {@code relu}), each rounded as its own float
     * operation, so the result is bitwise that of the affine, the residual add and the ReLU run one after another.
     * In place allowed (out = x or residual, same offset).
     */
    void normalize(int batch, int channels, int c0, int c1, int spatial, float[] x, int offX, float[] scale,
                   float[] shift, float[] residual, int offResidual, boolean relu, float[] out, int offOut);
}

package dev.resvec.kernels.scalar;

import dev.resvec.kernels.internal.norm.NormKernels;

/**
 * The scalar twins of the batch-norm passes: plain loops in double (differences, products and sums), each result
 * rounded once to float. More accurate than the vector kernels, which difference in float and sum blocks in float
 * vectors; the tests hold both to the vector kernels' bound.
 */
public final class ScalarNorm implements NormKernels {
    /** @return the scalar batch-norm passes */
    public static NormKernels create() {
        return new ScalarNorm();
    }

    private ScalarNorm() {}

    @Override
    public void sums(int batch, int channels, int c0, int c1, int spatial, float[] x, int offX, double[] sum) {
        for (int c = c0; c < c1; c++) {
            double s = 0;
            for (int b = 0; b < batch; b++) {
                int row = offX + (b * channels + c) * spatial;
                for (int i = 0; i < spatial; i++) {
                    s += x[row + i];
                }
            }
            sum[c] = s;
        }
    }

    @Override
    public void shiftedSums(int batch, int channels, int c0, int c1, int spatial, float[] x, int offX, float[] shift,
                            double[] sum, double[] sumSq) {
        for (int c = c0; c < c1; c++) {
            double sh = shift[c];
            double s = 0;
            double q = 0;
            for (int b = 0; b < batch; b++) {
                int row = offX + (b * channels + c) * spatial;
                for (int i = 0; i < spatial; i++) {
                    double d = x[row + i] - sh;
                    s += d;
                    q += d * d;
                }
            }
            sum[c] = s;
            sumSq[c] = q;
        }
    }

    @Override
    public void gradSums(int batch, int channels, int c0, int c1, int spatial, float[] g, int offG, float[] x,
                         int offX, float[] shift, double[] sumG, double[] sumGD) {
        reluGradSums(batch, channels, c0, c1, spatial, g, offG, null, 0, x, offX, shift, sumG, sumGD, null, 0);
    }

    /** With {@code y} null, {@link #gradSums}: the sums of g itself. */
    @Override
    public void reluGradSums(int batch, int channels, int c0, int c1, int spatial, float[] g, int offG, float[] y,
                             int offY, float[] x, int offX, float[] shift, double[] sumG, double[] sumGD,
                             float[] masked, int offMasked) {
        for (int c = c0; c < c1; c++) {
            double sh = shift[c];
            double s = 0;
            double q = 0;
            for (int b = 0; b < batch; b++) {
                int row = (b * channels + c) * spatial;
                for (int i = 0; i < spatial; i++) {
                    float gf = g[offG + row + i];
                    if (y != null) {
                        gf = y[offY + row + i] > 0f ? gf : 0f;
                        if (masked != null) {
                            masked[offMasked + row + i] = gf;
                        }
                    }
                    double gv = gf;
                    s += gv;
                    q += gv * (x[offX + row + i] - sh);
                }
            }
            sumG[c] = s;
            sumGD[c] = q;
        }
    }

    @Override
    public void backwardInput(int batch, int channels, int c0, int c1, int spatial, float[] g, int offG, float[] x,
                              int offX, float[] shift, float[] a, float[] b, float[] k, float[] out, int offOut) {
        for (int n = 0; n < batch; n++) {
            for (int c = c0; c < c1; c++) {
                int row = (n * channels + c) * spatial;
                double sh = shift[c];
                double ac = a[c];
                double bc = b[c];
                double kc = k[c];
                for (int i = 0; i < spatial; i++) {
                    out[offOut + row + i] = (float) (ac * g[offG + row + i] + (bc * (x[offX + row + i] - sh) + kc));
                }
            }
        }
    }

    /** The affine in double rounded once (as the scalar {@code channelAffine}), then the float residual add and ReLU. */
    @Override
    public void normalize(int batch, int channels, int c0, int c1, int spatial, float[] x, int offX, float[] scale,
                          float[] shift, float[] residual, int offResidual, boolean relu, float[] out, int offOut) {
        for (int n = 0; n < batch; n++) {
            for (int c = c0; c < c1; c++) {
                int row = (n * channels + c) * spatial;
                double sc = scale[c];
                double sh = shift[c];
                for (int i = 0; i < spatial; i++) {
                    float v = (float) (x[offX + row + i] * sc + sh);
                    if (residual != null) {
                        v += residual[offResidual + row + i];
                    }
                    out[offOut + row + i] = relu ? Math.max(v, 0f) : v;
                }
            }
        }
    }
}

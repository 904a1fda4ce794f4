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
    public void shiftedSums(int batch, int channels, int spatial, float[] x, int offX, float[] shift, double[] sum,
                            double[] sumSq) {
        for (int c = 0; c < channels; c++) {
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
    public void gradSums(int batch, int channels, int spatial, float[] g, int offG, float[] x, int offX,
                         float[] shift, double[] sumG, double[] sumGD) {
        for (int c = 0; c < channels; c++) {
            double sh = shift[c];
            double s = 0;
            double q = 0;
            for (int b = 0; b < batch; b++) {
                int row = (b * channels + c) * spatial;
                for (int i = 0; i < spatial; i++) {
                    double gv = g[offG + row + i];
                    s += gv;
                    q += gv * (x[offX + row + i] - sh);
                }
            }
            sumG[c] = s;
            sumGD[c] = q;
        }
    }

    @Override
    public void backwardInput(int batch, int channels, int spatial, float[] g, int offG, float[] x, int offX,
                              float[] shift, float[] a, float[] b, float[] k, float[] out, int offOut) {
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
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
}

package dev.resvec.kernels.scalar;

import dev.resvec.kernels.internal.ElementwiseKernels;

/**
 * The scalar twins of the elementwise kernels: plain loops, computing in double wherever a float rounding could
 * matter (a product before its sum, every sum, the exponentials and logarithm of softmax), then rounding once to
 * float. The operations that are exactly rounded in float already ({@code a + b}, {@code alpha·x}, max) stay float:
 * computing them in double and rounding gives bitwise the same result.
 */
final class ScalarElementwise implements ElementwiseKernels {

    @Override
    public void add(int n, float[] a, int offA, float[] b, int offB, float[] out, int offOut) {
        for (int i = 0; i < n; i++) {
            out[offOut + i] = a[offA + i] + b[offB + i];
        }
    }

    @Override
    public void addRelu(int n, float[] a, int offA, float[] b, int offB, float[] out, int offOut) {
        for (int i = 0; i < n; i++) {
            out[offOut + i] = Math.max(a[offA + i] + b[offB + i], 0f);
        }
    }

    @Override
    public void relu(int n, float[] x, int offX, float[] out, int offOut) {
        for (int i = 0; i < n; i++) {
            out[offOut + i] = Math.max(x[offX + i], 0f);
        }
    }

    @Override
    public void reluBackward(int n, float[] x, int offX, float[] gradOut, int offG, float[] gradIn, int offGradIn) {
        for (int i = 0; i < n; i++) {
            gradIn[offGradIn + i] = x[offX + i] > 0f ? gradOut[offG + i] : 0f;
        }
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int offX, float[] y, int offY) {
        double al = alpha;
        for (int i = 0; i < n; i++) {
            y[offY + i] = (float) (y[offY + i] + al * x[offX + i]);
        }
    }

    @Override
    public void scale(int n, float alpha, float[] x, int offX, float[] out, int offOut) {
        for (int i = 0; i < n; i++) {
            out[offOut + i] = alpha * x[offX + i];
        }
    }

    @Override
    public void channelBias(int batch, int channels, int spatial, float[] x, int offX, float[] bias, int offBias,
                            float[] out, int offOut) {
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                int row = (b * channels + c) * spatial;
                float bc = bias[offBias + c];
                for (int s = 0; s < spatial; s++) {
                    out[offOut + row + s] = x[offX + row + s] + bc;
                }
            }
        }
    }

    @Override
    public void channelAffine(int batch, int channels, int spatial, float[] x, int offX, float[] scale, int offScale,
                              float[] shift, int offShift, float[] out, int offOut) {
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                int row = (b * channels + c) * spatial;
                double sc = scale[offScale + c];
                double sh = shift[offShift + c];
                for (int s = 0; s < spatial; s++) {
                    out[offOut + row + s] = (float) (x[offX + row + s] * sc + sh);
                }
            }
        }
    }

    @Override
    public void channelSums(int batch, int channels, int spatial, float[] x, int offX, double[] sum, int offSum,
                            double[] sumSq, int offSumSq) {
        for (int c = 0; c < channels; c++) {
            double s = 0;
            double q = 0;
            for (int b = 0; b < batch; b++) {
                int row = offX + (b * channels + c) * spatial;
                for (int i = 0; i < spatial; i++) {
                    double v = x[row + i];
                    s += v;
                    q += v * v;
                }
            }
            sum[offSum + c] = s;
            if (sumSq != null) {
                sumSq[offSumSq + c] = q;
            }
        }
    }

    @Override
    public void rowMax(int rows, int cols, float[] x, int offX, int ldx, float[] out, int offOut) {
        for (int r = 0; r < rows; r++) {
            out[offOut + r] = max(x, offX + r * ldx, cols);
        }
    }

    @Override
    public void softmax(int rows, int cols, float[] x, int offX, int ldx, float[] out, int offOut, int ldOut) {
        for (int r = 0; r < rows; r++) {
            int xi = offX + r * ldx;
            int oi = offOut + r * ldOut;
            double m = max(x, xi, cols);
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += Math.exp(x[xi + j] - m);
            }
            double inv = 1.0 / sum;
            for (int j = 0; j < cols; j++) { // exp again: a float copy of it in out would cost precision
                out[oi + j] = (float) (Math.exp(x[xi + j] - m) * inv);
            }
        }
    }

    @Override
    public void logSoftmax(int rows, int cols, float[] x, int offX, int ldx, float[] out, int offOut, int ldOut) {
        for (int r = 0; r < rows; r++) {
            int xi = offX + r * ldx;
            int oi = offOut + r * ldOut;
            double m = max(x, xi, cols);
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += Math.exp(x[xi + j] - m);
            }
            double logSum = Math.log(sum);
            for (int j = 0; j < cols; j++) {
                out[oi + j] = (float) ((x[xi + j] - m) - logSum);
            }
        }
    }

    /** @return the maximum of {@code x[from .. from + len)}, -∞ when len = 0 */
    private static float max(float[] x, int from, int len) {
        float m = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < len; j++) {
            m = Math.max(m, x[from + j]);
        }
        return m;
    }
}

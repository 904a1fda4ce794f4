package dev.resvec.kernels.scalar;

/**
 * The double-precision elementwise kernels: plain loops, the same operations as
 * {@link dev.resvec.kernels.internal.ElementwiseKernels} on double arrays. This is what float64 tensors run (so that
 * gradient checks run through the same code in double precision). Arguments are validated by the public facade
 * ({@code Elementwise}); in-place use (output = an input, same offset) works.
 */
public final class DoubleElementwise {
    private DoubleElementwise() {}

    /** {@code out[i] = a[i] + b[i]}. */
    public static void add(int n, double[] a, int offA, double[] b, int offB, double[] out, int offOut) {
        for (int i = 0; i < n; i++) {
            out[offOut + i] = a[offA + i] + b[offB + i];
        }
    }

    /** {@code out[i] = max(a[i] + b[i], 0)}. */
    public static void addRelu(int n, double[] a, int offA, double[] b, int offB, double[] out, int offOut) {
        for (int i = 0; i < n; i++) {
            out[offOut + i] = Math.max(a[offA + i] + b[offB + i], 0.0);
        }
    }

    /** {@code out[i] = max(x[i], 0)}. */
    public static void relu(int n, double[] x, int offX, double[] out, int offOut) {
        for (int i = 0; i < n; i++) {
            out[offOut + i] = Math.max(x[offX + i], 0.0);
        }
    }

    /** {@code gradIn[i] = x[i] > 0 ? gradOut[i] : 0}. */
    public static void reluBackward(int n, double[] x, int offX, double[] gradOut, int offG, double[] gradIn,
                                    int offGradIn) {
        for (int i = 0; i < n; i++) {
            gradIn[offGradIn + i] = x[offX + i] > 0 ? gradOut[offG + i] : 0.0;
        }
    }

    /** {@code y[i] += alpha·x[i]}. */
    public static void axpy(int n, double alpha, double[] x, int offX, double[] y, int offY) {
        for (int i = 0; i < n; i++) {
            y[offY + i] += alpha * x[offX + i];
        }
    }

    /** {@code out[i] = alpha·x[i]}. */
    public static void scale(int n, double alpha, double[] x, int offX, double[] out, int offOut) {
        for (int i = 0; i < n; i++) {
            out[offOut + i] = alpha * x[offX + i];
        }
    }

    /** {@code out[b,c,s] = x[b,c,s] + bias[c]}. */
    public static void channelBias(int batch, int channels, int spatial, double[] x, int offX, double[] bias,
                                   int offBias, double[] out, int offOut) {
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                int row = (b * channels + c) * spatial;
                double bc = bias[offBias + c];
                for (int s = 0; s < spatial; s++) {
                    out[offOut + row + s] = x[offX + row + s] + bc;
                }
            }
        }
    }

    /** {@code out[b,c,s] = x[b,c,s]·scale[c] + shift[c]}. */
    public static void channelAffine(int batch, int channels, int spatial, double[] x, int offX, double[] scale,
                                     int offScale, double[] shift, int offShift, double[] out, int offOut) {
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                int row = (b * channels + c) * spatial;
                double sc = scale[offScale + c];
                double sh = shift[offShift + c];
                for (int s = 0; s < spatial; s++) {
                    out[offOut + row + s] = x[offX + row + s] * sc + sh;
                }
            }
        }
    }

    /** {@code sum[c] = Σ_{b,s} x[b,c,s]} and, unless sumSq is null, {@code sumSq[c] = Σ_{b,s} x[b,c,s]²}. */
    public static void channelSums(int batch, int channels, int spatial, double[] x, int offX, double[] sum,
                                   int offSum, double[] sumSq, int offSumSq) {
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

    /** {@code out[r] = max_j x[r·ldx + j]}, cols ≥ 1. */
    public static void rowMax(int rows, int cols, double[] x, int offX, int ldx, double[] out, int offOut) {
        for (int r = 0; r < rows; r++) {
            out[offOut + r] = max(x, offX + r * ldx, cols);
        }
    }

    /** Row-wise softmax, the row maximum subtracted first. */
    public static void softmax(int rows, int cols, double[] x, int offX, int ldx, double[] out, int offOut,
                               int ldOut) {
        for (int r = 0; r < rows; r++) {
            int xi = offX + r * ldx;
            int oi = offOut + r * ldOut;
            double m = max(x, xi, cols);
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                double e = Math.exp(x[xi + j] - m);
                out[oi + j] = e; // in place: x[xi + j] is not read again
                sum += e;
            }
            for (int j = 0; j < cols; j++) {
                out[oi + j] /= sum;
            }
        }
    }

    /** Row-wise log-softmax, {@code x - max - log Σ exp(x - max)}. */
    public static void logSoftmax(int rows, int cols, double[] x, int offX, int ldx, double[] out, int offOut,
                                  int ldOut) {
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
                out[oi + j] = (x[xi + j] - m) - logSum;
            }
        }
    }

    private static double max(double[] x, int from, int len) {
        double m = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < len; j++) {
            m = Math.max(m, x[from + j]);
        }
        return m;
    }
}

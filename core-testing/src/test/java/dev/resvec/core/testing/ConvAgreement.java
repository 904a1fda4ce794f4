package dev.resvec.core.testing;

import dev.resvec.core.DType;
import dev.resvec.core.Tensor;
import dev.resvec.kernels.ConvAlgorithm;
import dev.resvec.kernels.ConvShape;
import dev.resvec.kernels.Convolution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Float32-vs-float64 agreement of {@code conv2d}: the output and the three gradients of the float32 op (the SIMD
 * kernels, a given algorithm) against the float64 op with the direct algorithm (exact to about 1e-16 relative, the
 * reference), each element within a bound derived from rounding-error analysis (Higham, "Accuracy and Stability of
 * Numerical Algorithms", 2nd ed., §3.1 and §3.5), with {@code u = 2⁻²⁴} and {@code γ_n = n·u / (1 − n·u)}. The
 * operands are float-representable, so both computations start from the same numbers.
 *
 * <ul>
 *   <li><b>Sums of products</b> (direct, im2col + GEMM, 1×1 GEMM, and every algorithm's filter and bias gradient):
 *       a float sum of n products, in any order or blocking, with or without FMA, is within
 *       {@code γ_n·Σ|terms|} of the exact sum (the depth of any summation tree is at most n). Output:
 *       {@code n = C/groups·R·S + 1} (the bias add); input gradient: {@code n = K/groups·R·S + 1} (Wᵀ·gradOut, then
 *       col2im adds the R·S columns); filter and bias gradients: {@code n = N·outH·outW + 1}. {@code Σ|terms|} is
 *       the same op in float64 on the absolute values ({@code conv2d(|x|, |w|, |b|)} and its gradients for
 *       {@code |gradOut|}).</li>
 *   <li><b>Winograd F(m×m, 3×3)</b> (Lavin &amp; Gray 2016, the matrices below): {@code Y = Aᵀ[Σ_c (G g_c Gᵀ) ⊙
 *       (Bᵀ d_c B)]A} (+ bias) computed in float is within {@code γ_L} of the same expression with every matrix and
 *       operand replaced by its absolute value (the error of a product of matrices, stage by stage, Higham §3.5, and
 *       Lemma 3.3 to chain the stages). L counts the roundings on a path: G's entries (1/6 is not a float), the
 *       filter transform (3 + 3), the input transform (2(m + 2)), the product, the sum over the C channels, the
 *       output transform (2(m + 2)) and the bias: {@code L = C + 4(m + 2) + 10}. The absolute expression depends on
 *       where the tile of an output starts, so the bound takes its maximum over the m² tile positions that contain
 *       the output: it holds whatever the tiling, and whatever diagonal scaling the implementation gives its
 *       matrices (a row of Bᵀ scaled by s and the row of G by 1/s leave every |G||g||Gᵀ| ⊙ |Bᵀ||d||B| term as it
 *       is); it assumes the interpolation points of Lavin &amp; Gray ({0, ±1, ∞} and {0, ±1, ±2, ∞}). The data
 *       gradient is bounded the same way as a Winograd convolution of {@code gradOut} (padding 2 − p) with the
 *       flipped, transposed filters, with K for C, or by the GEMM bound, whichever is larger (an implementation may
 *       take either route).</li>
 *   <li>Subnormal results: each rounding may also lose up to 2⁻¹⁵⁰ absolute; {@code (n + 1)·2⁻¹⁴⁹} is added.</li>
 * </ul>
 * These are worst-case bounds, so they hold for every shape; the measured errors are below them (the ratio is
 * written to {@code target/conv2d-agreement-summary.txt}: up to about 0.6 for the sums of products, whose bound is
 * tight for a few terms, about 1e-3 for Winograd, whose bound adds the magnitudes of all the transformed points).
 */
final class ConvAgreement {
    private static final double U = 0x1p-24;

    // Lavin & Gray, "Fast Algorithms for Convolutional Neural Networks" (CVPR 2016), §4.1 (F(2×2,3×3)) and §4.2
    // (F(4×4,3×3)): Aᵀ, G, Bᵀ
    private static final double[][] AT2 = {{1, 1, 1, 0}, {0, 1, -1, -1}};
    private static final double[][] G2 = {{1, 0, 0}, {.5, .5, .5}, {.5, -.5, .5}, {0, 0, 1}};
    private static final double[][] BT2 = {{1, 0, -1, 0}, {0, 1, 1, 0}, {0, -1, 1, 0}, {0, 1, 0, -1}};
    private static final double[][] AT4 = {{1, 1, 1, 1, 1, 0}, {0, 1, -1, 2, -2, 0}, {0, 1, 1, 4, 4, 0},
            {0, 1, -1, 8, -8, 1}};
    private static final double[][] G4 = {{1 / 4.0, 0, 0}, {-1 / 6.0, -1 / 6.0, -1 / 6.0},
            {-1 / 6.0, 1 / 6.0, -1 / 6.0}, {1 / 24.0, 1 / 12.0, 1 / 6.0}, {1 / 24.0, -1 / 12.0, 1 / 6.0}, {0, 0, 1}};
    private static final double[][] BT4 = {{4, 0, -5, 0, 1, 0}, {0, -4, -4, 1, 1, 0}, {0, 4, -4, -1, 1, 0},
            {0, -2, -1, 2, 1, 0}, {0, 2, -1, -2, 1, 0}, {0, 4, 0, -5, 0, 1}};

    private record Row(int tries, long compared, double maxAbs, double maxRatio) {}

    private static final Map<String, Row> ROWS = new TreeMap<>();

    private ConvAgreement() {}

    /**
     * Runs the case in float32 with {@code algorithm} and in float64 with the direct algorithm, backpropagates
     * {@code gradOut} through both, and asserts every output and gradient element within its bound.
     *
     * @throws AssertionError naming the quantity, the element, both values and the bound
     */
    static void check(ConvAlgorithm algorithm, ConvCase c, double[] gradOut) {
        ConvShape s = c.shape();
        ConvAlgorithm resolved = algorithm == ConvAlgorithm.AUTO ? Convolution.choose(s) : algorithm;
        Tensor[] in32 = leaves(c.operands(), DType.FLOAT32, false);
        Tensor[] in64 = leaves(c.operands(), DType.FLOAT64, false);
        Tensor[] abs = leaves(c.operands(), DType.FLOAT64, true);
        int[] outShape = {s.batch(), s.outChannels(), s.outHeight(), s.outWidth()};
        double[] absGrad = gradOut.clone();
        for (int i = 0; i < absGrad.length; i++) {
            absGrad[i] = Math.abs(absGrad[i]);
        }
        Tensor out32 = c.conv2d(algorithm, in32);
        Tensor out64 = c.conv2d(ConvAlgorithm.DIRECT, in64);
        Tensor mag = c.conv2d(ConvAlgorithm.DIRECT, abs);
        out32.backward(Tensor.fromArray(gradOut, outShape).to(DType.FLOAT32).detach());
        out64.backward(Tensor.fromArray(gradOut, outShape));
        mag.backward(Tensor.fromArray(absGrad, outShape));

        String alg = algorithm == ConvAlgorithm.AUTO ? "AUTO (" + resolved + ")" : algorithm.toString();
        boolean winograd = resolved == ConvAlgorithm.WINOGRAD_F2X2_3X3 || resolved == ConvAlgorithm.WINOGRAD_F4X4_3X3;
        int m = resolved == ConvAlgorithm.WINOGRAD_F2X2_3X3 ? 2 : 4;
        int taps = s.kernelH() * s.kernelW();

        // output
        double[] boundOut = gemmBound(mag.toDoubleArray(), (long) s.groupInChannels() * taps + 1);
        if (winograd) {
            double[] mags = winogradMagnitude(m, in64[0].toDoubleArray(), s.batch(), s.inChannels(), s.height(),
                    s.width(), s.padH(), s.padW(), absolute(in64[1].toDoubleArray()), s.outChannels(), s.outHeight(),
                    s.outWidth());
            double[] bias = c.bias() == null ? new double[s.outChannels()] : c.bias().toDoubleArray();
            int spatial = s.outHeight() * s.outWidth();
            long l = s.inChannels() + 4L * (m + 2) + 10;
            for (int i = 0; i < mags.length; i++) {
                double b = gamma(l) * (mags[i] + Math.abs(bias[i / spatial % s.outChannels()])) + tiny(l);
                boundOut[i] = Math.max(boundOut[i], b);
            }
        }
        compare(alg, "output", s, out32, out64, boundOut);

        // input gradient
        double[] boundIn = gemmBound(abs[0].grad().toDoubleArray(), (long) s.groupOutChannels() * taps + 1);
        if (winograd) { // the data gradient as a Winograd convolution of gradOut with the flipped filters
            double[] mags = winogradMagnitude(m, gradOut, s.batch(), s.outChannels(), s.outHeight(), s.outWidth(),
                    2 - s.padH(), 2 - s.padW(), flippedTransposed(absolute(in64[1].toDoubleArray()),
                            s.outChannels(), s.inChannels()), s.inChannels(), s.height(), s.width());
            long l = s.outChannels() + 4L * (m + 2) + 10;
            for (int i = 0; i < mags.length; i++) {
                boundIn[i] = Math.max(boundIn[i], gamma(l) * mags[i] + tiny(l));
            }
        }
        compare(alg, "input gradient", s, in32[0].grad(), in64[0].grad(), boundIn);

        // filter and bias gradients: a GEMM over the batch for every algorithm
        long batchTerms = (long) s.batch() * s.outHeight() * s.outWidth() + 1;
        compare(alg, "weight gradient", s, in32[1].grad(), in64[1].grad(),
                gemmBound(abs[1].grad().toDoubleArray(), batchTerms));
        if (c.bias() != null) {
            compare(alg, "bias gradient", s, in32[2].grad(), in64[2].grad(),
                    gemmBound(abs[2].grad().toDoubleArray(), batchTerms));
        }
    }

    static synchronized void write() throws IOException {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-40s %6s %10s %14s %14s%n",
                "conv2d float32 vs float64: algorithm / quantity", "tries", "values", "max abs err", "max err/bound"));
        ROWS.forEach((k, r) -> sb.append(String.format(Locale.ROOT, "%-40s %6d %10d %14.3e %14.3e%n", k, r.tries,
                r.compared, r.maxAbs, r.maxRatio)));
        Path dir = Path.of("target");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("conv2d-agreement-summary.txt"), sb.toString());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void compare(String alg, String what, ConvShape s, Tensor actual, Tensor reference,
                                double[] bound) {
        double[] a = actual.toDoubleArray();
        double[] r = reference.toDoubleArray();
        double maxAbs = 0;
        double maxRatio = 0;
        int worst = -1;
        for (int i = 0; i < r.length; i++) {
            double err = Math.abs(a[i] - r[i]);
            if (!(err <= bound[i])) { // NaN fails
                throw new AssertionError(String.format(Locale.ROOT, "conv2d %s, %s %s: float32 %s vs float64 %s,"
                        + " error %.3e > bound %.3e (%s)", alg, what, Arrays.toString(unravel(i, actual.shape())),
                        a[i], r[i], err, bound[i], s.describe()));
            }
            maxAbs = Math.max(maxAbs, err);
            if (bound[i] > 0 && err / bound[i] > maxRatio) {
                maxRatio = err / bound[i];
                worst = i;
            }
        }
        record(alg + " / " + what, r.length, maxAbs, worst < 0 ? 0 : maxRatio);
    }

    private static synchronized void record(String key, long compared, double maxAbs, double maxRatio) {
        Row old = ROWS.getOrDefault(key, new Row(0, 0, 0, 0));
        ROWS.put(key, new Row(old.tries + 1, old.compared + compared, Math.max(old.maxAbs, maxAbs),
                Math.max(old.maxRatio, maxRatio)));
    }

    /** @return {@code γ_n·m_i + (n + 1)·2⁻¹⁴⁹} for each magnitude {@code m_i = Σ|terms|} */
    private static double[] gemmBound(double[] magnitude, long n) {
        double[] b = new double[magnitude.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = gamma(n) * magnitude[i] + tiny(n);
        }
        return b;
    }

    static double gamma(long n) {
        double nu = n * U;
        if (nu >= 1) {
            throw new IllegalStateException("γ_" + n + " is undefined (n·u >= 1)");
        }
        return nu / (1 - nu);
    }

    private static double tiny(long n) {
        return (n + 1) * 0x1p-149;
    }

    private static Tensor[] leaves(Tensor[] operands, DType dtype, boolean absolute) {
        Tensor[] out = new Tensor[operands.length];
        for (int i = 0; i < operands.length; i++) {
            double[] v = operands[i].toDoubleArray();
            if (absolute) {
                for (int e = 0; e < v.length; e++) {
                    v[e] = Math.abs(v[e]);
                }
            }
            Tensor t = Tensor.fromArray(v, operands[i].shape());
            out[i] = (dtype == DType.FLOAT32 ? Tensor.fromArray(t.toFloatArray(), t.shape()) : t).requiresGrad(true);
        }
        return out;
    }

    /**
     * The absolute Winograd expression {@code |Aᵀ|(Σ_c (|G||g_kc||Gᵀ|) ⊙ (|Bᵀ||d_c||B|))|A|} for every output,
     * maximised over the m² tiles that may hold it (tile origins {@code y0 ∈ [y − m + 1, y]}, likewise x0).
     *
     * @param x       N×C×H×W input (its absolute values are taken)
     * @param filters K×C×3×3 absolute filters
     * @return N×K×outH×outW magnitudes
     */
    static double[] winogradMagnitude(int m, double[] x, int batch, int channels, int h, int w, int padH, int padW,
                                      double[] filters, int outChannels, int outH, int outW) {
        double[][] at = absolute(m == 2 ? AT2 : AT4);
        double[][] g = absolute(m == 2 ? G2 : G4);
        double[][] bt = absolute(m == 2 ? BT2 : BT4);
        int t = m + 2;
        double[][][] u = new double[outChannels * channels][][];
        for (int kc = 0; kc < u.length; kc++) {
            double[][] f = new double[3][3];
            for (int r = 0; r < 9; r++) {
                f[r / 3][r % 3] = filters[kc * 9 + r];
            }
            u[kc] = times(times(g, f), transpose(g));
        }
        double[] out = new double[batch * outChannels * outH * outW];
        double[][][] v = new double[channels][][];
        double[][] d = new double[t][t];
        for (int n = 0; n < batch; n++) {
            for (int y0 = 1 - m; y0 < outH; y0++) {
                for (int x0 = 1 - m; x0 < outW; x0++) {
                    for (int c = 0; c < channels; c++) {
                        for (int i = 0; i < t; i++) {
                            for (int j = 0; j < t; j++) {
                                int iy = y0 - padH + i;
                                int ix = x0 - padW + j;
                                d[i][j] = iy >= 0 && iy < h && ix >= 0 && ix < w
                                        ? Math.abs(x[((n * channels + c) * h + iy) * w + ix]) : 0;
                            }
                        }
                        v[c] = times(times(bt, d), transpose(bt));
                    }
                    for (int k = 0; k < outChannels; k++) {
                        double[][] sum = new double[t][t];
                        for (int c = 0; c < channels; c++) {
                            for (int i = 0; i < t; i++) {
                                for (int j = 0; j < t; j++) {
                                    sum[i][j] += u[k * channels + c][i][j] * v[c][i][j];
                                }
                            }
                        }
                        double[][] y = times(times(at, sum), transpose(at));
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < m; j++) {
                                int oy = y0 + i;
                                int ox = x0 + j;
                                if (oy >= 0 && oy < outH && ox >= 0 && ox < outW) {
                                    int o = ((n * outChannels + k) * outH + oy) * outW + ox;
                                    out[o] = Math.max(out[o], y[i][j]);
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** @return the C×K×3×3 filters of the data gradient: w[k, c] rotated by 180° at [c, k] */
    private static double[] flippedTransposed(double[] w, int outChannels, int inChannels) {
        double[] r = new double[w.length];
        for (int k = 0; k < outChannels; k++) {
            for (int c = 0; c < inChannels; c++) {
                for (int i = 0; i < 9; i++) {
                    r[(c * outChannels + k) * 9 + 8 - i] = w[(k * inChannels + c) * 9 + i];
                }
            }
        }
        return r;
    }

    private static double[] absolute(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Math.abs(v[i]);
        }
        return r;
    }

    private static double[][] absolute(double[][] a) {
        double[][] r = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            r[i] = absolute(a[i]);
        }
        return r;
    }

    private static double[][] transpose(double[][] a) {
        double[][] r = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                r[j][i] = a[i][j];
            }
        }
        return r;
    }

    private static double[][] times(double[][] a, double[][] b) {
        double[][] r = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < b.length; k++) {
                for (int j = 0; j < b[0].length; j++) {
                    r[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return r;
    }

    private static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int i = shape.length - 1; i >= 0; i--) {
            idx[i] = flat % shape[i];
            flat /= shape[i];
        }
        return idx;
    }
}

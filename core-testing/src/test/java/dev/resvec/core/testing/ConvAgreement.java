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
 *       (Bᵀ d_c B)]A} in float is within {@code γ_L} of the same expression with every matrix and operand replaced
 *       by its absolute value (the error of a bilinear algorithm, stage by stage), and that expression is at most
 *       {@code κ_m·Σ_c ‖g_c‖₁·max|d_c|} with {@code κ_m = a²·ĝ²·β²}: a the largest absolute row sum of Aᵀ, ĝ the
 *       largest |G| entry, β the largest absolute row sum of Bᵀ (κ₂ = 3²·1²·2² = 36, κ₄ = 19²·1²·10² = 36 100, which is
 *       why F(4×4,3×3) loses precision). L counts the roundings on a path: G's entries (1/6 is not a float), the filter
 *       transform (3 + 3), the input transform (2(m + 2)), the product, the sum over C channels, the output
 *       transform (2(m + 2)) and the bias: {@code L = C + 4(m + 2) + 10}. {@code max|d_c|} is taken over the whole
 *       plane, so the bound holds whatever the tiling. The data gradient is bounded the same way with K for C and
 *       {@code gradOut} for d (a Winograd convolution with the flipped filters), or by the GEMM bound, whichever is
 *       larger (an implementation may take either route).</li>
 *   <li>Subnormal results: each rounding may also lose up to 2⁻¹⁵⁰ absolute; {@code (n + 1)·2⁻¹⁴⁹} is added.</li>
 * </ul>
 * These are worst-case bounds, so they hold for every shape; the measured errors (written to
 * {@code target/conv2d-agreement-summary.txt}) are far below them.
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

    /** κ₂ = 36 and κ₄ = 36 100, from the matrices. */
    static final double KAPPA_F2 = kappa(AT2, G2, BT2);
    static final double KAPPA_F4 = kappa(AT4, G4, BT4);

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
        double kappa = m == 2 ? KAPPA_F2 : KAPPA_F4;
        int taps = s.kernelH() * s.kernelW();

        // output
        double[] boundOut = gemmBound(mag.toDoubleArray(), (long) s.groupInChannels() * taps + 1);
        if (winograd) {
            double[] planeMax = planeMax(in64[0].toDoubleArray(), s.batch(), s.inChannels(),
                    s.height() * s.width());
            double[] norms = filterNorms(in64[1].toDoubleArray(), s.outChannels(), s.inChannels(), taps);
            double[] bias = c.bias() == null ? new double[s.outChannels()] : c.bias().toDoubleArray();
            int spatial = s.outHeight() * s.outWidth();
            double g = gamma(s.inChannels() + 4L * (m + 2) + 10);
            for (int n = 0; n < s.batch(); n++) {
                for (int k = 0; k < s.outChannels(); k++) {
                    double sum = 0;
                    for (int ch = 0; ch < s.inChannels(); ch++) {
                        sum += norms[k * s.inChannels() + ch] * planeMax[n * s.inChannels() + ch];
                    }
                    double b = g * (kappa * sum + Math.abs(bias[k])) + tiny(s.inChannels() + 4L * (m + 2) + 10);
                    for (int e = 0; e < spatial; e++) {
                        int i = (n * s.outChannels() + k) * spatial + e;
                        boundOut[i] = Math.max(boundOut[i], b);
                    }
                }
            }
        }
        compare(alg, "output", s, out32, out64, boundOut);

        // input gradient
        double[] boundIn = gemmBound(abs[0].grad().toDoubleArray(), (long) s.groupOutChannels() * taps + 1);
        if (winograd) {
            int spatialOut = s.outHeight() * s.outWidth();
            double[] planeMax = planeMax(gradOut, s.batch(), s.outChannels(), spatialOut);
            double[] norms = filterNorms(in64[1].toDoubleArray(), s.outChannels(), s.inChannels(), taps);
            int spatial = s.height() * s.width();
            long l = s.outChannels() + 4L * (m + 2) + 10;
            for (int n = 0; n < s.batch(); n++) {
                for (int ch = 0; ch < s.inChannels(); ch++) {
                    double sum = 0;
                    for (int k = 0; k < s.outChannels(); k++) {
                        sum += norms[k * s.inChannels() + ch] * planeMax[n * s.outChannels() + k];
                    }
                    double b = gamma(l) * kappa * sum + tiny(l);
                    for (int e = 0; e < spatial; e++) {
                        int i = (n * s.inChannels() + ch) * spatial + e;
                        boundIn[i] = Math.max(boundIn[i], b);
                    }
                }
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

    /** @return {@code max_e |x[n, c, e]|} per (n, c) */
    private static double[] planeMax(double[] x, int batch, int channels, int spatial) {
        double[] out = new double[batch * channels];
        for (int p = 0; p < out.length; p++) {
            for (int e = 0; e < spatial; e++) {
                out[p] = Math.max(out[p], Math.abs(x[p * spatial + e]));
            }
        }
        return out;
    }

    /** @return {@code ‖w[k, c]‖₁} per (k, c) (one group: Winograd's shapes) */
    private static double[] filterNorms(double[] w, int outChannels, int inChannels, int taps) {
        double[] out = new double[outChannels * inChannels];
        for (int p = 0; p < out.length; p++) {
            for (int t = 0; t < taps; t++) {
                out[p] += Math.abs(w[p * taps + t]);
            }
        }
        return out;
    }

    private static double kappa(double[][] at, double[][] g, double[][] bt) {
        double a = maxAbsRowSum(at);
        double gMax = 0;
        for (double[] row : g) {
            for (double v : row) {
                gMax = Math.max(gMax, Math.abs(v));
            }
        }
        double beta = maxAbsRowSum(bt);
        return a * a * gMax * gMax * beta * beta;
    }

    private static double maxAbsRowSum(double[][] m) {
        double max = 0;
        for (double[] row : m) {
            max = Math.max(max, Arrays.stream(row).map(Math::abs).sum());
        }
        return max;
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

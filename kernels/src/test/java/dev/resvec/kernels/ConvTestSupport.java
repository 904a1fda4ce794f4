package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.BlisGemm;
import dev.resvec.kernels.internal.conv.ConvContext;
import dev.resvec.kernels.internal.conv.DirectConvolution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Arrays, references and checks shared by the convolution tests.
 *
 * <p>Arrays hold their tensor from an offset, with a few spare elements after it; everything outside the tensor is
 * a sentinel that must stay bitwise unchanged. Values are multiples of 2<sup>-24</sup> in [−1, 1]
 * ({@link GemmProblem#value}): exact in float and double, and no product underflows, so the error bounds need no
 * absolute term.
 *
 * <p>References: {@link DirectConvolution} on the widened inputs. Magnitudes for the bounds: the same direct
 * convolution on the absolute values, which gives for every output element exactly the Σ|w|·|x| (or Σ|g|·|w|,
 * Σ|g|·|x|) of the terms of its sum: the M of Higham's bound |ŝ − s| ≤ γ<sub>n</sub>·Σ|terms| (Higham,
 * <i>Accuracy and Stability of Numerical Algorithms</i>, 2nd ed., §3.1, eq. (3.5) and Lemma 3.1), with
 * γ<sub>n</sub> = n·u/(1 − n·u) and n the largest number of roundings any term goes through.
 */
final class ConvTestSupport {
    private ConvTestSupport() {}

    /** Unit roundoff of float. */
    static final double U = 0x1p-24;
    /** Unit roundoff of double. */
    static final double UD = 0x1p-53;
    /** What every element outside a tensor holds, and must still hold afterwards. */
    static final float SENTINEL = -1234.5f;

    /** An array of {@code off + size + tail} floats: random values in the tensor, the sentinel around it. */
    static float[] data(Random rnd, int off, int size, int tail) {
        float[] a = new float[off + size + tail];
        Arrays.fill(a, SENTINEL);
        for (int i = 0; i < size; i++) {
            a[off + i] = GemmProblem.value(rnd);
        }
        return a;
    }

    /** An output array: {@code fill} in the tensor (NaN: must be overwritten, not read), the sentinel around it. */
    static float[] output(int off, int size, int tail, float fill) {
        float[] a = new float[off + size + tail];
        Arrays.fill(a, SENTINEL);
        Arrays.fill(a, off, off + size, fill);
        return a;
    }

    /** The tensor of {@code a} from {@code off}, widened to double (absolute values if asked). */
    static double[] widen(float[] a, int off, int size, boolean abs) {
        double[] d = new double[size];
        for (int i = 0; i < size; i++) {
            d[i] = abs ? Math.abs((double) a[off + i]) : a[off + i];
        }
        return d;
    }

    /** Double data: random values in [−1, 1] (multiples of 2^-24) in the tensor, the sentinel around it. */
    static double[] doubleData(Random rnd, int off, int size, int tail) {
        double[] a = new double[off + size + tail];
        Arrays.fill(a, SENTINEL);
        for (int i = 0; i < size; i++) {
            a[off + i] = GemmProblem.value(rnd);
        }
        return a;
    }

    static double[] abs(double[] a, int off, int size) {
        double[] d = new double[size];
        for (int i = 0; i < size; i++) {
            d[i] = Math.abs(a[off + i]);
        }
        return d;
    }

    /**
     * What the straight calls run on: every backend of {@link TestBackends#all()}, each with the default column
     * blocks and with the narrowest ones (a budget of 1 float, no filter-reuse limit: blocks of one register tile
     * width NR, one input channel per block of the data gradient), so the blocked paths (blocks starting inside an
     * output row, several blocks per image, the filter gradient summed over blocks) run on small shapes too.
     */
    static List<ConvContext> contexts() {
        List<ConvContext> list = new ArrayList<>();
        for (Backend backend : TestBackends.all()) {
            list.add(ConvContext.of(backend));
            list.add(new ConvContext(backend, 1, 0));
        }
        return list;
    }

    /** @return e.g. "vector provider, ... (blocks of 65536 floats)" */
    static String describe(ConvContext context) {
        return context.backend().provider().describe() + " (blocks of " + context.blockFloats() + " floats, "
                + "filter reuse " + context.filterReuse() + ")";
    }

    /**
     * PC blocks (depth blocks) the backend's GEMM splits a depth of k into: at most max(1, ⌈4k/(5·KC)⌉)
     * ({@code BlisGemm}'s balanced depth step); each adds one rounding of the running C.
     */
    static int pcBlocks(Backend backend, int k) {
        return ConvErrorBound.depthBlocks(k, ConvErrorBound.gemmKc(backend));
    }

    // ---------------------------------------------------------------------------------------------------------
    // references: {value, magnitude} pairs

    /** out = conv(in, w) + bias + residual, relu'd; and Σ|w||x| + |bias| + |residual|. */
    static double[][] forwardReference(ConvShape s, float[] in, int offIn, float[] w, int offW, float[] bias,
                                       int offBias, float[] residual, int offRes, boolean relu) {
        int size = s.outputSize();
        double[] ref = new double[size];
        double[] mag = new double[size];
        double[] b = bias == null ? null : widen(bias, offBias, s.outChannels(), false);
        double[] bAbs = bias == null ? null : widen(bias, offBias, s.outChannels(), true);
        DirectConvolution.forward(s, widen(in, offIn, s.inputSize(), false), 0, widen(w, offW, s.filterSize(), false),
                0, b, 0, ref, 0);
        DirectConvolution.forward(s, widen(in, offIn, s.inputSize(), true), 0, widen(w, offW, s.filterSize(), true),
                0, bAbs, 0, mag, 0);
        for (int i = 0; i < size; i++) {
            if (residual != null) {
                ref[i] += residual[offRes + i];
                mag[i] += Math.abs(residual[offRes + i]);
            }
            if (relu) {
                ref[i] = Math.max(ref[i], 0.0);
            }
        }
        return new double[][] {ref, mag};
    }

    /** gradIn and Σ|g||w| per input element. */
    static double[][] dataReference(ConvShape s, float[] g, int offG, float[] w, int offW) {
        double[] ref = new double[s.inputSize()];
        double[] mag = new double[s.inputSize()];
        DirectConvolution.backwardData(s, widen(g, offG, s.outputSize(), false), 0,
                widen(w, offW, s.filterSize(), false), 0, ref, 0);
        DirectConvolution.backwardData(s, widen(g, offG, s.outputSize(), true), 0,
                widen(w, offW, s.filterSize(), true), 0, mag, 0);
        return new double[][] {ref, mag};
    }

    /** gradW, Σ|g||x| per filter element, gradBias, Σ|g| per channel. */
    static double[][] filterReference(ConvShape s, float[] in, int offIn, float[] g, int offG) {
        double[] ref = new double[s.filterSize()];
        double[] mag = new double[s.filterSize()];
        double[] bias = new double[s.outChannels()];
        double[] biasMag = new double[s.outChannels()];
        DirectConvolution.backwardFilter(s, widen(in, offIn, s.inputSize(), false), 0,
                widen(g, offG, s.outputSize(), false), 0, ref, 0, bias, 0);
        DirectConvolution.backwardFilter(s, widen(in, offIn, s.inputSize(), true), 0,
                widen(g, offG, s.outputSize(), true), 0, mag, 0, biasMag, 0);
        return new double[][] {ref, mag, bias, biasMag};
    }

    // ---------------------------------------------------------------------------------------------------------
    // checks

    /**
     * Asserts {@code |got[off + i] − ref[i]| ≤ factor·mag[i]} for the whole tensor and that the sentinels around
     * it are unchanged.
     */
    static void check(String who, ConvShape s, float[] got, int off, double[] ref, double[] mag, double factor) {
        for (int i = 0; i < ref.length; i++) {
            double tol = factor * mag[i];
            double diff = Math.abs(got[off + i] - ref[i]);
            if (!(diff <= tol)) {
                fail(who + " on " + s.describe() + ": element " + i + " = " + got[off + i] + ", expected " + ref[i]
                        + " ± " + tol + " (|diff| = " + diff + ", " + (float) (diff / Math.max(mag[i], 1e-300))
                        + "·M)");
            }
        }
        sentinels(who, s, got, off, ref.length);
    }

    /** The double version of {@link #check(String, ConvShape, float[], int, double[], double[], double)}. */
    static void check(String who, ConvShape s, double[] got, int off, double[] ref, double[] mag, double factor) {
        for (int i = 0; i < ref.length; i++) {
            double tol = factor * mag[i];
            double diff = Math.abs(got[off + i] - ref[i]);
            if (!(diff <= tol)) {
                fail(who + " on " + s.describe() + ": element " + i + " = " + got[off + i] + ", expected " + ref[i]
                        + " ± " + tol + " (|diff| = " + diff + ")");
            }
        }
        for (int i = 0; i < got.length; i++) {
            if ((i < off || i >= off + ref.length) && got[i] != SENTINEL) {
                fail(who + " on " + s.describe() + ": element " + i + " outside the tensor [" + off + ", "
                        + (off + ref.length) + ") was written: " + got[i]);
            }
        }
    }

    /** Asserts that everything outside {@code [off, off + size)} still holds the sentinel. */
    static void sentinels(String who, ConvShape s, float[] a, int off, int size) {
        for (int i = 0; i < a.length; i++) {
            if ((i < off || i >= off + size) && Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(SENTINEL)) {
                fail(who + " on " + s.describe() + ": element " + i + " outside the tensor [" + off + ", "
                        + (off + size) + ") was written: " + a[i]);
            }
        }
    }

    /**
     * The facade's filter gradient ({@code AUTO}, no bias) on 1 thread, asserted bitwise the same on 2 and 3.
     *
     * @return the 1-thread result
     */
    static float[] filterGradientOnEveryThreadCount(ConvShape s, float[] in, float[] g) {
        float[] one = new float[s.filterSize()];
        Convolution.backwardFilter(s, ConvAlgorithm.AUTO, in, 0, g, 0, one, 0, null, 0, Parallelism.singleThread());
        for (int threads = 2; threads <= 3; threads++) {
            float[] many = new float[s.filterSize()];
            Convolution.backwardFilter(s, ConvAlgorithm.AUTO, in, 0, g, 0, many, 0, null, 0,
                    Parallelism.threads(threads));
            assertArrayEquals(one, many, threads + " threads against 1 on " + s.describe());
        }
        return one;
    }

    /** Asserts an input array is bitwise what it was. */
    static void unchanged(String who, ConvShape s, String name, float[] before, float[] after) {
        if (!Arrays.equals(before, after)) {
            fail(who + " on " + s.describe() + ": input " + name + " was modified");
        }
    }
}

package dev.resvec.kernels;

import static dev.resvec.kernels.ConvTestSupport.UD;

import dev.resvec.kernels.internal.conv.DirectConvolution;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The double twins of the GEMM algorithms (the same lowering and GEMMs in double, what float64 gradient checks of
 * each algorithm run) through the public double entries, against the direct convolution in double.
 *
 * <p>Tolerance: both sides are sums of the same exact products in different orders, each within
 * γ<sub>n</sub>·M of the exact value (u = 2<sup>-53</sup>, M the Σ of the terms' magnitudes, Higham §3.1,
 * Lemma 3.1), so they differ by at most {@code 1.01·(n_alg + n_ref)·u·M}:
 * <ul>
 *   <li>forward: the GEMM's dot product of k = Cg·R·S terms plus the bias add, n_alg = k + 1; direct: n_ref = k + 1;
 *       </li>
 *   <li>data gradient: the GEMM of depth Kg then at most R·S col2im adds, n_alg = Kg + R·S; direct: every input
 *       element accumulates its Kg·R·S terms one by one, n_ref = Kg·R·S;</li>
 *   <li>filter gradient: per image a dot product of outH·outW terms, then N − 1 adds over the batch (and 1 for
 *       beta = 1), n_alg = outH·outW + N + 1; direct: one running sum of N·outH·outW terms; the bias gradient is a
 *       running sum of N·outH·outW terms in both.</li>
 * </ul>
 * That is ~10<sup>-12</sup> relative: a wrong index is off by a whole term.
 */
class ConvDoubleTwinTest {

    @Provide
    Arbitrary<ConvShape> shapes() {
        return ConvShapes.general();
    }

    @Provide
    Arbitrary<ConvShape> pointwiseShapes() {
        return ConvShapes.pointwise();
    }

    @Provide
    Arbitrary<ConvShape> winogradShapes() {
        return ConvShapes.winograd();
    }

    @Provide
    Arbitrary<ConvAlgorithm> winogradAlgorithms() {
        return Arbitraries.of(ConvAlgorithm.WINOGRAD_F2X2_3X3, ConvAlgorithm.WINOGRAD_F4X4_3X3);
    }

    @Property(tries = 40, seed = TestSeeds.SEED)
    void im2colTwinMatchesTheDirectConvolution(@ForAll("shapes") ConvShape s, @ForAll boolean bias,
                                               @ForAll @IntRange(max = 9) int offA, @ForAll @IntRange(max = 9) int offB,
                                               @ForAll @IntRange(max = 9) int offC, @ForAll long seed) {
        checkTwin(s, ConvAlgorithm.IM2COL_GEMM, bias, offA, offB, offC, seed, true);
    }

    @Property(tries = 40, seed = TestSeeds.SEED)
    void pointwiseTwinMatchesTheDirectConvolution(@ForAll("pointwiseShapes") ConvShape s, @ForAll boolean bias,
                                                  @ForAll @IntRange(max = 9) int offA,
                                                  @ForAll @IntRange(max = 9) int offB,
                                                  @ForAll @IntRange(max = 9) int offC, @ForAll long seed) {
        checkTwin(s, ConvAlgorithm.POINTWISE_GEMM, bias, offA, offB, offC, seed, true);
    }

    /** The Winograd algorithms' filter gradient in double is the im2col one. */
    @Property(tries = 15, seed = TestSeeds.SEED)
    void winogradFilterGradientTwinMatchesTheDirectOne(@ForAll("winogradShapes") ConvShape s,
                                                       @ForAll("winogradAlgorithms") ConvAlgorithm algorithm,
                                                       @ForAll long seed) {
        checkTwin(s, algorithm, true, 1, 2, 3, seed, false);
    }

    private static void checkTwin(ConvShape s, ConvAlgorithm algorithm, boolean withBias, int offA, int offB,
                                  int offC, long seed, boolean forwardAndData) {
        Random rnd = new Random(seed);
        String who = algorithm + " double twin";
        double[] in = ConvTestSupport.doubleData(rnd, offA, s.inputSize(), rnd.nextInt(3));
        double[] w = ConvTestSupport.doubleData(rnd, offB, s.filterSize(), rnd.nextInt(3));
        double[] g = ConvTestSupport.doubleData(rnd, offC, s.outputSize(), rnd.nextInt(3));
        double[] bias = withBias ? ConvTestSupport.doubleData(rnd, 2, s.outChannels(), 1) : null;
        int k = s.groupInChannels() * s.kernelH() * s.kernelW();
        int kg = s.groupOutChannels(), rs = s.kernelH() * s.kernelW(), ohw = s.outHeight() * s.outWidth();
        int n = s.batch();
        if (forwardAndData) {
            double[] ref = new double[s.outputSize()];
            double[] mag = new double[s.outputSize()];
            Convolution.forward(s, ConvAlgorithm.DIRECT, in, offA, w, offB, bias, 2, ref, 0);
            DirectConvolution.forward(s, ConvTestSupport.abs(in, offA, s.inputSize()), 0,
                    ConvTestSupport.abs(w, offB, s.filterSize()), 0,
                    bias == null ? null : ConvTestSupport.abs(bias, 2, s.outChannels()), 0, mag, 0);
            double[] out = doubleOutput(offC, s.outputSize());
            Convolution.forward(s, algorithm, in, offA, w, offB, bias, 2, out, offC);
            ConvTestSupport.check(who + " forward", s, out, offC, ref, mag, 1.01 * (2 * k + 2) * UD);

            double[] refIn = new double[s.inputSize()];
            double[] magIn = new double[s.inputSize()];
            Convolution.backwardData(s, ConvAlgorithm.DIRECT, g, offC, w, offB, refIn, 0);
            DirectConvolution.backwardData(s, ConvTestSupport.abs(g, offC, s.outputSize()), 0,
                    ConvTestSupport.abs(w, offB, s.filterSize()), 0, magIn, 0);
            double[] gradIn = doubleOutput(offA, s.inputSize());
            Convolution.backwardData(s, algorithm, g, offC, w, offB, gradIn, offA);
            ConvTestSupport.check(who + " data gradient", s, gradIn, offA, refIn, magIn,
                    1.01 * (kg + rs + (double) kg * rs + 1) * UD);
        }
        double[] refW = new double[s.filterSize()];
        double[] magW = new double[s.filterSize()];
        double[] refB = new double[s.outChannels()];
        double[] magB = new double[s.outChannels()];
        Convolution.backwardFilter(s, ConvAlgorithm.DIRECT, in, offA, g, offC, refW, 0, refB, 0);
        DirectConvolution.backwardFilter(s, ConvTestSupport.abs(in, offA, s.inputSize()), 0,
                ConvTestSupport.abs(g, offC, s.outputSize()), 0, magW, 0, magB, 0);
        double[] gradW = doubleOutput(offB, s.filterSize());
        double[] gradB = doubleOutput(1, s.outChannels());
        Convolution.backwardFilter(s, algorithm, in, offA, g, offC, gradW, offB, gradB, 1);
        ConvTestSupport.check(who + " filter gradient", s, gradW, offB, refW, magW,
                1.01 * (ohw + n + 1 + (double) n * ohw) * UD);
        ConvTestSupport.check(who + " bias gradient", s, gradB, 1, refB, magB, 1.01 * 2.0 * n * ohw * UD);
    }

    private static double[] doubleOutput(int off, int size) {
        double[] a = new double[off + size + 2];
        java.util.Arrays.fill(a, ConvTestSupport.SENTINEL);
        java.util.Arrays.fill(a, off, off + size, Double.NaN);
        return a;
    }
}

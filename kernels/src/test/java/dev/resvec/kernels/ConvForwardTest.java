package dev.resvec.kernels;

import static dev.resvec.kernels.ConvTestSupport.U;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.Backends;
import dev.resvec.kernels.internal.conv.ConvContext;
import dev.resvec.kernels.internal.conv.GemmConvolution;
import dev.resvec.kernels.internal.conv.StridedForward;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The float forward pass of the GEMM algorithms ({@code IM2COL_GEMM}, {@code POINTWISE_GEMM}) and of
 * {@code DIRECT}, with every epilogue (bias, residual, residual that is the output itself, ReLU), against the
 * double-precision direct convolution: on every backend of {@link TestBackends#all()} (called straight,
 * single-threaded, with the default and the narrowest column blocks; and with pre-packed filters and, for
 * im2col, columns gathered from the image, on 2 threads) and through the public {@link Convolution#forward} and
 * {@link Convolution#prepare} entries (active provider, default threads).
 *
 * <p>Tolerance, per output element: {@code |out − ref| ≤ 1.01·(k + nb + 3)·u·M}, u = 2<sup>-24</sup>, with
 * {@code k = Cg·R·S} the length of the element's dot product, {@code nb} the GEMM's depth blocks for that k
 * ({@link ConvTestSupport#pcBlocks}) and {@code M = Σ|w||x| + |bias| + |residual|}. Derivation: each output
 * element is one element of one GEMM {@code W_g·cols} whose depth is k (the zero taps on the padding are exact
 * zeros); by the GEMM's fixed write-back order (see {@link GemmProblem}) each term goes through at most k roundings
 * in its dot product, 1 for alpha, nb − 1 adds of later depth blocks, 1 add of beta·C (a residual that is the
 * output is added this way, beta = 1) and 2 adds for bias and residual: n = k + nb + 3 roundings, so the error is at
 * most γ<sub>n</sub>·M (Higham §3.1, Lemma 3.1); ReLU is 1-Lipschitz; 1.01 covers 1/(1 − n·u) and the double
 * reference's own error (≤ k·2<sup>-53</sup>·M). A filter tap off by one row or column, or a padding zero read as
 * data, changes an element by a whole |w·x| term, far above this bound for all but the deepest sums, on some of the
 * elements of every shape.
 *
 * <p>{@code DIRECT} in float is the double result rounded once: {@code |out − ref| ≤ u·|ref| + 2.02·(k + 3)·2^-53·M}.
 */
class ConvForwardTest {

    @Provide
    Arbitrary<ConvShape> shapes() {
        return ConvShapes.general();
    }

    @Provide
    Arbitrary<ConvShape> pointwiseShapes() {
        return ConvShapes.pointwise();
    }

    /** How the residual is given: none, a separate array, or the output array itself (added in place). */
    enum Residual { NONE, SEPARATE, OUTPUT }

    @Property(tries = 80, seed = TestSeeds.SEED)
    void im2colMatchesTheDirectConvolution(@ForAll("shapes") ConvShape s, @ForAll boolean bias,
                                           @ForAll Residual residual, @ForAll boolean relu,
                                           @ForAll @IntRange(max = 13) int offIn, @ForAll @IntRange(max = 13) int offW,
                                           @ForAll @IntRange(max = 13) int offOut, @ForAll long seed) {
        checkForward(s, ConvAlgorithm.IM2COL_GEMM, bias, residual, relu, offIn, offW, offOut, seed);
    }

    @Provide
    Arbitrary<ConvShape> twoVectorTileShapes() {
        return ConvShapes.narrowTwoVectorTiles();
    }

    @Property(tries = 30, seed = TestSeeds.SEED)
    void narrowLayersOnTwoVectorTilesMatchTheDirectConvolution(@ForAll("twoVectorTileShapes") ConvShape s,
                                                               @ForAll boolean bias, @ForAll Residual residual,
                                                               @ForAll boolean relu, @ForAll long seed) {
        checkForward(s, ConvAlgorithm.IM2COL_GEMM, bias, residual, relu, 5, 3, 7, seed);
    }

    @Provide
    Arbitrary<ConvShape> fixedPlaneShapes() {
        return ConvShapes.narrowFixedPlanes();
    }

    @Property(tries = 30, seed = TestSeeds.SEED)
    void narrowLayersOnFixedPlanesMatchTheDirectConvolution(@ForAll("fixedPlaneShapes") ConvShape s,
                                                            @ForAll boolean bias, @ForAll Residual residual,
                                                            @ForAll boolean relu, @ForAll long seed) {
        checkForward(s, ConvAlgorithm.IM2COL_GEMM, bias, residual, relu, 2, 6, 1, seed);
    }

    @Provide
    Arbitrary<ConvShape> stridedTileShapes() {
        return ConvShapes.stridedTiles();
    }

    @Property(tries = 40, seed = TestSeeds.SEED)
    void stridedLayersOnChannelTilesMatchTheDirectConvolution(@ForAll("stridedTileShapes") ConvShape s,
                                                              @ForAll boolean bias, @ForAll Residual residual,
                                                              @ForAll boolean relu, @ForAll long seed) {
        assertTrue(s.outWidth() % 7 == 0 || s.outWidth() % 8 == 0, s + ": the generator's rows");
        assertEquals(Kernels.provider().isVector(), StridedForward.pays(s), s + " on channel tiles");
        checkForward(s, ConvAlgorithm.IM2COL_GEMM, bias, residual, relu, 4, 2, 9, seed);
    }

    @Property(tries = 80, seed = TestSeeds.SEED)
    void pointwiseMatchesTheDirectConvolution(@ForAll("pointwiseShapes") ConvShape s, @ForAll boolean bias,
                                              @ForAll Residual residual, @ForAll boolean relu,
                                              @ForAll @IntRange(max = 13) int offIn,
                                              @ForAll @IntRange(max = 13) int offW,
                                              @ForAll @IntRange(max = 13) int offOut, @ForAll long seed) {
        checkForward(s, ConvAlgorithm.POINTWISE_GEMM, bias, residual, relu, offIn, offW, offOut, seed);
    }

    @Property(tries = 25, seed = TestSeeds.SEED)
    void directInFloatIsTheRoundedReference(@ForAll("shapes") ConvShape s, @ForAll boolean bias,
                                            @ForAll Residual residual, @ForAll boolean relu,
                                            @ForAll @IntRange(max = 13) int offOut, @ForAll long seed) {
        checkForward(s, ConvAlgorithm.DIRECT, bias, residual, relu, 3, 1, offOut, seed);
    }

    private static void checkForward(ConvShape s, ConvAlgorithm algorithm, boolean withBias, Residual residual,
                                     boolean relu, int offIn, int offW, int offOut, long seed) {
        Random rnd = new Random(seed);
        float[] in = ConvTestSupport.data(rnd, offIn, s.inputSize(), rnd.nextInt(4));
        float[] w = ConvTestSupport.data(rnd, offW, s.filterSize(), rnd.nextInt(4));
        int offBias = rnd.nextInt(6);
        float[] bias = withBias ? ConvTestSupport.data(rnd, offBias, s.outChannels(), rnd.nextInt(3)) : null;
        int offRes = residual == Residual.OUTPUT ? offOut : rnd.nextInt(6);
        float[] res = residual == Residual.NONE ? null
                : ConvTestSupport.data(rnd, offRes, s.outputSize(), rnd.nextInt(3));
        double[][] expected = ConvTestSupport.forwardReference(s, in, offIn, w, offW, bias, offBias, res, offRes,
                relu);
        float[] inCopy = in.clone(), wCopy = w.clone();
        for (ConvContext context : ConvTestSupport.contexts()) {
            Backend backend = context.backend();
            String who = algorithm + " on " + ConvTestSupport.describe(context) + ", straight, 1 thread";
            float[] out = outputFor(s, residual, res, offOut, rnd);
            ConvEpilogue e = epilogue(bias, offBias, residual == Residual.OUTPUT ? out : res, offRes, relu);
            GemmConvolution.forward(context, s, algorithm, in, offIn, w, offW, out, offOut, e,
                    Parallelism.singleThread());
            ConvTestSupport.check(who + ", " + e, s, out, offOut, expected[0], expected[1],
                    factor(s, algorithm, backend));
            ConvTestSupport.unchanged(who, s, "in", inCopy, in);
            ConvTestSupport.unchanged(who, s, "w", wCopy, w);
            if (algorithm != ConvAlgorithm.DIRECT) {
                // pre-packed filters, and (im2col, groups 1, strides 1–2, undilated) columns gathered from a
                // padded phase-split copy of the image instead of lowered
                String packedWho = algorithm + " on " + ConvTestSupport.describe(context) + ", pre-packed, 2 threads";
                float[] packedOut = outputFor(s, residual, res, offOut, rnd);
                ConvEpilogue pe = epilogue(bias, offBias, residual == Residual.OUTPUT ? packedOut : res, offRes,
                        relu);
                GemmConvolution.forward(context, s, algorithm, in, offIn,
                        GemmConvolution.packFilters(context, s, w, offW), GemmConvolution.columnIndex(s, algorithm),
                        packedOut, offOut, pe, Parallelism.threads(2));
                ConvTestSupport.check(packedWho + ", " + pe, s, packedOut, offOut, expected[0], expected[1],
                        factor(s, algorithm, backend));
                ConvTestSupport.unchanged(packedWho, s, "in", inCopy, in);
            }
        }
        if (algorithm != ConvAlgorithm.DIRECT) {
            String who = algorithm + " through Convolution.prepare on " + Kernels.provider().describe();
            float[] out = outputFor(s, residual, res, offOut, rnd);
            ConvEpilogue e = epilogue(bias, offBias, residual == Residual.OUTPUT ? out : res, offRes, relu);
            Convolution.prepare(s, algorithm, w, offW).forward(s.batch(), in, offIn, out, offOut, e,
                    Parallelism.defaults());
            ConvTestSupport.check(who + ", " + e, s, out, offOut, expected[0], expected[1],
                    factor(s, algorithm, Backends.active()));
        }
        String who = algorithm + " through Convolution.forward on " + Kernels.provider().describe();
        float[] out = outputFor(s, residual, res, offOut, rnd);
        ConvEpilogue e = epilogue(bias, offBias, residual == Residual.OUTPUT ? out : res, offRes, relu);
        Convolution.forward(s, algorithm, in, offIn, w, offW, out, offOut, e, Parallelism.defaults());
        ConvTestSupport.check(who + ", " + e, s, out, offOut, expected[0], expected[1],
                factor(s, algorithm, Backends.active()));
        ConvTestSupport.unchanged(who, s, "in", inCopy, in);
    }

    /**
     * The bound's factor on M ({@link ConvErrorBound}); for DIRECT the u·|ref| part is folded in by a larger factor
     * (|ref| ≤ M, so u·|ref| + 2.02·(k + 3)·2^-53·M ≤ (u + 2.02·(k + 3)·2^-53)·M).
     */
    private static double factor(ConvShape s, ConvAlgorithm algorithm, Backend backend) {
        if (algorithm == ConvAlgorithm.DIRECT) {
            return ConvErrorBound.directFactor(s.groupInChannels() * s.kernelH() * s.kernelW());
        }
        return 1.01 * ConvErrorBound.forwardRoundings(s, ConvErrorBound.gemmKc(backend)) * U;
    }

    /** A fresh output: NaN where the result goes (or the residual, when the residual is the output). */
    private static float[] outputFor(ConvShape s, Residual residual, float[] res, int offOut, Random rnd) {
        if (residual == Residual.OUTPUT) {
            return res.clone();
        }
        return ConvTestSupport.output(offOut, s.outputSize(), rnd.nextInt(3), Float.NaN);
    }

    private static ConvEpilogue epilogue(float[] bias, int offBias, float[] res, int offRes, boolean relu) {
        ConvEpilogue e = ConvEpilogue.none();
        if (bias != null) {
            e = e.withBias(bias, offBias);
        }
        if (res != null) {
            e = e.withResidual(res, offRes);
        }
        return relu ? e.withRelu() : e;
    }
}

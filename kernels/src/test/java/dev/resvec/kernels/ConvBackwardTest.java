package dev.resvec.kernels;

import static dev.resvec.kernels.ConvTestSupport.U;

import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.Backends;
import dev.resvec.kernels.internal.conv.ConvContext;
import dev.resvec.kernels.internal.conv.GemmConvolution;
import dev.resvec.kernels.internal.conv.ShiftedFilterGradient;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The float gradients of the GEMM algorithms against the double-precision direct ones, on every backend (called
 * straight, single-threaded, with the default and the narrowest column blocks) and through the public entries
 * (active provider, default threads). Outputs are prefilled with NaN: they must be overwritten, never accumulated
 * into.
 *
 * <p>Tolerances (u = 2<sup>-24</sup>, γ bounds of Higham §3.1, Lemma 3.1, each with a factor 1.01 for
 * 1/(1 − n·u) and the double reference's own error):
 * <ul>
 *   <li>Data gradient, per input element, {@code 1.01·(Kg + nb + R·S + 1)·u·Σ|g||w|}: the GEMM {@code W_gᵀ·gradOut}
 *       (depth Kg) puts each term through at most Kg roundings in its dot product, 1 for alpha and nb − 1 depth
 *       block adds; col2im then adds the element's at most R·S column entries one after another (≤ R·S roundings).
 *       A 1×1 stride-1 pointwise gradient is the GEMM alone, inside the same bound.</li>
 *   <li>Filter gradient, per filter element, {@code 1.01·(L + nb + 2 + N·B)·u·Σ|g||x|}: the sum over the batch is
 *       N·B GEMMs (B column blocks of at most L output positions per image, {@link
 *       GemmConvolution#filterBlockWidth}), each a dot product of depth ≤ L (≤ L roundings, 1 for alpha, nb − 1 depth
 *       block adds, 1 add of the running sum with beta = 1), after which each later GEMM adds its result (≤ N·B − 1
 *       more roundings).</li>
 *   <li>Through the facade, where {@link ShiftedFilterGradient#pays} sends the filter gradient there: its bound,
 *       {@code 1.01·n·u·Σ|g||x|} with n = {@link ShiftedFilterGradient#roundings} (see
 *       {@code ShiftedFilterGradientTest}).</li>
 *   <li>Bias gradient, per channel, {@code 1.01·(u + L·2^-53)·Σ|g|} with L = N·outH·outW: a sum in double (each
 *       term through at most L roundings of 2<sup>-53</sup>), rounded once to float (u·|sum| ≤ u·Σ|g|).</li>
 * </ul>
 */
class ConvBackwardTest {

    @Provide
    Arbitrary<ConvShape> shapes() {
        return ConvShapes.general();
    }

    @Provide
    Arbitrary<ConvShape> pointwiseShapes() {
        return ConvShapes.pointwise();
    }

    /** 3×3 stride-1 shapes, with the algorithm that computes their filter gradient (Winograd ones run im2col). */
    @Provide
    Arbitrary<ConvAlgorithm> filterAlgorithms() {
        return Arbitraries.of(ConvAlgorithm.IM2COL_GEMM, ConvAlgorithm.WINOGRAD_F2X2_3X3,
                ConvAlgorithm.WINOGRAD_F4X4_3X3);
    }

    @Provide
    Arbitrary<ConvShape> winogradShapes() {
        return ConvShapes.winograd();
    }

    // ---------------------------------------------------------------------------------------------------------
    // data gradient

    @Property(tries = 80, seed = TestSeeds.SEED)
    void im2colDataGradientMatchesTheDirectOne(@ForAll("shapes") ConvShape s, @ForAll @IntRange(max = 13) int offG,
                                               @ForAll @IntRange(max = 13) int offW,
                                               @ForAll @IntRange(max = 13) int offIn, @ForAll long seed) {
        checkData(s, ConvAlgorithm.IM2COL_GEMM, offG, offW, offIn, seed);
    }

    @Provide
    Arbitrary<ConvShape> twoVectorTileShapes() {
        return ConvShapes.narrowTwoVectorTiles();
    }

    @Property(tries = 30, seed = TestSeeds.SEED)
    void narrowLayersOnTwoVectorTilesDataGradientMatchesTheDirectOne(@ForAll("twoVectorTileShapes") ConvShape s,
                                                                     @ForAll long seed) {
        checkData(s, ConvAlgorithm.IM2COL_GEMM, 4, 2, 6, seed);
    }

    @Provide
    Arbitrary<ConvShape> fixedPlaneShapes() {
        return ConvShapes.narrowFixedPlanes();
    }

    @Property(tries = 30, seed = TestSeeds.SEED)
    void narrowLayersOnFixedPlanesDataGradientMatchesTheDirectOne(@ForAll("fixedPlaneShapes") ConvShape s,
                                                                   @ForAll long seed) {
        checkData(s, ConvAlgorithm.IM2COL_GEMM, 3, 5, 1, seed);
    }

    @Property(tries = 60, seed = TestSeeds.SEED)
    void pointwiseDataGradientMatchesTheDirectOne(@ForAll("pointwiseShapes") ConvShape s,
                                                  @ForAll @IntRange(max = 13) int offG,
                                                  @ForAll @IntRange(max = 13) int offW,
                                                  @ForAll @IntRange(max = 13) int offIn, @ForAll long seed) {
        checkData(s, ConvAlgorithm.POINTWISE_GEMM, offG, offW, offIn, seed);
    }

    private static void checkData(ConvShape s, ConvAlgorithm algorithm, int offG, int offW, int offIn, long seed) {
        Random rnd = new Random(seed);
        float[] g = ConvTestSupport.data(rnd, offG, s.outputSize(), rnd.nextInt(4));
        float[] w = ConvTestSupport.data(rnd, offW, s.filterSize(), rnd.nextInt(4));
        float[] gCopy = g.clone(), wCopy = w.clone();
        double[][] expected = ConvTestSupport.dataReference(s, g, offG, w, offW);
        int tail = rnd.nextInt(4);
        for (ConvContext context : ConvTestSupport.contexts()) {
            Backend backend = context.backend();
            String who = algorithm + " data gradient on " + ConvTestSupport.describe(context) + ", straight, 1 thread";
            float[] gradIn = ConvTestSupport.output(offIn, s.inputSize(), tail, Float.NaN);
            GemmConvolution.backwardData(context, s, algorithm, g, offG, w, offW, gradIn, offIn,
                    Parallelism.singleThread());
            ConvTestSupport.check(who, s, gradIn, offIn, expected[0], expected[1], dataFactor(s, backend));
            ConvTestSupport.unchanged(who, s, "gradOut", gCopy, g);
            ConvTestSupport.unchanged(who, s, "w", wCopy, w);
        }
        String who = algorithm + " data gradient through Convolution on " + Kernels.provider().describe();
        float[] gradIn = ConvTestSupport.output(offIn, s.inputSize(), tail, Float.NaN);
        Convolution.backwardData(s, algorithm, g, offG, w, offW, gradIn, offIn, Parallelism.defaults());
        ConvTestSupport.check(who, s, gradIn, offIn, expected[0], expected[1], dataFactor(s, Backends.active()));
    }

    private static double dataFactor(ConvShape s, Backend backend) {
        return 1.01 * ConvErrorBound.dataRoundings(s, ConvErrorBound.gemmKc(backend)) * U;
    }

    // ---------------------------------------------------------------------------------------------------------
    // filter and bias gradients

    @Property(tries = 80, seed = TestSeeds.SEED)
    void im2colFilterGradientMatchesTheDirectOne(@ForAll("shapes") ConvShape s, @ForAll boolean withBias,
                                                 @ForAll @IntRange(max = 13) int offIn,
                                                 @ForAll @IntRange(max = 13) int offG,
                                                 @ForAll @IntRange(max = 13) int offGw, @ForAll long seed) {
        checkFilter(s, ConvAlgorithm.IM2COL_GEMM, withBias, offIn, offG, offGw, seed);
    }

    @Property(tries = 60, seed = TestSeeds.SEED)
    void pointwiseFilterGradientMatchesTheDirectOne(@ForAll("pointwiseShapes") ConvShape s, @ForAll boolean withBias,
                                                    @ForAll @IntRange(max = 13) int offIn,
                                                    @ForAll @IntRange(max = 13) int offG,
                                                    @ForAll @IntRange(max = 13) int offGw, @ForAll long seed) {
        checkFilter(s, ConvAlgorithm.POINTWISE_GEMM, withBias, offIn, offG, offGw, seed);
    }

    /** The facade sends every algorithm's filter gradient here; for Winograd shapes it is computed as im2col. */
    @Property(tries = 30, seed = TestSeeds.SEED)
    void winogradAlgorithmsFilterGradientMatchesTheDirectOne(@ForAll("winogradShapes") ConvShape s,
                                                             @ForAll("filterAlgorithms") ConvAlgorithm algorithm,
                                                             @ForAll boolean withBias, @ForAll long seed) {
        checkFilter(s, algorithm, withBias, 2, 5, 1, seed);
    }

    private static void checkFilter(ConvShape s, ConvAlgorithm algorithm, boolean withBias, int offIn, int offG,
                                    int offGw, long seed) {
        Random rnd = new Random(seed);
        float[] in = ConvTestSupport.data(rnd, offIn, s.inputSize(), rnd.nextInt(4));
        float[] g = ConvTestSupport.data(rnd, offG, s.outputSize(), rnd.nextInt(4));
        float[] inCopy = in.clone(), gCopy = g.clone();
        double[][] expected = ConvTestSupport.filterReference(s, in, offIn, g, offG);
        int offGb = rnd.nextInt(5);
        int tail = rnd.nextInt(4);
        double biasFactor = 1.01 * (U + (double) s.batch() * s.outHeight() * s.outWidth() * ConvTestSupport.UD);
        for (ConvContext context : ConvTestSupport.contexts()) {
            String who = algorithm + " filter gradient on " + ConvTestSupport.describe(context)
                    + ", straight, 1 thread";
            float[] gradW = ConvTestSupport.output(offGw, s.filterSize(), tail, Float.NaN);
            float[] gradB = withBias ? ConvTestSupport.output(offGb, s.outChannels(), tail, Float.NaN) : null;
            GemmConvolution.backwardFilter(context, s, algorithm, in, offIn, g, offG, gradW, offGw, gradB, offGb,
                    Parallelism.singleThread());
            ConvTestSupport.check(who, s, gradW, offGw, expected[0], expected[1], filterFactor(s, algorithm, context));
            if (withBias) {
                ConvTestSupport.check(who + " (bias)", s, gradB, offGb, expected[2], expected[3], biasFactor);
            }
            ConvTestSupport.unchanged(who, s, "in", inCopy, in);
            ConvTestSupport.unchanged(who, s, "gradOut", gCopy, g);
        }
        String who = algorithm + " filter gradient through Convolution on " + Kernels.provider().describe();
        float[] gradW = ConvTestSupport.output(offGw, s.filterSize(), tail, Float.NaN);
        float[] gradB = withBias ? ConvTestSupport.output(offGb, s.outChannels(), tail, Float.NaN) : null;
        Convolution.backwardFilter(s, algorithm, in, offIn, g, offG, gradW, offGw, gradB, offGb,
                Parallelism.defaults());
        double facadeFactor = 1.01 * ConvErrorBound.filterRoundings(s, algorithm) * U;
        ConvTestSupport.check(who, s, gradW, offGw, expected[0], expected[1], facadeFactor);
        if (withBias) {
            ConvTestSupport.check(who + " (bias)", s, gradB, offGb, expected[2], expected[3], biasFactor);
        }
    }

    private static double filterFactor(ConvShape s, ConvAlgorithm algorithm, ConvContext context) {
        return 1.01 * ConvErrorBound.gemmFilterRoundings(s, algorithm, context) * U;
    }
}

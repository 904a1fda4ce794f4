package dev.resvec.core.testing;

import static dev.resvec.core.testing.PropertySeeds.SEED;

import dev.resvec.core.GradCheck;
import dev.resvec.core.GradCheckReport;
import dev.resvec.core.Tensor;
import dev.resvec.kernels.ConvAlgorithm;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * {@code Functional.conv2d} for every algorithm, over generated geometries (batch 1–2, channels 1–5, sizes 1–9,
 * kernels 1–5, strides 1–3, padding 0–2, dilation 1–2, groups 1–2; 1×1 shapes for the pointwise GEMM, 3×3 stride-1
 * shapes from 1×1 inputs up for Winograd), with and without a bias:
 * <ul>
 *   <li>a gradient check in float64 with PyTorch's defaults (eps 1e-6, atol 1e-5, rtol 1e-3) of the input, weight
 *       and bias gradients, the full Jacobian, running each algorithm's double-precision twin;</li>
 *   <li>the float32-vs-float64 agreement of the output and the three gradients (the SIMD kernels against the direct
 *       definition in double), within the derived bounds of {@link ConvAgreement}.</li>
 * </ul>
 * The worst errors go to {@code target/gradcheck-summary-conv2d.txt} and {@code target/conv2d-agreement-summary.txt}.
 * A gradient check costs two forwards per input element and one backward per output element, hence the small
 * shapes and the tries below (fewer for Winograd, whose 3×3 kernels make the larger cases). jqwik's edge cases are
 * off: they combine all-zero (or all-extreme) tensors, where a convolution's Jacobian says little; the random tries
 * cover the small and the largest geometries anyway.
 */
class Conv2dGradientTest {
    private static final GradCheck CHECK = GradCheck.defaults();
    private static final GradCheckStats GRADIENTS = new GradCheckStats();
    private static final Values VALUES = Values.between(-2, 2);

    @AfterContainer
    static void writeSummary() throws Exception {
        GRADIENTS.write("conv2d");
        ConvAgreement.write();
    }

    // ------------------------------------------------------------------------------------------------ generators

    /** Every parameter in its range: what DIRECT, IM2COL_GEMM and AUTO take. */
    @Provide
    Arbitrary<ConvCase> general() {
        return ConvArbitraries.convCases();
    }

    @Provide
    Arbitrary<ConvCase> pointwise() {
        return ConvArbitraries.convCases(ConvArbitraries.pointwiseConvShapes(2, 5, 9, 3), VALUES);
    }

    @Provide
    Arbitrary<ConvCase> winograd() {
        return ConvArbitraries.convCases(ConvArbitraries.winogradConvShapes(2, 5, 9, 2), VALUES);
    }

    /** A case and the output gradient to backpropagate through it (float-representable values). */
    record Sample(ConvCase conv, double[] gradOut) {
        @Override
        public String toString() {
            return conv + "\ngradOut " + java.util.Arrays.toString(gradOut);
        }
    }

    private static Arbitrary<Sample> withGradient(Arbitrary<ConvCase> cases) {
        return cases.flatMap(c -> VALUES.arbitrary().array(double[].class).ofSize(c.shape().outputSize())
                .map(g -> new Sample(c, g)));
    }

    @Provide
    Arbitrary<Sample> generalWithGradient() {
        return withGradient(general());
    }

    @Provide
    Arbitrary<Sample> pointwiseWithGradient() {
        return withGradient(pointwise());
    }

    @Provide
    Arbitrary<Sample> winogradWithGradient() {
        return withGradient(winograd());
    }

    /**
     * General, 1×1 and 3×3 stride-1 geometries alike, the latter also with 8–12 channels (where AUTO picks Winograd),
     * so AUTO runs each of its algorithms.
     */
    @Provide
    Arbitrary<Sample> anyWithGradient() {
        Arbitrary<ConvCase> wide = ConvArbitraries.convCases(ConvArbitraries.winogradConvShapes(1, 8, 12, 9, 2),
                VALUES);
        return Arbitraries.oneOf(generalWithGradient(), pointwiseWithGradient(), winogradWithGradient(),
                withGradient(wide));
    }

    // ------------------------------------------------------------------------------------------------- gradient checks

    private static void gradients(ConvAlgorithm algorithm, ConvCase c) {
        Tensor[] operands = c.operands();
        for (Tensor t : operands) {
            t.requiresGrad(true);
        }
        GradCheckReport r = CHECK.check(in -> c.conv2d(algorithm, in), operands);
        GRADIENTS.record("conv2d " + algorithm, r);
        r.assertPassed();
    }

    @Property(seed = SEED, tries = 50, edgeCases = EdgeCasesMode.NONE)
    void gradientsDirect(@ForAll("general") ConvCase c) {
        gradients(ConvAlgorithm.DIRECT, c);
    }

    @Property(seed = SEED, tries = 50, edgeCases = EdgeCasesMode.NONE)
    void gradientsIm2colGemm(@ForAll("general") ConvCase c) {
        gradients(ConvAlgorithm.IM2COL_GEMM, c);
    }

    @Property(seed = SEED, tries = 50, edgeCases = EdgeCasesMode.NONE)
    void gradientsPointwiseGemm(@ForAll("pointwise") ConvCase c) {
        gradients(ConvAlgorithm.POINTWISE_GEMM, c);
    }

    @Property(seed = SEED, tries = 30, edgeCases = EdgeCasesMode.NONE)
    void gradientsWinogradF2x2(@ForAll("winograd") ConvCase c) {
        gradients(ConvAlgorithm.WINOGRAD_F2X2_3X3, c);
    }

    @Property(seed = SEED, tries = 30, edgeCases = EdgeCasesMode.NONE)
    void gradientsWinogradF4x4(@ForAll("winograd") ConvCase c) {
        gradients(ConvAlgorithm.WINOGRAD_F4X4_3X3, c);
    }

    // ---------------------------------------------------------------------------------------------- float32 agreement

    private static void agreement(ConvAlgorithm algorithm, Sample sample) {
        ConvAgreement.check(algorithm, sample.conv(), sample.gradOut());
    }

    @Property(seed = SEED, edgeCases = EdgeCasesMode.NONE)
    void agreementDirect(@ForAll("generalWithGradient") Sample sample) {
        agreement(ConvAlgorithm.DIRECT, sample);
    }

    @Property(seed = SEED, edgeCases = EdgeCasesMode.NONE)
    void agreementIm2colGemm(@ForAll("generalWithGradient") Sample sample) {
        agreement(ConvAlgorithm.IM2COL_GEMM, sample);
    }

    @Property(seed = SEED, edgeCases = EdgeCasesMode.NONE)
    void agreementPointwiseGemm(@ForAll("pointwiseWithGradient") Sample sample) {
        agreement(ConvAlgorithm.POINTWISE_GEMM, sample);
    }

    @Property(seed = SEED, edgeCases = EdgeCasesMode.NONE)
    void agreementWinogradF2x2(@ForAll("winogradWithGradient") Sample sample) {
        agreement(ConvAlgorithm.WINOGRAD_F2X2_3X3, sample);
    }

    @Property(seed = SEED, edgeCases = EdgeCasesMode.NONE)
    void agreementWinogradF4x4(@ForAll("winogradWithGradient") Sample sample) {
        agreement(ConvAlgorithm.WINOGRAD_F4X4_3X3, sample);
    }

    /**
     * What {@code conv2d(input, weight, bias, stride, padding)} and layers run: the algorithm chosen per shape (im2col,
     * 1×1 GEMM or Winograd F(4×4,3×3)), resolved once so backward runs what forward ran.
     */
    @Property(seed = SEED, edgeCases = EdgeCasesMode.NONE)
    void agreementAuto(@ForAll("anyWithGradient") Sample sample) {
        agreement(ConvAlgorithm.AUTO, sample);
    }
}

package dev.resvec.core.testing;

import static dev.resvec.core.testing.PropertySeeds.SEED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.kernels.ConvAlgorithm;
import dev.resvec.kernels.ConvShape;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The convolution generators keep to their ranges, and the operands fit the geometry. */
class ConvGeneratorsTest {

    @Provide
    Arbitrary<ConvCase> general() {
        return ConvArbitraries.convCases();
    }

    @Provide
    Arbitrary<ConvShape> pointwise() {
        return ConvArbitraries.pointwiseConvShapes(2, 5, 9, 3);
    }

    @Provide
    Arbitrary<ConvShape> winograd() {
        return ConvArbitraries.winogradConvShapes(2, 5, 9, 2);
    }

    @Property(seed = SEED)
    void generalCasesStayInTheirRanges(@ForAll("general") ConvCase c) {
        ConvShape s = c.shape();
        assertTrue(s.batch() <= 2 && s.inChannels() <= 5 && s.outChannels() <= 5, s::describe);
        assertTrue(s.height() <= 9 && s.width() <= 9, s::describe);
        assertTrue(s.kernelH() <= 5 && s.kernelW() <= 5 && s.strideH() <= 3 && s.strideW() <= 3, s::describe);
        assertTrue(s.padH() <= 2 && s.padW() <= 2 && s.dilationH() <= 2 && s.dilationW() <= 2, s::describe);
        assertTrue(s.groups() <= 2, s::describe);
        assertArrayEquals(new int[] {s.batch(), s.inChannels(), s.height(), s.width()}, c.input().shape());
        assertArrayEquals(new int[] {s.outChannels(), s.groupInChannels(), s.kernelH(), s.kernelW()},
                c.weight().shape());
        if (c.bias() != null) {
            assertArrayEquals(new int[] {s.outChannels()}, c.bias().shape());
        }
        for (double v : c.input().toDoubleArray()) {
            assertEquals((float) v, v, 0, "values are float-representable");
        }
    }

    @Property(seed = SEED)
    void pointwiseShapesAreWhatPointwiseGemmAccepts(@ForAll("pointwise") ConvShape s) {
        assertTrue(ConvAlgorithm.POINTWISE_GEMM.accepts(s), s::describe);
        assertTrue(s.strideH() <= 3 && s.height() <= 9 && s.inChannels() <= 5, s::describe);
    }

    @Provide
    Arbitrary<ConvShape> wideWinograd() {
        return ConvArbitraries.winogradConvShapes(1, 8, 12, 9, 2);
    }

    @Property(seed = SEED)
    void winogradShapesAreWhatWinogradAccepts(@ForAll("winograd") ConvShape s) {
        assertTrue(ConvAlgorithm.WINOGRAD_F4X4_3X3.accepts(s), s::describe);
        assertTrue(s.padH() <= 2 && s.height() <= 9 && s.outChannels() <= 5, s::describe);
    }

    @Property(seed = SEED)
    void wideWinogradShapesKeepTheirChannelRange(@ForAll("wideWinograd") ConvShape s) {
        assertTrue(ConvAlgorithm.WINOGRAD_F2X2_3X3.accepts(s), s::describe);
        assertTrue(s.inChannels() >= 8 && s.inChannels() <= 12 && s.outChannels() >= 8 && s.outChannels() <= 12,
                s::describe);
        assertEquals(1, s.batch(), s::describe);
    }
}

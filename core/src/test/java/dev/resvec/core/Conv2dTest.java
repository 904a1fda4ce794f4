package dev.resvec.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.kernels.ConvAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@code Functional.conv2d}: values worked by hand, the wiring of the gradients (which are computed, the bias-only
 * path, the empty batch), and an error naming the shapes for every bad argument. FLOAT64 with the direct algorithm,
 * which needs no SIMD kernel; the algorithms themselves are covered by core-testing's {@code Conv2dGradientTest}.
 */
class Conv2dTest {
    private static final int[] ONE = {1, 1};
    private static final int[] ZERO = {0, 0};

    private static Tensor conv(Tensor x, Tensor w, Tensor b, int[] stride, int[] pad, int[] dil, int groups) {
        return Functional.conv2d(x, w, b, stride, pad, dil, groups, ConvAlgorithm.DIRECT);
    }

    private static Tensor d(int... shape) {
        return Tensor.arange(DType.FLOAT64, 1, 1 + Shapes.numel(shape), 1).reshape(shape).detach();
    }

    // ------------------------------------------------------------------------------------------------ values

    @Test
    void aThreeByThreeInputWithATwoByTwoKernel() {
        // input 1..9 as a 3×3 image, weight [[1, 0], [0, -1]], bias 10: out[y][x] = in[y][x] − in[y+1][x+1] + 10
        Tensor x = d(1, 1, 3, 3);
        Tensor w = Tensor.fromArray(new double[] {1, 0, 0, -1}, 1, 1, 2, 2);
        Tensor b = Tensor.fromArray(new double[] {10}, 1);
        Tensor out = conv(x, w, b, ONE, ZERO, ONE, 1);
        assertArrayEquals(new int[] {1, 1, 2, 2}, out.shape());
        assertArrayEquals(new double[] {6, 6, 6, 6}, out.toDoubleArray());
    }

    @Test
    void strideAndPaddingGiveTheOutputSizeOfPyTorch() {
        // (H + 2p − d(R − 1) − 1) / s + 1: (7 + 2 − 2·2 − 1) / 2 + 1 = 3 and (5 + 0 − 2 − 1) / 1 + 1 = 3
        Tensor out = conv(d(2, 2, 7, 5), d(4, 1, 3, 3), null, new int[] {2, 1}, new int[] {1, 0}, new int[] {2, 1}, 2);
        assertArrayEquals(new int[] {2, 4, 3, 3}, out.shape());
    }

    @Test
    void theShortFormIsDilationOneGroupOneAuto() {
        Tensor x = d(1, 2, 4, 4);
        Tensor w = d(3, 2, 3, 3);
        Tensor b = d(3);
        // FLOAT64 AUTO is the direct definition
        assertTrue(Functional.conv2d(x, w, b, 1, 1).allClose(conv(x, w, b, ONE, ONE, ONE, 1), 0, 0));
    }

    // ------------------------------------------------------------------------------------------------ gradients

    @Test
    void onlyTheGradientsAskedForAreComputed() {
        Tensor x = d(1, 2, 4, 4);
        Tensor w = d(3, 2, 3, 3).requiresGrad(true);
        Tensor b = d(3);
        conv(x, w, b, ONE, ONE, ONE, 1).sum().backward();
        assertNull(x.grad());
        assertNull(b.grad());
        // d sum / d w[k,c,r,s] = Σ of the input under tap (r, s) over the 4×4 outputs (padding 1): the centre tap
        // sees the whole 4×4 plane of channel c
        assertEquals(136, w.grad().get(0, 0, 1, 1), 0); // 1 + ... + 16
        assertEquals(392, w.grad().get(2, 1, 1, 1), 0); // 17 + ... + 32
    }

    @Test
    void theBiasAloneGetsTheSumsOfTheOutputGradientPerChannel() {
        Tensor x = d(2, 1, 3, 3);
        Tensor w = d(2, 1, 2, 2);
        Tensor b = Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true);
        Tensor out = conv(x, w, b, ONE, ZERO, ONE, 1); // 2×2×2×2
        out.backward(d(2, 2, 2, 2));
        // channel 0: 1+2+3+4 (image 0) + 9+10+11+12 (image 1); channel 1: 5..8 + 13..16
        assertArrayEquals(new double[] {52, 84}, b.grad().toDoubleArray());
    }

    @Test
    void anEmptyBatchGivesAnEmptyOutputAndZeroGradients() {
        Tensor x = Tensor.zeros(DType.FLOAT64, 0, 2, 5, 5).requiresGrad(true);
        Tensor w = d(3, 2, 3, 3).requiresGrad(true);
        Tensor b = d(3).requiresGrad(true);
        Tensor out = conv(x, w, b, ONE, ZERO, ONE, 1);
        assertArrayEquals(new int[] {0, 3, 3, 3}, out.shape());
        out.backward(Tensor.zeros(DType.FLOAT64, 0, 3, 3, 3));
        assertArrayEquals(new int[] {0, 2, 5, 5}, x.grad().shape());
        assertArrayEquals(new double[54], w.grad().toDoubleArray());
        assertArrayEquals(new double[3], b.grad().toDoubleArray());
    }

    // ------------------------------------------------------------------------------------------------ errors

    private static void fails(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "'" + e.getMessage() + "' does not contain '" + f + "'");
        }
    }

    @Test
    void channelMismatch() {
        fails(() -> conv(d(2, 3, 8, 8), d(16, 4, 3, 3), null, ONE, ONE, ONE, 1),
                "input [2, 3, 8, 8] has 3 channels but weight [16, 4, 3, 3] expects 4 (groups 1)");
        fails(() -> conv(d(1, 4, 8, 8), d(4, 4, 3, 3), null, ONE, ONE, ONE, 2),
                "input [1, 4, 8, 8] has 4 channels but weight [4, 4, 3, 3] expects 8 (groups 2)");
    }

    @Test
    void groupsMustDivideTheOutputChannelsAndBePositive() {
        fails(() -> conv(d(1, 4, 8, 8), d(5, 2, 3, 3), null, ONE, ONE, ONE, 2), "groups 2", "5 output channels",
                "[5, 2, 3, 3]", "[1, 4, 8, 8]");
        fails(() -> conv(d(1, 4, 8, 8), d(4, 4, 3, 3), null, ONE, ONE, ONE, 0), "groups must be >= 1",
                "[4, 4, 3, 3]", "[1, 4, 8, 8]");
    }

    @Test
    void aKernelLargerThanThePaddedInput() {
        fails(() -> conv(d(1, 1, 4, 4), d(1, 1, 7, 7), null, ONE, ONE, ONE, 1), "kernel 7x7 of weight [1, 1, 7, 7]",
                "padded input 6x6 of input [1, 1, 4, 4]");
        fails(() -> conv(d(1, 1, 8, 8), d(1, 1, 3, 5), null, ONE, ZERO, new int[] {1, 2}, 1), "dilated span 3x9",
                "[1, 1, 3, 5]", "[1, 1, 8, 8]");
    }

    @Test
    void strideDilationAndPaddingOutOfRange() {
        Tensor x = d(1, 1, 5, 5);
        Tensor w = d(1, 1, 3, 3);
        fails(() -> conv(x, w, null, new int[] {0, 1}, ZERO, ONE, 1), "stride must be >= 1", "[0, 1]",
                "[1, 1, 5, 5]", "[1, 1, 3, 3]");
        fails(() -> conv(x, w, null, new int[] {1, -2}, ZERO, ONE, 1), "stride must be >= 1", "[1, -2]");
        fails(() -> conv(x, w, null, ONE, ZERO, new int[] {0, 0}, 1), "dilation must be >= 1", "[1, 1, 5, 5]");
        fails(() -> conv(x, w, null, ONE, new int[] {-1, 0}, ONE, 1), "padding must be >= 0", "[1, 1, 3, 3]");
        fails(() -> conv(x, w, null, new int[] {1}, ZERO, ONE, 1), "stride must hold 2 values", "[1, 1, 5, 5]");
        fails(() -> conv(x, w, null, ONE, null, ONE, 1), "padding must hold 2 values", "[1, 1, 3, 3]");
    }

    @Test
    void ranks() {
        fails(() -> conv(d(1, 5, 5), d(1, 1, 3, 3), null, ONE, ZERO, ONE, 1), "input must be 4-D", "[1, 5, 5]",
                "[1, 1, 3, 3]");
        fails(() -> conv(d(1, 1, 5, 5), d(1, 3, 3), null, ONE, ZERO, ONE, 1), "weight must be 4-D", "[1, 3, 3]",
                "[1, 1, 5, 5]");
        fails(() -> conv(d(1, 1, 5, 5), d(1, 1, 3, 3), d(1, 1), ONE, ZERO, ONE, 1), "bias must be 1-D", "[1, 1]",
                "[1, 1, 5, 5]", "[1, 1, 3, 3]");
    }

    @Test
    void biasSize() {
        fails(() -> conv(d(1, 1, 5, 5), d(2, 1, 3, 3), d(3), ONE, ZERO, ONE, 1), "bias [3]",
                "weight [2, 1, 3, 3], 2", "[1, 1, 5, 5]");
    }

    @Test
    void dtypes() {
        fails(() -> conv(d(1, 1, 5, 5).to(DType.FLOAT32), d(1, 1, 3, 3), null, ONE, ZERO, ONE, 1), "dtypes differ",
                "FLOAT32 [1, 1, 5, 5]", "FLOAT64 [1, 1, 3, 3]");
        fails(() -> conv(d(1, 1, 5, 5), d(1, 1, 3, 3), d(1).to(DType.FLOAT32), ONE, ZERO, ONE, 1), "dtypes differ",
                "bias FLOAT32 [1]");
    }

    @Test
    void zeroSizesOtherThanTheBatch() {
        fails(() -> conv(Tensor.zeros(DType.FLOAT64, 1, 1, 0, 5), d(1, 1, 1, 1), null, ONE, ZERO, ONE, 1),
                "size of zero", "[1, 1, 0, 5]", "[1, 1, 1, 1]");
        fails(() -> conv(d(1, 1, 5, 5), Tensor.zeros(DType.FLOAT64, 0, 1, 1, 1), null, ONE, ZERO, ONE, 1),
                "size of zero", "[0, 1, 1, 1]");
    }

    @Test
    void anAlgorithmThatDoesNotAcceptTheShape() {
        fails(() -> Functional.conv2d(d(1, 1, 5, 5), d(1, 1, 3, 3), null, ONE, ZERO, ONE, 1,
                ConvAlgorithm.POINTWISE_GEMM), "POINTWISE_GEMM does not accept input [1, 1, 5, 5] with weight"
                + " [1, 1, 3, 3]", "1x1 kernel");
        fails(() -> Functional.conv2d(d(1, 1, 5, 5), d(1, 1, 3, 3), null, new int[] {2, 2}, ZERO, ONE, 1,
                ConvAlgorithm.WINOGRAD_F4X4_3X3), "WINOGRAD_F4X4_3X3 does not accept", "stride 2x2", "3x3 kernel");
        fails(() -> Functional.conv2d(d(1, 1, 5, 5), d(1, 1, 3, 3), null, ONE, ZERO, ONE, 1, null),
                "algorithm is null", "[1, 1, 5, 5]");
    }

    @Test
    void nullTensors() {
        fails(() -> conv(null, d(1, 1, 3, 3), null, ONE, ZERO, ONE, 1), "input is null", "weight [1, 1, 3, 3]");
        fails(() -> conv(d(1, 1, 5, 5), null, null, ONE, ZERO, ONE, 1), "weight is null", "input [1, 1, 5, 5]");
    }
}

package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The public {@link Convolution} entries and {@link ConvShape}: every invalid argument is an
 * {@link IllegalArgumentException} whose message names the shape (or the rule and the values it broke) and the
 * array; nothing is written by a rejected call. Also the documented choice of {@link Convolution#choose}.
 */
class ConvArgumentsTest {
    /** 2×4×9×9 input, 6 filters 4×3×3, stride 2, padding 1: output 2×6×5×5. */
    private static final ConvShape S = ConvShape.of(2, 4, 9, 9, 6, 3, 2, 1);
    private static final String DESCRIBED = S.describe();

    private static float[] floats(int n) {
        float[] a = new float[n];
        Arrays.fill(a, 0.5f);
        return a;
    }

    /** Asserts rejection with every fragment in the message, and that {@code written} was not modified. */
    private static void assertRejected(Executable call, float[] written, String... fragments) {
        float[] before = written == null ? null : written.clone();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String fragment : fragments) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(fragment),
                    "message \"" + e.getMessage() + "\" does not contain \"" + fragment + "\"");
        }
        if (before != null) {
            assertArrayEquals(before, written, "output modified by a rejected call");
        }
    }

    @Test
    void forwardNamesTheArrayAndTheShape() {
        float[] in = floats(S.inputSize()), w = floats(S.filterSize()), out = floats(S.outputSize());
        ConvAlgorithm a = ConvAlgorithm.IM2COL_GEMM;
        Parallelism p = Parallelism.singleThread();
        ConvEpilogue none = ConvEpilogue.none();
        assertRejected(() -> Convolution.forward(S, a, null, 0, w, 0, out, 0, none, p), out, "in", "null",
                DESCRIBED);
        assertRejected(() -> Convolution.forward(S, a, floats(S.inputSize() - 1), 0, w, 0, out, 0, none, p), out,
                "in (input) too short", DESCRIBED, "needs " + S.inputSize(), "array length is " + (S.inputSize() - 1));
        assertRejected(() -> Convolution.forward(S, a, in, 1, w, 0, out, 0, none, p), out, "in (input)",
                "from offset 1");
        assertRejected(() -> Convolution.forward(S, a, in, -1, w, 0, out, 0, none, p), out, "in (input)",
                "offset -1");
        assertRejected(() -> Convolution.forward(S, a, in, 0, null, 0, out, 0, none, p), out, "w (filters) is null",
                DESCRIBED);
        assertRejected(() -> Convolution.forward(S, a, in, 0, w, 3, out, 0, none, p), out, "w (filters) too short",
                DESCRIBED, "needs " + S.filterSize());
        assertRejected(() -> Convolution.forward(S, a, in, 0, w, 0, null, 0, none, p), null, "out (output) is null",
                DESCRIBED);
        assertRejected(() -> Convolution.forward(S, a, in, 0, w, 0, floats(S.outputSize() - 1), 0, none, p), null,
                "out (output) too short", DESCRIBED, "needs " + S.outputSize());
        assertRejected(() -> Convolution.forward(S, a, in, 0, w, 0, out, 0, null, p), out, "epilogue is null");
        assertRejected(() -> Convolution.forward(S, a, in, 0, w, 0, out, 0, none, null), out, "parallelism is null");
        assertRejected(() -> Convolution.forward(null, a, in, 0, w, 0, out, 0, none, p), out, "shape is null");
        assertRejected(() -> Convolution.forward(S, null, in, 0, w, 0, out, 0, none, p), out, "algorithm is null");
        assertRejected(() -> Convolution.forward(S, a, in, 0, w, 0, out, 0,
                none.withBias(floats(S.outChannels() - 1), 0), p), out, "bias", "too short", DESCRIBED,
                "needs " + S.outChannels());
        assertRejected(() -> Convolution.forward(S, a, in, 0, w, 0, out, 0,
                none.withResidual(floats(S.outputSize()), 2), p), out, "residual", "too short", DESCRIBED);
    }

    @Test
    void aResidualOverlappingTheOutputIsRejectedUnlessItIsTheOutput() {
        float[] in = floats(S.inputSize()), w = floats(S.filterSize());
        float[] big = floats(S.outputSize() + 10);
        assertRejected(() -> Convolution.forward(S, ConvAlgorithm.IM2COL_GEMM, in, 0, w, 0, big, 0,
                        ConvEpilogue.none().withResidual(big, 5), Parallelism.singleThread()), big,
                "residual overlaps the output", "offsets 5 and 0", DESCRIBED);
        // the output itself, and a disjoint part of the same array, are fine
        Convolution.forward(S, ConvAlgorithm.IM2COL_GEMM, in, 0, w, 0, big, 3, ConvEpilogue.none()
                .withResidual(big, 3), Parallelism.singleThread());
        float[] two = floats(2 * S.outputSize());
        Convolution.forward(S, ConvAlgorithm.IM2COL_GEMM, in, 0, w, 0, two, 0, ConvEpilogue.none()
                .withResidual(two, S.outputSize()), Parallelism.singleThread());
    }

    /**
     * An output overlapping what the call reads is rejected, naming both element ranges; in one array side by side
     * (no shared element) it is legal. S: input 648, filters 216, output 300 elements.
     */
    @Test
    void anOutputOverlappingAnInputIsRejected() {
        ConvAlgorithm a = ConvAlgorithm.IM2COL_GEMM;
        Parallelism p = Parallelism.singleThread();
        float[] buf = floats(2000);
        float[] w = floats(S.filterSize());
        assertRejected(() -> Convolution.forward(S, a, buf, 0, w, 0, buf, 647, ConvEpilogue.none(), p), buf,
                DESCRIBED, "out (output) (300 elements from offset 647: elements 647..946) overlaps in (input) (648"
                        + " elements from offset 0: elements 0..647)");
        Convolution.forward(S, a, buf, 0, w, 0, buf, 648, ConvEpilogue.none(), p); // right after the input
        float[] in = floats(S.inputSize());
        assertRejected(() -> Convolution.forward(S, a, in, 0, buf, 100, buf, 0, ConvEpilogue.none(), p), buf,
                "out (output)", "overlaps w (filters) (216 elements from offset 100: elements 100..315)");
        assertRejected(() -> Convolution.forward(S, a, in, 0, w, 0, buf, 0, ConvEpilogue.none().withBias(buf, 299),
                p), buf, "out (output)", "overlaps bias (bias) (6 elements from offset 299");
        PreparedConvolution prepared = Convolution.prepare(S, ConvAlgorithm.AUTO, w, 0);
        assertRejected(() -> prepared.forward(2, buf, 0, buf, 300, ConvEpilogue.none(), p), buf, "out (output)",
                "overlaps in (input)");
        // double forward, both gradients (float and double)
        double[] d = new double[2000];
        assertThrowsWith(() -> Convolution.forward(S, a, d, 0, new double[216], 0, null, 0, d, 600), "out (output)",
                "overlaps in (input)");
        float[] gradOut = floats(S.outputSize());
        assertRejected(() -> Convolution.backwardData(S, a, buf, 0, w, 0, buf, 299, p), buf,
                "gradIn (input gradient) (648 elements from offset 299", "overlaps gradOut (output gradient)");
        assertThrowsWith(() -> Convolution.backwardData(S, a, new double[300], 0, d, 0, d, 215),
                "gradIn (input gradient)", "overlaps w (filters)");
        assertRejected(() -> Convolution.backwardFilter(S, a, in, 0, buf, 0, buf, 250, null, 0, p), buf,
                "gradW (filter gradient) (216 elements from offset 250", "overlaps gradOut (output gradient)");
        assertRejected(() -> Convolution.backwardFilter(S, a, in, 0, gradOut, 0, buf, 0, buf, 215, p), buf,
                "gradW (filter gradient)", "overlaps gradBias (bias gradient) (6 elements from offset 215");
        assertThrowsWith(() -> Convolution.backwardFilter(S, a, d, 0, new double[300], 0, new double[216], 0, d, 640),
                "gradBias (bias gradient) (6 elements from offset 640", "overlaps in (input)");
    }

    @Test
    void gradientsNameTheArrayAndTheShape() {
        float[] in = floats(S.inputSize()), w = floats(S.filterSize()), g = floats(S.outputSize());
        float[] gIn = floats(S.inputSize()), gW = floats(S.filterSize()), gB = floats(S.outChannels());
        ConvAlgorithm a = ConvAlgorithm.IM2COL_GEMM;
        Parallelism p = Parallelism.singleThread();
        assertRejected(() -> Convolution.backwardData(S, a, floats(3), 0, w, 0, gIn, 0, p), gIn,
                "gradOut (output gradient) too short", DESCRIBED);
        assertRejected(() -> Convolution.backwardData(S, a, g, 0, null, 0, gIn, 0, p), gIn, "w (filters) is null");
        assertRejected(() -> Convolution.backwardData(S, a, g, 0, w, 0, floats(S.inputSize()), 1, p), null,
                "gradIn (input gradient) too short", DESCRIBED);
        assertRejected(() -> Convolution.backwardData(S, a, g, 0, w, 0, gIn, 0, null), gIn, "parallelism is null");
        assertRejected(() -> Convolution.backwardFilter(S, a, null, 0, g, 0, gW, 0, gB, 0, p), gW,
                "in (input) is null", DESCRIBED);
        assertRejected(() -> Convolution.backwardFilter(S, a, in, 0, g, 4, gW, 0, gB, 0, p), gW,
                "gradOut (output gradient) too short");
        assertRejected(() -> Convolution.backwardFilter(S, a, in, 0, g, 0, floats(S.filterSize() - 1), 0, gB, 0, p),
                null, "gradW (filter gradient) too short", DESCRIBED);
        assertRejected(() -> Convolution.backwardFilter(S, a, in, 0, g, 0, gW, 0, floats(S.outChannels()), 1, p),
                gW, "gradBias (bias gradient) too short", DESCRIBED);
    }

    @Test
    void doubleEntriesNameTheArrayAndTheShape() {
        double[] in = new double[S.inputSize()], w = new double[S.filterSize()], out = new double[S.outputSize()];
        assertThrowsWith(() -> Convolution.forward(S, ConvAlgorithm.IM2COL_GEMM, new double[5], 0, w, 0, null, 0,
                out, 0), "in (input) too short", DESCRIBED);
        assertThrowsWith(() -> Convolution.forward(S, ConvAlgorithm.IM2COL_GEMM, in, 0, w, 0, new double[1], 0,
                out, 0), "bias", "too short", DESCRIBED);
        assertThrowsWith(() -> Convolution.backwardData(S, ConvAlgorithm.IM2COL_GEMM, out, 0, w, 0,
                new double[3], 0), "gradIn (input gradient) too short", DESCRIBED);
        assertThrowsWith(() -> Convolution.backwardFilter(S, ConvAlgorithm.IM2COL_GEMM, in, 0, out, 0, null, 0,
                null, 0), "gradW (filter gradient) is null", DESCRIBED);
        assertThrowsWith(() -> Convolution.forward(S, ConvAlgorithm.POINTWISE_GEMM, in, 0, w, 0, null, 0, out, 0),
                "POINTWISE_GEMM does not accept", DESCRIBED);
    }

    @Test
    void anAlgorithmThatDoesNotAcceptTheShapeIsNamedWithIt() {
        float[] in = floats(S.inputSize()), w = floats(S.filterSize()), out = floats(S.outputSize());
        for (ConvAlgorithm a : new ConvAlgorithm[] {ConvAlgorithm.POINTWISE_GEMM, ConvAlgorithm.WINOGRAD_F2X2_3X3,
                ConvAlgorithm.WINOGRAD_F4X4_3X3}) {
            assertRejected(() -> Convolution.forward(S, a, in, 0, w, 0, out, 0, ConvEpilogue.none(),
                    Parallelism.singleThread()), out, a + " does not accept the convolution " + DESCRIBED);
            assertRejected(() -> Convolution.backwardData(S, a, out, 0, w, 0, in, 0, Parallelism.singleThread()),
                    in, a + " does not accept");
            assertRejected(() -> Convolution.prepare(S, a, w, 0), null, a + " does not accept", DESCRIBED);
        }
        ConvShape padded1x1 = ConvShape.of(1, 4, 5, 5, 4, 1, 1, 1);
        assertRejected(() -> Convolution.prepare(padded1x1, ConvAlgorithm.POINTWISE_GEMM, floats(16), 0), null,
                "POINTWISE_GEMM does not accept", "pad 1", "1x1 kernel, no padding");
        assertRejected(() -> Convolution.prepare(S, ConvAlgorithm.IM2COL_GEMM, floats(S.filterSize() - 1), 0), null,
                "w (filters) too short", DESCRIBED);
    }

    @Test
    void convShapeRulesNameTheOffendingValues() {
        assertThrowsWith(() -> ConvShape.of(1, 3, 8, 8, 4, 3, 0, 1), "strideH must be >= 1, got 0");
        assertThrowsWith(() -> ConvShape.of(1, 3, 8, 8, 4, 3, -2, 1), "strideH must be >= 1, got -2");
        assertThrowsWith(() -> new ConvShape(1, 3, 8, 8, 4, 3, 3, 1, 0, 1, 1, 1, 1, 1), "strideW must be >= 1, got 0");
        assertThrowsWith(() -> ConvShape.of(1, 3, 8, 8, 4, 3, 1, -1), "padding must be >= 0", "padH=-1");
        assertThrowsWith(() -> ConvShape.of(0, 3, 8, 8, 4, 3, 1, 1), "batch must be >= 1, got 0");
        assertThrowsWith(() -> ConvShape.of(1, 0, 8, 8, 4, 3, 1, 1), "inChannels must be >= 1, got 0");
        assertThrowsWith(() -> ConvShape.of(1, 3, 8, 8, 4, 3, 1, 1).withGroups(2), "groups=2 must divide",
                "inChannels=3", "outChannels=4");
        assertThrowsWith(() -> ConvShape.of(1, 4, 8, 8, 6, 3, 1, 1).withGroups(4), "groups=4", "outChannels=6");
        assertThrowsWith(() -> ConvShape.of(1, 3, 4, 4, 8, 7, 1, 1), "kernel 7x7", "larger than the padded input 6x6",
                "input 4x4, padding 1x1");
        assertThrowsWith(() -> ConvShape.of(1, 3, 5, 5, 8, 3, 1, 0).withDilation(3), "dilated span 7x7",
                "padded input 5x5");
    }

    /** Whatever rule is broken, the message ends with every argument of the call, each under its name. */
    @Test
    void convShapeErrorsPrintTheWholeCall() {
        assertThrowsWith(() -> new ConvShape(2, 3, 8, 9, 4, 3, 5, 1, 2, 1, 0, 1, 2, 0), "groups must be >= 1, got 0",
                "(batch=2, inChannels=3, height=8, width=9, outChannels=4, kernel=3x5, stride=1x2, padding=1x0,"
                        + " dilation=1x2, groups=0)");
        assertThrowsWith(() -> ConvShape.of(16, 64, 5, 5, 128, 7, 2, 0), "larger than the padded input 5x5",
                "(batch=16, inChannels=64, height=5, width=5, outChannels=128, kernel=7x7, stride=2x2, padding=0x0,"
                        + " dilation=1x1, groups=1)");
        assertThrowsWith(() -> ConvShape.of(1, 3, 8, 8, 4, 3, 1, -1), "padding must be >= 0",
                "(batch=1, inChannels=3, height=8, width=8, outChannels=4, kernel=3x3, stride=1x1, padding=-1x-1,"
                        + " dilation=1x1, groups=1)");
        assertThrowsWith(() -> ConvShape.of(1, 6, 8, 8, 4, 3, 1, 1).withDilation(2).withGroups(4),
                "groups=4 must divide inChannels=6", "dilation=2x2, groups=4)");
    }

    @Test
    void chooseFollowsTheDocumentedHeuristic() {
        assertEquals(ConvAlgorithm.POINTWISE_GEMM, Convolution.choose(ConvShape.of(1, 64, 56, 56, 256, 1, 1, 0)));
        assertEquals(ConvAlgorithm.POINTWISE_GEMM, Convolution.choose(ConvShape.of(1, 256, 56, 56, 512, 1, 2, 0)));
        assertEquals(ConvAlgorithm.IM2COL_GEMM, Convolution.choose(ConvShape.of(1, 64, 56, 56, 64, 1, 1, 1)));
        assertEquals(ConvAlgorithm.IM2COL_GEMM,
                Convolution.choose(ConvShape.of(1, 64, 56, 56, 64, 1, 1, 0).withGroups(2)));
        // per call: narrow stride-1 layers (<= 64 channels, <= 1024 positions an image) im2col (on shifted rows);
        // else F(4x4) from 32 4x4 tiles over the batch, F(2x2) from 32 2x2 tiles, else im2col
        assertEquals(ConvAlgorithm.IM2COL_GEMM, Convolution.choose(ConvShape.of(64, 16, 32, 32, 16, 3, 1, 1)));
        assertEquals(ConvAlgorithm.IM2COL_GEMM, Convolution.choose(ConvShape.of(1, 8, 32, 32, 8, 3, 1, 1)));
        assertEquals(ConvAlgorithm.IM2COL_GEMM, Convolution.choose(ConvShape.of(64, 64, 8, 8, 64, 3, 1, 1)));
        assertEquals(ConvAlgorithm.WINOGRAD_F4X4_3X3, Convolution.choose(ConvShape.of(64, 64, 8, 8, 65, 3, 1, 1)));
        assertEquals(ConvAlgorithm.WINOGRAD_F4X4_3X3, Convolution.choose(ConvShape.of(1, 64, 56, 56, 64, 3, 1, 1)));
        assertEquals(ConvAlgorithm.WINOGRAD_F4X4_3X3, Convolution.choose(ConvShape.of(1, 8, 40, 40, 8, 3, 1, 1)));
        assertEquals(ConvAlgorithm.WINOGRAD_F4X4_3X3, Convolution.choose(ConvShape.of(1, 128, 28, 28, 128, 3, 1, 1)));
        assertEquals(ConvAlgorithm.WINOGRAD_F4X4_3X3, Convolution.choose(ConvShape.of(8, 512, 7, 7, 512, 3, 1, 1)));
        assertEquals(ConvAlgorithm.WINOGRAD_F2X2_3X3, Convolution.choose(ConvShape.of(2, 512, 7, 7, 512, 3, 1, 1)));
        assertEquals(ConvAlgorithm.WINOGRAD_F2X2_3X3, Convolution.choose(ConvShape.of(1, 256, 14, 14, 256, 3, 1, 1)));
        assertEquals(ConvAlgorithm.IM2COL_GEMM, Convolution.choose(ConvShape.of(1, 512, 7, 7, 512, 3, 1, 1)));
        assertEquals(ConvAlgorithm.IM2COL_GEMM, Convolution.choose(ConvShape.of(1, 64, 3, 3, 64, 3, 1, 1)));
        assertEquals(ConvAlgorithm.IM2COL_GEMM, Convolution.choose(ConvShape.of(1, 64, 1, 1, 64, 3, 1, 1)));
        assertEquals(ConvAlgorithm.IM2COL_GEMM, Convolution.choose(ConvShape.of(1, 3, 32, 32, 64, 3, 1, 1)));
        assertEquals(ConvAlgorithm.IM2COL_GEMM, Convolution.choose(ConvShape.of(1, 64, 56, 56, 4, 3, 1, 1)));
        assertEquals(ConvAlgorithm.IM2COL_GEMM, Convolution.choose(ConvShape.of(1, 64, 56, 56, 128, 3, 2, 1)));
        assertEquals(ConvAlgorithm.IM2COL_GEMM, Convolution.choose(ConvShape.of(1, 3, 224, 224, 64, 7, 2, 3)));
        assertEquals(ConvAlgorithm.IM2COL_GEMM,
                Convolution.choose(ConvShape.of(1, 64, 56, 56, 64, 3, 1, 1).withGroups(64)));
        assertEquals(ConvAlgorithm.IM2COL_GEMM,
                Convolution.choose(ConvShape.of(1, 64, 56, 56, 64, 3, 1, 2).withDilation(2)));
    }

    @Test
    void prepareWithAutoUsesWinogradWhereverItApplies() {
        assertEquals(ConvAlgorithm.WINOGRAD_F4X4_3X3, preparedAlgorithm(ConvShape.of(1, 64, 56, 56, 64, 3, 1, 1)));
        assertEquals(ConvAlgorithm.WINOGRAD_F4X4_3X3, preparedAlgorithm(ConvShape.of(1, 8, 16, 16, 8, 3, 1, 1)));
        assertEquals(ConvAlgorithm.WINOGRAD_F4X4_3X3, preparedAlgorithm(ConvShape.of(1, 8, 12, 12, 8, 3, 1, 1)));
        assertEquals(ConvAlgorithm.WINOGRAD_F2X2_3X3, preparedAlgorithm(ConvShape.of(1, 8, 11, 11, 8, 3, 1, 1)));
        assertEquals(ConvAlgorithm.WINOGRAD_F2X2_3X3, preparedAlgorithm(ConvShape.of(1, 8, 12, 11, 8, 3, 1, 1)));
        assertEquals(ConvAlgorithm.WINOGRAD_F2X2_3X3, preparedAlgorithm(ConvShape.of(1, 8, 3, 3, 8, 3, 1, 1)));
        assertEquals(ConvAlgorithm.IM2COL_GEMM, preparedAlgorithm(ConvShape.of(1, 8, 1, 1, 8, 3, 1, 1)));
        assertEquals(ConvAlgorithm.IM2COL_GEMM, preparedAlgorithm(ConvShape.of(1, 3, 32, 32, 8, 3, 1, 1)));
        assertEquals(ConvAlgorithm.POINTWISE_GEMM, preparedAlgorithm(ConvShape.of(1, 8, 7, 7, 32, 1, 2, 0)));
    }

    private static ConvAlgorithm preparedAlgorithm(ConvShape s) {
        return Convolution.prepare(s, ConvAlgorithm.AUTO, new float[s.filterSize()], 0).algorithm();
    }

    private static void assertThrowsWith(Executable call, String... fragments) {
        assertRejected(call, null, fragments);
    }
}

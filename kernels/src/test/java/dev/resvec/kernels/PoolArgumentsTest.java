package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@link PoolShape}'s geometry (PyTorch's output-size formula in floor mode, and its rules) and the argument checks
 * of {@link Pooling}: every bad argument is an {@link IllegalArgumentException} naming the shape and the array.
 */
class PoolArgumentsTest {

    private static void assertRejected(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message \"" + e.getMessage() + "\" lacks \"" + f + "\"");
        }
    }

    @Test
    void outputSizesFollowPyTorchsFloorMode() {
        PoolShape stem = PoolShape.of(8, 64, 112, 112, 3, 2, 1); // ResNet's max pooling after the stem
        assertEquals(56, stem.outHeight());
        assertEquals(56, stem.outWidth());
        assertEquals("8x64x112x112 kernel 3 stride 2 pad 1 -> 8x64x56x56", stem.describe());
        PoolShape odd = new PoolShape(1, 1, 5, 6, 2, 3, 2, 3, 0, 1); // ⌊(5 − 2)/2⌋ + 1, ⌊(6 + 2 − 3)/3⌋ + 1
        assertEquals(2, odd.outHeight());
        assertEquals(2, odd.outWidth());
        assertEquals("1x1x5x6 kernel 2x3 stride 2x3 pad 0x1 -> 1x1x2x2", odd.describe());
        PoolShape global = PoolShape.of(2, 3, 7, 7, 7, 1, 0);
        assertEquals(1, global.outHeight());
        assertEquals(6, global.outputSize());
        PoolShape grows = PoolShape.of(1, 1, 1, 1, 2, 1, 1); // stride 1 with padding: the output outgrows the input
        assertEquals(2, grows.outHeight());
        assertEquals(4, grows.outputSize());
    }

    @Test
    void invalidGeometriesAreRejected() {
        assertRejected(() -> PoolShape.of(0, 1, 4, 4, 2, 2, 0), "batch must be >= 1");
        assertRejected(() -> PoolShape.of(1, 1, 4, 4, 2, 0, 0), "strideH must be >= 1");
        assertRejected(() -> PoolShape.of(1, 1, 4, 4, 0, 1, 0), "kernelH must be >= 1");
        assertRejected(() -> PoolShape.of(1, 1, 4, 4, 2, 1, -1), "padding must be >= 0");
        assertRejected(() -> PoolShape.of(1, 1, 4, 4, 3, 1, 2), "at most half the kernel", "padding 2",
                "kernel 3", "input 1x1x4x4");
        assertRejected(() -> PoolShape.of(1, 3, 2, 2, 5, 1, 1), "larger than the padded input 4x4", "input 1x3x2x2");
        assertRejected(() -> new PoolShape(1, 1, 4, 1, 2, 2, 1, 1, 0, 0), "kernel 2x2 is larger than the padded input 4x1");
        assertRejected(() -> PoolShape.of(65536, 65536, 1, 1, 1, 1, 0), "more than 2^31-1");
    }

    @Test
    void arraysThatDoNotFitTheShapeAreRejected() {
        PoolShape s = PoolShape.of(2, 3, 4, 4, 2, 2, 0); // 96 in, 24 out
        float[] in = new float[96];
        float[] out = new float[24];
        int[] idx = new int[24];
        assertRejected(() -> Pooling.maxForward(null, in, 0, out, 0, idx, 0), "shape is null");
        assertRejected(() -> Pooling.maxForward(s, null, 0, out, 0, idx, 0), "in (input) is null", "2x3x4x4");
        assertRejected(() -> Pooling.maxForward(s, in, 1, out, 0, idx, 0), "in (input) too short", "2x3x4x4",
                "needs 96 elements from offset 1, array length is 96");
        assertRejected(() -> Pooling.maxForward(s, in, 0, new float[23], 0, idx, 0), "out (output) too short",
                "-> 2x3x2x2");
        assertRejected(() -> Pooling.maxForward(s, in, 0, out, 0, new int[24], 2), "indices (argmax indices)");
        assertRejected(() -> Pooling.maxForward(s, in, -1, out, 0, idx, 0), "offset -1");
        assertRejected(() -> Pooling.avgForward(s, true, new double[95], 0, new double[24], 0), "in (input)");
        assertRejected(() -> Pooling.avgBackward(s, true, out, 0, new float[90], 0), "gradIn (input gradient)");
        assertRejected(() -> Pooling.maxBackward(s, out, 0, null, 0, in, 0), "indices (argmax indices) is null");
    }

    @Test
    void indicesOutsideTheirPlaneAreRejectedBeforeAnyWrite() {
        PoolShape s = PoolShape.of(1, 2, 3, 3, 3, 1, 0); // one output per plane, planes of 9
        float[] gradIn = new float[18];
        java.util.Arrays.fill(gradIn, 5f);
        assertRejected(() -> Pooling.maxBackward(s, new float[] {1, 1}, 0, new int[] {4, 9}, 0, gradIn, 0),
                "indices[1] = 9", "plane of 3x3 = 9");
        assertRejected(() -> Pooling.maxBackward(s, new double[] {1, 1}, 0, new int[] {-1, 0}, 0, new double[18], 0),
                "indices[0] = -1");
        float[] fives = new float[18];
        java.util.Arrays.fill(fives, 5f);
        assertArrayEquals(fives, gradIn, "a rejected call wrote gradIn");
    }

    @Test
    void globalPoolingChecksItsSizes() {
        assertRejected(() -> Pooling.globalAvgForward(2, 3, 0, new float[0], 0, new float[6], 0), "spatial must be >= 1");
        assertRejected(() -> Pooling.globalAvgForward(2, 3, 4, new float[23], 0, new float[6], 0), "in is too short",
                "batch*channels*spatial=2*3*4=24");
        assertRejected(() -> Pooling.globalAvgForward(2, 3, 4, new float[24], 0, new float[6], 1), "out is too short",
                "batch*channels=2*3=6");
        assertRejected(() -> Pooling.globalAvgBackward(-1, 3, 4, new float[6], 0, new float[24], 0),
                "batch must be >= 0");
        Pooling.globalAvgForward(0, 3, 0, new float[0], 0, new float[0], 0); // empty batch: nothing to do
    }
}

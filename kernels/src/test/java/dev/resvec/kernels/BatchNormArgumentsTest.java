package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The public {@link BatchNorm} entries reject bad arguments with an {@link IllegalArgumentException} naming the
 * array and the data's shape, before touching any output; legal degenerate cases (no channels) do nothing.
 */
class BatchNormArgumentsTest {
    // a valid 2×3×4 case; tests break one thing
    private static final int N = 2;
    private static final int C = 3;
    private static final int S = 4;

    private static float[] data() {
        float[] x = new float[N * C * S];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 5 - 2;
        }
        return x;
    }

    private static void assertRejected(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message \"" + e.getMessage() + "\" lacks \"" + f + "\"");
        }
    }

    private static void training(float[] x, int offX, float[] gamma, float[] beta, double eps, float[] out,
                                 float[] rm, float[] rv, double momentum, int batch, int spatial) {
        BatchNorm.trainingForward(batch, C, spatial, x, offX, gamma, 0, beta, 0, eps, out, 0, new double[C], 0,
                new double[C], 0, rm, 0, rv, 0, momentum);
    }

    @Test
    void trainingForwardRejectsBadArguments() {
        float[] x = data();
        float[] out = new float[x.length];
        float[] ch = {1, 1, 1};
        assertRejected(() -> training(null, 0, ch, ch, 1e-5, out, null, null, 0.1, N, S), "x is null");
        assertRejected(() -> training(x, 1, ch, ch, 1e-5, out, null, null, 0.1, N, S), "x is too short",
                "2x3x4", "offX=1", "needs 25");
        assertEquals("gamma is too short: channels=3 from offGamma=0 needs 3 elements, got 2",
                assertThrows(IllegalArgumentException.class,
                        () -> training(x, 0, new float[2], ch, 1e-5, out, null, null, 0.1, N, S)).getMessage());
        assertRejected(() -> training(x, 0, ch, new float[2], 1e-5, out, null, null, 0.1, N, S), "beta");
        assertRejected(() -> training(x, 0, ch, ch, 1e-5, new float[5], null, null, 0.1, N, S), "out is too short",
                "2x3x4");
        assertRejected(() -> training(x, 0, ch, ch, 1e-5, out, new float[3], null, 0.1, N, S),
                "runningMean and runningVar must both be given");
        assertRejected(() -> training(x, 0, ch, ch, 1e-5, out, new float[3], new float[2], 0.1, N, S), "runningVar",
                "channels=3");
        assertRejected(() -> training(x, 0, ch, ch, -1, out, null, null, 0.1, N, S), "eps", "-1");
        assertRejected(() -> training(x, 0, ch, ch, Double.NaN, out, null, null, 0.1, N, S), "eps");
        assertRejected(() -> training(x, 0, ch, ch, 1e-5, out, null, null, Double.NaN, N, S), "momentum");
        assertRejected(() -> training(x, 0, ch, ch, 1e-5, out, null, null, 0.1, -1, S), "batch must be >= 0");
        // one value per channel: PyTorch's "Expected more than 1 value per channel when training"
        assertRejected(() -> training(x, 0, ch, ch, 1e-5, out, null, null, 0.1, 1, 1), "more than 1 value per channel",
                "1x3x1");
        assertRejected(() -> BatchNorm.trainingForward(N, C, S, new double[24], 0, null, 0, null, 0, 1e-5,
                new double[24], 0, new double[2], 0, null, 0, null, 0, null, 0, 0.1), "saveMean is too short");
        assertArrayEquals(new float[x.length], out, "a rejected call wrote its output");
    }

    @Test
    void backwardAndInferenceRejectBadArguments() {
        float[] x = data();
        double[] stat = new double[C];
        float[] ch = {1, 2, 3};
        assertRejected(() -> BatchNorm.backward(N, C, S, x, 0, new float[23], 0, stat, 0, stat, 0, null, 0,
                new float[24], 0, null, 0, null, 0), "gradOut is too short", "2x3x4");
        assertRejected(() -> BatchNorm.backward(N, C, S, x, 0, x, 0, null, 0, stat, 0, null, 0, new float[24], 0,
                null, 0, null, 0), "saveMean is null");
        assertRejected(() -> BatchNorm.backward(N, C, S, x, 0, x, 0, stat, 0, stat, 0, null, 0, new float[24], 1,
                null, 0, null, 0), "gradIn is too short", "offGradIn=1");
        assertRejected(() -> BatchNorm.backward(N, C, S, x, 0, x, 0, stat, 0, stat, 0, null, 0, null, 0,
                new float[2], 0, null, 0), "gradGamma", "channels=3");
        assertRejected(() -> BatchNorm.inferenceForward(N, C, S, x, 0, null, 0, null, 0, null, 0, ch, 0, 1e-5,
                new float[24], 0), "runningMean is null");
        assertRejected(() -> BatchNorm.inferenceForward(N, C, S, x, 0, null, 0, null, 0, ch, 0, ch, 1, 1e-5,
                new float[24], 0), "runningVar is too short", "offRunningVar=1");
        assertRejected(() -> BatchNorm.inferenceBackward(N, C, S, x, 0, x, 0, null, 0, ch, 0, ch, 0, -0.5,
                new float[24], 0, null, 0, null, 0), "eps");
        assertRejected(() -> BatchNorm.foldedScaleShift(C, null, 0, null, 0, ch, 0, ch, 0, 1e-5, new float[3], 0,
                new float[2], 0), "shift is too short", "channels=3");
        assertRejected(() -> BatchNorm.foldedScaleShift(-1, null, 0, null, 0, ch, 0, ch, 0, 1e-5, new float[3], 0,
                new float[3], 0), "channels must be >= 0");
    }

    @Test
    void noChannelsIsANoOp() {
        float[] rm = {7};
        BatchNorm.trainingForward(1, 0, 1, new float[0], 0, null, 0, null, 0, 1e-5, new float[0], 0, new double[0], 0,
                new double[0], 0, rm, 0, new float[] {7}, 0, 0.1);
        assertEquals(7f, rm[0]);
        BatchNorm.backward(0, 0, 0, new float[0], 0, new float[0], 0, new double[0], 0, new double[0], 0, null, 0,
                new float[0], 0, null, 0, null, 0);
    }
}

package dev.resvec.kernels.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.resvec.kernels.TestSeeds;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The residual add and add + ReLU above {@link VectorElementwise#STREAM_MIN} run a second loop, on the streaming
 * species; the public tests never reach it (their operands are split between threads below it). Here the kernel is
 * called directly around the switch, on offset operands, against the scalar formula: one float addition per
 * element, so the results must be bitwise equal.
 */
class VectorElementwiseStreamingTest {
    private final VectorElementwise kernels = new VectorElementwise();

    @Test
    void addAndAddReluAgreeWithTheScalarFormulaAroundTheStreamingSwitch() {
        Random rnd = new Random(Long.parseLong(TestSeeds.SEED));
        int min = VectorElementwise.STREAM_MIN;
        for (int n : new int[] {min - 1, min, min + 1, min + 17}) {
            int offA = 3, offB = 5, offOut = 7;
            float[] a = random(rnd, offA + n + 2);
            float[] b = random(rnd, offB + n + 2);
            float[] out = new float[offOut + n + 2];
            float[] outRelu = new float[offOut + n + 2];
            kernels.add(n, a, offA, b, offB, out, offOut);
            kernels.addRelu(n, a, offA, b, offB, outRelu, offOut);
            for (int i = 0; i < n; i++) {
                float sum = a[offA + i] + b[offB + i];
                assertEquals(sum, out[offOut + i], "add, n=" + n + ", element " + i);
                assertEquals(Math.max(sum, 0f), outRelu[offOut + i], "addRelu, n=" + n + ", element " + i);
            }
            for (int i : new int[] {0, 1, 2, 3, 4, 5, 6, offOut + n, offOut + n + 1}) {
                assertEquals(0f, out[i], "add wrote outside [offOut, offOut + n), n=" + n + ", index " + i);
                assertEquals(0f, outRelu[i], "addRelu wrote outside [offOut, offOut + n), n=" + n + ", index " + i);
            }
        }
    }

    private static float[] random(Random rnd, int length) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = rnd.nextFloat() * 2 - 1;
        }
        return x;
    }
}

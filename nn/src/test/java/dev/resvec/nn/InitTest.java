package dev.resvec.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.core.DType;
import dev.resvec.core.Tensor;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The seeded initialisers: streams per name, the fan conventions, and the distributions' moments. */
class InitTest {

    /** Sample mean and standard deviation, in double. */
    static double[] moments(Tensor t) {
        double[] v = t.toDoubleArray();
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        double mean = sum / v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return new double[] {mean, Math.sqrt(ss / (v.length - 1))};
    }

    @Test
    void streamsDifferForEveryNameAndSeed() {
        Set<Long> seen = new HashSet<>();
        String[] names = {"", "weight", "bias", "conv1.weight", "conv2.weight", "layer1.0.conv1.weight",
            "layer1.0.conv1.weighs", "layer1.1.conv1.weight", "layer10.conv1.weight", "fc.weight", "fc.bias"};
        for (long seed = -3; seed < 20; seed++) {
            for (String n : names) {
                assertTrue(seen.add(Init.seedFor(seed, n)), "seed " + seed + ", name " + n);
            }
        }
        assertEquals(Init.seedFor(42, "fc.weight"), Init.seedFor(42, "fc.weight"));
    }

    @Test
    void fansFollowPyTorch() {
        int[] conv = {64, 32, 3, 5};
        assertEquals(32 * 15, Init.fanIn(conv));
        assertEquals(64 * 15, Init.fanOut(conv));
        assertEquals(7, Init.fanIn(new int[] {3, 7}));
        assertEquals(3, Init.fanOut(new int[] {3, 7}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Init.fanIn(new int[] {4}));
        assertTrue(e.getMessage().contains("rank 2 or more, got shape [4]"), e.getMessage());
    }

    @Test
    void float32IsFloat64Rounded() {
        Tensor d = Init.normal(DType.FLOAT64, 9, 0.5, 100);
        Tensor f = Init.normal(DType.FLOAT32, 9, 0.5, 100);
        assertArrayEquals(d.toFloatArray(), f.toFloatArray());
        assertArrayEquals(Init.uniform(DType.FLOAT64, 9, 2, 50).toFloatArray(),
                Init.uniform(DType.FLOAT32, 9, 2, 50).toFloatArray());
    }

    /**
     * Moments within 6 standard errors of the sample statistics (n values from N(0, σ²): the mean has standard
     * error σ/√n, the sample standard deviation about σ/√(2(n−1))): a correct initialiser fails with probability
     * about 1e-9, and the seed is fixed anyway.
     */
    @Test
    void kaimingNormalHasStdSqrtTwoOverFanOut() {
        int[] shape = {128, 64, 3, 3};
        Tensor w = Init.kaimingNormalFanOut(DType.FLOAT32, 17, shape);
        int n = w.numel();
        double sigma = Math.sqrt(2.0 / (128 * 9));
        double[] m = moments(w);
        assertEquals(0, m[0], 6 * sigma / Math.sqrt(n));
        assertEquals(sigma, m[1], 6 * sigma / Math.sqrt(2.0 * (n - 1)));
    }

    /** U(−b, b): every value inside, variance b²/3 (Var(x²) = 4b⁴/45 gives the standard error of the mean of x²). */
    @Test
    void torchDefaultIsUniformWithBoundOneOverSqrtFanIn() {
        int fanIn = 300;
        Tensor w = Init.torchDefault(DType.FLOAT64, 5, fanIn, 200, 300);
        double b = 1 / Math.sqrt(fanIn);
        double meanSquare = 0;
        for (double x : w.toDoubleArray()) {
            assertTrue(Math.abs(x) <= b, "inside the bound: " + x);
            meanSquare += x * x;
        }
        int n = w.numel();
        meanSquare /= n;
        assertEquals(b * b / 3, meanSquare, 6 * Math.sqrt(4.0 / 45) * b * b / Math.sqrt(n));
    }
}

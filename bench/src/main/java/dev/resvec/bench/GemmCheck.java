package dev.resvec.bench;

import java.util.Random;

/**
 * The sanity check every GEMM benchmark runs once per trial, ours and the peers' alike: 32 entries of row-major
 * {@code C = A·B} (the corners and random ones) against double-precision dot products, within the worst-case bound
 * of float summation ({@code (k + 2)·2⁻²³·Σ|a·b|}), so that a broken kernel or a wrong calling convention fails the
 * benchmark instead of reporting a fast wrong answer. A check of the harness, not a test; {@code resvec gemm} runs
 * it too.
 */
public final class GemmCheck {
    private GemmCheck() {}

    /**
     * @param who names the implementation in the error
     * @throws IllegalStateException at the first entry out of bounds
     */
    public static void verify(String who, int m, int k, int n, float[] a, float[] b, float[] c) {
        Random random = new Random(7);
        for (int t = 0; t < 32; t++) {
            int i = t == 0 ? 0 : t == 1 ? m - 1 : random.nextInt(m);
            int j = t == 0 ? 0 : t == 1 ? n - 1 : random.nextInt(n);
            double sum = 0, abs = 0;
            for (int p = 0; p < k; p++) {
                double prod = (double) a[i * k + p] * b[p * n + j];
                sum += prod;
                abs += Math.abs(prod);
            }
            double got = c[i * n + j];
            if (!(Math.abs(got - sum) <= (k + 2) * 0x1p-23 * abs + 1e-6)) {
                throw new IllegalStateException(who + " sgemm " + m + "," + k + "," + n + " is wrong at C[" + i + ","
                        + j + "]: got " + got + ", expected " + sum);
            }
        }
    }
}

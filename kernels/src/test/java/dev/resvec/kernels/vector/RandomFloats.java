package dev.resvec.kernels.vector;

import java.util.Random;

/** Test data for the vector kernels' tests. */
final class RandomFloats {
    private RandomFloats() {}

    /** @return {@code n} floats uniform in [-1, 1) from {@code rnd} */
    static float[] of(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }
}

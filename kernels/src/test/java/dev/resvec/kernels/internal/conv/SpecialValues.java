package dev.resvec.kernels.internal.conv;

import java.util.Random;

/** Test data for bit-for-bit comparisons: uniform in [−1, 1), with −0, +0 and NaN each about one time in ten. */
final class SpecialValues {
    private SpecialValues() {}

    static float[] of(Random rnd, int length) {
        float[] v = new float[length];
        for (int i = 0; i < length; i++) {
            int kind = rnd.nextInt(10);
            v[i] = kind == 0 ? -0f : kind == 1 ? 0f : kind == 2 ? Float.NaN : rnd.nextFloat() * 2 - 1;
        }
        return v;
    }
}

package dev.resvec.kernels.internal.conv;

/** Floats as their raw bits, so that an array comparison tells −0 from +0 and one NaN from another. */
final class Bits {
    private Bits() {}

    static int[] of(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }
}

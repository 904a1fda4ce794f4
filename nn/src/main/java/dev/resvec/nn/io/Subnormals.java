package dev.resvec.nn.io;

/**
 * Flushes subnormal values to zero, in place. Arithmetic on subnormals takes a slow microcode path on x86 (tens to
 * hundreds of cycles per operation), and the JVM offers no flush-to-zero mode, so one tiny weight in a checkpoint
 * would slow every kernel that touches it. Weights that small (below 1.2e-38 in float) contribute nothing, so the
 * loader replaces them with a zero of the same sign, as the FTZ/DAZ modes of native libraries would.
 */
final class Subnormals {
    private Subnormals() {
    }

    /** @return {@code v}, with every float subnormal replaced by a zero of its sign */
    static float[] flush(float[] v) {
        for (int i = 0; i < v.length; i++) {
            float x = v[i];
            if (Math.abs(x) < Float.MIN_NORMAL && x != 0) {
                v[i] = Math.copySign(0f, x);
            }
        }
        return v;
    }

    /** @return {@code v}, with every double subnormal replaced by a zero of its sign */
    static double[] flush(double[] v) {
        for (int i = 0; i < v.length; i++) {
            double x = v[i];
            if (Math.abs(x) < Double.MIN_NORMAL && x != 0) {
                v[i] = Math.copySign(0d, x);
            }
        }
        return v;
    }
}

package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ArbitrarySupplier;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators and helpers shared by the pooling kernel tests: valid pooling geometries over awkward sizes, and data
 * with ties and special values. Array contents come from a {@link Random} seeded by a jqwik-generated {@code long}
 * (as in {@link ElementwiseTestSupport}), so every failure reproduces from jqwik's printed sample.
 */
final class PoolTestSupport {
    private PoolTestSupport() {}

    static final double U = 0x1p-24;
    static final double E = 0x1p-53;

    /**
     * Plane sizes: 1, primes, around the vector lengths 4, 8, 16, around a few vectors of outputs (33, 37 at stride 1
     * or 2 give 2–4 blocks of 8 and a partial one), a ResNet feature map (56), and any size up to 40.
     */
    private static Arbitrary<Integer> sides() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(List.of(1, 2, 3, 4, 5, 7, 8, 9, 11, 13, 15, 16, 17, 31, 33, 37, 56))),
                Tuple.of(1, Arbitraries.integers().between(1, 40)));
    }

    /**
     * Valid pooling geometries: batch 1–2, channels 1–4, sides 1–56, kernels 1–5 (or 7), strides 1–3, padding up to
     * half the kernel; combinations whose kernel is larger than the padded input are filtered out.
     */
    static final class Shapes implements ArbitrarySupplier<PoolShape> {
        @Override
        public Arbitrary<PoolShape> get() {
            Arbitrary<Integer> kernel = Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.integers().between(1, 5)),
                    Tuple.of(1, Arbitraries.just(7)));
            Arbitrary<Integer> stride = Arbitraries.integers().between(1, 3);
            Arbitrary<Integer> pad = Arbitraries.integers().between(0, 3);
            return Combinators.combine(List.of(Arbitraries.integers().between(1, 2), Arbitraries.integers()
                    .between(1, 4), sides(), sides(), kernel, kernel, stride, stride, pad, pad))
                    .as(v -> new int[] {v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5), v.get(6),
                            v.get(7), Math.min(v.get(8), v.get(4) / 2), Math.min(v.get(9), v.get(5) / 2)})
                    .filter(v -> v[4] <= v[2] + 2 * v[8] && v[5] <= v[3] + 2 * v[9])
                    .map(v -> new PoolShape(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]));
        }
    }

    /**
     * @return {@code length} floats: with {@code ties}, small integers −4..4 (so windows often hold equal maxima,
     *         and ±0), else uniform in [−10, 10); with {@code specials}, about one in 12 replaced by NaN, +∞ or −∞
     */
    static float[] data(Random r, int length, boolean ties, boolean specials) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = ties ? r.nextInt(9) - 4 : (r.nextFloat() * 2 - 1) * 10f;
            if (ties && x[i] == 0 && r.nextBoolean()) {
                x[i] = -0f;
            }
            if (specials && r.nextInt(12) == 0) {
                x[i] = switch (r.nextInt(3)) {
                    case 0 -> Float.NaN;
                    case 1 -> Float.POSITIVE_INFINITY;
                    default -> Float.NEGATIVE_INFINITY;
                };
            }
        }
        return x;
    }

    /** The first input row of window {@code o} along one axis (may be negative: padding). */
    static int start(int o, int stride, int pad) {
        return o * stride - pad;
    }

    /** Fails unless {@code |actual − expected| ≤ tolerance} (NaN fails). */
    static void assertClose(String what, int i, double expected, double actual, double tolerance) {
        if (!(Math.abs(actual - expected) <= tolerance)) {
            fail(what + ": element " + i + " expected " + expected + " ± " + tolerance + ", got " + actual);
        }
    }

    /** Fails unless the two floats have the same bits (so +0 and −0 differ, and NaN equals NaN). */
    static void assertSameBits(String what, int i, float expected, float actual) {
        if (Float.floatToIntBits(expected) != Float.floatToIntBits(actual)) {
            fail(what + ": element " + i + " expected " + expected + ", got " + actual);
        }
    }

    /** Fails if anything outside {@code [off, off + n)} changed. */
    static void assertOutsideUnchanged(String what, float[] before, float[] after, int off, int n) {
        for (int i = 0; i < before.length; i++) {
            boolean inside = i >= off && i < off + n;
            if (!inside && Float.floatToIntBits(before[i]) != Float.floatToIntBits(after[i])) {
                fail(what + ": wrote index " + i + " outside [" + off + ", " + (off + n) + ")");
            }
        }
    }

    static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }
}

package dev.resvec.kernels.vector;

import static dev.resvec.kernels.vector.VectorConfig.VL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.kernels.TestSeeds;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Every register-tile shape of {@link SgemmMicrokernels}, not only the one {@link SgemmTile} picks on this machine,
 * straight on packed panels, storing and accumulating, against a double-precision sum.
 * Tolerance: a kc-term float dot product, computed with or without FMA, is within
 * {@code (kc + 1)·2⁻²⁴·Σ|a·b|} of the exact sum (Higham, "Accuracy and Stability of Numerical Algorithms", §3.1),
 * plus one rounding of the accumulate; a missing or repeated term, or a wrong element, exceeds it by far.
 */
class SgemmMicrokernelsTest {
    private static final int[][] SHAPES = {{3, 3}, {8, 2}};

    @Property(tries = 60, seed = TestSeeds.SEED)
    void everyShapeMatchesTheDoubleSum(@ForAll @IntRange(min = 1, max = 300) int kc,
                                       @ForAll boolean accumulate, @ForAll @IntRange(max = 40) int pad,
                                       @ForAll long seed) {
        Random rnd = new Random(seed);
        for (int[] shape : SHAPES) {
            int mr = shape[0], nr = shape[1] * VL;
            int aOff = rnd.nextInt(7), bOff = rnd.nextInt(7);
            float[] ap = RandomFloats.of(rnd, aOff + mr * kc), bp = RandomFloats.of(rnd, bOff + nr * kc);
            int ldc = nr + pad;
            int ci = rnd.nextInt(5);
            float[] c = RandomFloats.of(rnd, ci + (mr - 1) * ldc + nr + 3);
            float[] before = c.clone();
            run(shape, kc, ap, aOff, bp, bOff, c, ci, ldc, accumulate);
            String who = mr + "x" + shape[1] + " kc=" + kc + (accumulate ? " accumulate" : " store");
            for (int r = 0; r < mr; r++) {
                for (int q = 0; q < nr; q++) {
                    double exact = 0, magnitude = 0;
                    for (int p = 0; p < kc; p++) {
                        double t = (double) ap[aOff + p * mr + r] * bp[bOff + p * nr + q];
                        exact += t;
                        magnitude += Math.abs(t);
                    }
                    int at = ci + r * ldc + q;
                    if (accumulate) {
                        exact += before[at];
                        magnitude += Math.abs(before[at]);
                    }
                    double bound = (kc + 2) * 0x1p-24 * magnitude;
                    assertTrue(Math.abs(c[at] - exact) <= bound,
                            who + ": C(" + r + "," + q + ") = " + c[at] + ", expected " + exact + " ± " + bound);
                }
            }
            for (int at = 0; at < c.length; at++) {
                int r = (at - ci) / ldc, q = (at - ci) % ldc;
                boolean inside = at >= ci && r < mr && q < nr;
                if (!inside) {
                    assertEquals(Float.floatToRawIntBits(before[at]), Float.floatToRawIntBits(c[at]),
                            who + ": element " + at + " outside the tile was written");
                }
            }
        }
    }

    private static void run(int[] shape, int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int ci,
                            int ldc, boolean accumulate) {
        if (shape[0] == 8) {
            if (accumulate) {
                SgemmMicrokernels.accumulate8x2(kc, ap, aOff, bp, bOff, c, ci, ldc);
            } else {
                SgemmMicrokernels.store8x2(kc, ap, aOff, bp, bOff, c, ci, ldc);
            }
        } else if (accumulate) {
            SgemmMicrokernels.accumulate3x3(kc, ap, aOff, bp, bOff, c, ci, ldc);
        } else {
            SgemmMicrokernels.store3x3(kc, ap, aOff, bp, bOff, c, ci, ldc);
        }
    }
}

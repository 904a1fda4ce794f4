package dev.resvec.kernels.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.resvec.kernels.GemmEpilogue;
import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.TestSeeds;
import dev.resvec.kernels.internal.GemmBlocking;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The BLIS driver's sweep (rows of tiles across a group of strips of B, where a block of C outgrows half of L2)
 * visits every tile once, and an element's arithmetic does not depend on the order: with blocks of at most 8·MR rows
 * and 6·NR columns and a sweep bound of {@code strips}·20·NR floats (depth blocks are at most 1.25·KC = 20 deep, so
 * a group holds at least {@code strips} strips, and more for shallow blocks), C comes out bitwise as BLIS's order (a
 * kernel whose sweep bound no block exceeds) gives it, over several IC, JC and PC blocks (k &gt; 20), edge tiles and
 * the threads the work allows (up to 3). C starts as NaN with beta = 0, so a tile left out shows; a tile visited
 * twice adds its product twice in a later depth block. Where A is one block of rows (m ≤ 8·MR) B is packed group by
 * group, so the swept kernel packs groups of several strips where BLIS's order packs one strip at a time (which the
 * GEMM properties check against the double-precision reference).
 */
class GemmSweepTest {
    private static final int KC = 16;

    @Property(tries = 80, seed = TestSeeds.SEED)
    void sweptTilesGiveTheBitsOfBlisOrder(@ForAll @IntRange(min = 1, max = 90) int m,
                                          @ForAll @IntRange(min = 1, max = 200) int n,
                                          @ForAll @IntRange(min = 1, max = 60) int k,
                                          @ForAll @IntRange(min = 2, max = 4) int strips,
                                          @ForAll @IntRange(min = 1, max = 3) int threads,
                                          @ForAll boolean transA, @ForAll boolean transB,
                                          @ForAll boolean residual, @ForAll long seed) {
        int mr = VectorSgemm.MR, nr = VectorSgemm.NR;
        GemmBlocking blis = new GemmBlocking(mr, nr, KC, 8 * mr, 6 * nr, Long.MAX_VALUE);
        long sweep = (long) strips * (KC + KC / 4) * nr * Float.BYTES;
        GemmBlocking swept = new GemmBlocking(mr, nr, KC, 8 * mr, 6 * nr, sweep);
        Random rnd = new Random(seed);
        int lda = (transA ? m : k) + rnd.nextInt(3), ldb = (transB ? k : n) + rnd.nextInt(3);
        float[] a = RandomFloats.of(rnd, (transA ? k : m) * lda), b = RandomFloats.of(rnd, (transB ? n : k) * ldb);
        float[] bias = RandomFloats.of(rnd, m), res = RandomFloats.of(rnd, m * n);
        GemmEpilogue e = GemmEpilogue.none().withRowBias(bias, 0).withRelu();
        if (residual) {
            e = e.withResidual(res, 0, n);
        }
        float[] expected = product(new VectorSgemm(blis), transA, transB, m, n, k, a, lda, b, ldb, e, threads);
        float[] actual = product(new VectorSgemm(swept), transA, transB, m, n, k, a, lda, b, ldb, e, threads);
        for (int i = 0; i < expected.length; i++) {
            int at = i;
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    () -> "C(" + at / n + "," + at % n + ") of " + m + "×" + k + "·" + k + "×" + n + ", sweep bound "
                            + strips + "·20·NR floats, on " + threads + " threads: " + actual[at] + ", BLIS order "
                            + expected[at]);
        }
    }

    private static float[] product(VectorSgemm kernel, boolean transA, boolean transB, int m, int n, int k, float[] a,
                                   int lda, float[] b, int ldb, GemmEpilogue e, int threads) {
        float[] c = new float[m * n];
        Arrays.fill(c, Float.NaN);
        kernel.sgemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n, e, Parallelism.threads(threads));
        return c;
    }
}

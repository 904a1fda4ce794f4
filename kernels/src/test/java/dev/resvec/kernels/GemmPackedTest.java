package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.PackedPanels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * GEMM with a pre-packed left operand ({@link Gemm#pack}, {@link PackedMatrix}): the same bound against the double
 * reference as the unpacked GEMM ({@link GemmProblem}), on every backend and through the public entry; bitwise the
 * same for every thread count and when threads share one packed matrix; a private copy; and clear errors.
 */
class GemmPackedTest {

    /** Like GemmPropertiesTest's sizes, with more thin products (n small: the driver swaps the operands). */
    @Provide
    Arbitrary<Integer> dims() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 49, 63, 65, 97, 196, 300)),
                Tuple.of(4, Arbitraries.integers().between(0, 64)),
                Tuple.of(2, Arbitraries.integers().between(65, 300)));
    }

    @Provide
    Arbitrary<Integer> depths() {
        return Arbitraries.frequencyOf(Tuple.of(7, dims()), Tuple.of(3, Arbitraries.integers().between(257, 900)));
    }

    @Property(tries = 150, seed = TestSeeds.SEED)
    void packedMatchesTheDoubleReference(@ForAll boolean transA, @ForAll boolean transB, @ForAll("dims") int m,
                                         @ForAll("dims") int n, @ForAll("depths") int k,
                                         @ForAll GemmEpilogue.BiasKind biasKind, @ForAll boolean residual,
                                         @ForAll boolean relu, @ForAll long seed) {
        Assume.that((long) m * n * k <= 6_000_000);
        Random rnd = new Random(seed);
        float alpha = rnd.nextBoolean() ? 1f : (float) (rnd.nextDouble() * 4 - 2);
        float beta = switch (rnd.nextInt(3)) {
            case 0 -> 0f;
            case 1 -> 1f;
            default -> (float) (rnd.nextDouble() * 4 - 2);
        };
        GemmProblem p = new GemmProblem(rnd, transA, transB, m, n, k, alpha, beta, rnd.nextInt(18), rnd.nextInt(10),
                rnd.nextInt(18), rnd.nextInt(10), rnd.nextInt(18), rnd.nextInt(10), (seed & 1) == 0);
        GemmEpilogue e = GemmPropertiesTest.randomEpilogue(rnd, m, n, biasKind, residual, relu);
        double[] ref = p.reference(e);
        double[] mag = p.magnitudes(e);
        for (Backend backend : TestBackends.all()) {
            String who = "packed, " + backend.provider().describe();
            float[] one = p.runPacked(backend.sgemm(), e, Parallelism.singleThread());
            p.check(who, one, ref, mag, p.pcBlocks(backend.sgemm()));
            float[] three = p.runPacked(backend.sgemm(), e, Parallelism.threads(3));
            assertArrayEquals(one, three, who + ": 1 and 3 threads differ in " + p);
        }
        float[] c = p.freshC();
        PackedMatrix packed = Gemm.pack(transA, m, k, p.a, p.offA, p.lda);
        assertEquals(m, packed.rows());
        assertEquals(k, packed.columns());
        Gemm.sgemm(packed, transB, n, alpha, p.b, p.offB, p.ldb, beta, c, p.offC, p.ldc, e, Parallelism.defaults());
        p.check("Gemm.sgemm(PackedMatrix) on " + Kernels.provider().describe(), c, ref, mag, p.pcBlocks(
                dev.resvec.kernels.internal.Backends.active().sgemm()));
    }

    /**
     * A pre-packed A gives the bits of the unpacked call on the same backend (any alpha, beta and epilogue),
     * including the small products the unpacked call computes without packing (one deep, with k past one depth
     * block: 1×576 times 576×2).
     */
    @Property(tries = 60, seed = TestSeeds.SEED)
    void packedGivesTheUnpackedBits(@ForAll boolean transA, @ForAll boolean transB, @ForAll("dims") int m,
                                    @ForAll("dims") int n, @ForAll("depths") int k, @ForAll long seed) {
        Assume.that((long) m * n * k <= 6_000_000);
        sameBitsPackedAndUnpacked(transA, transB, m, n, k, seed);
    }

    /**
     * Thin products (n around 48 and 49: ResNet's 7×7 stage), which a 512-bit vector provider computes from A where
     * it lies instead of through the swapped packed path: the pre-packed A's bits still, over rows around the
     * six-row tile and depths of several blocks.
     */
    @Property(tries = 40, seed = TestSeeds.SEED)
    void thinProductsGiveTheUnpackedBits(@ForAll boolean transA, @ForAll boolean transB,
                                         @ForAll @IntRange(min = 1, max = 130) int m,
                                         @ForAll @IntRange(min = 47, max = 50) int n,
                                         @ForAll @IntRange(min = 1, max = 1500) int k, @ForAll long seed) {
        sameBitsPackedAndUnpacked(transA, transB, m, n, k, seed);
    }

    @Example
    void smallDeepProductsGiveTheUnpackedBits() {
        sameBitsPackedAndUnpacked(false, false, 1, 2, 576, 1);
        sameBitsPackedAndUnpacked(true, false, 3, 5, 700, 2);
        sameBitsPackedAndUnpacked(false, true, 7, 9, 1000, 3);
    }

    private static void sameBitsPackedAndUnpacked(boolean transA, boolean transB, int m, int n, int k, long seed) {
        Random rnd = new Random(seed);
        float alpha = rnd.nextBoolean() ? 1f : (float) (rnd.nextDouble() * 4 - 2);
        float beta = switch (rnd.nextInt(3)) {
            case 0 -> 0f;
            case 1 -> 1f;
            default -> (float) (rnd.nextDouble() * 4 - 2);
        };
        GemmProblem p = new GemmProblem(rnd, transA, transB, m, n, k, alpha, beta, rnd.nextInt(18), rnd.nextInt(10),
                rnd.nextInt(18), rnd.nextInt(10), rnd.nextInt(18), rnd.nextInt(10), (seed & 1) == 0);
        GemmEpilogue.BiasKind[] kinds = GemmEpilogue.BiasKind.values();
        GemmEpilogue e = GemmPropertiesTest.randomEpilogue(rnd, m, n, kinds[rnd.nextInt(kinds.length)],
                rnd.nextBoolean(), rnd.nextBoolean());
        for (Backend backend : TestBackends.all()) {
            assertArrayEquals(p.run(backend.sgemm(), e, Parallelism.singleThread()),
                    p.runPacked(backend.sgemm(), e, Parallelism.singleThread()),
                    "packed and unpacked differ on " + backend.provider().describe() + " in " + p + ", " + e);
        }
    }

    /** Several threads multiplying through one packed matrix at once (thin B included) get the 1-thread bits. */
    @Test
    void threadsShareOnePackedMatrix() throws Exception {
        Random rnd = new Random(11);
        int m = 72, k = 700;
        float[] a = GemmProblem.matrix(rnd, 0, m, k, k, 0f);
        PackedMatrix packed = Gemm.pack(false, m, k, a, 0, k);
        int[] widths = {1, 5, 17, 49, 130, 300};
        List<float[]> bs = new ArrayList<>(), expected = new ArrayList<>();
        for (int n : widths) {
            float[] b = GemmProblem.matrix(rnd, 0, k, n, n, 0f);
            float[] c = new float[m * n];
            Gemm.sgemm(packed, false, n, 1f, b, 0, n, 0f, c, 0, n, GemmEpilogue.none(), Parallelism.singleThread());
            bs.add(b);
            expected.add(c);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int t = 0; t < 24; t++) {
                int w = t % widths.length, n = widths[w];
                results.add(pool.submit(() -> {
                    float[] c = new float[m * n];
                    Gemm.sgemm(packed, false, n, 1f, bs.get(w), 0, n, 0f, c, 0, n, GemmEpilogue.none(),
                            Parallelism.threads(2));
                    return c;
                }));
            }
            for (int t = 0; t < results.size(); t++) {
                assertArrayEquals(expected.get(t % widths.length), results.get(t).get(), "task " + t);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Packing copies A: changing A afterwards does not change the products. */
    @Test
    void packingCopiesTheValues() {
        Random rnd = new Random(12);
        int m = 20, k = 30, n = 40;
        float[] a = GemmProblem.matrix(rnd, 0, m, k, k, 0f);
        float[] b = GemmProblem.matrix(rnd, 0, k, n, n, 0f);
        PackedMatrix packed = Gemm.pack(false, m, k, a, 0, k);
        float[] before = new float[m * n], after = new float[m * n];
        Gemm.sgemm(packed, false, n, 1f, b, 0, n, 0f, before, 0, n, GemmEpilogue.none(), Parallelism.defaults());
        java.util.Arrays.fill(a, 1e6f);
        Gemm.sgemm(packed, false, n, 1f, b, 0, n, 0f, after, 0, n, GemmEpilogue.none(), Parallelism.defaults());
        assertArrayEquals(before, after);
    }

    @Test
    void badArgumentsNameWhatWasExpected() {
        float[] a = new float[12];
        PackedMatrix packed = Gemm.pack(false, 3, 4, a, 0, 4);
        String msg = assertThrows(IllegalArgumentException.class,
                () -> Gemm.pack(false, 3, 4, a, 2, 4)).getMessage();
        assertTrue(msg.contains("a is too short") && msg.contains("needs 14"), msg);
        msg = assertThrows(IllegalArgumentException.class, () -> Gemm.pack(false, -1, 4, a, 0, 4)).getMessage();
        assertTrue(msg.contains("m=-1"), msg);
        msg = assertThrows(IllegalArgumentException.class, () -> Gemm.sgemm(null, false, 2, 1f, new float[8], 0, 2,
                0f, new float[6], 0, 2, GemmEpilogue.none(), Parallelism.defaults())).getMessage();
        assertTrue(msg.contains("a is null"), msg);
        msg = assertThrows(IllegalArgumentException.class, () -> Gemm.sgemm(packed, false, 2, 1f, new float[7], 0, 2,
                0f, new float[6], 0, 2, GemmEpilogue.none(), Parallelism.defaults())).getMessage();
        assertTrue(msg.contains("b is too short") && msg.contains("needs 8"), msg);
        msg = assertThrows(IllegalArgumentException.class, () -> Gemm.sgemm(packed, false, 2, 1f, new float[8], 0, 2,
                0f, new float[5], 0, 2, GemmEpilogue.none(), Parallelism.defaults())).getMessage();
        assertTrue(msg.contains("c is too short") && msg.contains("needs 6"), msg);
    }

    /** A matrix packed for one backend's microkernel is refused by another (its panels have another shape). */
    @Test
    void panelsOfAnotherKernelAreRefused() {
        List<Backend> backends = TestBackends.all();
        org.junit.jupiter.api.Assumptions.assumeTrue(backends.size() >= 2, "needs the scalar and the vector backend");
        PackedPanels scalarPanels = backends.get(0).sgemm().pack(false, 2, 2, new float[4], 0, 2);
        String msg = assertThrows(IllegalArgumentException.class, () -> backends.get(1).sgemm().sgemm(scalarPanels,
                false, 2, 1f, new float[4], 0, 2, 0f, new float[4], 0, 2, GemmEpilogue.none(),
                Parallelism.singleThread())).getMessage();
        assertTrue(msg.contains("packed for another kernel"), msg);
    }
}

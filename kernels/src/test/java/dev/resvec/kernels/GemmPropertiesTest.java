package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.BlisGemm;
import dev.resvec.kernels.internal.GemmBlocking;
import dev.resvec.kernels.internal.OperandSource;
import dev.resvec.kernels.internal.PackedPanels;
import dev.resvec.kernels.internal.SgemmKernel;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * SGEMM against the double-precision reference {@link Gemm#dgemm}, on every backend of {@link TestBackends#all()}
 * (called straight, single-threaded) and through the public {@link Gemm#sgemm} entry (the active provider).
 *
 * <p>Tolerance: {@code |C(i,j) − ref(i,j)| ≤ 1.01·(k + nb + 3)·2⁻²⁴·M(i,j)} with
 * {@code M = |alpha|·Σ_p|op(A)(i,p)||op(B)(p,j)| + |beta||C0(i,j)| + |bias| + |R(i,j)|} and {@code nb = ceil(k/KC)}
 * PC blocks: the worst-case rounding bound of the write-back's fixed operation order (derived in
 * {@link GemmProblem}); an off-by-one in k or a wrong element exceeds it (see {@link #theBoundCatchesAnOffByOneInK}).
 *
 * <p>Besides the values, every case checks that C outside the m×n region (before offC, the ldc − n padding of each
 * row) is bitwise untouched, that NaN prefilled in C does not leak when beta = 0, and that A and B are not written.
 * Operand arrays have exactly the length their arguments need, so a read or write past them throws.
 */
class GemmPropertiesTest {

    // ---------------------------------------------------------------------------------------------------------
    // Generators

    /** Sizes around the register tiles (MR = 4 or 6, NR = 4, 8, 16 or 32), primes, and block edges. */
    private static final Integer[] EDGE_DIMS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 15, 16, 17, 19, 23, 31, 32,
            33, 47, 63, 64, 65, 97, 257, 300};

    @Provide
    Arbitrary<Integer> dims() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.of(EDGE_DIMS)),
                Tuple.of(4, uniform(0, 48)),
                Tuple.of(1, uniform(49, 300)));
    }

    /** Depths for the epilogue property: mostly like dims, sometimes over one or two KC blocks. */
    @Provide
    Arbitrary<Integer> depths() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, dims()),
                Tuple.of(2, uniform(257, 600)));
    }

    /** Alpha and beta: 0, 1, -1 or an arbitrary value. */
    @Provide
    Arbitrary<Float> scalars() {
        return Arbitraries.oneOf(Arbitraries.of(0f, 1f, -1f), Arbitraries.floats().between(-2f, 2f));
    }

    /** Beta for the epilogue and threading properties: 0, 1 or an arbitrary value. */
    @Provide
    Arbitrary<Float> betas() {
        return Arbitraries.oneOf(Arbitraries.of(0f, 1f), Arbitraries.floats().between(-2f, 2f));
    }

    // ---------------------------------------------------------------------------------------------------------
    // 1. Plain GEMM

    @Property(tries = 200, seed = TestSeeds.SEED)
    void plainSgemmMatchesTheDoubleReference(@ForAll boolean transA, @ForAll boolean transB,
                                             @ForAll("dims") int m, @ForAll("dims") int n, @ForAll("dims") int k,
                                             @ForAll("scalars") float alpha, @ForAll("scalars") float beta,
                                             @ForAll @IntRange(max = 17) int offA, @ForAll @IntRange(max = 9) int padA,
                                             @ForAll @IntRange(max = 17) int offB, @ForAll @IntRange(max = 9) int padB,
                                             @ForAll @IntRange(max = 17) int offC, @ForAll @IntRange(max = 9) int padC,
                                             @ForAll long seed) {
        Random rnd = new Random(seed);
        GemmProblem p = new GemmProblem(rnd, transA, transB, m, n, k, alpha, beta, offA, padA, offB, padB, offC, padC,
                (seed & 1) == 0);
        GemmEpilogue none = GemmEpilogue.none();
        double[] ref = p.reference(none);
        double[] mag = p.magnitudes(none);
        for (Backend backend : TestBackends.all()) {
            float[] c = p.run(backend.sgemm(), none, Parallelism.singleThread());
            p.check(backend.provider().describe(), c, ref, mag, p.pcBlocks(backend.sgemm()));
        }
        float[] c = p.runPublic(none, Parallelism.defaults());
        p.check("Gemm.sgemm on " + Kernels.provider().describe(), c, ref, mag, p.pcBlocks(activeKernel()));
    }

    /** The bound rejects a C computed with one term of k missing, and accepts the correctly rounded result. */
    @Example
    void theBoundCatchesAnOffByOneInK() {
        Random rnd = new Random(20240601);
        for (int k : new int[] {1, 2, 7, 64, 300, 600}) {
            for (boolean transA : new boolean[] {false, true}) {
                GemmProblem p = new GemmProblem(rnd, transA, false, 8, 8, k, 0.75f, 0.5f, 3, 2, 1, 4, 5, 3, false);
                double[] ref = p.reference(GemmEpilogue.none());
                double[] mag = p.magnitudes(GemmEpilogue.none());
                int nb = (k + 255) / 256;
                float[] rounded = p.freshC();
                float[] shortK = p.freshC();
                double[] shorter = new double[p.m * p.n];
                for (int i = 0; i < p.m; i++) {
                    for (int j = 0; j < p.n; j++) {
                        shorter[i * p.n + j] = p.c0[p.offC + i * p.ldc + j];
                    }
                }
                // op(A) and op(B) restricted to the first k - 1 terms: same storage, same leading dimensions.
                Gemm.dgemm(transA, false, p.m, p.n, k - 1, p.alpha, toDouble(p.a), p.offA, p.lda, toDouble(p.b),
                        p.offB, p.ldb, p.beta, shorter, 0, p.n);
                for (int i = 0; i < p.m; i++) {
                    for (int j = 0; j < p.n; j++) {
                        rounded[p.offC + i * p.ldc + j] = (float) ref[i * p.n + j];
                        shortK[p.offC + i * p.ldc + j] = (float) shorter[i * p.n + j];
                    }
                }
                assertNull(p.firstViolation(rounded, ref, mag, nb), "correctly rounded result rejected, k=" + k);
                assertNotNull(p.firstViolation(shortK, ref, mag, nb), "k - 1 terms accepted, k=" + k);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // 2. Epilogue

    @Property(tries = 150, seed = TestSeeds.SEED)
    void epilogueMatchesTheDoubleReference(@ForAll boolean transA, @ForAll boolean transB,
                                           @ForAll("dims") int m, @ForAll("dims") int n, @ForAll("depths") int k,
                                           @ForAll("scalars") float alpha, @ForAll("betas") float beta,
                                           @ForAll GemmEpilogue.BiasKind biasKind, @ForAll boolean residual,
                                           @ForAll boolean relu, @ForAll long seed) {
        // Keep the rare deep cases cheap: over 300 deep, C has at most 64 rows and columns.
        Assume.that(k <= 300 || (m <= 64 && n <= 64));
        Random rnd = new Random(seed);
        GemmProblem p = new GemmProblem(rnd, transA, transB, m, n, k, alpha, beta, rnd.nextInt(18), rnd.nextInt(10),
                rnd.nextInt(18), rnd.nextInt(10), rnd.nextInt(18), rnd.nextInt(10), (seed & 1) == 0);
        GemmEpilogue e = randomEpilogue(rnd, m, n, biasKind, residual, relu);
        checkAllBackends(p, e);
    }

    /** k over two KC blocks of each backend, every epilogue part: the epilogue applies once, after the last block. */
    @Example
    void epilogueAppliesOnceAfterSeveralPcBlocks() {
        Random rnd = new Random(7);
        for (Backend backend : TestBackends.all()) {
            GemmBlocking blocking = ((BlisGemm) backend.sgemm()).blocking();
            int k = 2 * blocking.kc() + 5;
            int m = 2 * blocking.mr() + 1, n = 2 * blocking.nr() + 3; // full tiles and edge tiles
            for (GemmEpilogue.BiasKind kind : new GemmEpilogue.BiasKind[] {GemmEpilogue.BiasKind.PER_ROW,
                    GemmEpilogue.BiasKind.PER_COLUMN}) {
                for (float beta : new float[] {0f, 1f, -0.625f}) {
                    for (boolean transA : new boolean[] {false, true}) {
                        GemmProblem p = new GemmProblem(rnd, transA, !transA, m, n, k, 1.5f, beta, 3, 1, 2, 5, 7, 2,
                                true);
                        // Biases of 4..8 and residuals up to 4 in magnitude: applying either twice, or ReLU on a
                        // partial sum, misses by far more than the bound.
                        GemmEpilogue e = randomEpilogue(rnd, m, n, kind, true, true);
                        for (int i = 0; i < e.bias().length; i++) {
                            e.bias()[i] = (i % 2 == 0 ? 4f : -4f) + 4f * e.bias()[i];
                        }
                        for (int i = 0; i < e.residual().length; i++) {
                            e.residual()[i] *= 4f;
                        }
                        double[] ref = p.reference(e);
                        double[] mag = p.magnitudes(e);
                        float[] c = p.run(backend.sgemm(), e, Parallelism.singleThread());
                        String who = backend.provider().describe() + ", KC=" + blocking.kc() + ", " + e;
                        assertEquals(3, p.pcBlocks(backend.sgemm()), who);
                        p.check(who, c, ref, mag, 3);
                        checkReluSign(who, p, c);
                    }
                }
            }
        }
    }

    /** ReLU is max(x, +0): an exact -0 (here alpha·(+0) with alpha = -1) comes out as +0, in full and edge tiles. */
    @Example
    void reluTurnsNegativeZeroIntoPositiveZero() {
        for (Backend backend : TestBackends.all()) {
            GemmBlocking blocking = ((BlisGemm) backend.sgemm()).blocking();
            int m = 2 * blocking.mr() + 1, n = 2 * blocking.nr() + 1, k = 5;
            float[] a = new float[m * k]; // zeros
            float[] b = new float[k * n];
            for (int i = 0; i < b.length; i++) {
                b[i] = i % 3 == 0 ? -0.5f : 0.25f;
            }
            for (float beta : new float[] {0f, 1f}) {
                float[] c = new float[m * n]; // +0: beta·C adds +0 to -0, which is +0 anyway; beta = 0 skips it
                backend.sgemm().sgemm(false, false, m, n, k, -1f, a, 0, k, b, 0, n, beta, c, 0, n,
                        GemmEpilogue.none().withRelu(), Parallelism.singleThread());
                for (int i = 0; i < c.length; i++) {
                    assertEquals(0, Float.floatToRawIntBits(c[i]), backend.provider().describe() + ": relu gave "
                            + c[i] + " at C(" + i / n + "," + i % n + "), beta=" + beta);
                }
            }
        }
    }

    static GemmEpilogue randomEpilogue(Random rnd, int m, int n, GemmEpilogue.BiasKind biasKind, boolean residual,
                                       boolean relu) {
        GemmEpilogue e = GemmEpilogue.none();
        if (biasKind != GemmEpilogue.BiasKind.NONE) {
            int count = biasKind == GemmEpilogue.BiasKind.PER_ROW ? m : n;
            int off = rnd.nextInt(18);
            float[] bias = new float[off + count]; // exact length: a read past it throws
            java.util.Arrays.fill(bias, Float.NaN);
            for (int i = 0; i < count; i++) {
                bias[off + i] = GemmProblem.value(rnd);
            }
            e = biasKind == GemmEpilogue.BiasKind.PER_ROW ? e.withRowBias(bias, off) : e.withColumnBias(bias, off);
        }
        if (residual) {
            int off = rnd.nextInt(18), ld = Math.max(1, n) + rnd.nextInt(10);
            e = e.withResidual(GemmProblem.matrix(rnd, off, m, n, ld, Float.NaN), off, ld);
        }
        return relu ? e.withRelu() : e;
    }

    private static void checkAllBackends(GemmProblem p, GemmEpilogue e) {
        float[] biasBefore = e.bias() == null ? null : e.bias().clone();
        float[] resBefore = e.residual() == null ? null : e.residual().clone();
        double[] ref = p.reference(e);
        double[] mag = p.magnitudes(e);
        for (Backend backend : TestBackends.all()) {
            float[] c = p.run(backend.sgemm(), e, Parallelism.singleThread());
            String who = backend.provider().describe() + ", " + e;
            p.check(who, c, ref, mag, p.pcBlocks(backend.sgemm()));
            if (e.relu()) {
                checkReluSign(who, p, c);
            }
        }
        float[] c = p.runPublic(e, Parallelism.defaults());
        p.check("Gemm.sgemm on " + Kernels.provider().describe() + ", " + e, c, ref, mag, p.pcBlocks(activeKernel()));
        assertTrue(java.util.Arrays.equals(biasBefore, e.bias()) && java.util.Arrays.equals(resBefore, e.residual()),
                "the epilogue's bias or residual was modified");
    }

    /** ReLU's result is +0 or positive: no sign bit (which also rules out -0). */
    private static void checkReluSign(String who, GemmProblem p, float[] c) {
        for (int i = 0; i < p.m; i++) {
            for (int j = 0; j < p.n; j++) {
                float v = c[p.offC + i * p.ldc + j];
                if (Float.floatToRawIntBits(v) < 0) {
                    fail(who + ": relu result C(" + i + "," + j + ") = " + v + " has its sign bit set in " + p);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // 3. Thread-count determinism

    private static ExecutorService fixedPool;
    private static ExecutorService singleThread;

    @BeforeContainer
    static void startExecutors() {
        fixedPool = Executors.newFixedThreadPool(3, daemon("gemm-test-pool"));
        singleThread = Executors.newSingleThreadExecutor(daemon("gemm-test-busy"));
    }

    @AfterContainer
    static void stopExecutors() throws InterruptedException {
        fixedPool.shutdown();
        singleThread.shutdown();
        assertTrue(fixedPool.awaitTermination(30, TimeUnit.SECONDS) && singleThread.awaitTermination(30,
                TimeUnit.SECONDS), "test executors did not stop");
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Sizes the driver really splits (at least four threads' worth of work): every thread count and executor gives
     * bitwise the result of the single-threaded call, on each backend, with and without an epilogue.
     */
    @Property(tries = 12, seed = TestSeeds.SEED)
    void resultsAreBitwiseTheSameForEveryThreadCount(@ForAll("splitSides") int m, @ForAll("splitSides") int n,
                                                     @ForAll("splitDepths") int depth,
                                                     @ForAll boolean transA, @ForAll boolean transB,
                                                     @ForAll("betas") float beta, @ForAll boolean withEpilogue,
                                                     @ForAll long seed) {
        // At least four threads' worth of work (the driver splits from 2^18 multiply-adds per thread): k <= 420.
        int k = (int) Math.max(depth, ((4L << 18) + (long) m * n - 1) / ((long) m * n));
        Random rnd = new Random(seed);
        float alpha = GemmProblem.value(rnd) * 2;
        GemmProblem p = new GemmProblem(rnd, transA, transB, m, n, k, alpha, beta, rnd.nextInt(18), rnd.nextInt(10),
                rnd.nextInt(18), rnd.nextInt(10), rnd.nextInt(18), rnd.nextInt(10), false);
        GemmEpilogue e = withEpilogue
                ? randomEpilogue(rnd, m, n, rnd.nextBoolean() ? GemmEpilogue.BiasKind.PER_ROW
                        : GemmEpilogue.BiasKind.PER_COLUMN, true, true)
                : GemmEpilogue.none();
        for (Backend backend : TestBackends.all()) {
            String who = backend.provider().describe() + ", " + e + ", " + p;
            float[] single = p.run(backend.sgemm(), e, Parallelism.singleThread());
            sameBits(who + ", threads(2)", single, runTimed(p, backend, e, Parallelism.threads(2)));
            sameBits(who + ", threads(3)", single, runTimed(p, backend, e, Parallelism.threads(3)));
            sameBits(who + ", threads(5)", single, runTimed(p, backend, e, Parallelism.threads(5)));

            AtomicInteger handedOut = new AtomicInteger();
            Executor counting = r -> {
                handedOut.incrementAndGet();
                fixedPool.execute(r);
            };
            sameBits(who + ", own fixed pool x4", single, runTimed(p, backend, e, Parallelism.on(counting, 4)));
            assertTrue(handedOut.get() > 0, who + ": the driver did not split this size, so this checks nothing");

            sameBits(who + ", rejecting executor", single, runTimed(p, backend, e, Parallelism.on(r -> {
                throw new RejectedExecutionException("this test's executor rejects everything");
            }, 4)));
            sameBits(who + ", executor that drops work", single, runTimed(p, backend, e, Parallelism.on(r -> { }, 3)));
            sameBits(who + ", direct executor", single, runTimed(p, backend, e, Parallelism.on(Runnable::run, 3)));

            // A single-thread executor that is busy for the whole call: its share only runs afterwards (and then
            // finds nothing left to do), so the caller must do all the work itself.
            CountDownLatch release = new CountDownLatch(1);
            singleThread.execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                sameBits(who + ", busy single-thread executor", single,
                        runTimed(p, backend, e, Parallelism.on(singleThread, 4)));
            } finally {
                release.countDown();
            }
        }
    }

    /**
     * Products large and deep enough for the threads to pack each panel of B together and share it (768 rows and
     * columns, depth 256 at least): the bits of the single-threaded call on 2 and 3 threads and on a caller's
     * executor, with and without an epilogue; the executor's hand-outs show that the shared path ran (it meets the
     * threads twice per panel, the other once per call).
     */
    @Property(tries = 3, seed = TestSeeds.SEED)
    void sharedPanelsGiveTheBitsOfOneThread(@ForAll @IntRange(min = 768, max = 800) int m,
                                            @ForAll @IntRange(min = 768, max = 800) int n,
                                            @ForAll @IntRange(min = 256, max = 300) int k,
                                            @ForAll boolean transA, @ForAll boolean transB,
                                            @ForAll boolean withEpilogue, @ForAll long seed) {
        Random rnd = new Random(seed);
        GemmProblem p = new GemmProblem(rnd, transA, transB, m, n, k, GemmProblem.value(rnd) * 2, 1f,
                rnd.nextInt(18), rnd.nextInt(10), rnd.nextInt(18), rnd.nextInt(10), rnd.nextInt(18), rnd.nextInt(10),
                false);
        GemmEpilogue e = withEpilogue
                ? randomEpilogue(rnd, m, n, GemmEpilogue.BiasKind.PER_ROW, true, true)
                : GemmEpilogue.none();
        for (Backend backend : TestBackends.all()) {
            String who = backend.provider().describe() + ", " + e + ", " + p;
            float[] single = p.run(backend.sgemm(), e, Parallelism.singleThread());
            sameBits(who + ", threads(2)", single, runTimed(p, backend, e, Parallelism.threads(2)));
            sameBits(who + ", threads(3)", single, runTimed(p, backend, e, Parallelism.threads(3)));
            AtomicInteger handedOut = new AtomicInteger();
            sameBits(who + ", own fixed pool x2", single, runTimed(p, backend, e, Parallelism.on(r -> {
                handedOut.incrementAndGet();
                fixedPool.execute(r);
            }, 2)));
            assertTrue(handedOut.get() >= 2, who + ": " + handedOut.get() + " hand-outs, the panels were not shared");
        }
    }

    /**
     * A batch-1 linear layer (one column of C, pre-packed weights, then the same plain): too few multiply-adds to
     * split by m·n·k, but it streams all of A, so the driver splits it by the register tiles' padded work: the
     * threads' hand-outs show the split, and every thread count gives the single-threaded bits.
     */
    @Example
    void thinProductsSplitAndKeepTheirBits() {
        Random rnd = new Random(Long.parseLong(TestSeeds.SEED));
        int m = 1000, k = 512;
        float[] w = GemmProblem.matrix(rnd, 0, m, k, k, 0f), x = GemmProblem.matrix(rnd, 0, 1, k, k, 0f);
        PackedMatrix packed = Gemm.pack(false, m, k, w, 0, k);
        float[] single = new float[m];
        Gemm.sgemm(packed, true, 1, 1f, x, 0, k, 0f, single, 0, 1, GemmEpilogue.none(), Parallelism.singleThread());
        for (int threads = 2; threads <= 3; threads++) {
            AtomicInteger handedOut = new AtomicInteger();
            Parallelism pool = Parallelism.on(r -> {
                handedOut.incrementAndGet();
                fixedPool.execute(r);
            }, threads);
            float[] c = new float[m], plain = new float[m];
            Gemm.sgemm(packed, true, 1, 1f, x, 0, k, 0f, c, 0, 1, GemmEpilogue.none(), pool);
            sameBits("pre-packed, " + threads + " threads", single, c);
            assertTrue(handedOut.get() > 0, threads + " threads: the thin product was not split");
            Gemm.sgemm(false, true, m, 1, k, 1f, w, 0, k, x, 0, k, 0f, plain, 0, 1, GemmEpilogue.none(), pool);
            sameBits("plain, " + threads + " threads", single, plain);
        }
    }

    /**
     * A plain B, transposed or not, is packed into the driver's aligned native buffer and multiplied by the segment
     * kernels; the same op(B) handed over as an {@link OperandSource} is packed into an array with the same layout
     * and multiplied by the array kernels. Both must give the same bits, over edge rows and columns and several depth
     * blocks, on one thread (the IC loop's own panels, packed whole or group by group) and on two. Alpha 1 and beta
     * 0, where the write-back's operations do not depend on whether the driver swaps the operands (it may swap a
     * plain B where it keeps a source); other alphas and betas are checked against the double reference above.
     */
    @Property(tries = 60, seed = TestSeeds.SEED)
    void theAlignedPanelGivesTheBitsOfTheArrayPanel(@ForAll("alignedSides") int m, @ForAll("alignedSides") int n,
                                                    @ForAll("alignedDepths") int depth,
                                                    @ForAll boolean transA, @ForAll boolean transB,
                                                    @ForAll boolean withEpilogue, @ForAll long seed) {
        // beyond the small path's 48³ multiply-adds, which reads B unpacked
        int k = (int) Math.max(depth, (48L * 48 * 48 + (long) m * n) / ((long) m * n));
        Random rnd = new Random(seed);
        GemmProblem p = new GemmProblem(rnd, transA, transB, m, n, k, 1f, 0f, rnd.nextInt(18), rnd.nextInt(10),
                rnd.nextInt(18), rnd.nextInt(10), rnd.nextInt(18), rnd.nextInt(10), false);
        OperandSource source = (pc, kc, jc, nc, nr, bp, off) -> {
            for (int s = 0; s * nr < nc; s++) {
                for (int q = 0; q < kc; q++) {
                    for (int r = 0; r < nr; r++) {
                        int row = pc + q, col = jc + s * nr + r;
                        bp[off + (s * kc + q) * nr + r] = s * nr + r >= nc ? 0f
                                : p.b[p.offB + (transB ? col * p.ldb + row : row * p.ldb + col)];
                    }
                }
            }
        };
        GemmEpilogue e = withEpilogue
                ? randomEpilogue(rnd, m, n, GemmEpilogue.BiasKind.PER_COLUMN, true, true)
                : GemmEpilogue.none();
        for (Backend backend : TestBackends.all()) {
            SgemmKernel kernel = backend.sgemm();
            PackedPanels a = kernel.pack(transA, m, k, p.a, p.offA, p.lda);
            for (Parallelism threads : new Parallelism[] {Parallelism.singleThread(), Parallelism.threads(2)}) {
                String who = backend.provider().describe() + ", " + threads + ", " + e + ", " + p;
                float[] viaArray = p.freshC();
                kernel.sgemm(a, source, n, 1f, 0f, viaArray, p.offC, p.ldc, e, threads);
                sameBits(who + ", B as a source", viaArray, p.run(kernel, e, threads));
            }
        }
    }

    @Provide
    Arbitrary<Integer> alignedSides() {
        return uniform(1, 300);
    }

    /** Up to three depth blocks of KC = 512 (two from 641 on): later blocks accumulate into C. */
    @Provide
    Arbitrary<Integer> alignedDepths() {
        return uniform(1, 1200);
    }

    @Provide
    Arbitrary<Integer> splitSides() {
        return uniform(50, 300);
    }

    @Provide
    Arbitrary<Integer> splitDepths() {
        return uniform(1, 400);
    }

    private static Arbitrary<Integer> uniform(int min, int max) {
        return Arbitraries.integers().between(min, max).withDistribution(RandomDistribution.uniform());
    }

    private static float[] runTimed(GemmProblem p, Backend backend, GemmEpilogue e, Parallelism parallelism) {
        return assertTimeoutPreemptively(Duration.ofSeconds(120), () -> p.run(backend.sgemm(), e, parallelism),
                () -> "sgemm did not finish (deadlock?) with " + parallelism);
    }

    private static void sameBits(String who, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, who);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                fail(who + ": C[" + i + "] is " + actual[i] + ", single-threaded gave " + expected[i]);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private static dev.resvec.kernels.internal.SgemmKernel activeKernel() {
        return dev.resvec.kernels.internal.Backends.active().sgemm();
    }

    private static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }
}

package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.kernels.internal.Backend;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The public {@link Gemm} entry: every invalid argument is an {@link IllegalArgumentException} whose message names
 * the argument and the values (and C is left as it was), and the legal degenerate cases (m, n or k = 0, alpha = 0)
 * do what BLAS does.
 */
class GemmArgumentsTest {

    /** A valid call: op(A) 3×5, op(B) 5×4, C 3×4, no transposes, tight leading dimensions. Tests break one thing. */
    private static final class Call {
        boolean transA, transB;
        int m = 3, n = 4, k = 5;
        float alpha = 1f, beta = 0.5f;
        float[] a = filled(15, 0.25f);
        int offA = 0, lda = 5;
        float[] b = filled(20, -0.5f);
        int offB = 0, ldb = 4;
        float[] c = filled(12, 2f);
        int offC = 0, ldc = 4;
        GemmEpilogue epilogue = GemmEpilogue.none();
        Parallelism parallelism = Parallelism.singleThread();

        void run() {
            Gemm.sgemm(transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc, epilogue,
                    parallelism);
        }
    }

    private static float[] filled(int length, float v) {
        float[] x = new float[length];
        Arrays.fill(x, v);
        return x;
    }

    /** Asserts the call is rejected with a message containing every fragment, before C was touched. */
    private static void assertRejected(Call call, String... fragments) {
        float[] before = call.c == null ? null : call.c.clone();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        for (String fragment : fragments) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(fragment),
                    "message \"" + e.getMessage() + "\" does not contain \"" + fragment + "\"");
        }
        if (before != null) {
            assertArrayEquals(before, call.c, "C was modified by a rejected call");
        }
    }

    @Test
    void theBaseCallIsValid() {
        Call call = new Call();
        call.run();
        // 0.5·2 + 5·(0.25·-0.5) = 1 - 0.625, exact in float
        for (float v : call.c) {
            assertEquals(0.375f, v);
        }
    }

    // ----------------------------------------------------------------------------------------------- sizes

    @ParameterizedTest
    @CsvSource({"-1, 4, 5, m=-1", "3, -2, 5, n=-2", "3, 4, -3, k=-3", "-2147483648, 4, 5, m=-2147483648"})
    void negativeSizes(int m, int n, int k, String fragment) {
        Call call = new Call();
        call.m = m;
        call.n = n;
        call.k = k;
        assertRejected(call, "sizes must be >= 0", fragment);
    }

    // ------------------------------------------------------------------------------------ leading dimensions

    @Test
    void ldaTooSmall() {
        Call call = new Call();
        call.lda = 4; // A is 3x5
        assertRejected(call, "lda", "max(1, 5)", "3x5", "lda=4");
    }

    @Test
    void ldaTooSmallTransposed() {
        Call call = new Call();
        call.transA = true; // A stored 5x3: lda >= 3
        call.lda = 2;
        assertRejected(call, "lda", "max(1, 3)", "transposed", "5x3", "lda=2");
        call.lda = 3; // the minimum is accepted
        call.run();
    }

    @Test
    void ldbTooSmall() {
        Call call = new Call();
        call.ldb = 3; // B is 5x4
        assertRejected(call, "ldb", "max(1, 4)", "5x4", "ldb=3");
    }

    @Test
    void ldbTooSmallTransposed() {
        Call call = new Call();
        call.transB = true; // B stored 4x5: ldb >= 5
        call.ldb = 4;
        assertRejected(call, "ldb", "max(1, 5)", "transposed", "4x5", "ldb=4");
        call.ldb = 5;
        call.run();
    }

    @Test
    void ldcTooSmall() {
        Call call = new Call();
        call.ldc = 3;
        assertRejected(call, "ldc", "max(1, 4)", "ldc=3");
    }

    @Test
    void leadingDimensionsMustBeAtLeastOneEvenForEmptyRows() {
        Call call = new Call();
        call.k = 0;
        call.a = new float[0];
        call.b = new float[0];
        call.lda = 0; // A is 3x0
        assertRejected(call, "lda", "max(1, 0)", "lda=0");
        call.lda = 1;
        call.ldc = 0;
        call.n = 0;
        assertRejected(call, "ldc", "max(1, 0)", "ldc=0");
    }

    // ------------------------------------------------------------------------------- arrays and offsets

    @Test
    void aTooShortForItsOffset() {
        Call call = new Call();
        call.offA = 1; // needs 1 + 2·5 + 5 = 16 elements, has 15
        assertRejected(call, "a is too short", "offA=1", "lda=5", "needs 16", "got 15");
    }

    @Test
    void aTooShortTransposed() {
        Call call = new Call();
        call.transA = true; // A stored 5x3 with lda 4: needs 4·4 + 3 = 19
        call.lda = 4;
        call.a = new float[18];
        assertRejected(call, "a is too short", "5x3", "needs 19", "got 18");
    }

    @Test
    void bTooShortForItsOffset() {
        Call call = new Call();
        call.offB = 3; // needs 3 + 4·4 + 4 = 23, has 20
        assertRejected(call, "b is too short", "offB=3", "ldb=4", "needs 23", "got 20");
    }

    @Test
    void bTooShortTransposed() {
        Call call = new Call();
        call.transB = true; // B stored 4x5 with ldb 5: needs 20
        call.ldb = 5;
        call.b = new float[19];
        assertRejected(call, "b is too short", "4x5", "needs 20", "got 19");
    }

    @Test
    void cTooShortForItsOffsetOrLeadingDimension() {
        Call call = new Call();
        call.offC = 2; // needs 2 + 2·4 + 4 = 14, has 12
        assertRejected(call, "c is too short", "offC=2", "needs 14", "got 12");
        call.offC = 0;
        call.ldc = 5; // needs 2·5 + 4 = 14
        assertRejected(call, "c is too short", "ldc=5", "needs 14", "got 12");
    }

    @Test
    void negativeOffsets() {
        Call call = new Call();
        call.offA = -1;
        assertRejected(call, "offA", ">= 0", "-1");
        call = new Call();
        call.offB = -2;
        assertRejected(call, "offB", ">= 0", "-2");
        call = new Call();
        call.offC = -3;
        assertRejected(call, "offC", ">= 0", "-3");
    }

    @Test
    void nullArrays() {
        Call call = new Call();
        call.a = null;
        assertRejected(call, "a is null");
        call = new Call();
        call.b = null;
        assertRejected(call, "b is null");
        call = new Call();
        call.c = null;
        assertRejected(call, "c is null");
        // even where nothing would be read
        call = new Call();
        call.k = 0;
        call.a = null;
        assertRejected(call, "a is null");
    }

    @Test
    void offsetsPastTheEndOfAnArray() {
        Call call = new Call();
        call.offA = Integer.MAX_VALUE; // must not overflow into a "fits"
        assertRejected(call, "a is too short", "offA=" + Integer.MAX_VALUE);
    }

    // ------------------------------------------------------------------------------ epilogue, parallelism

    @Test
    void nullEpilogueAndParallelism() {
        Call call = new Call();
        call.epilogue = null;
        assertRejected(call, "epilogue is null");
        call = new Call();
        call.parallelism = null;
        assertRejected(call, "parallelism is null");
    }

    @Test
    void rowBiasTooShort() {
        Call call = new Call();
        call.epilogue = GemmEpilogue.none().withRowBias(new float[3], 1); // m = 3 values from 1: needs 4
        assertRejected(call, "bias", "PER_ROW", "needs 3", "offset 1", "has 3");
        call.epilogue = GemmEpilogue.none().withRowBias(new float[2], 0);
        assertRejected(call, "bias", "PER_ROW", "needs 3", "offset 0", "has 2");
    }

    @Test
    void columnBiasTooShort() {
        Call call = new Call();
        call.epilogue = GemmEpilogue.none().withColumnBias(new float[3], 0); // n = 4
        assertRejected(call, "bias", "PER_COLUMN", "needs 4", "offset 0", "has 3");
        call.epilogue = GemmEpilogue.none().withColumnBias(new float[10], 7);
        assertRejected(call, "bias", "PER_COLUMN", "needs 4", "offset 7", "has 10");
    }

    @Test
    void negativeBiasOffset() {
        Call call = new Call();
        call.epilogue = GemmEpilogue.none().withRowBias(new float[10], -1);
        assertRejected(call, "bias", "offset -1");
    }

    @Test
    void residualTooShortOrLeadingDimensionTooSmall() {
        Call call = new Call();
        call.epilogue = GemmEpilogue.none().withResidual(new float[11], 0, 4); // 3x4 needs 12
        assertRejected(call, "residual is too short", "needs 12", "got 11");
        call.epilogue = GemmEpilogue.none().withResidual(new float[12], 1, 4);
        assertRejected(call, "residual is too short", "offR=1", "needs 13", "got 12");
        call.epilogue = GemmEpilogue.none().withResidual(new float[100], 0, 3);
        assertRejected(call, "ldr", "max(1, 4)", "ldr=3");
        call.epilogue = GemmEpilogue.none().withResidual(new float[100], -1, 4);
        assertRejected(call, "offR", ">= 0", "-1");
    }

    @Test
    void epilogueAndParallelismFactoriesRejectBadArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GemmEpilogue.none().withRowBias(null, 0));
        assertTrue(e.getMessage().contains("bias"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GemmEpilogue.none().withResidual(null, 0, 1));
        assertTrue(e.getMessage().contains("residual"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Parallelism.threads(0));
        assertTrue(e.getMessage().contains("threads") && e.getMessage().contains("0"), e.getMessage());
        // a null executor fails here, naming the argument, not as a NullPointerException in the first kernel call
        e = assertThrows(IllegalArgumentException.class, () -> Parallelism.on(null, 2));
        assertTrue(e.getMessage().contains("executor is null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Parallelism.on(Runnable::run, 0));
        assertTrue(e.getMessage().contains("threads must be at least 1, got 0"), e.getMessage());
    }

    @Test
    void dgemmValidatesLikeSgemm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gemm.dgemm(false, false,
                3, 4, 5, 1, new double[15], 1, 5, new double[20], 0, 4, 0, new double[12], 0, 4));
        assertTrue(e.getMessage().contains("a is too short") && e.getMessage().contains("offA=1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Gemm.dgemm(false, false,
                3, 4, -1, 1, new double[15], 0, 5, new double[20], 0, 4, 0, new double[12], 0, 4));
        assertTrue(e.getMessage().contains("k=-1"), e.getMessage());
    }

    // ------------------------------------------------------------------------------------------ aliasing

    /** C overlapping A (same array, shared elements): BLAS forbids it, and the blocked product would go wrong. */
    @Test
    void cOverlappingAIsRejectedNamingBothRanges() {
        Call call = new Call();
        call.a = filled(40, 0.25f); // A 3x5 at 0 (elements 0..14), C 3x4 at 12 (elements 12..23)
        call.c = call.a;
        call.offC = 12;
        assertRejected(call, "sgemm", "C (3x4 from offset 12, leading dimension 4: elements 12..23)", "overlaps",
                "A (3x5 from offset 0, leading dimension 5: elements 0..14)");
        call.offC = 15; // right after A: legal
        call.run();
    }

    @Test
    void cOverlappingATransposedBySingleElement() {
        Call call = new Call();
        call.transA = true; // A stored 5x3, lda 3: elements 0..14
        call.lda = 3;
        call.a = filled(40, 0.25f);
        call.c = call.a;
        call.offC = 14;
        assertRejected(call, "A (transposed, stored) (5x3 from offset 0, leading dimension 3: elements 0..14)",
                "C (3x4 from offset 14");
    }

    @Test
    void cOverlappingBIsRejected() {
        Call call = new Call();
        call.transB = true; // B stored 4x5, ldb 7 at 3: rows at 3, 10, 17, 24 (elements 3..28)
        call.ldb = 7;
        call.offB = 3;
        call.b = filled(60, -0.5f);
        call.c = call.b;
        call.offC = 27; // C's first row 27..30 meets B's last row 24..28
        assertRejected(call, "C (3x4 from offset 27", "B (transposed, stored) (4x5 from offset 3, leading dimension 7:"
                + " elements 3..28)");
        call.offC = 29;
        call.run();
    }

    /**
     * A and C side by side in the rows of one array (A in columns 0..4, C in columns 5..8, leading dimension 9):
     * their hulls overlap but no element is shared, so the call is legal, and it computes what separate arrays give.
     */
    @Test
    void sideBySideInOneArrayIsLegal() {
        float[] buffer = new float[27];
        Random rnd = new Random(5);
        float[] a = new float[15];
        for (int i = 0; i < 3; i++) {
            for (int p = 0; p < 5; p++) {
                a[i * 5 + p] = buffer[i * 9 + p] = rnd.nextInt(7) - 3; // small integers: every sum is exact
            }
        }
        float[] b = filled(20, 0.5f);
        float[] expected = new float[12];
        Gemm.sgemm(false, false, 3, 4, 5, 1f, a, 0, 5, b, 0, 4, 0f, expected, 0, 4);
        Gemm.sgemm(false, false, 3, 4, 5, 1f, buffer, 0, 9, b, 0, 4, 0f, buffer, 5, 9);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(expected[i * 4 + j], buffer[i * 9 + 5 + j], "C(" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void packedAndDoubleEntriesRejectOverlapsToo() {
        float[] bc = filled(40, 1f);
        PackedMatrix packed = Gemm.pack(false, 3, 5, filled(15, 1f), 0, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gemm.sgemm(packed, false, 4,
                1f, bc, 0, 4, 0f, bc, 19, 4, GemmEpilogue.none(), Parallelism.singleThread()));
        assertTrue(e.getMessage().contains("C (3x4 from offset 19") && e.getMessage().contains("B (5x4 from offset 0"),
                e.getMessage());
        double[] ac = new double[40];
        e = assertThrows(IllegalArgumentException.class, () -> Gemm.dgemm(false, false, 3, 4, 5, 1, ac, 0, 5,
                new double[20], 0, 4, 0, ac, 14, 4));
        assertTrue(e.getMessage().contains("dgemm") && e.getMessage().contains("A (3x5 from offset 0"), e.getMessage());
    }

    @Test
    void cOverlappingTheEpilogueBiasIsRejected() {
        Call call = new Call();
        call.c = filled(20, 2f);
        call.epilogue = GemmEpilogue.none().withRowBias(call.c, 11); // C is elements 0..11: bias 11..13 meets it
        assertRejected(call, "C (3x4 from offset 0", "the epilogue's bias (3 elements from offset 11");
        call.epilogue = GemmEpilogue.none().withRowBias(call.c, 12);
        call.run();
    }

    // ------------------------------------------------------------------------------- legal degenerate cases

    @Test
    void emptyCIsLegalAndTouchesNothing() {
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                // m = 0: C has no rows; A and C may be empty arrays
                float[] c = filled(7, Float.NaN);
                Gemm.sgemm(transA, transB, 0, 4, 5, 1f, new float[0], 0, transA ? 1 : 5, filled(20, 1f), 0,
                        transB ? 5 : 4, 0f, new float[0], 0, 4);
                Gemm.sgemm(transA, transB, 0, 4, 5, 1f, new float[0], 0, transA ? 1 : 5, filled(20, 1f), 0,
                        transB ? 5 : 4, 0f, c, 3, 4, GemmEpilogue.none().withRowBias(new float[0], 0).withRelu(),
                        Parallelism.singleThread());
                assertArrayEquals(filled(7, Float.NaN), c);
                // n = 0: C has no columns
                Gemm.sgemm(transA, transB, 3, 0, 5, 1f, filled(15, 1f), 0, transA ? 3 : 5, new float[0], 0,
                        transB ? 5 : 1, 0f, c, 0, 1);
                assertArrayEquals(filled(7, Float.NaN), c);
            }
        }
    }

    /** k = 0: C := beta·C (then the epilogue); A and B are not read, so they may be empty, at any offset. */
    @Test
    void zeroDepthScalesC() {
        Random rnd = new Random(11);
        int m = 5, n = 7, offC = 2, ldc = 9;
        for (Backend backend : TestBackends.all()) {
            for (boolean transA : new boolean[] {false, true}) {
                for (float beta : new float[] {0f, 1f, -1f, 0.3f}) {
                    float[] c0 = GemmProblem.matrix(rnd, offC, m, n, ldc, -77f);
                    if (beta == 0f) {
                        GemmProblem.fillRegion(c0, offC, m, n, ldc, Float.NaN);
                    }
                    float[] bias = GemmProblem.matrix(rnd, 0, 1, n, n, 0f);
                    float[] c = c0.clone();
                    backend.sgemm().sgemm(transA, false, m, n, 0, 1f, new float[0], 100, transA ? m : 1,
                            new float[0], 100, n, beta, c, offC, ldc, GemmEpilogue.none(),
                            Parallelism.singleThread());
                    float[] viaPublic = c0.clone();
                    Gemm.sgemm(transA, false, m, n, 0, 1f, new float[0], 100, transA ? m : 1, new float[0], 100, n,
                            beta, viaPublic, offC, ldc);
                    float[] withEpilogue = c0.clone();
                    backend.sgemm().sgemm(transA, false, m, n, 0, 1f, new float[0], 0, transA ? m : 1,
                            new float[0], 0, n, beta, withEpilogue, offC, ldc,
                            GemmEpilogue.none().withColumnBias(bias, 0).withRelu(), Parallelism.singleThread());
                    for (int idx = 0; idx < c0.length; idx++) {
                        int i = (idx - offC) / ldc, j = (idx - offC) % ldc;
                        boolean inside = idx >= offC && i < m && j < n;
                        // beta·C rounded once to float: the double product of two floats is exact.
                        float scaled = beta == 0f ? 0f : (float) ((double) beta * c0[idx]);
                        float expected = inside ? scaled : c0[idx];
                        String where = backend.provider().describe() + ", beta=" + beta + ", C[" + idx + "]";
                        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(c[idx]), where);
                        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(viaPublic[idx]),
                                where + " via Gemm.sgemm");
                        float fused = inside ? (float) Math.max(0, (double) scaled + bias[j]) : c0[idx];
                        assertEquals(Float.floatToRawIntBits(fused), Float.floatToRawIntBits(withEpilogue[idx]),
                                where + " with column bias and relu");
                    }
                }
            }
        }
    }

    /** alpha = 0: C := beta·C without reading A or B, so NaN in A and B does not reach C (BLAS semantics). */
    @Test
    void zeroAlphaDoesNotReadAOrB() {
        int m = 13, n = 35, k = 17;
        float[] a = filled(m * k, Float.NaN);
        float[] b = filled(k * n, Float.POSITIVE_INFINITY);
        for (Backend backend : TestBackends.all()) {
            for (float beta : new float[] {0f, -1f}) {
                for (Parallelism parallelism : new Parallelism[] {Parallelism.singleThread(),
                        Parallelism.threads(3)}) {
                    float[] c = new float[m * n];
                    for (int i = 0; i < c.length; i++) {
                        c[i] = beta == 0f ? Float.NaN : i * 0.125f;
                    }
                    float[] viaPublic = c.clone();
                    float[] expected = new float[c.length];
                    for (int i = 0; i < c.length; i++) {
                        expected[i] = beta == 0f ? 0f : -c[i];
                    }
                    backend.sgemm().sgemm(false, false, m, n, k, 0f, a, 0, k, b, 0, n, beta, c, 0, n,
                            GemmEpilogue.none(), parallelism);
                    Gemm.sgemm(false, false, m, n, k, 0f, a, 0, k, b, 0, n, beta, viaPublic, 0, n,
                            GemmEpilogue.none(), parallelism);
                    assertArrayEquals(expected, c, backend.provider().describe() + ", beta=" + beta);
                    assertArrayEquals(expected, viaPublic, "Gemm.sgemm, beta=" + beta);
                }
            }
        }
    }
}

package dev.resvec.kernels;

import dev.resvec.kernels.internal.Backends;

/**
 * General matrix multiply on row-major flat arrays, with BLAS semantics:
 * <pre>  C := alpha·op(A)·op(B) + beta·C</pre>
 * where op(A) is m×k, op(B) is k×n and C is m×n; {@code op(X) = Xᵀ} when its {@code trans} flag is set. Element
 * (i, j) of a row-major matrix stored from {@code off} with leading dimension {@code ld} is {@code x[off + i·ld + j]}.
 *
 * <ul>
 *   <li>With beta = 0, C is not read: NaN or garbage in C does not leak into the result.</li>
 *   <li>m, n or k = 0 are legal (k = 0 or alpha = 0 scales C by beta and does not read A or B).</li>
 *   <li>Leading dimensions larger than the row length work (sub-matrices, padded rows).</li>
 *   <li>Invalid arguments throw {@link IllegalArgumentException} naming the argument and the values.</li>
 *   <li>C must share no element with A or B (as in BLAS), nor with the epilogue's bias or residual: the blocked
 *       product reads them after it has written parts of C, so an overlap would silently give a wrong answer. It is
 *       an {@link IllegalArgumentException} naming both element ranges. C beside A or B in one array is fine. Not
 *       even the residual may be C itself (it is read after the earlier depth blocks wrote partial sums there): to
 *       add C in place, pass beta = 1.</li>
 *   <li>Results are bitwise identical for every thread count (work is split by rows or columns of C, never by k).</li>
 * </ul>
 *
 * <p>The float kernel is the BLIS design on the provider of {@link Kernels#provider()}; {@link #dgemm} is the
 * plain double-precision reference (the test oracle, and what float64 tensors run).
 */
public final class Gemm {
    private Gemm() {}

    /**
     * {@code C := alpha·op(A)·op(B) + beta·C} with the default {@link Parallelism}.
     *
     * @param transA use Aᵀ (A is then stored k×m)
     * @param transB use Bᵀ (B is then stored n×k)
     * @param m      rows of op(A) and C
     * @param n      columns of op(B) and C
     * @param k      columns of op(A), rows of op(B)
     * @param alpha  scale of the product
     * @param a      A's array
     * @param offA   index of A's element (0, 0)
     * @param lda    A's leading dimension: ≥ max(1, k), or ≥ max(1, m) when transposed
     * @param b      B's array
     * @param offB   index of B's element (0, 0)
     * @param ldb    B's leading dimension: ≥ max(1, n), or ≥ max(1, k) when transposed
     * @param beta   scale of C's old value (0: C is not read)
     * @param c      C's array
     * @param offC   index of C's element (0, 0)
     * @param ldc    C's leading dimension: ≥ max(1, n)
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int offA,
                             int lda, float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc) {
        sgemm(transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc, GemmEpilogue.none(),
                Parallelism.defaults());
    }

    /**
     * {@code C := epilogue(alpha·op(A)·op(B) + beta·C)}: as {@link #sgemm(boolean, boolean, int, int, int, float,
     * float[], int, int, float[], int, int, float, float[], int, int)}, with a bias, residual and/or ReLU fused into
     * the write-back of C, on the given threads.
     *
     * @param epilogue    what to fuse into the write-back ({@link GemmEpilogue#none()} for plain BLAS)
     * @param parallelism the threads to use
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int offA,
                             int lda, float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc,
                             GemmEpilogue epilogue, Parallelism parallelism) {
        checkDims(m, n, k);
        checkMatrix("a", "A", a == null ? -1 : a.length, offA, lda, "lda", transA ? k : m, transA ? m : k, transA);
        checkMatrix("b", "B", b == null ? -1 : b.length, offB, ldb, "ldb", transB ? n : k, transB ? k : n, transB);
        checkMatrix("c", "C", c == null ? -1 : c.length, offC, ldc, "ldc", m, n, false);
        checkEpilogue(epilogue, m, n);
        if (parallelism == null) {
            throw new IllegalArgumentException("parallelism is null (use Parallelism.defaults())");
        }
        checkNoOverlap("sgemm", transA, transB, m, n, k, a, offA, lda, b, offB, ldb, c, offC, ldc);
        checkEpilogueOverlap(epilogue, m, n, c, offC, ldc);
        Backends.active().sgemm().sgemm(transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC,
                ldc, epilogue, parallelism);
    }

    /**
     * Packs op(A) once for the active provider's microkernel, for many products with different right operands
     * (see {@link PackedMatrix}).
     *
     * @param transA use Aᵀ (A is then stored k×m)
     * @param m      rows of op(A)
     * @param k      columns of op(A)
     * @param a      A's array (copied)
     * @param offA   index of A's element (0, 0)
     * @param lda    A's leading dimension: ≥ max(1, k), or ≥ max(1, m) when transposed
     * @return the packed matrix
     */
    public static PackedMatrix pack(boolean transA, int m, int k, float[] a, int offA, int lda) {
        checkDims(m, 0, k);
        checkMatrix("a", "A", a == null ? -1 : a.length, offA, lda, "lda", transA ? k : m, transA ? m : k, transA);
        return new PackedMatrix(Backends.active().sgemm().pack(transA, m, k, a, offA, lda));
    }

    /**
     * {@code C := epilogue(alpha·A·op(B) + beta·C)} with a pre-packed A (m×k, from {@link #pack}): the same result,
     * bit for bit, as the unpacked call with the same arguments on the same thread counts, without packing A.
     *
     * @param a           the packed left operand (its own transpose flag was applied when packing)
     * @param transB      use Bᵀ (B is then stored n×k)
     * @param n           columns of op(B) and C
     * @param alpha       scale of the product
     * @param b           B's array
     * @param offB        index of B's element (0, 0)
     * @param ldb         B's leading dimension: ≥ max(1, n), or ≥ max(1, k) when transposed
     * @param beta        scale of C's old value (0: C is not read)
     * @param c           C's array
     * @param offC        index of C's element (0, 0)
     * @param ldc         C's leading dimension: ≥ max(1, n)
     * @param epilogue    what to fuse into the write-back ({@link GemmEpilogue#none()} for plain BLAS)
     * @param parallelism the threads to use
     */
    public static void sgemm(PackedMatrix a, boolean transB, int n, float alpha, float[] b, int offB, int ldb,
                             float beta, float[] c, int offC, int ldc, GemmEpilogue epilogue,
                             Parallelism parallelism) {
        if (a == null) {
            throw new IllegalArgumentException("a is null (pack it with Gemm.pack)");
        }
        int m = a.rows(), k = a.columns();
        checkDims(m, n, k);
        checkMatrix("b", "B", b == null ? -1 : b.length, offB, ldb, "ldb", transB ? n : k, transB ? k : n, transB);
        checkMatrix("c", "C", c == null ? -1 : c.length, offC, ldc, "ldc", m, n, false);
        checkEpilogue(epilogue, m, n);
        if (parallelism == null) {
            throw new IllegalArgumentException("parallelism is null (use Parallelism.defaults())");
        }
        checkNoOverlap("sgemm", false, transB, m, n, k, null, 0, 1, b, offB, ldb, c, offC, ldc);
        checkEpilogueOverlap(epilogue, m, n, c, offC, ldc);
        if (a.panels.owner() != Backends.active().sgemm()) {
            throw new IllegalArgumentException(a + " was packed for another kernel than the active one ("
                    + Kernels.provider().describe() + ")");
        }
        Backends.active().sgemm().sgemm(a.panels, transB, n, alpha, b, offB, ldb, beta, c, offC, ldc, epilogue,
                parallelism);
    }

    /**
     * Double-precision {@code C := alpha·op(A)·op(B) + beta·C}: the plain scalar reference, with the same argument
     * rules as {@code sgemm}. Each element is one dot product summed in order of k.
     */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int offA,
                             int lda, double[] b, int offB, int ldb, double beta, double[] c, int offC, int ldc) {
        checkDims(m, n, k);
        checkMatrix("a", "A", a == null ? -1 : a.length, offA, lda, "lda", transA ? k : m, transA ? m : k, transA);
        checkMatrix("b", "B", b == null ? -1 : b.length, offB, ldb, "ldb", transB ? n : k, transB ? k : n, transB);
        checkMatrix("c", "C", c == null ? -1 : c.length, offC, ldc, "ldc", m, n, false);
        checkNoOverlap("dgemm", transA, transB, m, n, k, a, offA, lda, b, offB, ldb, c, offC, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                if (alpha != 0) {
                    for (int p = 0; p < k; p++) {
                        double av = transA ? a[offA + p * lda + i] : a[offA + i * lda + p];
                        double bv = transB ? b[offB + j * ldb + p] : b[offB + p * ldb + j];
                        sum += av * bv;
                    }
                }
                int ci = offC + i * ldc + j;
                c[ci] = alpha * sum + (beta == 0 ? 0 : beta * c[ci]);
            }
        }
    }

    private static void checkDims(int m, int n, int k) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sizes must be >= 0, got m=" + m + ", n=" + n + ", k=" + k);
        }
    }

    /** Checks a stored rows×cols row-major matrix (the stored layout, after any transpose). */
    private static void checkMatrix(String array, String name, int length, int off, int ld, String ldName, int rows,
                                    int cols, boolean trans) {
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException(ldName + " must be >= max(1, " + cols + ") for " + name
                    + (trans ? " (transposed, stored " : " (stored ") + rows + "x" + cols + "), got " + ldName + "=" + ld);
        }
        if (length < 0) {
            throw new IllegalArgumentException(array + " is null");
        }
        if (off < 0) {
            throw new IllegalArgumentException("off" + name + " must be >= 0, got " + off);
        }
        if (rows > 0 && cols > 0) {
            long needed = off + (long) (rows - 1) * ld + cols;
            if (needed > length) {
                throw new IllegalArgumentException(array + " is too short: " + name + " stored " + rows + "x" + cols
                        + " with off" + name + "=" + off + ", " + ldName + "=" + ld + " needs " + needed
                        + " elements, got " + length);
            }
        }
    }

    /**
     * C must share no element with A or B (BLAS forbids it): the blocked product packs and reads A and B panel by
     * panel after it has written earlier blocks of C, so an overlap gives a wrong answer that depends on the
     * blocking, silently. Exact, so C beside A or B in the same array (other columns of the same rows) passes.
     */
    private static void checkNoOverlap(String call, boolean transA, boolean transB, int m, int n, int k, Object a,
                                       int offA, int lda, Object b, int offB, int ldb, Object c, int offC, int ldc) {
        Overlap.Region cRegion = Overlap.Region.matrix("C", c, offC, m, n, ldc);
        Overlap.check(call, cRegion,
                Overlap.Region.matrix(transA ? "A (transposed, stored)" : "A", a, offA, transA ? k : m,
                        transA ? m : k, lda),
                Overlap.Region.matrix(transB ? "B (transposed, stored)" : "B", b, offB, transB ? n : k,
                        transB ? k : n, ldb));
    }

    /**
     * The epilogue's bias is read as C is written, tile by tile: the two must not share an element either. Nor may
     * its residual, not even as C itself at the same offset and leading dimension: it is read in the last depth
     * block, after the earlier blocks have written their partial sums over C (with k = 2000 and residual = C, an
     * element came out 3.8 where the product plus C was 83.1).
     */
    private static void checkEpilogueOverlap(GemmEpilogue e, int m, int n, float[] c, int offC, int ldc) {
        if (e.biasKind() != GemmEpilogue.BiasKind.NONE) {
            int length = e.biasKind() == GemmEpilogue.BiasKind.PER_ROW ? m : n;
            Overlap.check("sgemm", Overlap.Region.matrix("C", c, offC, m, n, ldc),
                    Overlap.Region.contiguous("the epilogue's bias", e.bias(), e.biasOffset(), length));
        }
        if (e.residual() == c) {
            Overlap.check("sgemm", Overlap.Region.matrix("C", c, offC, m, n, ldc), Overlap.Rule.GEMM_RESIDUAL,
                    Overlap.Region.matrix("the epilogue's residual", e.residual(), e.residualOffset(), m, n,
                            e.residualLd()));
        }
    }

    private static void checkEpilogue(GemmEpilogue e, int m, int n) {
        if (e == null) {
            throw new IllegalArgumentException("epilogue is null (use GemmEpilogue.none())");
        }
        int biasLen = switch (e.biasKind()) {
            case NONE -> 0;
            case PER_ROW -> m;
            case PER_COLUMN -> n;
        };
        if (biasLen > 0 && (e.biasOffset() < 0 || (long) e.biasOffset() + biasLen > e.bias().length)) {
            throw new IllegalArgumentException("epilogue bias (" + e.biasKind() + ") needs " + biasLen
                    + " values from offset " + e.biasOffset() + ", but the array has " + e.bias().length);
        }
        if (e.residual() != null) {
            checkMatrix("residual", "R", e.residual().length, e.residualOffset(), e.residualLd(), "ldr", m, n, false);
        }
    }
}

package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import dev.resvec.kernels.internal.BlisGemm;
import dev.resvec.kernels.internal.SgemmKernel;
import java.util.Arrays;
import java.util.Random;

/**
 * One SGEMM problem for the GEMM tests: operands stored with offsets and padded leading dimensions in arrays of
 * exactly the length the arguments need (so any read or write past the end throws), C's elements outside the m×n
 * region filled with a sentinel, the double-precision oracle and the error bound.
 *
 * <h2>Error bound</h2>
 * With u = 2<sup>-24</sup> (float's unit roundoff), {@code nb = ceil(k / KC)} PC blocks, and
 * <pre>  M(i,j) = |alpha|·Σ<sub>p</sub>|op(A)(i,p)|·|op(B)(p,j)| + |beta|·|C0(i,j)| + |bias| + |R(i,j)|</pre>
 * every computed element satisfies
 * <pre>  |C(i,j) − ref(i,j)| ≤ tol(i,j) = 1.01 · (k + nb + 3) · u · M(i,j)</pre>
 * where ref is {@link Gemm#dgemm} on the same (exactly converted) inputs, followed by the epilogue in double.
 * Derivation (Higham, <i>Accuracy and Stability of Numerical Algorithms</i>, §3.1, eq. 3.5 and Lemma 3.1): the
 * driver's write-back order is fixed (see {@code GemmWriteBack}): in each PC block a dot product of kc ≤ k terms is
 * accumulated (float, with or without FMA: at most kc roundings per term; the scalar twin accumulates in double and
 * rounds once, which is less), then scaled by alpha (1 rounding); the first block adds beta·C0 (1 multiply, 1
 * add), each later block adds to the running C (1 add each, nb − 1 in all); the last block adds the bias and the
 * residual (2 adds); ReLU is exact and 1-Lipschitz. So every term of the exact sum passes through at most
 * n = k + nb + 3 roundings, and the error is at most γ<sub>n</sub>·M with γ<sub>n</sub> = n·u/(1 − n·u). The
 * factor 1.01 covers 1/(1 − n·u) (n ≤ 2000 here) and the double reference's own error (≈ k·2<sup>-53</sup>·M).
 * No absolute term is needed: the inputs are multiples of 2<sup>-24</sup> in [−1, 1], so nothing underflows.
 *
 * <p>The bound is tight enough to catch a wrong element: dropping or adding one term (an off-by-one in k, a wrong
 * row or column of a micro-panel) changes C(i,j) by |alpha·a·b| with a, b uniform in [−1, 1], while the bound is
 * about (k + nb + 3)·u·|alpha|·k/4, i.e. ≈ 1.4·10<sup>-3</sup>·|alpha| at k = 300 and far smaller below: a
 * single such element escapes with probability ≈ 1 %, all m·n of them practically never.
 * {@link GemmPropertiesTest#theBoundCatchesAnOffByOneInK} checks this on a fixed problem.
 */
final class GemmProblem {
    static final double U = 0x1p-24;

    final boolean transA, transB;
    final int m, n, k;
    final float alpha, beta;
    final float[] a;
    final int offA, lda;
    final float[] b;
    final int offB, ldb;
    final float[] c0;
    final int offC, ldc;
    private final float[] aCopy, bCopy;

    GemmProblem(Random rnd, boolean transA, boolean transB, int m, int n, int k, float alpha, float beta, int offA,
                int padA, int offB, int padB, int offC, int padC, boolean nanSentinel) {
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
        this.alpha = alpha;
        this.beta = beta;
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        this.offA = offA;
        this.lda = Math.max(1, aCols) + padA;
        this.offB = offB;
        this.ldb = Math.max(1, bCols) + padB;
        this.offC = offC;
        this.ldc = Math.max(1, n) + padC;
        // Padding of A and B is NaN: reading it would poison the result.
        this.a = matrix(rnd, offA, aRows, aCols, lda, Float.NaN);
        this.b = matrix(rnd, offB, bRows, bCols, ldb, Float.NaN);
        // C's padding is a sentinel that must stay bitwise as it is: a quiet NaN with a payload (reading it would
        // poison the result) or a finite value (any arithmetic write changes it unless beta = 1).
        this.c0 = matrix(rnd, offC, m, n, ldc, nanSentinel ? Float.intBitsToFloat(0x7fc5a5a5) : -1234.5f);
        if (beta == 0f) {
            fillRegion(c0, offC, m, n, ldc, Float.NaN); // must not leak: C is not read when beta = 0
        }
        this.aCopy = a.clone();
        this.bCopy = b.clone();
    }

    /** Array of exactly the needed length; rows×cols values in [-1, 1] at off with leading dimension ld. */
    static float[] matrix(Random rnd, int off, int rows, int cols, int ld, float padding) {
        int length = rows == 0 || cols == 0 ? off : off + (rows - 1) * ld + cols;
        float[] x = new float[length];
        Arrays.fill(x, padding);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                x[off + i * ld + j] = value(rnd);
            }
        }
        return x;
    }

    /** A uniform value in [-1, 1], a multiple of 2^-24 (no subnormal products). */
    static float value(Random rnd) {
        return (rnd.nextInt((1 << 25) + 1) - (1 << 24)) * 0x1p-24f; // |int| <= 2^24: exact in float
    }

    static void fillRegion(float[] x, int off, int rows, int cols, int ld, float v) {
        for (int i = 0; i < rows && cols > 0; i++) {
            Arrays.fill(x, off + i * ld, off + i * ld + cols, v);
        }
    }

    /** @return a fresh copy of C's initial contents */
    float[] freshC() {
        return c0.clone();
    }

    /** Runs a provider's kernel straight (no validation) on a fresh C and returns it. */
    float[] run(SgemmKernel kernel, GemmEpilogue e, Parallelism p) {
        float[] c = freshC();
        kernel.sgemm(transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc, e, p);
        return c;
    }

    /** Packs A for the kernel, then runs the kernel's packed-A entry straight on a fresh C and returns it. */
    float[] runPacked(SgemmKernel kernel, GemmEpilogue e, Parallelism p) {
        float[] c = freshC();
        kernel.sgemm(kernel.pack(transA, m, k, a, offA, lda), transB, n, alpha, b, offB, ldb, beta, c, offC, ldc, e,
                p);
        return c;
    }

    /** Runs the public entry (validation + active provider, default parallelism) on a fresh C and returns it. */
    float[] runPublic(GemmEpilogue e, Parallelism p) {
        float[] c = freshC();
        Gemm.sgemm(transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc, e, p);
        return c;
    }

    /** @return PC blocks the kernel runs for this k (k blocks, the worst case, if its KC is unknown) */
    int pcBlocks(SgemmKernel kernel) {
        int kc = kernel instanceof BlisGemm blis ? blis.blocking().kc() : 1;
        return k == 0 ? 0 : (k + kc - 1) / kc;
    }

    /** The oracle: dgemm in double, then the epilogue in double; dense m×n. */
    double[] reference(GemmEpilogue e) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[i * n + j] = c0[offC + i * ldc + j];
            }
        }
        Gemm.dgemm(transA, transB, m, n, k, alpha, toDouble(a, false), offA, lda, toDouble(b, false), offB, ldb,
                beta, c, 0, Math.max(1, n));
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double v = c[i * n + j] + bias(e, i, j) + residual(e, i, j);
                c[i * n + j] = e.relu() ? Math.max(v, 0) : v;
            }
        }
        return c;
    }

    /** The magnitudes M(i,j) of the error bound (see the class comment); dense m×n. */
    double[] magnitudes(GemmEpilogue e) {
        double[] s = new double[m * n];
        Gemm.dgemm(transA, transB, m, n, k, Math.abs(alpha), toDouble(a, true), offA, lda, toDouble(b, true), offB,
                ldb, 0, s, 0, Math.max(1, n));
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double c = beta == 0f ? 0 : Math.abs((double) beta * c0[offC + i * ldc + j]);
                s[i * n + j] += c + Math.abs(bias(e, i, j)) + Math.abs(residual(e, i, j));
            }
        }
        return s;
    }

    static double bias(GemmEpilogue e, int i, int j) {
        return switch (e.biasKind()) {
            case NONE -> 0;
            case PER_ROW -> e.bias()[e.biasOffset() + i];
            case PER_COLUMN -> e.bias()[e.biasOffset() + j];
        };
    }

    static double residual(GemmEpilogue e, int i, int j) {
        return e.residual() == null ? 0 : e.residual()[e.residualOffset() + i * e.residualLd() + j];
    }

    /** @return the bound of the class comment for a kernel that runs {@code nb} PC blocks */
    double tolerance(double magnitude, int nb) {
        return 1.01 * (k + nb + 3) * U * magnitude;
    }

    /** @return a description of the first element outside the bound, or null when all are within it */
    String firstViolation(float[] c, double[] ref, double[] mag, int nb) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float v = c[offC + i * ldc + j];
                double tol = tolerance(mag[i * n + j], nb);
                double diff = Math.abs(v - ref[i * n + j]);
                if (!(diff <= tol)) {
                    return "C(" + i + "," + j + ") = " + v + ", expected " + ref[i * n + j] + " ± " + tol
                            + " (|diff| = " + diff + ")";
                }
            }
        }
        return null;
    }

    /**
     * Asserts every element of C is within the bound of the reference, every element outside the m×n region is
     * bitwise unchanged, and A and B were not written.
     */
    void check(String who, float[] c, double[] ref, double[] mag, int nb) {
        String violation = firstViolation(c, ref, mag, nb);
        if (violation != null) {
            fail(who + ": " + violation + " in " + this);
        }
        for (int idx = 0; idx < c.length; idx++) {
            if (!inRegion(idx) && Float.floatToRawIntBits(c[idx]) != Float.floatToRawIntBits(c0[idx])) {
                fail(who + ": C[" + idx + "] outside the " + m + "x" + n + " region was overwritten: "
                        + c0[idx] + " -> " + c[idx] + " in " + this);
            }
        }
        if (!Arrays.equals(a, aCopy) || !Arrays.equals(b, bCopy)) {
            fail(who + ": A or B was modified in " + this);
        }
    }

    boolean inRegion(int idx) {
        if (idx < offC) {
            return false;
        }
        int r = (idx - offC) / ldc, q = (idx - offC) % ldc;
        return r < m && q < n;
    }

    private static double[] toDouble(float[] x, boolean abs) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = abs ? Math.abs((double) x[i]) : x[i];
        }
        return d;
    }

    @Override
    public String toString() {
        return "sgemm(transA=" + transA + ", transB=" + transB + ", m=" + m + ", n=" + n + ", k=" + k + ", alpha="
                + alpha + ", offA=" + offA + ", lda=" + lda + ", offB=" + offB + ", ldb=" + ldb + ", beta=" + beta
                + ", offC=" + offC + ", ldc=" + ldc + ")";
    }
}

package dev.resvec.kernels.internal;

import dev.resvec.kernels.GemmEpilogue;
import dev.resvec.kernels.Parallelism;

/**
 * The BLIS five-loop GEMM driver (Van Zee &amp; van de Geijn, "BLIS: A Framework for Rapidly Instantiating BLAS
 * Functionality", ACM TOMS 41(3), 2015), shared by both providers; a provider supplies the microkernel.
 * <pre>
 *   JC: for jc in 0..n step NC           panel of B columns
 *     PC: for pc in 0..k step KC         pack B[pc:pc+KC, jc:jc+NC] into KC×NR micro-panels (zero-padded)
 *       IC: for ic in 0..m step MC       pack A[ic:ic+MC, pc:pc+KC] into MR×KC micro-panels (zero-padded)
 *         JR: for jr in 0..NC step NR
 *           IR: for ir in 0..MC step MR  microkernel: MR×NR tile of C += A micro-panel · B micro-panel
 * </pre>
 * Threads split C into column ranges (JC) or row ranges (IC) on the MR/NR grid, never the k dimension, so each
 * element of C is computed by the same operations in the same order whatever the thread count: results are
 * bitwise identical for every thread count.
 */
public abstract class BlisGemm implements SgemmKernel {
    /** Below this many multiply-adds per thread, more threads cost more than they save. */
    private static final long MIN_WORK_PER_THREAD = 1L << 18;
    /** The largest Cᵀ (floats) the swapped path keeps as per-thread scratch: 4 MiB. */
    private static final long MAX_TRANSPOSED_SCRATCH = 1L << 20;

    protected final GemmBlocking blocking;
    private final ThreadLocal<float[][]> packBuffers = ThreadLocal.withInitial(() -> new float[2][0]);
    /** The calling thread's scratch for Cᵀ when the operands are swapped (only for thin C, so it stays small). */
    private final ThreadLocal<float[]> transposedScratch = ThreadLocal.withInitial(() -> new float[0]);

    protected BlisGemm(GemmBlocking blocking) {
        this.blocking = blocking;
    }

    /** @return the blocking parameters (for tests and the bench report) */
    public GemmBlocking blocking() {
        return blocking;
    }

    /**
     * Computes one MR×NR tile over kc steps from packed micro-panels and writes its {@code mr × nr} valid part
     * (mr ≤ MR, nr ≤ NR) through {@code wb} at C(i, j); {@code tile} is MR·NR floats of scratch for edge tiles.
     */
    protected abstract void microkernel(int kc, float[] ap, int aOff, float[] bp, int bOff, GemmWriteBack wb,
                                        int i, int j, int mr, int nr, boolean first, boolean last, float[] tile);

    /**
     * A provider may compute small problems straight from A and B without packing (packing costs more than it
     * saves there). Returns false to let the packed path run.
     */
    protected boolean smallGemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int offA, int lda,
                                float[] b, int offB, int ldb, GemmWriteBack wb) {
        return false;
    }

    @Override
    public final void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int offA,
                            int lda, float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc,
                            GemmEpilogue epilogue, Parallelism parallelism) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            new GemmWriteBack(c, offC, ldc, alpha, beta, epilogue).scaleOnly(m, n);
            return;
        }
        if (smallGemm(transA, transB, m, n, k, a, offA, lda, b, offB, ldb,
                new GemmWriteBack(c, offC, ldc, alpha, beta, epilogue))) {
            return;
        }
        GemmWriteBack wb = new GemmWriteBack(c, offC, ldc, alpha, beta, epilogue);
        if ((long) m * n <= MAX_TRANSPOSED_SCRATCH && paddedWork(n, m) < paddedWork(m, n) * 9 / 10) {
            // Cᵀ = op(B)ᵀ·op(A)ᵀ wastes less of the register tile (AVX-512, 8×32 tile: n = 49 columns fill 49/64
            // of two tiles' columns, but m = 49 rows fill 49/56 of seven tiles' rows): swap the operands. Cᵀ goes
            // to a scratch matrix with the plain vector write-back, and one pass then writes it into C with alpha,
            // beta and the epilogue; writing C transposed tile by tile is scalar and, once per depth block, took a
            // third of a 512×4608×49 GEMM.
            float[] ct = transposedScratch.get();
            if (ct.length < m * n) {
                ct = new float[m * n];
                transposedScratch.set(ct);
            }
            packed(!transB, !transA, n, m, k, b, offB, ldb, a, offA, lda,
                    new GemmWriteBack(ct, 0, m, 1f, 0f, GemmEpilogue.none()), parallelism);
            storeTransposed(wb, ct, m, m, n);
        } else {
            packed(transA, transB, m, n, k, a, offA, lda, b, offB, ldb, wb, parallelism);
        }
    }

    /**
     * Writes the whole m×n C from its complete transposed product {@code t} (n×m, row stride {@code ldt}), with
     * alpha, beta and the epilogue; a provider may vectorise it.
     */
    protected void storeTransposed(GemmWriteBack wb, float[] t, int ldt, int m, int n) {
        wb.storeTransposed(t, ldt, 0, m, 0, n);
    }

    /** Multiply-adds the register tiles compute for an m×n C, padding included. */
    private long paddedWork(int m, int n) {
        return (long) roundUp(m, blocking.mr()) * roundUp(n, blocking.nr());
    }

    /** The packed path: splits C between threads, each running the five loops on its part. */
    private void packed(boolean transA, boolean transB, int m, int n, int k, float[] a, int offA, int lda, float[] b,
                        int offB, int ldb, GemmWriteBack wb, Parallelism parallelism) {
        int mr = blocking.mr(), nr = blocking.nr();
        long work = (long) m * n * k;
        int threads = (int) Math.max(1, Math.min(parallelism.threadCount(), work / MIN_WORK_PER_THREAD));
        // Split the longer side of C on the register grid (fewer, larger packs of the shorter side's operand).
        boolean splitColumns = n >= m;
        int grid = splitColumns ? nr : mr;
        int cells = ((splitColumns ? n : m) + grid - 1) / grid;
        threads = Math.min(threads, cells);
        if (threads <= 1) {
            run(transA, transB, 0, m, 0, n, k, a, offA, lda, b, offB, ldb, wb);
            return;
        }
        final int shares = threads;
        ParallelRunner.run(shares, parallelism, s -> {
            int from = (int) ((long) cells * s / shares) * grid;
            int to = Math.min((int) ((long) cells * (s + 1) / shares) * grid, splitColumns ? n : m);
            if (from >= to) {
                return;
            }
            if (splitColumns) {
                run(transA, transB, 0, m, from, to, k, a, offA, lda, b, offB, ldb, wb);
            } else {
                run(transA, transB, from, to, 0, n, k, a, offA, lda, b, offB, ldb, wb);
            }
        });
    }

    /** The five loops over C[i0:i1, j0:j1], on the calling thread. */
    private void run(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k, float[] a, int offA,
                     int lda, float[] b, int offB, int ldb, GemmWriteBack wb) {
        final int mr = blocking.mr(), nr = blocking.nr(), mcMax = blocking.mc();
        final int ncMax = blocking.nc();
        final int kcStep = depthStep(k);
        float[][] buffers = packBuffers.get();
        int ncCap = Math.min(ncMax, roundUp(j1 - j0, nr));
        int mcCap = Math.min(mcMax, roundUp(i1 - i0, mr));
        int kcCap = Math.min(kcStep, k);
        float[] bp = buffers[0].length >= kcCap * ncCap ? buffers[0] : (buffers[0] = new float[kcCap * ncCap]);
        float[] ap = buffers[1].length >= kcCap * mcCap ? buffers[1] : (buffers[1] = new float[kcCap * mcCap]);
        float[] tile = new float[mr * nr];
        for (int jc = j0; jc < j1; jc += ncMax) {                       // JC loop
            int nc = Math.min(ncMax, j1 - jc);
            for (int pc = 0; pc < k; pc += kcStep) {                    // PC loop
                int kc = Math.min(kcStep, k - pc);
                boolean first = pc == 0, last = pc + kc == k;
                packB(transB, b, offB, ldb, pc, kc, jc, nc, bp);
                for (int ic = i0; ic < i1; ic += mcMax) {               // IC loop
                    int mc = Math.min(mcMax, i1 - ic);
                    packA(transA, a, offA, lda, ic, mc, pc, kc, ap);
                    for (int jr = 0; jr < nc; jr += nr) {               // JR loop
                        int nrEff = Math.min(nr, nc - jr);
                        for (int ir = 0; ir < mc; ir += mr) {           // IR loop
                            microkernel(kc, ap, ir * kc, bp, jr * kc, wb, ic + ir, jc + jr,
                                    Math.min(mr, mc - ir), nrEff, first, last, tile);
                        }
                    }
                }
            }
        }
    }

    /**
     * The PC loop's step for this k: blocks of equal depth, each at most 1.25·KC, so that a small remainder joins the
     * other blocks instead of costing a pass over C of its own (k = 1024, KC = 336: three blocks of 342, not
     * 336 + 336 + 336 + 16). Depends on k alone, so every thread splits k the same way.
     */
    private int depthStep(int k) {
        int kcMax = blocking.kc();
        int blocks = Math.max(1, (4 * k + 5 * kcMax - 1) / (5 * kcMax));
        return (k + blocks - 1) / blocks;
    }

    /** Packs op(B)[pc:pc+kc, jc:jc+nc] as consecutive KC×NR micro-panels, row p of a panel at p·NR, zero-padded. */
    protected void packB(boolean transB, float[] b, int offB, int ldb, int pc, int kc, int jc, int nc, float[] bp) {
        packB(transB, b, offB, ldb, pc, kc, jc, nc, bp, 0);
    }

    /** As {@link #packB(boolean, float[], int, int, int, int, int, int, float[])}, writing from {@code bp[bpOff]}. */
    protected final void packB(boolean transB, float[] b, int offB, int ldb, int pc, int kc, int jc, int nc,
                               float[] bp, int bpOff) {
        final int nr = blocking.nr();
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            int dst = bpOff + jr * kc;
            if (!transB) {
                int src = offB + pc * ldb + jc + jr;
                for (int p = 0; p < kc; p++, src += ldb, dst += nr) {
                    System.arraycopy(b, src, bp, dst, cols);
                    for (int q = cols; q < nr; q++) {
                        bp[dst + q] = 0f;
                    }
                }
            } else {
                // B transposed: row q of the strip is a row of the stored matrix. In blocks of 16 k-steps, so that
                // each source row gives one cache line and the block's scattered writes stay in L1.
                for (int p0 = 0; p0 < kc; p0 += 16) {
                    int p1 = Math.min(kc, p0 + 16);
                    for (int q = 0; q < nr; q++) {
                        int src = offB + (jc + jr + q) * ldb + pc;
                        for (int p = p0; p < p1; p++) {
                            bp[dst + p * nr + q] = q < cols ? b[src + p] : 0f;
                        }
                    }
                }
            }
        }
    }

    /** Packs op(A)[ic:ic+mc, pc:pc+kc] as consecutive MR×KC micro-panels, column p of a panel at p·MR, zero-padded. */
    protected void packA(boolean transA, float[] a, int offA, int lda, int ic, int mc, int pc, int kc, float[] ap) {
        packA(transA, a, offA, lda, ic, mc, pc, kc, ap, 0);
    }

    /** As {@link #packA(boolean, float[], int, int, int, int, int, int, float[])}, writing from {@code ap[apOff]}. */
    protected final void packA(boolean transA, float[] a, int offA, int lda, int ic, int mc, int pc, int kc,
                               float[] ap, int apOff) {
        final int mr = blocking.mr();
        for (int ir = 0; ir < mc; ir += mr) {
            int rows = Math.min(mr, mc - ir);
            int dst = apOff + ir * kc;
            if (transA) {
                int src = offA + pc * lda + ic + ir;
                for (int p = 0; p < kc; p++, src += lda, dst += mr) {
                    System.arraycopy(a, src, ap, dst, rows);
                    for (int r = rows; r < mr; r++) {
                        ap[dst + r] = 0f;
                    }
                }
            } else {
                // p outer, r inner: the panel is written sequentially while the rows of A are read as mr streams
                int src = offA + (ic + ir) * lda + pc;
                for (int p = 0; p < kc; p++, dst += mr) {
                    for (int r = 0; r < mr; r++) {
                        ap[dst + r] = r < rows ? a[src + r * lda + p] : 0f;
                    }
                }
            }
        }
    }

    private static int roundUp(int v, int m) {
        return (v + m - 1) / m * m;
    }
}

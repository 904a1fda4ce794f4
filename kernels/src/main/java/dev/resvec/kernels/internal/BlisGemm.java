package dev.resvec.kernels.internal;

import dev.resvec.kernels.GemmEpilogue;
import dev.resvec.kernels.Parallelism;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

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
    /**
     * Below this many multiply-adds per thread (of the register tiles, padding included), more threads cost more
     * than they save.
     */
    private static final long MIN_WORK_PER_THREAD = 1L << 18;
    /** Below this many floats per thread, packing a matrix on one thread is faster than handing half of it off. */
    private static final long MIN_PACK_PER_THREAD = 1L << 15;
    /** The largest Cᵀ (floats) the swapped path keeps as per-thread scratch: 4 MiB. */
    private static final long MAX_TRANSPOSED_SCRATCH = 1L << 20;
    /**
     * What writing one element of C from the swapped path's Cᵀ costs, in multiply-adds of the register tile: the
     * swap pays where the padding it saves is worth more. Measured (Zen 5, 1 thread): between 58 (pre-packed
     * 1024×256·256×196, where the swap saved 10 % of the padded work and ran 9 % slower) and 117 (pre-packed
     * 2048×512·512×49, 12 % saved, 3–7 % faster).
     */
    private static final long TRANSPOSE_COST = 80;

    protected final GemmBlocking blocking;
    /** Per thread: the packed B and A blocks, and the register tile's scratch for edge tiles (MR·NR floats). */
    private final ThreadLocal<float[][]> packBuffers = ThreadLocal.withInitial(() -> new float[3][0]);
    /** Per thread: the packed B of a plain operand, aligned ({@link AlignedPanels}). */
    private final ThreadLocal<MemorySegment> ownAlignedPanel = ThreadLocal.withInitial(() -> MemorySegment.NULL);
    /** The calling thread's panel of B that all the threads pack and read ({@link #sharedPanels}), aligned. */
    private final ThreadLocal<MemorySegment> sharedAlignedPanel = ThreadLocal.withInitial(() -> MemorySegment.NULL);
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
     * {@link #microkernel(int, float[], int, float[], int, GemmWriteBack, int, int, int, int, boolean, boolean,
     * float[])} with the B micro-panel in an aligned buffer ({@link AlignedPanels}), {@code bOff} in floats:
     * the same operations, so the same bits.
     */
    protected abstract void microkernel(int kc, float[] ap, int aOff, MemorySegment bp, long bOff, GemmWriteBack wb,
                                        int i, int j, int mr, int nr, boolean first, boolean last, float[] tile);

    /**
     * A provider may compute small problems straight from A and B without packing (packing costs more than it
     * saves there). Returns false to let the packed path run.
     */
    protected boolean smallGemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int offA, int lda,
                                float[] b, int offB, int ldb, GemmWriteBack wb) {
        return false;
    }

    /**
     * A provider may compute a thin C (one the driver would swap: n small) straight from a plain A, packing only B.
     * It must give the swapped path's bits, which a pre-packed A of the same product gets: each element's depth
     * blocks (PC steps of {@code depthStep}) summed from zero in k order with the microkernels' multiply-add, the
     * blocks' sums added in order, then C := epilogue(alpha·sum + beta·C) with the write-back's operations. Returns
     * false to let the packed path run.
     *
     * @param threads the most threads the product's work pays for
     */
    protected boolean thinGemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int offA, int lda,
                               float[] b, int offB, int ldb, int depthStep, int threads, GemmWriteBack wb,
                               Parallelism parallelism) {
        return false;
    }

    @Override
    public final void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int offA,
                            int lda, float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc,
                            GemmEpilogue epilogue, Parallelism parallelism) {
        if (m == 0 || n == 0) {
            return;
        }
        GemmWriteBack wb = new GemmWriteBack(c, offC, ldc, alpha, beta, epilogue);
        if (k == 0 || alpha == 0f) {
            wb.scaleOnly(m, n);
            return;
        }
        // Only where k is one depth block: the small path sums each element in one chain over k, the packed path
        // block by block, and a pre-packed A (always the packed path) must give the bits of the unpacked call.
        if (depthStep(k) >= k && smallGemm(transA, transB, m, n, k, a, offA, lda, b, offB, ldb, wb)) {
            return;
        }
        if (swapPays(m, n, k) && thinGemm(transA, transB, m, n, k, a, offA, lda, b, offB, ldb, depthStep(k),
                threadsFor(paddedWork(n, m) * k, parallelism), wb, parallelism)) {
            return;
        }
        multiply(m, n, k, new Operand(transA, a, offA, lda, null, null),
                new Operand(transB, b, offB, ldb, null, null), wb, parallelism);
    }

    @Override
    public final PackedPanels pack(boolean transA, int m, int k, float[] a, int offA, int lda) {
        int mp = roundUp(m, blocking.mr()), step = depthStep(k);
        float[] left = new float[Math.multiplyExact(mp, k)];
        for (int pc = 0; pc < k; pc += step) {
            packA(transA, a, offA, lda, 0, m, pc, Math.min(step, k - pc), left, pc * mp);
        }
        return new PackedPanels(this, m, k, left, null);
    }

    @Override
    public final int transposedPackSize(int m, int k) {
        return Math.multiplyExact(roundUp(m, blocking.nr()), k);
    }

    @Override
    public final PackedPanels packForTransposedProduct(boolean transA, int m, int k, float[] a, int offA, int lda,
                                                       float[] dest, Parallelism parallelism) {
        int nr = blocking.nr(), np = roundUp(m, nr), step = depthStep(k), strips = np / nr;
        float[] right = dest != null && dest.length >= transposedPackSize(m, k) ? dest
                : new float[transposedPackSize(m, k)];
        // op(A)'s rows are the columns of the transposed product's right operand op(A)ᵀ: packed as B, strips of NR
        // rows split between the threads, each thread all depth blocks of its strips
        int shares = (int) Math.max(1, Math.min(Math.min(parallelism.threadCount(), strips),
                (long) m * k / MIN_PACK_PER_THREAD));
        ParallelRunner.run(shares, parallelism, s -> {
            int j0 = strips * s / shares * nr, j1 = Math.min(m, strips * (s + 1) / shares * nr);
            for (int pc = 0; pc < k; pc += step) {
                int kc = Math.min(step, k - pc);
                packB(!transA, a, offA, lda, pc, kc, j0, j1 - j0, right, pc * np + j0 * kc);
            }
        });
        return new PackedPanels(this, m, k, null, right);
    }

    @Override
    public final void sgemm(PackedPanels a, boolean transB, int n, float alpha, float[] b, int offB, int ldb,
                            float beta, float[] c, int offC, int ldc, GemmEpilogue epilogue,
                            Parallelism parallelism) {
        GemmWriteBack wb = packedWriteBack(a, n, alpha, beta, c, offC, ldc, epilogue);
        if (wb != null) {
            multiply(a.m, n, a.k, new Operand(false, null, 0, 0, a, null),
                    new Operand(transB, b, offB, ldb, null, null), wb, parallelism);
        }
    }

    @Override
    public final void sgemm(PackedPanels a, OperandSource b, int n, float alpha, float beta, float[] c, int offC,
                            int ldc, GemmEpilogue epilogue, Parallelism parallelism) {
        GemmWriteBack wb = packedWriteBack(a, n, alpha, beta, c, offC, ldc, epilogue);
        if (wb != null) {
            multiply(a.m, n, a.k, new Operand(false, null, 0, 0, a, null), new Operand(false, null, 0, 0, null, b),
                    wb, parallelism);
        }
    }

    /**
     * The checks and trivial cases both packed entries share: the packing's owner, an empty C (nothing to do) and
     * k = 0 or alpha = 0 (C only scaled by beta).
     *
     * @return the write-back to multiply into, or null when C is already final
     */
    private GemmWriteBack packedWriteBack(PackedPanels a, int n, float alpha, float beta, float[] c, int offC,
                                          int ldc, GemmEpilogue epilogue) {
        if (a.owner != this) {
            throw new IllegalArgumentException("the matrix was packed for another kernel (" + a.owner
                    + "), not for " + this);
        }
        if (a.m == 0 || n == 0) {
            return null;
        }
        GemmWriteBack wb = new GemmWriteBack(c, offC, ldc, alpha, beta, epilogue);
        if (a.k == 0 || alpha == 0f) {
            wb.scaleOnly(a.m, n);
            return null;
        }
        return wb;
    }

    /**
     * One GEMM operand: op(X) stored in {@code x} and packed per call, pre-packed ({@code packed}: the left operand's
     * panels, or, once the driver has swapped the operands, the right operand's strips), or packing itself
     * ({@code source}: a right operand, or, swapped, the left one, packing MR-wide strips as its panels).
     */
    private record Operand(boolean trans, float[] x, int off, int ld, PackedPanels packed, OperandSource source) {
        Operand transposed() {
            return new Operand(!trans, x, off, ld, packed, source);
        }
    }

    /** C := epilogue(alpha·op(A)·op(B) + beta·C) on the packed path, with the operands swapped for thin C. */
    private void multiply(int m, int n, int k, Operand a, Operand b, GemmWriteBack wb, Parallelism parallelism) {
        if ((b.source == null || swapsSources()) && swapPays(m, n, k)) {
            // Cᵀ = op(B)ᵀ·op(A)ᵀ wastes less of the register tile (AVX-512, 8×32 tile: n = 49 columns fill 49/64 of two
            // tiles' columns, but m = 49 rows are six whole tiles and a one-row edge tile): swap the operands. Cᵀ goes
            // to a scratch matrix with the plain vector write-back, and each thread then writes its own part into C
            // with alpha, beta and the epilogue; writing C transposed tile by tile is scalar and, once per depth block,
            // took a third of a 512×4608×49 GEMM, and one pass after the threads' join left the second thread idle (2
            // threads, pre-packed 2048×512·512×49: 174 GFLOP/s, split into the threads: 285). A convolution's gathered
            // columns (an OperandSource) become the left operand where the provider allows it (512@14×14 3×3 stride 2,
            // one image, 1 thread: 1.93 → 1.52 ms).
            float[] ct = transposedScratch.get();
            if (ct.length < m * n) {
                ct = new float[m * n];
                transposedScratch.set(ct);
            }
            final float[] t = ct;
            // rows [i0, i1) of Cᵀ are columns of C, its columns [j0, j1) rows of C
            packed(n, m, k, b.transposed(), a.transposed(), new GemmWriteBack(ct, 0, m, 1f, 0f, GemmEpilogue.none()),
                    parallelism, (i0, i1, j0, j1) -> storeTransposed(wb, t, m, j0, j1, i0, i1));
        } else {
            packed(m, n, k, a, b, wb, parallelism, null);
        }
    }

    /** @return the threads that {@code work} multiply-adds pay for, at most the parallelism's */
    private static int threadsFor(long work, Parallelism parallelism) {
        return (int) Math.max(1, Math.min(parallelism.threadCount(), work / MIN_WORK_PER_THREAD));
    }

    /** Whether computing Cᵀ instead of the m×n C saves more padded work than writing C back from Cᵀ costs. */
    private boolean swapPays(int m, int n, int k) {
        return (long) m * n <= MAX_TRANSPOSED_SCRATCH
                && k * (paddedWork(m, n) - paddedWork(n, m)) > TRANSPOSE_COST * m * n;
    }

    @Override
    public final boolean transposesWithSource(int m, int n, int k) {
        return swapsSources() && swapPays(m, n, k);
    }

    /**
     * Whether a product whose right operand is an {@link OperandSource} may be swapped: the source then packs strips
     * of MR columns as the left operand's panels. A provider says yes where its sources copy such narrow strips
     * at vector speed.
     */
    protected boolean swapsSources() {
        return false;
    }

    /**
     * Writes C[i0:i1, j0:j1] from the complete transposed product {@code t} (n×m, row stride {@code ldt}), with
     * alpha, beta and the epilogue; a provider may vectorise it.
     */
    protected void storeTransposed(GemmWriteBack wb, float[] t, int ldt, int i0, int i1, int j0, int j1) {
        wb.storeTransposed(t, ldt, i0, i1, j0, j1);
    }

    /** What a thread does with its finished part C[i0:i1, j0:j1] of the product (the swapped path's transpose). */
    @FunctionalInterface
    private interface PartDone {
        void finish(int i0, int i1, int j0, int j1);
    }

    /**
     * Multiply-adds the register tiles compute for an m×n C, padding included: columns come in whole vectors of
     * the tile, but an edge tile of fewer than MR rows computes only its rows (plus one, for the loads of B it
     * shares among fewer rows).
     */
    private long paddedWork(int m, int n) {
        int edgeRows = m % blocking.mr();
        return (long) (m - edgeRows + (edgeRows == 0 ? 0 : edgeRows + 1)) * roundUp(n, blocking.nr());
    }

    /**
     * The packed path: splits C between threads, each running the five loops on its part and then {@code done}
     * (unless null) on it.
     */
    private void packed(int m, int n, int k, Operand a, Operand b, GemmWriteBack wb, Parallelism parallelism,
                        PartDone done) {
        int mr = blocking.mr(), nr = blocking.nr();
        // the register tiles' work, padding included: a thin product (a batch-1 linear layer, one row of C) streams
        // its whole other operand at a few multiply-adds per float, so it pays to split where m·n·k says it does not
        int threads = threadsFor(paddedWork(m, n) * k, parallelism);
        final boolean splitColumns = splitColumns(m, n, threads, a, b);
        int grid = splitColumns ? nr : mr;
        int cells = ((splitColumns ? n : m) + grid - 1) / grid;
        threads = Math.min(threads, cells);
        if (threads <= 1) {
            run(0, m, 0, n, m, n, k, a, b, wb);
            if (done != null) {
                done.finish(0, m, 0, n);
            }
            return;
        }
        if (done == null && sharesPanels(m, n, k, a, b, parallelism.threadCount())) {
            sharedPanels(m, n, k, a, b, wb, parallelism);
            return;
        }
        final int shares = threads;
        ParallelRunner.run(shares, parallelism, s -> {
            int from = (int) ((long) cells * s / shares) * grid;
            int to = Math.min((int) ((long) cells * (s + 1) / shares) * grid, splitColumns ? n : m);
            if (from >= to) {
                return;
            }
            int i0 = splitColumns ? 0 : from, i1 = splitColumns ? m : to;
            int j0 = splitColumns ? from : 0, j1 = splitColumns ? to : n;
            run(i0, i1, j0, j1, m, n, k, a, b, wb);
            if (done != null) {
                done.finish(i0, i1, j0, j1);
            }
        });
    }

    /** The fewest rows and columns of C for which the threads share each packed panel of B. */
    private static final int SHARED_PANEL_SIDE = 768;
    /** The least depth for which the threads share each packed panel of B (see {@link #sharesPanels}). */
    private static final int SHARED_PANEL_DEPTH = 256;

    /**
     * Whether the threads pack each KC×NC panel of B together and then multiply their own rows of A by all of it
     * (BLIS's JC/PC loops shared, IC split), rather than each running the five loops on its own part of C: with
     * plain operands both large, splitting C's columns had every thread pack all of A, and splitting its rows all
     * of B. Measured (Xeon Emerald Rapids, 2 threads, {@code GemmAlternation} against OpenBLAS's SkylakeX kernels,
     * median of the rounds' ratios, own parts → shared panels): 1024³ 0.794–0.796 → 0.830–0.840, 2048³ 0.825 →
     * 0.860. Smaller and shallower products lost: 512³ 0.932 → 0.875, and where each thread had packed its half of B
     * group by group just before use ({@link #packsByGroup}) 256×64·64×3136 1.026 → 0.886, 512×128·128×784 1.214 →
     * 1.120; hence sides of at least {@value #SHARED_PANEL_SIDE} and a depth of at least
     * {@value #SHARED_PANEL_DEPTH}.
     */
    private boolean sharesPanels(int m, int n, int k, Operand a, Operand b, int threads) {
        return a.packed == null && a.source == null && b.packed == null && b.source == null
                && m >= Math.max(SHARED_PANEL_SIDE, 16 * threads * blocking.mr())
                && n >= Math.max(SHARED_PANEL_SIDE, 4 * threads * blocking.nr()) && k >= SHARED_PANEL_DEPTH;
    }

    /**
     * The five loops with each panel of B packed by all the threads (strips shared out) and then read by all of them,
     * each multiplying its own rows of A (MR-aligned, so every tile of C is computed as on one thread: the same bits).
     * The panel lies in the calling thread's buffer; the threads meet twice per panel.
     */
    private void sharedPanels(int m, int n, int k, Operand a, Operand b, GemmWriteBack wb, Parallelism parallelism) {
        final int mr = blocking.mr(), nr = blocking.nr(), ncMax = blocking.nc(), kcStep = depthStep(k);
        final int threads = parallelism.threadCount(), rowCells = (m + mr - 1) / mr;
        int size = Math.min(kcStep, k) * Math.min(ncMax, roundUp(n, nr));
        final MemorySegment bs = alignedPanel(sharedAlignedPanel, size);   // B is plain (sharesPanels)
        for (int jc = 0; jc < n; jc += ncMax) {                         // JC loop
            final int fjc = jc, nc = Math.min(ncMax, n - jc), strips = (nc + nr - 1) / nr;
            for (int pc = 0; pc < k; pc += kcStep) {                    // PC loop
                final int fpc = pc, kc = Math.min(kcStep, k - pc);
                final boolean first = pc == 0, last = pc + kc == k;
                ParallelRunner.run(threads, parallelism, s -> {
                    int j0 = strips * s / threads * nr, j1 = Math.min(nc, strips * (s + 1) / threads * nr);
                    if (j0 < j1) {
                        packB(b.trans, b.x, b.off, b.ld, fpc, kc, fjc + j0, j1 - j0, bs, (long) j0 * kc);
                    }
                });
                ParallelRunner.run(threads, parallelism, s -> {
                    int i0 = rowCells * s / threads * mr, i1 = Math.min(m, rowCells * (s + 1) / threads * mr);
                    if (i0 < i1) {
                        float[][] buffers = packBuffers.get();
                        int need = kc * Math.min(blocking.mc(), roundUp(i1 - i0, mr));
                        float[] ap = buffers[1].length >= need ? buffers[1] : (buffers[1] = new float[need]);
                        float[] tile = buffers[2].length >= mr * nr ? buffers[2] : (buffers[2] = new float[mr * nr]);
                        panel(i0, i1, fjc, nc, fpc, kc, 0, a, ap, null, bs, 0, null, wb, first, last, tile);
                    }
                });
            }
        }
    }

    /**
     * Whether the threads split C's columns (else its rows). Each thread reads all of the operand along the side it
     * does not split, so by default the longer side is split (fewer, larger packs of the shorter side's operand).
     * A pre-packed operand changes the costs: with A pre-packed, splitting the rows had both threads pack all of
     * B, and a 256×2304×196 convolution (B gathered from the image) ran no faster on 2 threads than on 1, so the
     * other operand's side is split where it has enough tiles — unless that operand is a plain matrix less than half
     * the pre-packed one's size: then packing it twice is cheaper than both threads streaming the whole pre-packed
     * operand from L3 (2 threads, 2048×512 pre-packed times 512×49: 241 → 285 GFLOP/s).
     */
    private boolean splitColumns(int m, int n, int threads, Operand a, Operand b) {
        boolean rowsSplit = m >= threads * blocking.mr(), columnsSplit = n >= threads * blocking.nr();
        if (a.packed != null && b.packed == null) {
            boolean bSmallMatrix = b.source == null && 2L * n < m;
            return !(bSmallMatrix && rowsSplit) && (columnsSplit || n >= m);
        }
        if (b.packed != null && a.packed == null) {
            // a source (the swapped path's gathered columns) is costlier to pack than to stream: split its side
            boolean aSmallMatrix = a.source == null && 2L * m < n;
            return aSmallMatrix && columnsSplit || !rowsSplit && n >= m;
        }
        return n >= m;
    }

    /**
     * The five loops over C[i0:i1, j0:j1] of an m×n C, on the calling thread. A pre-packed operand is read where it
     * lies; the others are packed here, a block at a time.
     */
    private void run(int i0, int i1, int j0, int j1, int m, int n, int k, Operand a, Operand b, GemmWriteBack wb) {
        final int mr = blocking.mr(), nr = blocking.nr(), mcMax = blocking.mc();
        final int ncMax = blocking.nc();
        final int kcStep = depthStep(k);
        float[][] buffers = packBuffers.get();
        int ncCap = Math.min(ncMax, roundUp(j1 - j0, nr));
        int mcCap = Math.min(mcMax, roundUp(i1 - i0, mr));
        int kcCap = Math.min(kcStep, k);
        MemorySegment bs = packsAligned(b) ? alignedPanel(ownAlignedPanel, kcCap * ncCap)
                : b.packed != null ? b.packed.alignedRight() : null;
        float[] bp = bs != null ? null : b.packed != null ? b.packed.right()
                : buffers[0].length >= kcCap * ncCap ? buffers[0] : (buffers[0] = new float[kcCap * ncCap]);
        float[] ap = a.packed != null ? a.packed.left()
                : buffers[1].length >= kcCap * mcCap ? buffers[1] : (buffers[1] = new float[kcCap * mcCap]);
        int mp = roundUp(m, mr), np = roundUp(n, nr);   // rows of a pre-packed layout per depth block
        // per thread, not per call: a CIFAR predictor call makes ~30 calls here, 1 KiB each on AVX-512
        float[] tile = buffers[2].length >= mr * nr ? buffers[2] : (buffers[2] = new float[mr * nr]);
        // One block of A rows: each strip of B meets the rows once, so it is packed just before its group of strips
        // is multiplied, while it is still in L1 and L2, instead of the whole KC×NC panel first (see packsByGroup)
        final boolean byGroup = b.packed == null && i1 - i0 <= mcMax && packsByGroup();
        for (int jc = j0; jc < j1; jc += ncMax) {                       // JC loop
            int nc = Math.min(ncMax, j1 - jc);
            for (int pc = 0; pc < k; pc += kcStep) {                    // PC loop
                int kc = Math.min(kcStep, k - pc);
                boolean first = pc == 0, last = pc + kc == k;
                int bBase = 0;
                if (b.packed != null) {
                    bBase = pc * np + jc * kc;
                } else if (!byGroup) {
                    packRight(b, pc, kc, jc, nc, bp, bs);
                }
                panel(i0, i1, jc, nc, pc, kc, mp, a, ap, bp, bs, bBase, byGroup ? b : null, wb, first, last, tile);
            }
        }
    }

    /**
     * The IC, JR and IR loops: rows [i0, i1) of C times one KC×NC panel of B (columns [jc, jc+nc), depth block
     * [pc, pc+kc)), its strips at {@code bp[bBase + jr·kc]} (or at that float of {@code bs} where it is not null),
     * or, with {@code groupB}, packed from it group by group.
     */
    private void panel(int i0, int i1, int jc, int nc, int pc, int kc, int mp, Operand a, float[] ap, float[] bp,
                       MemorySegment bs, int bBase, Operand groupB, GemmWriteBack wb, boolean first, boolean last,
                       float[] tile) {
        final int mr = blocking.mr(), nr = blocking.nr(), mcMax = blocking.mc();
        for (int ic = i0; ic < i1; ic += mcMax) {                       // IC loop
            int mc = Math.min(mcMax, i1 - ic);
            int aBase = 0;
            if (a.packed != null) {
                aBase = pc * mp + ic * kc;
            } else if (a.source != null) {
                // the swapped path's left operand: MR-column strips of op(B) are MR-row panels of op(B)ᵀ
                a.source.packRight(pc, kc, ic, mc, mr, ap, 0);
            } else {
                packA(a.trans, a.x, a.off, a.ld, ic, mc, pc, kc, ap, 0);
            }
            int strips = strips(mc, nc, kc);
            boolean plainGroups = groupB != null && groupB.source == null;
            int group = (plainGroups ? Math.max(PACKED_GROUP_STRIPS, strips) : strips) * nr;
            for (int g = 0; g < nc; g += group) {                       // JR loop, a group of strips at a time
                int gEnd = Math.min(nc, g + group);
                int gBase = bBase;
                if (groupB != null) {
                    packRight(groupB, pc, kc, jc + g, gEnd - g, bp, bs);
                    gBase = -g * kc;                                    // the group's first strip at bp[0]
                }
                for (int ir = 0; ir < mc; ir += mr) {                   // IR loop
                    for (int jr = g; jr < gEnd; jr += nr) {             // JR loop within the group
                        if (bs != null) {
                            microkernel(kc, ap, aBase + ir * kc, bs, gBase + jr * kc, wb, ic + ir, jc + jr,
                                    Math.min(mr, mc - ir), Math.min(nr, gEnd - jr), first, last, tile);
                        } else {
                            microkernel(kc, ap, aBase + ir * kc, bp, gBase + jr * kc, wb, ic + ir, jc + jr,
                                    Math.min(mr, mc - ir), Math.min(nr, gEnd - jr), first, last, tile);
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs columns [jc, jc+nc) of the right operand's depth block [pc, pc+kc) into {@code bs} (where not null) or
     * {@code bp}, from its start.
     */
    private void packRight(Operand b, int pc, int kc, int jc, int nc, float[] bp, MemorySegment bs) {
        if (bs != null) {
            packB(b.trans, b.x, b.off, b.ld, pc, kc, jc, nc, bs, 0);
        } else if (b.source != null) {
            b.source.packRight(pc, kc, jc, nc, blocking.nr(), bp, 0);
        } else {
            packB(b.trans, b.x, b.off, b.ld, pc, kc, jc, nc, bp, 0);
        }
    }

    /**
     * The fewest strips of B packed as one group ({@link #packsByGroup}): one strip's rows are 128 bytes each (NR = 32
     * floats), scattered over as many rows of B as the block is deep, which the hardware prefetchers follow badly;
     * four strips read 512 contiguous bytes a row (as the vector packing copies them). Measured (Xeon Emerald
     * Rapids, 1 thread, {@code GemmAlternation} against OpenBLAS's SkylakeX kernels, alternated JVMs, one strip →
     * four): 64×576·576×3136 1.003–1.023 → 1.099–1.119 of its speed, 64×256·256×3136 1.020–1.032 → 1.105–1.107,
     * 64×147·147×12544 0.955–0.963 → 0.970–0.975, 256×64·64×3136 the same; two strips gained less, eight no more.
     * ResNet-50's 1×1 layers alone (prepared, batch 1): 256→64 at 56×56 0.64–0.65 → 0.59 ms, 512→128 at 28×28 0.54 →
     * 0.51. Not for a source (a convolution's gathered columns, read from a compact image): the 7×7 stem slowed by
     * 2–4 % with it.
     */
    private static final int PACKED_GROUP_STRIPS = 4;

    /**
     * Whether B is packed group by group of strips where A is one block of rows. BLIS packs the whole KC×NC panel
     * of B first, so that every block of A rows reuses it from L3; with a single block of rows there is no reuse
     * to keep, and on a wide product (a convolution's columns: 576×3136 floats, 7 MiB) the panel outgrows L2, so
     * every strip came back to the microkernel from L3. Measured (Xeon Emerald Rapids, 2 vCPUs, 512-bit species,
     * {@code GemmAlternation} against OpenBLAS's SkylakeX kernels, median of the rounds' ratios, whole panel → by
     * group): 1 thread, 64×147·147×12544 0.80 → 0.88-0.92, 64×576·576×3136 0.77-0.79 → 0.90-0.98, 64×256·256×3136
     * 0.83-0.91 → 0.90-1.07; 2 threads 0.82 → 0.95, 0.82 → 0.92, 0.84 → 0.98; the other ResNet shapes and 1024³
     * within their rounds' spread. Experiment switch: {@code -Dresvec.gemm.packByGroup=false}
     * (a malformed value fails every call, see {@link TuningProperty#parseFlag}).
     */
    private static boolean packsByGroup() {
        return PackByGroup.SYSTEM.get();
    }

    private static final class PackByGroup {
        static final String PROPERTY = "resvec.gemm.packByGroup";
        static final Settled<Boolean> SYSTEM = Settled.of(
                () -> TuningProperty.parseFlag(PROPERTY, System.getProperty(PROPERTY), true));
    }

    /**
     * How many KC×NR strips of B the IR loop sweeps at a time. BLIS's order, JR outer and IR inner (one strip), keeps a
     * strip in L1 for all MC rows but walks C down its rows, MR rows of one tile at a time: once the mc×nc block
     * of C outgrows half of L2, its lines are gone before the next strip comes back to them, and no prefetcher
     * follows so many rows, so every tile waits on C (and on a residual) from L3. There the IR loop sweeps whole rows
     * of tiles across a group of strips that fits half of L2, reading C and a residual along their rows. Measured
     * (Zen 5, 1 thread, pre-packed A, bias + residual + ReLU, alternated in one JVM): 256×64·64×3136 1.02-1.15 →
     * 0.83-0.85 ms, 512×128·128×784 0.69-0.79 → 0.63-0.66, 1024×1024·1024×1024 12.4-12.8 → 11.8-12.3; ResNet-50 at
     * batch 1 on 1 thread 54.7-55.8 → 51.6-52.7 ms (2 threads: the same). A small C (the N = 49 shapes' transposed
     * product on 2 threads) lost 5-8 % with the sweep, and keeps BLIS's order.
     */
    private int strips(int mc, int nc, int kc) {
        long half = blocking.sweepBytes();
        if ((long) mc * nc * Float.BYTES <= half) {
            return 1;
        }
        int nr = blocking.nr();
        return Math.clamp(half / ((long) kc * nr * Float.BYTES), 1, (nc + nr - 1) / nr);
    }

    /**
     * The right-operand layout of a pre-packed op(A) (see {@link PackedPanels}), rearranged from its left-operand
     * layout into an aligned buffer ({@link AlignedPanels}): strip element (p, q) of depth block pc is
     * op(A)(j + q, pc + p); rows past m are zero.
     */
    final MemorySegment rightFromLeft(PackedPanels a) {
        int mr = blocking.mr(), nr = blocking.nr(), m = a.m, k = a.k, step = depthStep(k);
        int mp = roundUp(m, mr), np = roundUp(m, nr);
        float[] left = a.left();
        MemorySegment right = AlignedPanels.allocate(Math.multiplyExact(np, k));
        for (int pc = 0; pc < k; pc += step) {
            int kc = Math.min(step, k - pc);
            for (int i = 0; i < m; i++) {
                int from = pc * mp + (i - i % mr) * kc + i % mr;
                int to = pc * np + (i - i % nr) * kc + i % nr;
                for (int p = 0; p < kc; p++) {
                    right.setAtIndex(ValueLayout.JAVA_FLOAT, (long) to + (long) p * nr, left[from + p * mr]);
                }
            }
        }
        return right;
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

    /**
     * Packs op(B)[pc:pc+kc, jc:jc+nc] as consecutive KC×NR micro-panels from {@code bp[bpOff]}, row p of a panel at
     * p·NR, zero-padded. A provider overrides it with faster copies and calls {@link #packBGeneric} for the rest.
     */
    protected void packB(boolean transB, float[] b, int offB, int ldb, int pc, int kc, int jc, int nc, float[] bp,
                         int bpOff) {
        packBGeneric(transB, b, offB, ldb, pc, kc, jc, nc, bp, bpOff);
    }

    /**
     * {@link #packB(boolean, float[], int, int, int, int, int, int, float[], int)} into the driver's aligned buffer,
     * from float {@code bpOff} of it. A provider overrides it with faster copies and calls
     * {@link #packBGeneric(boolean, float[], int, int, int, int, int, int, MemorySegment, long)} for the rest.
     */
    protected void packB(boolean transB, float[] b, int offB, int ldb, int pc, int kc, int jc, int nc,
                         MemorySegment bp, long bpOff) {
        packBGeneric(transB, b, offB, ldb, pc, kc, jc, nc, bp, bpOff);
    }

    /** The plain scalar {@link #packB(boolean, float[], int, int, int, int, int, int, MemorySegment, long)}. */
    protected final void packBGeneric(boolean transB, float[] b, int offB, int ldb, int pc, int kc, int jc, int nc,
                                      MemorySegment bp, long bpOff) {
        final int nr = blocking.nr();
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            long dst = bpOff + (long) jr * kc;
            if (!transB) {
                for (int p = 0, src = offB + pc * ldb + jc + jr; p < kc; p++, src += ldb, dst += nr) {
                    MemorySegment.copy(b, src, bp, ValueLayout.JAVA_FLOAT, dst * Float.BYTES, cols);
                    bp.asSlice((dst + cols) * Float.BYTES, (long) (nr - cols) * Float.BYTES).fill((byte) 0);
                }
            } else {
                // B transposed: row q of the strip is a row of the stored matrix. In blocks of 16 k-steps, so that
                // each source row gives one cache line and the block's scattered writes stay in L1.
                for (int p0 = 0; p0 < kc; p0 += 16) {
                    int p1 = Math.min(kc, p0 + 16);
                    for (int q = 0; q < nr; q++) {
                        int src = offB + (jc + jr + q) * ldb + pc;
                        for (int p = p0; p < p1; p++) {
                            bp.setAtIndex(ValueLayout.JAVA_FLOAT, dst + (long) p * nr + q, q < cols ? b[src + p] : 0f);
                        }
                    }
                }
            }
        }
    }

    /**
     * Whether B is packed into an aligned buffer: a plain operand, transposed or not (a pre-packed one is read where
     * it lies, aligned by {@link PackedPanels#alignedRight}). A source keeps its arrays: a convolution's gathered
     * columns and the Winograd GEMMs' packed V in aligned buffers measured no faster, layer by layer and in whole
     * networks (their depth blocks are mostly shallow enough for L1).
     */
    private static boolean packsAligned(Operand b) {
        return b.packed == null && b.source == null;
    }

    /** The packed panel of B in {@code holder} ({@link AlignedPanels}), grown to at least {@code floats}. */
    private static MemorySegment alignedPanel(ThreadLocal<MemorySegment> holder, int floats) {
        MemorySegment panel = AlignedPanels.atLeast(holder.get(), floats);
        holder.set(panel);
        return panel;
    }

    /** The plain scalar {@link #packB}: the segment version's loops on the array. */
    protected final void packBGeneric(boolean transB, float[] b, int offB, int ldb, int pc, int kc, int jc, int nc,
                                      float[] bp, int bpOff) {
        packBGeneric(transB, b, offB, ldb, pc, kc, jc, nc, MemorySegment.ofArray(bp), bpOff);
    }

    /**
     * Packs op(A)[ic:ic+mc, pc:pc+kc] as consecutive MR×KC micro-panels from {@code ap[apOff]}, column p of a panel
     * at p·MR, zero-padded. A provider overrides it with faster copies and calls {@link #packAGeneric} for the rest.
     */
    protected void packA(boolean transA, float[] a, int offA, int lda, int ic, int mc, int pc, int kc, float[] ap,
                         int apOff) {
        packAGeneric(transA, a, offA, lda, ic, mc, pc, kc, ap, apOff);
    }

    /** The plain scalar {@link #packA}. */
    protected final void packAGeneric(boolean transA, float[] a, int offA, int lda, int ic, int mc, int pc, int kc,
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

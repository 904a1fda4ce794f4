package dev.resvec.kernels.vector;

import static dev.resvec.kernels.vector.VectorConfig.F;
import static dev.resvec.kernels.vector.VectorConfig.FMA;
import static dev.resvec.kernels.vector.VectorConfig.VL;

import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.internal.BlisGemm;
import dev.resvec.kernels.internal.CacheSizes;
import dev.resvec.kernels.internal.GemmBlocking;
import dev.resvec.kernels.internal.GemmWriteBack;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * SGEMM on the BLIS driver with a register-tiled microkernel of MR×NR = MR×(NV·VL) floats, the shape chosen for the
 * register file by {@link SgemmTile} (AVX2: 3×24; AVX-512: 8×32). For each k the microkernel loads NV vectors of
 * the packed B micro-panel and broadcasts MR elements of the packed A micro-panel into MR·NV accumulators that stay
 * in registers ({@link SgemmMicrokernels}).
 *
 * <p>Full tiles whose write-back is plain (alpha = 1, beta ∈ {0, 1} or a later depth block, no epilogue due) are
 * stored or accumulated into C straight from the registers; every other tile goes through a scratch tile and the
 * general write-back, which performs the same float operations, so an element's bits do not depend on its path.
 */
final class VectorSgemm extends BlisGemm {
    static final int MR = SgemmTile.MR;
    static final int NR = SgemmTile.NR;

    /** The small-matrix path's own register tile: 3 rows × 3 vectors, which fits every register file. */
    private static final int SMALL_MR = 3;
    private static final int SMALL_NR = 3 * VL;

    /**
     * Up to this many multiply-adds (e.g. 48×48×48), the problem is computed straight from A and B: packing would
     * copy about as many floats as there are multiply-adds per output element, which does not pay off.
     */
    static final long SMALL_WORK = 48L * 48 * 48;

    /**
     * Whether a column of a packed A micro-panel (MR contiguous floats of a transposed A) is copied as one masked
     * vector: where MR fits in a vector and the ISA predicates masked loads and stores in hardware (512 bits:
     * AVX-512, else MR = VL). Not with a species of MR lanes: the kernels keep to one species (see
     * {@link VectorConfig#F}).
     */
    private static final boolean MASKED_PANEL_COLUMN = MR <= VL && (MR == VL || F.vectorBitSize() >= 512);
    /** The MR lanes of a packed A column (the edge rows past mc are stored as the zeros the load gave them). */
    private static final VectorMask<Float> PANEL_LANES = F.indexInRange(0, Math.min(MR, VL));
    /** Lanes MR … 2·MR − 1: the second panel's half of a two-panel load (used where 2·MR = VL). */
    private static final VectorMask<Float> UPPER_PANEL_LANES = F.indexInRange(-MR, Math.min(MR, VL));

    /** The packed panels in the aligned buffer are written and read in the platform's order. */
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    /** Strips of B packed together: fewer write streams than an L1 set has ways (8 and up on current x86/ARM). */
    private static final int PACK_B_STRIPS = 4;

    VectorSgemm() {
        this(GemmBlocking.forCaches(MR, NR, Float.BYTES, CacheSizes.detected()));
    }

    /** With other blocking parameters (on this tile), for experiments. */
    VectorSgemm(GemmBlocking blocking) {
        super(blocking);
    }

    private static FloatVector madd(FloatVector a, FloatVector b, FloatVector c) {
        return FMA ? a.fma(b, c) : a.mul(b).add(c);
    }

    @Override
    protected void microkernel(int kc, float[] ap, int aOff, float[] bp, int bOff, GemmWriteBack wb, int i, int j,
                               int mr, int nr, boolean first, boolean last, float[] tile) {
        if (fromRegisters(wb, mr, nr, first, last)) {
            int ci = wb.offC + i * wb.ldc + j;
            touchTile(wb.c, ci, wb.ldc);
            if (first && wb.beta == 0f) {
                SgemmTile.store(kc, ap, aOff, bp, bOff, wb.c, ci, wb.ldc);
            } else {
                SgemmTile.accumulate(kc, ap, aOff, bp, bOff, wb.c, ci, wb.ldc);
            }
            return;
        }
        if (mr < MR) {
            SgemmTile.storeRows(mr, kc, ap, aOff, bp, bOff, tile, 0, NR);
        } else if (nr <= NR - VL) {
            SgemmTile.storeColumns((nr + VL - 1) / VL, kc, ap, aOff, bp, bOff, tile, 0, NR);
        } else {
            SgemmTile.store(kc, ap, aOff, bp, bOff, tile, 0, NR);
        }
        writeScratchTile(tile, wb, i, j, mr, nr, first, last);
    }

    /** The same tile with B in the driver's aligned buffer ({@link SgemmSegmentMicrokernels}). */
    @Override
    protected void microkernel(int kc, float[] ap, int aOff, MemorySegment bp, long bOff, GemmWriteBack wb, int i,
                               int j, int mr, int nr, boolean first, boolean last, float[] tile) {
        if (fromRegisters(wb, mr, nr, first, last)) {
            int ci = wb.offC + i * wb.ldc + j;
            touchTile(wb.c, ci, wb.ldc);
            if (first && wb.beta == 0f) {
                SgemmTile.store(kc, ap, aOff, bp, bOff, wb.c, ci, wb.ldc);
            } else {
                SgemmTile.accumulate(kc, ap, aOff, bp, bOff, wb.c, ci, wb.ldc);
            }
            return;
        }
        if (mr < MR) {
            SgemmTile.storeRows(mr, kc, ap, aOff, bp, bOff, tile, 0, NR);
        } else if (nr <= NR - VL) {
            SgemmTile.storeColumns((nr + VL - 1) / VL, kc, ap, aOff, bp, bOff, tile, 0, NR);
        } else {
            SgemmTile.store(kc, ap, aOff, bp, bOff, tile, 0, NR);
        }
        writeScratchTile(tile, wb, i, j, mr, nr, first, last);
    }

    /**
     * Whether the tile is written from the registers — C := acc (first block, beta = 0) or C := acc + C — rather than
     * through the scratch tile: a whole tile, alpha 1, and no epilogue due on this block.
     */
    private static boolean fromRegisters(GemmWriteBack wb, int mr, int nr, boolean first, boolean last) {
        return mr == MR && nr == NR && wb.alpha == 1f && (!first || wb.beta == 0f || wb.beta == 1f)
                && !(last && wb.hasEpilogue());
    }

    /** Writes the scratch tile's mr × nr part through the general write-back (vectorised for a whole tile). */
    private static void writeScratchTile(float[] tile, GemmWriteBack wb, int i, int j, int mr, int nr, boolean first,
                                         boolean last) {
        if (mr == MR && nr == NR && last && plainEpilogue(wb, first)) {
            storeEpilogueTile(tile, wb, i, j, first);
        } else if (mr == MR && nr == NR) {
            storeFullTile(tile, MR, NR, wb, i, j, first, last);
        } else {
            wb.storeScalar(tile, NR, i, j, mr, nr, first, last);
        }
    }

    /**
     * Whether a last depth block's write-back is {@link #storeEpilogueTile}'s (and {@link #storeEpilogueBlock}'s):
     * alpha = 1, beta 0 or 1 on the first depth block (C added unscaled on later ones), and no bias per column.
     */
    private static boolean plainEpilogue(GemmWriteBack wb, boolean first) {
        return wb.alpha == 1f && (!first || wb.beta == 0f || wb.beta == 1f) && wb.biasKind != 2;
    }

    /**
     * The last depth block's write-back of a whole register tile with alpha = 1, beta ∈ {0, 1} and no bias per column
     * — a convolution's and a linear layer's: bias per output channel, residual, ReLU. {@link #storeFullTile}'s
     * operations in its order (tile, + C where beta = 1 or on a later block, + bias, + residual, ReLU; alpha = 1 and
     * beta = 1 multiply exactly, so leaving them out changes no bit), with the tile's shape constant, so that C2
     * unrolls both loops and tests the epilogue's parts once a tile rather than once a vector. Measured (Zen 5,
     * 1 thread, prepared 1×1 convolutions at batch 1, the two write-backs alternated in one JVM, median of five
     * rounds' ratios): 64→256 at 56×56 with bias, residual and ReLU 1.08 times as fast, 128→512 at 28×28 with them
     * 1.12, 256→1024 at 14×14 1.07, 256→64 at 56×56 with bias and ReLU 1.08, 512→128 at 28×28 1.03; a version of
     * {@link #storeFullTile} with the same tests hoisted but the shape a parameter gained 1–3 %.
     */
    private static void storeEpilogueTile(float[] tile, GemmWriteBack wb, int i, int j, boolean first) {
        float[] c = wb.c, res = wb.res, bias = wb.bias;
        boolean addC = !first || wb.beta != 0f, rowBias = wb.biasKind == 1, relu = wb.relu;
        for (int r = 0, t = 0, ci = wb.offC + i * wb.ldc + j; r < MR; r++, ci += wb.ldc) {
            float b = rowBias ? bias[wb.offBias + i + r] : 0f;
            int ri = res == null ? 0 : wb.offRes + (i + r) * wb.ldRes + j;
            for (int q = 0; q < NR; q += VL, t += VL) {
                FloatVector v = FloatVector.fromArray(F, tile, t);
                if (addC) {
                    v = v.add(FloatVector.fromArray(F, c, ci + q));
                }
                if (rowBias) {
                    v = v.add(b);
                }
                if (res != null) {
                    v = v.add(FloatVector.fromArray(F, res, ri + q));
                }
                if (relu) {
                    v = v.max(0f);
                }
                v.intoArray(c, ci + q);
            }
        }
    }

    /**
     * {@link #storeEpilogueTile} for the swapped products' VL×VL blocks of C ({@link #storeTransposed}: ResNet-50's
     * 1×1 layers at 7×7 and 1024→256 at 14×14), one vector a row. Measured as {@link #storeEpilogueTile}, 1 / 2
     * threads: 512→2048 at 7×7 with bias, residual and ReLU 1.055 / 1.059 times as fast, 1024→256 at 14×14 with
     * bias and ReLU 1.022 / 1.094, 2048→512 at 7×7 0.991 / 0.996.
     */
    private static void storeEpilogueBlock(float[] block, GemmWriteBack wb, int i, int j) {
        float[] c = wb.c, res = wb.res, bias = wb.bias;
        boolean addC = wb.beta != 0f, rowBias = wb.biasKind == 1, relu = wb.relu;
        for (int r = 0, ci = wb.offC + i * wb.ldc + j; r < VL; r++, ci += wb.ldc) {
            FloatVector v = FloatVector.fromArray(F, block, r * VL);
            if (addC) {
                v = v.add(FloatVector.fromArray(F, c, ci));
            }
            if (rowBias) {
                v = v.add(bias[wb.offBias + i + r]);
            }
            if (res != null) {
                v = v.add(FloatVector.fromArray(F, res, wb.offRes + (i + r) * wb.ldRes + j));
            }
            if (relu) {
                v = v.max(0f);
            }
            v.intoArray(c, ci);
        }
    }

    /** Sources copy MR-column strips as masked vectors ({@link VectorColumnGather}) where such copies are cheap. */
    @Override
    protected boolean swapsSources() {
        return MASKED_PANEL_COLUMN;
    }

    /**
     * Packs B with vector copies, masked for the edge strip; a transposed B goes to {@link #packBTransposed}. When m
     * is small, packing B costs as much as the FMAs, so it has to run at memory speed.
     */
    @Override
    protected void packB(boolean transB, float[] b, int offB, int ldb, int pc, int kc, int jc, int nc, float[] bp,
                         int bpOff) {
        if (transB) {
            packBTransposed(b, offB, ldb, pc, kc, jc, nc, bp, bpOff);
            return;
        }
        int full = nc / NR * NR;
        // A group of strips at a time, row by row within the group: each row gives a contiguous run of
        // PACK_B_STRIPS·NR floats (sequential reads the hardware prefetches), and the group's writes go to only
        // PACK_B_STRIPS places. Row by row over all strips wrote to nc/NR places kc·NR floats apart (a multiple of
        // 4 KiB, hence the same L1 set): with more strips than the L1's ways, every write missed (Zen 5, 64 strips:
        // packing took a third of a 64×576×3136 GEMM).
        for (int j0 = 0; j0 < full; j0 += PACK_B_STRIPS * NR) {
            int j1 = Math.min(full, j0 + PACK_B_STRIPS * NR);
            for (int p = 0, src = offB + pc * ldb + jc; p < kc; p++, src += ldb) {
                for (int jr = j0, dst = bpOff + jr * kc + p * NR; jr < j1; jr += NR, dst += kc * NR) {
                    for (int q = 0; q < NR; q += VL) {
                        FloatVector.fromArray(F, b, src + jr + q).intoArray(bp, dst + q);
                    }
                }
            }
        }
        if (full < nc) {
            // The edge strip: masked loads leave zeros past column nc (n = 49 on the 8×32 tile: 17 of 49 columns)
            int rem = nc - full;
            for (int p = 0, src = offB + pc * ldb + jc + full, dst = bpOff + full * kc; p < kc;
                 p++, src += ldb, dst += NR) {
                for (int q = 0; q < NR; q += VL) {
                    FloatVector.fromArray(F, b, src + q, F.indexInRange(q, rem)).intoArray(bp, dst + q);
                }
            }
        }
    }

    /** The vector copies of {@link #packB(boolean, float[], int, int, int, int, int, int, float[], int)}, aligned. */
    @Override
    protected void packB(boolean transB, float[] b, int offB, int ldb, int pc, int kc, int jc, int nc,
                         MemorySegment bp, long bpOff) {
        if (transB) {
            packBTransposed(b, offB, ldb, pc, kc, jc, nc, bp, bpOff);
            return;
        }
        int full = nc / NR * NR;
        for (int j0 = 0; j0 < full; j0 += PACK_B_STRIPS * NR) {
            int j1 = Math.min(full, j0 + PACK_B_STRIPS * NR);
            for (int p = 0, src = offB + pc * ldb + jc; p < kc; p++, src += ldb) {
                long dst = (bpOff + (long) j0 * kc + (long) p * NR) * Float.BYTES;
                for (int jr = j0; jr < j1; jr += NR, dst += (long) kc * NR * Float.BYTES) {
                    for (int q = 0; q < NR; q += VL) {
                        FloatVector.fromArray(F, b, src + jr + q).intoMemorySegment(bp, dst + (long) q * Float.BYTES,
                                ORDER);
                    }
                }
            }
        }
        if (full < nc) {
            int rem = nc - full;
            long dst = (bpOff + (long) full * kc) * Float.BYTES;
            for (int p = 0, src = offB + pc * ldb + jc + full; p < kc; p++, src += ldb, dst += NR * Float.BYTES) {
                for (int q = 0; q < NR; q += VL) {
                    FloatVector.fromArray(F, b, src + q, F.indexInRange(q, rem))
                            .intoMemorySegment(bp, dst + (long) q * Float.BYTES, ORDER);
                }
            }
        }
    }

    /**
     * Packs a transposed B (column j of op(B) is row j of the stored matrix, contiguous in k): VL×VL blocks are
     * transposed in registers ({@link VectorTranspose}), VL k steps × VL columns at a time. Edge strips, the last
     * kc mod VL steps, and species narrower than 8 lanes take the generic scalar path.
     */
    private void packBTransposed(float[] b, int offB, int ldb, int pc, int kc, int jc, int nc, float[] bp,
                                 int bpOff) {
        int full = VL == 8 || VL == 16 ? nc / NR * NR : 0;
        int kFull = kc / VL * VL;
        for (int jr = 0; jr < full; jr += NR) {
            int strip = bpOff + jr * kc;
            for (int q = 0; q < NR; q += VL) {
                int src = offB + (jc + jr + q) * ldb + pc;
                for (int p = 0; p < kFull; p += VL) {
                    if (VL == 16) {
                        VectorTranspose.interleave16(b, src + p, ldb, bp, strip + p * NR + q, NR);
                    } else {
                        VectorTranspose.interleave8(b, src + p, ldb, bp, strip + p * NR + q, NR);
                    }
                }
                for (int p = kFull; p < kc; p++) {
                    for (int r = 0; r < VL; r++) {
                        bp[strip + p * NR + q + r] = b[src + r * ldb + p];
                    }
                }
            }
        }
        if (full < nc) {
            packBGeneric(true, b, offB, ldb, pc, kc, jc + full, nc - full, bp, bpOff + full * kc);
        }
    }

    /**
     * {@link #packBTransposed(float[], int, int, int, int, int, int, float[], int)} into the aligned buffer: each VL×VL
     * block is transposed in registers into a per-thread block in L1 ({@link VectorTranspose} writes arrays), then
     * copied out a vector at a time.
     */
    private void packBTransposed(float[] b, int offB, int ldb, int pc, int kc, int jc, int nc, MemorySegment bp,
                                 long bpOff) {
        int full = VL == 8 || VL == 16 ? nc / NR * NR : 0;
        int kFull = kc / VL * VL;
        float[] block = PACKED_BLOCK.get();
        for (int jr = 0; jr < full; jr += NR) {
            long strip = bpOff + (long) jr * kc;
            for (int q = 0; q < NR; q += VL) {
                int src = offB + (jc + jr + q) * ldb + pc;
                for (int p = 0; p < kFull; p += VL) {
                    if (VL == 16) {
                        VectorTranspose.interleave16(b, src + p, ldb, block, 0, VL);
                    } else {
                        VectorTranspose.interleave8(b, src + p, ldb, block, 0, VL);
                    }
                    long dst = (strip + (long) p * NR + q) * Float.BYTES;
                    for (int t = 0; t < VL; t++, dst += NR * Float.BYTES) {
                        FloatVector.fromArray(F, block, t * VL).intoMemorySegment(bp, dst, ORDER);
                    }
                }
                for (int p = kFull; p < kc; p++) {
                    for (int r = 0; r < VL; r++) {
                        bp.setAtIndex(ValueLayout.JAVA_FLOAT, strip + (long) p * NR + q + r, b[src + r * ldb + p]);
                    }
                }
            }
        }
        if (full < nc) {
            packBGeneric(true, b, offB, ldb, pc, kc, jc + full, nc - full, bp, bpOff + (long) full * kc);
        }
    }

    /** Per thread: one VL×VL block of a transposed B on its way into the aligned buffer. */
    private static final ThreadLocal<float[]> PACKED_BLOCK = ThreadLocal.withInitial(() -> new float[VL * VL]);

    /**
     * Packs A for the MR-row tile with the row count as a constant, so C2 unrolls the copy of a k step: MR loads and
     * MR stores per k, no branch for full panels (the generic packing tests each element against the row count, and
     * copies a transposed A with a System.arraycopy of MR floats per k).
     */
    @Override
    protected void packA(boolean transA, float[] a, int offA, int lda, int ic, int mc, int pc, int kc, float[] ap,
                         int apOff) {
        int full = mc / MR * MR;
        if (!transA && MR == 8 && VL >= 8) {
            // Row-major A: each k step gathers one float from each of MR rows. Transposed in registers, VL k steps
            // at a time (see VectorTranspose: 4× faster than the scalar copy).
            int kFull = kc / VL * VL;
            for (int ir = 0; ir < full; ir += MR) {
                int src = offA + (ic + ir) * lda + pc, dst = apOff + ir * kc;
                for (int p = 0; p < kFull; p += VL) {
                    VectorTranspose.interleave8(a, src + p, lda, ap, dst + p * MR, VL);
                }
                for (int p = kFull; p < kc; p++) {
                    for (int r = 0; r < MR; r++) {
                        ap[dst + p * MR + r] = a[src + r * lda + p];
                    }
                }
            }
        } else if (transA && MASKED_PANEL_COLUMN) {
            // Transposed A: a micro-panel's column p is MR contiguous floats, one masked vector copy; the edge rows
            // took System.arraycopy calls of one to seven floats per k step in the generic packing.
            int ir = 0;
            if (2 * MR == VL) {
                // Two panels per pass: one full load per k step, its halves stored into both panels (the upper half
                // through a store offset by MR, masked to the upper lanes), so each row segment is read once. The
                // swapped products pack op(B)ᵀ this way: Zen 5, 1 thread, alternated in one JVM, 256×2304·2304×196
                // 4.9 % faster, pre-packed 256×1024·1024×196 3.6 % (2 threads 6.8 %), the N = 49 shapes 0-3 %; packing
                // every panel of a k step in one pass instead (p outer) was 18 % slower on 256×1024·1024×196.
                for (; ir + VL <= mc; ir += VL) {
                    int src = offA + pc * lda + ic + ir;
                    for (int p = 0, dst = apOff + ir * kc; p < kc; p++, dst += MR, src += lda) {
                        FloatVector v = FloatVector.fromArray(F, a, src);
                        v.intoArray(ap, dst, PANEL_LANES);
                        v.intoArray(ap, dst + MR * kc - MR, UPPER_PANEL_LANES);
                    }
                }
            }
            for (; ir < mc; ir += MR) {
                VectorMask<Float> rows = F.indexInRange(0, Math.min(MR, mc - ir));
                int src = offA + pc * lda + ic + ir;
                for (int p = 0, dst = apOff + ir * kc; p < kc; p++, dst += MR, src += lda) {
                    FloatVector.fromArray(F, a, src, rows).intoArray(ap, dst, PANEL_LANES);
                }
            }
            return;
        } else {
            int rowStride = transA ? 1 : lda;   // A(i, p) = a[offA + i·rowStride + p·colStride]
            int colStride = transA ? lda : 1;
            for (int ir = 0; ir < full; ir += MR) {
                int src = offA + (ic + ir) * rowStride + pc * colStride;
                for (int p = 0, dst = apOff + ir * kc; p < kc; p++, dst += MR, src += colStride) {
                    for (int r = 0, s = src; r < MR; r++, s += rowStride) {
                        ap[dst + r] = a[s];
                    }
                }
            }
        }
        if (full < mc) {
            packAGeneric(transA, a, offA, lda, ic + full, mc - full, pc, kc, ap, apOff + full * kc);
        }
    }

    /** Per thread: one VL×VL block of the transposed product (a new array per call was 1 KiB each thin GEMM). */
    private static final ThreadLocal<float[]> TRANSPOSED_BLOCK = ThreadLocal.withInitial(() -> new float[VL * VL]);

    /**
     * Writes C from its transposed product VL×VL block by block: each block is transposed in registers into a
     * scratch tile, then written with the vector write-back; the edge stripes are written by the scalar one.
     */
    @Override
    protected void storeTransposed(GemmWriteBack wb, float[] t, int ldt, int i0, int i1, int j0, int j1) {
        if (VL != 8 && VL != 16) {
            super.storeTransposed(wb, t, ldt, i0, i1, j0, j1);
            return;
        }
        int iFull = i0 + (i1 - i0) / VL * VL, jFull = j0 + (j1 - j0) / VL * VL;
        float[] block = TRANSPOSED_BLOCK.get();
        for (int i = i0; i < iFull; i += VL) {
            for (int j = j0; j < jFull; j += VL) {
                if (VL == 16) {
                    VectorTranspose.interleave16(t, j * ldt + i, ldt, block, 0, VL);
                } else {
                    VectorTranspose.interleave8(t, j * ldt + i, ldt, block, 0, VL);
                }
                if (plainEpilogue(wb, true)) {
                    storeEpilogueBlock(block, wb, i, j);
                } else {
                    storeFullTile(block, VL, VL, wb, i, j, true, true);
                }
            }
        }
        wb.storeTransposed(t, ldt, i0, iFull, jFull, j1);
        wb.storeTransposed(t, ldt, iFull, i1, j0, j1);
    }

    /** An arbitrary pattern for {@link #touchTile}'s comparison (matching it is rare and harmless). */
    private static final int NEVER = 0x7fbadbad;

    /**
     * Reads the first and last float of each row of the C tile before the k loop, so that its cache lines are on
     * their way into L1 while the FMAs run and the write-back does not stall on them: Java's stand-in for BLIS's
     * prefetch of C. The values only feed a comparison whose branch stores C's element back unchanged, so they never
     * change the result (and C is still not read into the result when beta = 0); the comparison keeps C2 from
     * dropping the loads.
     */
    private static void touchTile(float[] c, int ci, int ldc) {
        int bits = 0;
        for (int r = 0, row = ci; r < MR; r++, row += ldc) {
            bits ^= Float.floatToRawIntBits(c[row]) ^ Float.floatToRawIntBits(c[row + NR - 1]);
        }
        if (bits == NEVER) {
            c[ci] = c[ci]; // rarely reached, and a no-op: this thread alone owns the tile
        }
    }

    /**
     * The small-matrix path: a 3×(3·VL) register tile (it fits every register file), reading A and B where they lie (B must not be
     * transposed, so that a row of B is contiguous). Rows past m reuse row m−1 (computed, then not stored); columns
     * past n are masked loads of zero.
     */
    @Override
    protected boolean smallGemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int offA, int lda,
                                float[] b, int offB, int ldb, GemmWriteBack wb) {
        if (transB || (long) m * n * k > SMALL_WORK) {
            return false;
        }
        float[] tile = new float[SMALL_MR * SMALL_NR];
        int rowStride = transA ? 1 : lda;   // A(i, p) = a[offA + i·rowStride + p·colStride]
        int colStride = transA ? lda : 1;
        for (int i = 0; i < m; i += SMALL_MR) {
            int rows = Math.min(SMALL_MR, m - i);
            int a0 = offA + i * rowStride;
            int a1 = offA + Math.min(i + 1, m - 1) * rowStride;
            int a2 = offA + Math.min(i + 2, m - 1) * rowStride;
            for (int j = 0; j < n; j += SMALL_NR) {
                int cols = Math.min(SMALL_NR, n - j);
                if (cols == SMALL_NR) {
                    directTile(k, a, a0, a1, a2, colStride, b, offB + j, ldb, tile);
                } else {
                    directEdgeTile(k, a, a0, a1, a2, colStride, b, offB + j, ldb, cols, tile);
                }
                if (rows == SMALL_MR && cols == SMALL_NR) {
                    storeFullTile(tile, SMALL_MR, SMALL_NR, wb, i, j, true, true);
                } else {
                    wb.storeScalar(tile, SMALL_NR, i, j, rows, cols, true, true);
                }
            }
        }
        return true;
    }

    /** Thin products of 48 or 49 columns on a 512-bit species: {@link ThinGemm}. */
    @Override
    protected boolean thinGemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int offA, int lda,
                               float[] b, int offB, int ldb, int depthStep, int threads, GemmWriteBack wb,
                               Parallelism parallelism) {
        if (transA || !ThinGemm.fits(n)) {
            return false;
        }
        ThinGemm.multiply(transB, m, n, k, a, offA, lda, b, offB, ldb, depthStep, threads, wb, parallelism);
        return true;
    }

    private static void directTile(int k, float[] a, int a0, int a1, int a2, int cs, float[] b, int bj, int ldb,
                                   float[] tile) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero, c01 = zero, c02 = zero;
        FloatVector c10 = zero, c11 = zero, c12 = zero;
        FloatVector c20 = zero, c21 = zero, c22 = zero;
        for (int p = 0; p < k; p++) {
            int bi = bj + p * ldb;
            int ap = p * cs;
            FloatVector b0 = FloatVector.fromArray(F, b, bi);
            FloatVector b1 = FloatVector.fromArray(F, b, bi + VL);
            FloatVector b2 = FloatVector.fromArray(F, b, bi + 2 * VL);
            FloatVector v = FloatVector.broadcast(F, a[a0 + ap]);
            c00 = madd(v, b0, c00);
            c01 = madd(v, b1, c01);
            c02 = madd(v, b2, c02);
            v = FloatVector.broadcast(F, a[a1 + ap]);
            c10 = madd(v, b0, c10);
            c11 = madd(v, b1, c11);
            c12 = madd(v, b2, c12);
            v = FloatVector.broadcast(F, a[a2 + ap]);
            c20 = madd(v, b0, c20);
            c21 = madd(v, b1, c21);
            c22 = madd(v, b2, c22);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, VL);
        c02.intoArray(tile, 2 * VL);
        c10.intoArray(tile, SMALL_NR);
        c11.intoArray(tile, SMALL_NR + VL);
        c12.intoArray(tile, SMALL_NR + 2 * VL);
        c20.intoArray(tile, 2 * SMALL_NR);
        c21.intoArray(tile, 2 * SMALL_NR + VL);
        c22.intoArray(tile, 2 * SMALL_NR + 2 * VL);
    }

    private static void directEdgeTile(int k, float[] a, int a0, int a1, int a2, int cs, float[] b, int bj, int ldb,
                                   int cols, float[] tile) {
        VectorMask<Float> m0 = F.indexInRange(0, cols);
        VectorMask<Float> m1 = F.indexInRange(VL, cols);
        VectorMask<Float> m2 = F.indexInRange(2 * VL, cols);
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero, c01 = zero, c02 = zero;
        FloatVector c10 = zero, c11 = zero, c12 = zero;
        FloatVector c20 = zero, c21 = zero, c22 = zero;
        for (int p = 0; p < k; p++) {
            int bi = bj + p * ldb;
            int ap = p * cs;
            FloatVector b0 = FloatVector.fromArray(F, b, bi, m0);
            FloatVector b1 = FloatVector.fromArray(F, b, bi + VL, m1);
            FloatVector b2 = FloatVector.fromArray(F, b, bi + 2 * VL, m2);
            FloatVector v = FloatVector.broadcast(F, a[a0 + ap]);
            c00 = madd(v, b0, c00);
            c01 = madd(v, b1, c01);
            c02 = madd(v, b2, c02);
            v = FloatVector.broadcast(F, a[a1 + ap]);
            c10 = madd(v, b0, c10);
            c11 = madd(v, b1, c11);
            c12 = madd(v, b2, c12);
            v = FloatVector.broadcast(F, a[a2 + ap]);
            c20 = madd(v, b0, c20);
            c21 = madd(v, b1, c21);
            c22 = madd(v, b2, c22);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, VL);
        c02.intoArray(tile, 2 * VL);
        c10.intoArray(tile, SMALL_NR);
        c11.intoArray(tile, SMALL_NR + VL);
        c12.intoArray(tile, SMALL_NR + 2 * VL);
        c20.intoArray(tile, 2 * SMALL_NR);
        c21.intoArray(tile, 2 * SMALL_NR + VL);
        c22.intoArray(tile, 2 * SMALL_NR + 2 * VL);
    }

    /**
     * Writes a full {@code rows × cols} tile (cols a multiple of VL) from {@code tile} (row stride cols) to C at
     * (i, j): the same float operations, in the same order, as
     * {@link GemmWriteBack#storeScalar} (no FMA), so an element's bits do not depend on the tile it falls in.
     */
    static void storeFullTile(float[] tile, int rows, int cols, GemmWriteBack wb, int i, int j, boolean first,
                              boolean last) {
        float[] c = wb.c;
        for (int r = 0; r < rows; r++) {
            int ci = wb.offC + (i + r) * wb.ldc + j;
            for (int q = 0; q < cols; q += VL) {
                FloatVector v = FloatVector.fromArray(F, tile, r * cols + q).mul(wb.alpha);
                if (!first) {
                    v = v.add(FloatVector.fromArray(F, c, ci + q));
                } else if (wb.beta != 0f) {
                    v = v.add(FloatVector.fromArray(F, c, ci + q).mul(wb.beta));
                }
                if (last) {
                    if (wb.biasKind == 1) {
                        v = v.add(wb.bias[wb.offBias + i + r]);
                    } else if (wb.biasKind == 2) {
                        v = v.add(FloatVector.fromArray(F, wb.bias, wb.offBias + j + q));
                    }
                    if (wb.res != null) {
                        v = v.add(FloatVector.fromArray(F, wb.res, wb.offRes + (i + r) * wb.ldRes + j + q));
                    }
                    if (wb.relu) {
                        v = v.max(0f);
                    }
                }
                v.intoArray(c, ci + q);
            }
        }
    }
}

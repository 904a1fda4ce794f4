package dev.resvec.kernels.vector;

import static dev.resvec.kernels.vector.VectorConfig.F;
import static dev.resvec.kernels.vector.VectorConfig.FMA;
import static dev.resvec.kernels.vector.VectorConfig.VL;

import dev.resvec.kernels.internal.BlisGemm;
import dev.resvec.kernels.internal.CacheSizes;
import dev.resvec.kernels.internal.GemmBlocking;
import dev.resvec.kernels.internal.GemmWriteBack;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * SGEMM on the BLIS driver with a 4×(2·VL) register-tiled microkernel: for each k it loads two vectors of the
 * packed B micro-panel and broadcasts four elements of the packed A micro-panel, into 8 accumulators that stay in
 * registers.
 *
 * <p>Why 4×16 and not BLIS's 6×16 on AVX2: BLIS's assembly kernel interleaves each broadcast with its two FMAs and
 * so needs 12 accumulators + 2 B vectors + 1 broadcast = 15 ymm registers. C2 instead schedules all the broadcasts
 * of an iteration ahead of the FMAs; with 12 (or even 10) accumulators that needs more than 16 registers, and C2
 * spills an accumulator to the stack: a store-to-load round trip on that FMA chain every iteration, measured at
 * ~40% of peak. With 8 accumulators (8 = FMA latency 4 × 2 FMA ports on Zen 3 and Haswell, just enough chains)
 * + 4 broadcasts + 2 B vectors = 14 registers, the loop has no spill; unrolled by two it ran at 85-110 GFLOP/s
 * from L1 on a Zen 3 core (peak ≈ 99 at its base clock). Checked with the disassembly of the C2 code.
 */
final class VectorSgemm extends BlisGemm {
    static final int MR = 4;
    static final int NR = 2 * VL;

    /**
     * Up to this many multiply-adds (e.g. 48×48×48), the problem is computed straight from A and B: packing would
     * copy about as many floats as there are multiply-adds per output element, which does not pay off.
     */
    static final long SMALL_WORK = 48L * 48 * 48;

    VectorSgemm() {
        super(GemmBlocking.forCaches(MR, NR, Float.BYTES, CacheSizes.detected()));
    }

    private static FloatVector madd(FloatVector a, FloatVector b, FloatVector c) {
        return FMA ? a.fma(b, c) : a.mul(b).add(c);
    }

    @Override
    protected void microkernel(int kc, float[] ap, int aOff, float[] bp, int bOff, GemmWriteBack wb, int i, int j,
                               int mr, int nr, boolean first, boolean last, float[] tile) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero, c30 = zero, c31 = zero;
        int p = 0;
        // Unrolled by two. The loop bound is written p + 1 < kc on purpose: C2 then keeps a few range checks in the
        // body, and they stop it from hoisting every load of both halves ahead of the FMAs (which spills).
        for (; p + 1 < kc; p += 2) {
            int bi = bOff + p * NR;
            int ai = aOff + p * MR;
            FloatVector b0 = FloatVector.fromArray(F, bp, bi);
            FloatVector b1 = FloatVector.fromArray(F, bp, bi + VL);
            FloatVector a = FloatVector.broadcast(F, ap[ai]);
            c00 = madd(a, b0, c00);
            c01 = madd(a, b1, c01);
            a = FloatVector.broadcast(F, ap[ai + 1]);
            c10 = madd(a, b0, c10);
            c11 = madd(a, b1, c11);
            a = FloatVector.broadcast(F, ap[ai + 2]);
            c20 = madd(a, b0, c20);
            c21 = madd(a, b1, c21);
            a = FloatVector.broadcast(F, ap[ai + 3]);
            c30 = madd(a, b0, c30);
            c31 = madd(a, b1, c31);
            bi += NR;
            ai += MR;
            b0 = FloatVector.fromArray(F, bp, bi);
            b1 = FloatVector.fromArray(F, bp, bi + VL);
            a = FloatVector.broadcast(F, ap[ai]);
            c00 = madd(a, b0, c00);
            c01 = madd(a, b1, c01);
            a = FloatVector.broadcast(F, ap[ai + 1]);
            c10 = madd(a, b0, c10);
            c11 = madd(a, b1, c11);
            a = FloatVector.broadcast(F, ap[ai + 2]);
            c20 = madd(a, b0, c20);
            c21 = madd(a, b1, c21);
            a = FloatVector.broadcast(F, ap[ai + 3]);
            c30 = madd(a, b0, c30);
            c31 = madd(a, b1, c31);
        }
        if (p < kc) {
            int bi = bOff + p * NR;
            int ai = aOff + p * MR;
            FloatVector b0 = FloatVector.fromArray(F, bp, bi);
            FloatVector b1 = FloatVector.fromArray(F, bp, bi + VL);
            FloatVector a = FloatVector.broadcast(F, ap[ai]);
            c00 = madd(a, b0, c00);
            c01 = madd(a, b1, c01);
            a = FloatVector.broadcast(F, ap[ai + 1]);
            c10 = madd(a, b0, c10);
            c11 = madd(a, b1, c11);
            a = FloatVector.broadcast(F, ap[ai + 2]);
            c20 = madd(a, b0, c20);
            c21 = madd(a, b1, c21);
            a = FloatVector.broadcast(F, ap[ai + 3]);
            c30 = madd(a, b0, c30);
            c31 = madd(a, b1, c31);
        }
        // Spill the accumulators to the scratch tile rather than pass them to the write-back: vectors that cross a
        // non-inlined call are boxed, and the write-back is too large for C2 to inline.
        c00.intoArray(tile, 0 * NR);
        c01.intoArray(tile, 0 * NR + VL);
        c10.intoArray(tile, 1 * NR);
        c11.intoArray(tile, 1 * NR + VL);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + VL);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + VL);
        if (mr == MR && nr == NR && !wb.transposed) {
            storeFullTile(tile, wb, i, j, first, last);
        } else {
            wb.storeScalar(tile, NR, i, j, mr, nr, first, last);
        }
    }

    /**
     * The small-matrix path: the same 4×(2·VL) register tile, reading A and B where they lie (B must not be
     * transposed, so that a row of B is contiguous). Rows past m reuse row m−1 (computed, then not stored); columns
     * past n are masked loads of zero.
     */
    @Override
    protected boolean smallGemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int offA, int lda,
                                float[] b, int offB, int ldb, GemmWriteBack wb) {
        if (transB || (long) m * n * k > SMALL_WORK) {
            return false;
        }
        float[] tile = new float[MR * NR];
        int rowStride = transA ? 1 : lda;   // A(i, p) = a[offA + i·rowStride + p·colStride]
        int colStride = transA ? lda : 1;
        for (int i = 0; i < m; i += MR) {
            int rows = Math.min(MR, m - i);
            int a0 = offA + i * rowStride;
            int a1 = offA + Math.min(i + 1, m - 1) * rowStride;
            int a2 = offA + Math.min(i + 2, m - 1) * rowStride;
            int a3 = offA + Math.min(i + 3, m - 1) * rowStride;
            for (int j = 0; j < n; j += NR) {
                int cols = Math.min(NR, n - j);
                if (cols == NR) {
                    directTile(k, a, a0, a1, a2, a3, colStride, b, offB + j, ldb, tile);
                } else {
                    directEdgeTile(k, a, a0, a1, a2, a3, colStride, b, offB + j, ldb, cols, tile);
                }
                if (rows == MR && cols == NR) {
                    storeFullTile(tile, wb, i, j, true, true);
                } else {
                    wb.storeScalar(tile, NR, i, j, rows, cols, true, true);
                }
            }
        }
        return true;
    }

    private static void directTile(int k, float[] a, int a0, int a1, int a2, int a3, int cs, float[] b, int bj,
                                   int ldb, float[] tile) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero, c30 = zero, c31 = zero;
        for (int p = 0; p < k; p++) {
            int bi = bj + p * ldb;
            int ap = p * cs;
            FloatVector b0 = FloatVector.fromArray(F, b, bi);
            FloatVector b1 = FloatVector.fromArray(F, b, bi + VL);
            FloatVector v = FloatVector.broadcast(F, a[a0 + ap]);
            c00 = madd(v, b0, c00);
            c01 = madd(v, b1, c01);
            v = FloatVector.broadcast(F, a[a1 + ap]);
            c10 = madd(v, b0, c10);
            c11 = madd(v, b1, c11);
            v = FloatVector.broadcast(F, a[a2 + ap]);
            c20 = madd(v, b0, c20);
            c21 = madd(v, b1, c21);
            v = FloatVector.broadcast(F, a[a3 + ap]);
            c30 = madd(v, b0, c30);
            c31 = madd(v, b1, c31);
        }
        spill(tile, c00, c01, c10, c11, c20, c21, c30, c31);
    }

    private static void directEdgeTile(int k, float[] a, int a0, int a1, int a2, int a3, int cs, float[] b, int bj,
                                       int ldb, int cols, float[] tile) {
        VectorMask<Float> m0 = F.indexInRange(0, cols);
        VectorMask<Float> m1 = F.indexInRange(VL, cols);
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero, c30 = zero, c31 = zero;
        for (int p = 0; p < k; p++) {
            int bi = bj + p * ldb;
            int ap = p * cs;
            FloatVector b0 = FloatVector.fromArray(F, b, bi, m0);
            FloatVector b1 = FloatVector.fromArray(F, b, bi + VL, m1);
            FloatVector v = FloatVector.broadcast(F, a[a0 + ap]);
            c00 = madd(v, b0, c00);
            c01 = madd(v, b1, c01);
            v = FloatVector.broadcast(F, a[a1 + ap]);
            c10 = madd(v, b0, c10);
            c11 = madd(v, b1, c11);
            v = FloatVector.broadcast(F, a[a2 + ap]);
            c20 = madd(v, b0, c20);
            c21 = madd(v, b1, c21);
            v = FloatVector.broadcast(F, a[a3 + ap]);
            c30 = madd(v, b0, c30);
            c31 = madd(v, b1, c31);
        }
        spill(tile, c00, c01, c10, c11, c20, c21, c30, c31);
    }

    /**
     * Writes a full MR×NR tile from {@code tile}: the same float operations, in the same order, as
     * {@link GemmWriteBack#storeScalar} (no FMA), so an element's bits do not depend on the tile it falls in.
     */
    private static void storeFullTile(float[] tile, GemmWriteBack wb, int i, int j, boolean first, boolean last) {
        float[] c = wb.c;
        for (int r = 0; r < MR; r++) {
            int ci = wb.offC + (i + r) * wb.ldc + j;
            for (int q = 0; q < NR; q += VL) {
                FloatVector v = FloatVector.fromArray(F, tile, r * NR + q).mul(wb.alpha);
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

    /** Stores the 4×2 accumulator vectors as a row-major MR×NR tile (small enough for C2 to always inline). */
    private static void spill(float[] tile, FloatVector c00, FloatVector c01, FloatVector c10, FloatVector c11,
                              FloatVector c20, FloatVector c21, FloatVector c30, FloatVector c31) {
        c00.intoArray(tile, 0);
        c01.intoArray(tile, VL);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + VL);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + VL);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + VL);
    }
}

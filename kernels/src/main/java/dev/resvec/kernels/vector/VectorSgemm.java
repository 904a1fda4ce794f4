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
 * SGEMM on the BLIS driver with a 3×(3·VL) register-tiled microkernel: for each k it loads three vectors of the
 * packed B micro-panel and broadcasts three elements of the packed A micro-panel, into 9 accumulators that stay in
 * registers (AVX2: a 3×24 tile).
 *
 * <p>Why not BLIS's 6×16 on AVX2: BLIS's assembly kernel interleaves each broadcast with its two FMAs and so needs
 * 12 accumulators + 2 B vectors + 1 broadcast = 15 ymm registers. C2 instead schedules all the loads of an
 * iteration ahead of its FMAs: 12 (or even 10) accumulators + 2 B vectors + 6 broadcasts exceed the 16 registers,
 * and C2 spills an accumulator to the stack, a store-to-load round trip on that FMA chain every iteration (~40% of
 * peak, seen in the disassembly of the C2 code). 3×24 needs 9 accumulators + 3 B vectors + 3 broadcasts = 15
 * registers even with every load hoisted, and 9 independent chains cover the FMA latency (4 cycles × 2 FMA ports
 * = 8 chains on Zen 3 and Haswell). Measured from L1 on a Zen 3 core: 4×16 ran at 55-65 GFLOP/s (median), 3×24 at
 * 62-93, against an FMA peak of 96. Unrolling the k loop makes C2 hoist the loads of both halves and spill again.
 */
final class VectorSgemm extends BlisGemm {
    static final int MR = 3;
    static final int NR = 3 * VL;

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
        if (mr == MR && nr == NR && !wb.transposed) {
            touchTile(wb, i, j);
        }
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero, c01 = zero, c02 = zero;
        FloatVector c10 = zero, c11 = zero, c12 = zero;
        FloatVector c20 = zero, c21 = zero, c22 = zero;
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR;
            int ai = aOff + p * MR;
            FloatVector b0 = FloatVector.fromArray(F, bp, bi);
            FloatVector b1 = FloatVector.fromArray(F, bp, bi + VL);
            FloatVector b2 = FloatVector.fromArray(F, bp, bi + 2 * VL);
            FloatVector a = FloatVector.broadcast(F, ap[ai]);
            c00 = madd(a, b0, c00);
            c01 = madd(a, b1, c01);
            c02 = madd(a, b2, c02);
            a = FloatVector.broadcast(F, ap[ai + 1]);
            c10 = madd(a, b0, c10);
            c11 = madd(a, b1, c11);
            c12 = madd(a, b2, c12);
            a = FloatVector.broadcast(F, ap[ai + 2]);
            c20 = madd(a, b0, c20);
            c21 = madd(a, b1, c21);
            c22 = madd(a, b2, c22);
        }
        // Spill the accumulators to the scratch tile rather than pass them to the write-back: vectors that cross a
        // non-inlined call are boxed, and the write-back is too large for C2 to inline.
        c00.intoArray(tile, 0);
        c01.intoArray(tile, VL);
        c02.intoArray(tile, 2 * VL);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + VL);
        c12.intoArray(tile, NR + 2 * VL);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + VL);
        c22.intoArray(tile, 2 * NR + 2 * VL);
        if (mr == MR && nr == NR && !wb.transposed) {
            storeFullTile(tile, wb, i, j, first, last);
        } else {
            wb.storeScalar(tile, NR, i, j, mr, nr, first, last);
        }
    }

    /**
     * Packs B with vector copies where a whole NR-wide strip of untransposed B is there (the common case); edge
     * strips and transposed B take the generic path. When m is small, packing B costs as much as the FMAs, so it
     * has to run at memory speed.
     */
    @Override
    protected void packB(boolean transB, float[] b, int offB, int ldb, int pc, int kc, int jc, int nc, float[] bp) {
        int full = transB ? 0 : nc / NR * NR;
        // Row by row: each row of B is read sequentially (hardware prefetch, one page at a time) and scattered into
        // the strips, rather than strip by strip, which reads 96 bytes from each of kc rows far apart.
        for (int p = 0, src = offB + pc * ldb + jc; p < kc; p++, src += ldb) {
            for (int jr = 0, dst = p * NR; jr < full; jr += NR, dst += kc * NR) {
                FloatVector.fromArray(F, b, src + jr).intoArray(bp, dst);
                FloatVector.fromArray(F, b, src + jr + VL).intoArray(bp, dst + VL);
                FloatVector.fromArray(F, b, src + jr + 2 * VL).intoArray(bp, dst + 2 * VL);
            }
        }
        if (full < nc) {
            super.packB(transB, b, offB, ldb, pc, kc, jc + full, nc - full, bp, full * kc);
        }
    }

    /**
     * Packs A for the 3-row tile with the row count as a constant: three loads and three stores per k, no branch
     * for full panels (the generic packing tests each element against the row count, and copies a transposed A
     * with a System.arraycopy of three floats per k).
     */
    @Override
    protected void packA(boolean transA, float[] a, int offA, int lda, int ic, int mc, int pc, int kc, float[] ap) {
        int full = mc / MR * MR;
        int rowStride = transA ? 1 : lda;   // A(i, p) = a[offA + i·rowStride + p·colStride]
        int colStride = transA ? lda : 1;
        for (int ir = 0; ir < full; ir += MR) {
            int src = offA + (ic + ir) * rowStride + pc * colStride;
            for (int p = 0, dst = ir * kc; p < kc; p++, dst += MR, src += colStride) {
                ap[dst] = a[src];
                ap[dst + 1] = a[src + rowStride];
                ap[dst + 2] = a[src + 2 * rowStride];
            }
        }
        if (full < mc) {
            super.packA(transA, a, offA, lda, ic + full, mc - full, pc, kc, ap, full * kc);
        }
    }

    /** An arbitrary pattern for {@link #touchTile}'s comparison (matching it is rare and harmless). */
    private static final int NEVER = 0x7fbadbad;

    /**
     * Reads one float of each cache line of the C tile before the k loop, so that the lines are on their way into
     * L1 while the FMAs run, and the write-back does not stall on them: Java's stand-in for BLIS's prefetch of C.
     * The values only feed a comparison whose branch stores C's element back unchanged, so they never change the
     * result (and C is still not read into the result when beta = 0); the comparison keeps C2 from dropping the
     * loads.
     */
    private static void touchTile(GemmWriteBack wb, int i, int j) {
        float[] c = wb.c;
        int ci = wb.offC + i * wb.ldc + j;
        int last = NR - 1;
        int bits = Float.floatToRawIntBits(c[ci]) ^ Float.floatToRawIntBits(c[ci + last])
                ^ Float.floatToRawIntBits(c[ci + wb.ldc]) ^ Float.floatToRawIntBits(c[ci + wb.ldc + last])
                ^ Float.floatToRawIntBits(c[ci + 2 * wb.ldc]) ^ Float.floatToRawIntBits(c[ci + 2 * wb.ldc + last]);
        if (bits == NEVER) {
            c[ci] = c[ci]; // rarely reached, and a no-op: this thread alone owns the tile
        }
    }

    /**
     * The small-matrix path: the same MR×NR register tile, reading A and B where they lie (B must not be
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
            for (int j = 0; j < n; j += NR) {
                int cols = Math.min(NR, n - j);
                if (cols == NR) {
                    directTile(k, a, a0, a1, a2, colStride, b, offB + j, ldb, tile);
                } else {
                    directEdgeTile(k, a, a0, a1, a2, colStride, b, offB + j, ldb, cols, tile);
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
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + VL);
        c12.intoArray(tile, NR + 2 * VL);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + VL);
        c22.intoArray(tile, 2 * NR + 2 * VL);
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
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + VL);
        c12.intoArray(tile, NR + 2 * VL);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + VL);
        c22.intoArray(tile, 2 * NR + 2 * VL);
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
}

package dev.resvec.kernels.vector;

import static dev.resvec.kernels.vector.VectorConfig.F;
import static dev.resvec.kernels.vector.VectorConfig.FMA;
import static dev.resvec.kernels.vector.VectorConfig.VL;

import dev.resvec.kernels.internal.BlisGemm;
import dev.resvec.kernels.internal.CacheSizes;
import dev.resvec.kernels.internal.GemmBlocking;
import dev.resvec.kernels.internal.GemmWriteBack;
import jdk.incubator.vector.FloatVector;

/**
 * SGEMM on the BLIS driver with a 6×(2·VL) register-tiled microkernel: for each k it loads two vectors of the
 * packed B micro-panel and broadcasts six elements of the packed A micro-panel, into 12 accumulators that stay in
 * registers. On AVX2 (VL = 8) that is the classic 6×16 tile of BLIS's Haswell/Zen sgemm kernel: 12 accumulators,
 * 2 B vectors and 1 broadcast use 15 of the 16 ymm registers.
 */
final class VectorSgemm extends BlisGemm {
    static final int MR = 6;
    static final int NR = 2 * VL;

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
        FloatVector c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero, c40 = zero, c41 = zero, c50 = zero, c51 = zero;
        for (int p = 0; p < kc; p++) {
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
            a = FloatVector.broadcast(F, ap[ai + 4]);
            c40 = madd(a, b0, c40);
            c41 = madd(a, b1, c41);
            a = FloatVector.broadcast(F, ap[ai + 5]);
            c50 = madd(a, b0, c50);
            c51 = madd(a, b1, c51);
        }
        if (mr == MR && nr == NR) {
            store(wb, c00, c01, i, j, first, last);
            store(wb, c10, c11, i + 1, j, first, last);
            store(wb, c20, c21, i + 2, j, first, last);
            store(wb, c30, c31, i + 3, j, first, last);
            store(wb, c40, c41, i + 4, j, first, last);
            store(wb, c50, c51, i + 5, j, first, last);
        } else {
            c00.intoArray(tile, 0);
            c01.intoArray(tile, VL);
            c10.intoArray(tile, NR);
            c11.intoArray(tile, NR + VL);
            c20.intoArray(tile, 2 * NR);
            c21.intoArray(tile, 2 * NR + VL);
            c30.intoArray(tile, 3 * NR);
            c31.intoArray(tile, 3 * NR + VL);
            c40.intoArray(tile, 4 * NR);
            c41.intoArray(tile, 4 * NR + VL);
            c50.intoArray(tile, 5 * NR);
            c51.intoArray(tile, 5 * NR + VL);
            wb.storeScalar(tile, NR, i, j, mr, nr, first, last);
        }
    }

    /** Writes one row of a full tile: the same operations, in the same order, as {@link GemmWriteBack#storeScalar}. */
    private static void store(GemmWriteBack wb, FloatVector lo, FloatVector hi, int i, int j, boolean first,
                              boolean last) {
        float[] c = wb.c;
        int ci = wb.offC + i * wb.ldc + j;
        FloatVector r0 = lo.mul(wb.alpha);
        FloatVector r1 = hi.mul(wb.alpha);
        if (!first) {
            r0 = r0.add(FloatVector.fromArray(F, c, ci));
            r1 = r1.add(FloatVector.fromArray(F, c, ci + VL));
        } else if (wb.beta != 0f) {
            r0 = r0.add(FloatVector.fromArray(F, c, ci).mul(wb.beta));
            r1 = r1.add(FloatVector.fromArray(F, c, ci + VL).mul(wb.beta));
        }
        if (last) {
            if (wb.biasKind == 1) {
                float bias = wb.bias[wb.offBias + i];
                r0 = r0.add(bias);
                r1 = r1.add(bias);
            } else if (wb.biasKind == 2) {
                r0 = r0.add(FloatVector.fromArray(F, wb.bias, wb.offBias + j));
                r1 = r1.add(FloatVector.fromArray(F, wb.bias, wb.offBias + j + VL));
            }
            if (wb.res != null) {
                int ri = wb.offRes + i * wb.ldRes + j;
                r0 = r0.add(FloatVector.fromArray(F, wb.res, ri));
                r1 = r1.add(FloatVector.fromArray(F, wb.res, ri + VL));
            }
            if (wb.relu) {
                r0 = r0.max(0f);
                r1 = r1.max(0f);
            }
        }
        r0.intoArray(c, ci);
        r1.intoArray(c, ci + VL);
    }
}

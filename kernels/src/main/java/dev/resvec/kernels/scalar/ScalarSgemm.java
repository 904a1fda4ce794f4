package dev.resvec.kernels.scalar;

import dev.resvec.kernels.internal.BlisGemm;
import dev.resvec.kernels.internal.CacheSizes;
import dev.resvec.kernels.internal.GemmBlocking;
import dev.resvec.kernels.internal.GemmWriteBack;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The scalar twin of the vector SGEMM: the same BLIS driver with a 4×4 plain-Java microkernel that accumulates in
 * double (16 accumulators fit the scalar register file and need no vector unit).
 */
final class ScalarSgemm extends BlisGemm {
    private static final int MR = 4, NR = 4;
    /** A float of the packed B in the driver's aligned buffer (written in the platform's order). */
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;

    ScalarSgemm() {
        super(GemmBlocking.forCaches(MR, NR, Float.BYTES, CacheSizes.detected()));
    }

    @Override
    protected void microkernel(int kc, float[] ap, int aOff, float[] bp, int bOff, GemmWriteBack wb, int i, int j,
                               int mr, int nr, boolean first, boolean last, float[] tile) {
        double c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        double c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * MR, bi = bOff + p * NR;
            double b0 = bp[bi], b1 = bp[bi + 1], b2 = bp[bi + 2], b3 = bp[bi + 3];
            double a0 = ap[ai], a1 = ap[ai + 1], a2 = ap[ai + 2], a3 = ap[ai + 3];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        }
        tile[0] = (float) c00; tile[1] = (float) c01; tile[2] = (float) c02; tile[3] = (float) c03;
        tile[4] = (float) c10; tile[5] = (float) c11; tile[6] = (float) c12; tile[7] = (float) c13;
        tile[8] = (float) c20; tile[9] = (float) c21; tile[10] = (float) c22; tile[11] = (float) c23;
        tile[12] = (float) c30; tile[13] = (float) c31; tile[14] = (float) c32; tile[15] = (float) c33;
        wb.storeScalar(tile, NR, i, j, mr, nr, first, last);
    }

    /**
     * The array kernel's loop on the driver's aligned buffer. Not one kernel for both over
     * {@code MemorySegment.ofArray}: reading the arrays through heap segments made this provider's kernel tests
     * run 1.5× as long (25 → 38 s).
     */
    @Override
    protected void microkernel(int kc, float[] ap, int aOff, MemorySegment bp, long bOff, GemmWriteBack wb, int i,
                               int j, int mr, int nr, boolean first, boolean last, float[] tile) {
        double c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        double c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * MR;
            long bi = bOff + (long) p * NR;
            double b0 = bp.getAtIndex(FLOAT, bi), b1 = bp.getAtIndex(FLOAT, bi + 1);
            double b2 = bp.getAtIndex(FLOAT, bi + 2), b3 = bp.getAtIndex(FLOAT, bi + 3);
            double a0 = ap[ai], a1 = ap[ai + 1], a2 = ap[ai + 2], a3 = ap[ai + 3];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        }
        tile[0] = (float) c00; tile[1] = (float) c01; tile[2] = (float) c02; tile[3] = (float) c03;
        tile[4] = (float) c10; tile[5] = (float) c11; tile[6] = (float) c12; tile[7] = (float) c13;
        tile[8] = (float) c20; tile[9] = (float) c21; tile[10] = (float) c22; tile[11] = (float) c23;
        tile[12] = (float) c30; tile[13] = (float) c31; tile[14] = (float) c32; tile[15] = (float) c33;
        wb.storeScalar(tile, NR, i, j, mr, nr, first, last);
    }
}

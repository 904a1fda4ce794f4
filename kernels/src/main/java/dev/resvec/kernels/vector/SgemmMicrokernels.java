package dev.resvec.kernels.vector;

import static dev.resvec.kernels.vector.VectorConfig.F;
import static dev.resvec.kernels.vector.VectorConfig.FMA;
import static dev.resvec.kernels.vector.VectorConfig.VL;

import jdk.incubator.vector.FloatVector;

/**
 * The SGEMM microkernels (the BLIS contract: an MR×NR tile of C from an MR×kc micro-panel of packed A and a kc×NR
 * micro-panel of packed B, no loop over m or n inside), one method per register-tile shape, unrolled by hand
 * because the accumulators must be locals to live in registers. Each ends in one of three write modes, chosen
 * per call by the driver:
 * <ul>
 *   <li>{@link #STORE}: C := acc (first depth block, alpha = 1, beta = 0, no epilogue);</li>
 *   <li>{@link #ACCUMULATE}: C := acc + C (a later depth block, alpha = 1, no epilogue) — the same float
 *   operations as {@code GemmWriteBack.storeScalar} (1·x = x exactly), so bits do not depend on the path;</li>
 *   <li>{@link #SPILL}: the tile goes to a scratch array, for the general write-back (alpha, beta, epilogue,
 *   partial and transposed tiles). Vectors cannot be handed to a method that is not inlined without being boxed,
 *   and the general write-back is too large to inline.</li>
 * </ul>
 * Generated shape by shape from one template; see {@code SgemmTile} for which shape runs where, and why.
 */
final class SgemmMicrokernels {
    private SgemmMicrokernels() {}

    /** Write mode: C := acc. */
    static final int STORE = 0;
    /** Write mode: C := acc + C. */
    static final int ACCUMULATE = 1;
    /** Write mode: tile[r·NR + q] := acc. */
    static final int SPILL = 2;

    private static FloatVector madd(FloatVector a, FloatVector b, FloatVector c) {
        return FMA ? a.fma(b, c) : a.mul(b).add(c);
    }


    /**
     * The 3×(3·VL) tile: per k, 3 vector loads of B and 3 broadcasts of A into 9 accumulators.
     *
     * @param c    C's array for {@link #STORE}/{@link #ACCUMULATE} (row r at {@code ci + r·ldc}), or the
     *             scratch tile for {@link #SPILL} (row stride NR, from 0)
     * @param mode {@link #STORE}, {@link #ACCUMULATE} or {@link #SPILL}
     */
    static void tile3x3(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int ci, int ldc,
                           int mode) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero, c01 = zero, c02 = zero;
        FloatVector c10 = zero, c11 = zero, c12 = zero;
        FloatVector c20 = zero, c21 = zero, c22 = zero;
        for (int p = 0, ai = aOff, bi = bOff; p < kc; p++, ai += 3, bi += 3 * VL) {
            FloatVector b0 = FloatVector.fromArray(F, bp, bi);
            FloatVector b1 = FloatVector.fromArray(F, bp, bi + VL);
            FloatVector b2 = FloatVector.fromArray(F, bp, bi + 2 * VL);
            FloatVector a;
            a = FloatVector.broadcast(F, ap[ai]);
            c00 = madd(a, b0, c00); c01 = madd(a, b1, c01); c02 = madd(a, b2, c02);
            a = FloatVector.broadcast(F, ap[ai + 1]);
            c10 = madd(a, b0, c10); c11 = madd(a, b1, c11); c12 = madd(a, b2, c12);
            a = FloatVector.broadcast(F, ap[ai + 2]);
            c20 = madd(a, b0, c20); c21 = madd(a, b1, c21); c22 = madd(a, b2, c22);
        }
        if (mode == SPILL) {
            ci = 0;
            ldc = 3 * VL;
        }
        if (mode == ACCUMULATE) {
            int r0 = ci;
            c00.add(FloatVector.fromArray(F, c, r0)).intoArray(c, r0);
            c01.add(FloatVector.fromArray(F, c, r0 + VL)).intoArray(c, r0 + VL);
            c02.add(FloatVector.fromArray(F, c, r0 + 2 * VL)).intoArray(c, r0 + 2 * VL);
            int r1 = ci + ldc;
            c10.add(FloatVector.fromArray(F, c, r1)).intoArray(c, r1);
            c11.add(FloatVector.fromArray(F, c, r1 + VL)).intoArray(c, r1 + VL);
            c12.add(FloatVector.fromArray(F, c, r1 + 2 * VL)).intoArray(c, r1 + 2 * VL);
            int r2 = ci + 2 * ldc;
            c20.add(FloatVector.fromArray(F, c, r2)).intoArray(c, r2);
            c21.add(FloatVector.fromArray(F, c, r2 + VL)).intoArray(c, r2 + VL);
            c22.add(FloatVector.fromArray(F, c, r2 + 2 * VL)).intoArray(c, r2 + 2 * VL);
        } else {
            int r0 = ci;
            c00.intoArray(c, r0); c01.intoArray(c, r0 + VL); c02.intoArray(c, r0 + 2 * VL);
            int r1 = ci + ldc;
            c10.intoArray(c, r1); c11.intoArray(c, r1 + VL); c12.intoArray(c, r1 + 2 * VL);
            int r2 = ci + 2 * ldc;
            c20.intoArray(c, r2); c21.intoArray(c, r2 + VL); c22.intoArray(c, r2 + 2 * VL);
        }
    }

    /**
     * The 8×(2·VL) tile: per k, 2 vector loads of B and 8 broadcasts of A into 16 accumulators.
     *
     * @param c    C's array for {@link #STORE}/{@link #ACCUMULATE} (row r at {@code ci + r·ldc}), or the
     *             scratch tile for {@link #SPILL} (row stride NR, from 0)
     * @param mode {@link #STORE}, {@link #ACCUMULATE} or {@link #SPILL}
     */
    static void tile8x2(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int ci, int ldc,
                           int mode) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero, c01 = zero;
        FloatVector c10 = zero, c11 = zero;
        FloatVector c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero;
        FloatVector c40 = zero, c41 = zero;
        FloatVector c50 = zero, c51 = zero;
        FloatVector c60 = zero, c61 = zero;
        FloatVector c70 = zero, c71 = zero;
        for (int p = 0, ai = aOff, bi = bOff; p < kc; p++, ai += 8, bi += 2 * VL) {
            FloatVector b0 = FloatVector.fromArray(F, bp, bi);
            FloatVector b1 = FloatVector.fromArray(F, bp, bi + VL);
            FloatVector a;
            a = FloatVector.broadcast(F, ap[ai]);
            c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
            a = FloatVector.broadcast(F, ap[ai + 1]);
            c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
            a = FloatVector.broadcast(F, ap[ai + 2]);
            c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
            a = FloatVector.broadcast(F, ap[ai + 3]);
            c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
            a = FloatVector.broadcast(F, ap[ai + 4]);
            c40 = madd(a, b0, c40); c41 = madd(a, b1, c41);
            a = FloatVector.broadcast(F, ap[ai + 5]);
            c50 = madd(a, b0, c50); c51 = madd(a, b1, c51);
            a = FloatVector.broadcast(F, ap[ai + 6]);
            c60 = madd(a, b0, c60); c61 = madd(a, b1, c61);
            a = FloatVector.broadcast(F, ap[ai + 7]);
            c70 = madd(a, b0, c70); c71 = madd(a, b1, c71);
        }
        if (mode == SPILL) {
            ci = 0;
            ldc = 2 * VL;
        }
        if (mode == ACCUMULATE) {
            int r0 = ci;
            c00.add(FloatVector.fromArray(F, c, r0)).intoArray(c, r0);
            c01.add(FloatVector.fromArray(F, c, r0 + VL)).intoArray(c, r0 + VL);
            int r1 = ci + ldc;
            c10.add(FloatVector.fromArray(F, c, r1)).intoArray(c, r1);
            c11.add(FloatVector.fromArray(F, c, r1 + VL)).intoArray(c, r1 + VL);
            int r2 = ci + 2 * ldc;
            c20.add(FloatVector.fromArray(F, c, r2)).intoArray(c, r2);
            c21.add(FloatVector.fromArray(F, c, r2 + VL)).intoArray(c, r2 + VL);
            int r3 = ci + 3 * ldc;
            c30.add(FloatVector.fromArray(F, c, r3)).intoArray(c, r3);
            c31.add(FloatVector.fromArray(F, c, r3 + VL)).intoArray(c, r3 + VL);
            int r4 = ci + 4 * ldc;
            c40.add(FloatVector.fromArray(F, c, r4)).intoArray(c, r4);
            c41.add(FloatVector.fromArray(F, c, r4 + VL)).intoArray(c, r4 + VL);
            int r5 = ci + 5 * ldc;
            c50.add(FloatVector.fromArray(F, c, r5)).intoArray(c, r5);
            c51.add(FloatVector.fromArray(F, c, r5 + VL)).intoArray(c, r5 + VL);
            int r6 = ci + 6 * ldc;
            c60.add(FloatVector.fromArray(F, c, r6)).intoArray(c, r6);
            c61.add(FloatVector.fromArray(F, c, r6 + VL)).intoArray(c, r6 + VL);
            int r7 = ci + 7 * ldc;
            c70.add(FloatVector.fromArray(F, c, r7)).intoArray(c, r7);
            c71.add(FloatVector.fromArray(F, c, r7 + VL)).intoArray(c, r7 + VL);
        } else {
            int r0 = ci;
            c00.intoArray(c, r0); c01.intoArray(c, r0 + VL);
            int r1 = ci + ldc;
            c10.intoArray(c, r1); c11.intoArray(c, r1 + VL);
            int r2 = ci + 2 * ldc;
            c20.intoArray(c, r2); c21.intoArray(c, r2 + VL);
            int r3 = ci + 3 * ldc;
            c30.intoArray(c, r3); c31.intoArray(c, r3 + VL);
            int r4 = ci + 4 * ldc;
            c40.intoArray(c, r4); c41.intoArray(c, r4 + VL);
            int r5 = ci + 5 * ldc;
            c50.intoArray(c, r5); c51.intoArray(c, r5 + VL);
            int r6 = ci + 6 * ldc;
            c60.intoArray(c, r6); c61.intoArray(c, r6 + VL);
            int r7 = ci + 7 * ldc;
            c70.intoArray(c, r7); c71.intoArray(c, r7 + VL);
        }
    }

    /**
     * The 12×(2·VL) tile: per k, 2 vector loads of B and 12 broadcasts of A into 24 accumulators.
     *
     * @param c    C's array for {@link #STORE}/{@link #ACCUMULATE} (row r at {@code ci + r·ldc}), or the
     *             scratch tile for {@link #SPILL} (row stride NR, from 0)
     * @param mode {@link #STORE}, {@link #ACCUMULATE} or {@link #SPILL}
     */
    static void tile12x2(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int ci, int ldc,
                           int mode) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero, c01 = zero;
        FloatVector c10 = zero, c11 = zero;
        FloatVector c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero;
        FloatVector c40 = zero, c41 = zero;
        FloatVector c50 = zero, c51 = zero;
        FloatVector c60 = zero, c61 = zero;
        FloatVector c70 = zero, c71 = zero;
        FloatVector c80 = zero, c81 = zero;
        FloatVector c90 = zero, c91 = zero;
        FloatVector c100 = zero, c101 = zero;
        FloatVector c110 = zero, c111 = zero;
        for (int p = 0, ai = aOff, bi = bOff; p < kc; p++, ai += 12, bi += 2 * VL) {
            FloatVector b0 = FloatVector.fromArray(F, bp, bi);
            FloatVector b1 = FloatVector.fromArray(F, bp, bi + VL);
            FloatVector a;
            a = FloatVector.broadcast(F, ap[ai]);
            c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
            a = FloatVector.broadcast(F, ap[ai + 1]);
            c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
            a = FloatVector.broadcast(F, ap[ai + 2]);
            c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
            a = FloatVector.broadcast(F, ap[ai + 3]);
            c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
            a = FloatVector.broadcast(F, ap[ai + 4]);
            c40 = madd(a, b0, c40); c41 = madd(a, b1, c41);
            a = FloatVector.broadcast(F, ap[ai + 5]);
            c50 = madd(a, b0, c50); c51 = madd(a, b1, c51);
            a = FloatVector.broadcast(F, ap[ai + 6]);
            c60 = madd(a, b0, c60); c61 = madd(a, b1, c61);
            a = FloatVector.broadcast(F, ap[ai + 7]);
            c70 = madd(a, b0, c70); c71 = madd(a, b1, c71);
            a = FloatVector.broadcast(F, ap[ai + 8]);
            c80 = madd(a, b0, c80); c81 = madd(a, b1, c81);
            a = FloatVector.broadcast(F, ap[ai + 9]);
            c90 = madd(a, b0, c90); c91 = madd(a, b1, c91);
            a = FloatVector.broadcast(F, ap[ai + 10]);
            c100 = madd(a, b0, c100); c101 = madd(a, b1, c101);
            a = FloatVector.broadcast(F, ap[ai + 11]);
            c110 = madd(a, b0, c110); c111 = madd(a, b1, c111);
        }
        if (mode == SPILL) {
            ci = 0;
            ldc = 2 * VL;
        }
        if (mode == ACCUMULATE) {
            int r0 = ci;
            c00.add(FloatVector.fromArray(F, c, r0)).intoArray(c, r0);
            c01.add(FloatVector.fromArray(F, c, r0 + VL)).intoArray(c, r0 + VL);
            int r1 = ci + ldc;
            c10.add(FloatVector.fromArray(F, c, r1)).intoArray(c, r1);
            c11.add(FloatVector.fromArray(F, c, r1 + VL)).intoArray(c, r1 + VL);
            int r2 = ci + 2 * ldc;
            c20.add(FloatVector.fromArray(F, c, r2)).intoArray(c, r2);
            c21.add(FloatVector.fromArray(F, c, r2 + VL)).intoArray(c, r2 + VL);
            int r3 = ci + 3 * ldc;
            c30.add(FloatVector.fromArray(F, c, r3)).intoArray(c, r3);
            c31.add(FloatVector.fromArray(F, c, r3 + VL)).intoArray(c, r3 + VL);
            int r4 = ci + 4 * ldc;
            c40.add(FloatVector.fromArray(F, c, r4)).intoArray(c, r4);
            c41.add(FloatVector.fromArray(F, c, r4 + VL)).intoArray(c, r4 + VL);
            int r5 = ci + 5 * ldc;
            c50.add(FloatVector.fromArray(F, c, r5)).intoArray(c, r5);
            c51.add(FloatVector.fromArray(F, c, r5 + VL)).intoArray(c, r5 + VL);
            int r6 = ci + 6 * ldc;
            c60.add(FloatVector.fromArray(F, c, r6)).intoArray(c, r6);
            c61.add(FloatVector.fromArray(F, c, r6 + VL)).intoArray(c, r6 + VL);
            int r7 = ci + 7 * ldc;
            c70.add(FloatVector.fromArray(F, c, r7)).intoArray(c, r7);
            c71.add(FloatVector.fromArray(F, c, r7 + VL)).intoArray(c, r7 + VL);
            int r8 = ci + 8 * ldc;
            c80.add(FloatVector.fromArray(F, c, r8)).intoArray(c, r8);
            c81.add(FloatVector.fromArray(F, c, r8 + VL)).intoArray(c, r8 + VL);
            int r9 = ci + 9 * ldc;
            c90.add(FloatVector.fromArray(F, c, r9)).intoArray(c, r9);
            c91.add(FloatVector.fromArray(F, c, r9 + VL)).intoArray(c, r9 + VL);
            int r10 = ci + 10 * ldc;
            c100.add(FloatVector.fromArray(F, c, r10)).intoArray(c, r10);
            c101.add(FloatVector.fromArray(F, c, r10 + VL)).intoArray(c, r10 + VL);
            int r11 = ci + 11 * ldc;
            c110.add(FloatVector.fromArray(F, c, r11)).intoArray(c, r11);
            c111.add(FloatVector.fromArray(F, c, r11 + VL)).intoArray(c, r11 + VL);
        } else {
            int r0 = ci;
            c00.intoArray(c, r0); c01.intoArray(c, r0 + VL);
            int r1 = ci + ldc;
            c10.intoArray(c, r1); c11.intoArray(c, r1 + VL);
            int r2 = ci + 2 * ldc;
            c20.intoArray(c, r2); c21.intoArray(c, r2 + VL);
            int r3 = ci + 3 * ldc;
            c30.intoArray(c, r3); c31.intoArray(c, r3 + VL);
            int r4 = ci + 4 * ldc;
            c40.intoArray(c, r4); c41.intoArray(c, r4 + VL);
            int r5 = ci + 5 * ldc;
            c50.intoArray(c, r5); c51.intoArray(c, r5 + VL);
            int r6 = ci + 6 * ldc;
            c60.intoArray(c, r6); c61.intoArray(c, r6 + VL);
            int r7 = ci + 7 * ldc;
            c70.intoArray(c, r7); c71.intoArray(c, r7 + VL);
            int r8 = ci + 8 * ldc;
            c80.intoArray(c, r8); c81.intoArray(c, r8 + VL);
            int r9 = ci + 9 * ldc;
            c90.intoArray(c, r9); c91.intoArray(c, r9 + VL);
            int r10 = ci + 10 * ldc;
            c100.intoArray(c, r10); c101.intoArray(c, r10 + VL);
            int r11 = ci + 11 * ldc;
            c110.intoArray(c, r11); c111.intoArray(c, r11 + VL);
        }
    }

    /**
     * The 6×(2·VL) tile: per k, 2 vector loads of B and 6 broadcasts of A into 12 accumulators.
     *
     * @param c    C's array for {@link #STORE}/{@link #ACCUMULATE} (row r at {@code ci + r·ldc}), or the
     *             scratch tile for {@link #SPILL} (row stride NR, from 0)
     * @param mode {@link #STORE}, {@link #ACCUMULATE} or {@link #SPILL}
     */
    static void tile6x2(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int ci, int ldc,
                           int mode) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero, c01 = zero;
        FloatVector c10 = zero, c11 = zero;
        FloatVector c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero;
        FloatVector c40 = zero, c41 = zero;
        FloatVector c50 = zero, c51 = zero;
        for (int p = 0, ai = aOff, bi = bOff; p < kc; p++, ai += 6, bi += 2 * VL) {
            FloatVector b0 = FloatVector.fromArray(F, bp, bi);
            FloatVector b1 = FloatVector.fromArray(F, bp, bi + VL);
            FloatVector a;
            a = FloatVector.broadcast(F, ap[ai]);
            c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
            a = FloatVector.broadcast(F, ap[ai + 1]);
            c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
            a = FloatVector.broadcast(F, ap[ai + 2]);
            c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
            a = FloatVector.broadcast(F, ap[ai + 3]);
            c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
            a = FloatVector.broadcast(F, ap[ai + 4]);
            c40 = madd(a, b0, c40); c41 = madd(a, b1, c41);
            a = FloatVector.broadcast(F, ap[ai + 5]);
            c50 = madd(a, b0, c50); c51 = madd(a, b1, c51);
        }
        if (mode == SPILL) {
            ci = 0;
            ldc = 2 * VL;
        }
        if (mode == ACCUMULATE) {
            int r0 = ci;
            c00.add(FloatVector.fromArray(F, c, r0)).intoArray(c, r0);
            c01.add(FloatVector.fromArray(F, c, r0 + VL)).intoArray(c, r0 + VL);
            int r1 = ci + ldc;
            c10.add(FloatVector.fromArray(F, c, r1)).intoArray(c, r1);
            c11.add(FloatVector.fromArray(F, c, r1 + VL)).intoArray(c, r1 + VL);
            int r2 = ci + 2 * ldc;
            c20.add(FloatVector.fromArray(F, c, r2)).intoArray(c, r2);
            c21.add(FloatVector.fromArray(F, c, r2 + VL)).intoArray(c, r2 + VL);
            int r3 = ci + 3 * ldc;
            c30.add(FloatVector.fromArray(F, c, r3)).intoArray(c, r3);
            c31.add(FloatVector.fromArray(F, c, r3 + VL)).intoArray(c, r3 + VL);
            int r4 = ci + 4 * ldc;
            c40.add(FloatVector.fromArray(F, c, r4)).intoArray(c, r4);
            c41.add(FloatVector.fromArray(F, c, r4 + VL)).intoArray(c, r4 + VL);
            int r5 = ci + 5 * ldc;
            c50.add(FloatVector.fromArray(F, c, r5)).intoArray(c, r5);
            c51.add(FloatVector.fromArray(F, c, r5 + VL)).intoArray(c, r5 + VL);
        } else {
            int r0 = ci;
            c00.intoArray(c, r0); c01.intoArray(c, r0 + VL);
            int r1 = ci + ldc;
            c10.intoArray(c, r1); c11.intoArray(c, r1 + VL);
            int r2 = ci + 2 * ldc;
            c20.intoArray(c, r2); c21.intoArray(c, r2 + VL);
            int r3 = ci + 3 * ldc;
            c30.intoArray(c, r3); c31.intoArray(c, r3 + VL);
            int r4 = ci + 4 * ldc;
            c40.intoArray(c, r4); c41.intoArray(c, r4 + VL);
            int r5 = ci + 5 * ldc;
            c50.intoArray(c, r5); c51.intoArray(c, r5 + VL);
        }
    }

    /**
     * The 4×(4·VL) tile: per k, 4 vector loads of B and 4 broadcasts of A into 16 accumulators.
     *
     * @param c    C's array for {@link #STORE}/{@link #ACCUMULATE} (row r at {@code ci + r·ldc}), or the
     *             scratch tile for {@link #SPILL} (row stride NR, from 0)
     * @param mode {@link #STORE}, {@link #ACCUMULATE} or {@link #SPILL}
     */
    static void tile4x4(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int ci, int ldc,
                           int mode) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero, c01 = zero, c02 = zero, c03 = zero;
        FloatVector c10 = zero, c11 = zero, c12 = zero, c13 = zero;
        FloatVector c20 = zero, c21 = zero, c22 = zero, c23 = zero;
        FloatVector c30 = zero, c31 = zero, c32 = zero, c33 = zero;
        for (int p = 0, ai = aOff, bi = bOff; p < kc; p++, ai += 4, bi += 4 * VL) {
            FloatVector b0 = FloatVector.fromArray(F, bp, bi);
            FloatVector b1 = FloatVector.fromArray(F, bp, bi + VL);
            FloatVector b2 = FloatVector.fromArray(F, bp, bi + 2 * VL);
            FloatVector b3 = FloatVector.fromArray(F, bp, bi + 3 * VL);
            FloatVector a;
            a = FloatVector.broadcast(F, ap[ai]);
            c00 = madd(a, b0, c00); c01 = madd(a, b1, c01); c02 = madd(a, b2, c02); c03 = madd(a, b3, c03);
            a = FloatVector.broadcast(F, ap[ai + 1]);
            c10 = madd(a, b0, c10); c11 = madd(a, b1, c11); c12 = madd(a, b2, c12); c13 = madd(a, b3, c13);
            a = FloatVector.broadcast(F, ap[ai + 2]);
            c20 = madd(a, b0, c20); c21 = madd(a, b1, c21); c22 = madd(a, b2, c22); c23 = madd(a, b3, c23);
            a = FloatVector.broadcast(F, ap[ai + 3]);
            c30 = madd(a, b0, c30); c31 = madd(a, b1, c31); c32 = madd(a, b2, c32); c33 = madd(a, b3, c33);
        }
        if (mode == SPILL) {
            ci = 0;
            ldc = 4 * VL;
        }
        if (mode == ACCUMULATE) {
            int r0 = ci;
            c00.add(FloatVector.fromArray(F, c, r0)).intoArray(c, r0);
            c01.add(FloatVector.fromArray(F, c, r0 + VL)).intoArray(c, r0 + VL);
            c02.add(FloatVector.fromArray(F, c, r0 + 2 * VL)).intoArray(c, r0 + 2 * VL);
            c03.add(FloatVector.fromArray(F, c, r0 + 3 * VL)).intoArray(c, r0 + 3 * VL);
            int r1 = ci + ldc;
            c10.add(FloatVector.fromArray(F, c, r1)).intoArray(c, r1);
            c11.add(FloatVector.fromArray(F, c, r1 + VL)).intoArray(c, r1 + VL);
            c12.add(FloatVector.fromArray(F, c, r1 + 2 * VL)).intoArray(c, r1 + 2 * VL);
            c13.add(FloatVector.fromArray(F, c, r1 + 3 * VL)).intoArray(c, r1 + 3 * VL);
            int r2 = ci + 2 * ldc;
            c20.add(FloatVector.fromArray(F, c, r2)).intoArray(c, r2);
            c21.add(FloatVector.fromArray(F, c, r2 + VL)).intoArray(c, r2 + VL);
            c22.add(FloatVector.fromArray(F, c, r2 + 2 * VL)).intoArray(c, r2 + 2 * VL);
            c23.add(FloatVector.fromArray(F, c, r2 + 3 * VL)).intoArray(c, r2 + 3 * VL);
            int r3 = ci + 3 * ldc;
            c30.add(FloatVector.fromArray(F, c, r3)).intoArray(c, r3);
            c31.add(FloatVector.fromArray(F, c, r3 + VL)).intoArray(c, r3 + VL);
            c32.add(FloatVector.fromArray(F, c, r3 + 2 * VL)).intoArray(c, r3 + 2 * VL);
            c33.add(FloatVector.fromArray(F, c, r3 + 3 * VL)).intoArray(c, r3 + 3 * VL);
        } else {
            int r0 = ci;
            c00.intoArray(c, r0); c01.intoArray(c, r0 + VL); c02.intoArray(c, r0 + 2 * VL); c03.intoArray(c, r0 + 3 * VL);
            int r1 = ci + ldc;
            c10.intoArray(c, r1); c11.intoArray(c, r1 + VL); c12.intoArray(c, r1 + 2 * VL); c13.intoArray(c, r1 + 3 * VL);
            int r2 = ci + 2 * ldc;
            c20.intoArray(c, r2); c21.intoArray(c, r2 + VL); c22.intoArray(c, r2 + 2 * VL); c23.intoArray(c, r2 + 3 * VL);
            int r3 = ci + 3 * ldc;
            c30.intoArray(c, r3); c31.intoArray(c, r3 + VL); c32.intoArray(c, r3 + 2 * VL); c33.intoArray(c, r3 + 3 * VL);
        }
    }
}

package dev.resvec.kernels.vector;

import static dev.resvec.kernels.vector.ThinGemm.ROWS;
import static dev.resvec.kernels.vector.ThinGemm.WIDTH;
import static dev.resvec.kernels.vector.VectorConfig.F;
import static dev.resvec.kernels.vector.VectorConfig.FMA;
import static dev.resvec.kernels.vector.VectorConfig.VL;

import jdk.incubator.vector.FloatVector;

/**
 * {@link ThinGemm}'s register tiles: {@value ThinGemm#ROWS} rows of A, read where they lie (element p of row r at
 * {@code a[aR + p]}), times one depth block of the packed op(B) ({@link ThinGemm#WIDTH} floats a row from
 * {@code bOff}), summed from zero in k order with the packed path's multiply-add, into {@code tile}: row r's
 * vectors at r·WIDTH, the last column's six sums (where there is one) at ROWS·WIDTH.
 *
 * <p>Written out by hand: 18 vector accumulators (and six scalar ones) must stay in registers, and C2 keeps them
 * there only in straight-line code in one method whose vector calls are all inlined (accumulators in an array, or a
 * helper left as a call, box every vector: see {@code VectorShiftedKernels}).
 */
final class ThinGemmTiles {
    private ThinGemmTiles() {}

    private static FloatVector madd(FloatVector a, FloatVector b, FloatVector c) {
        return FMA ? a.fma(b, c) : a.mul(b).add(c);
    }

    /** The same multiply-add on one lane: the last column's chains get the bits the vector lanes would. */
    private static float madd(float a, float b, float c) {
        return FMA ? Math.fma(a, b, c) : a * b + c;
    }

    /** The tile with the last column (n = WIDTH + 1): its k elements of op(B) from {@code colOff}. */
    static void withColumn(int kc, float[] a, int a0, int a1, int a2, int a3, int a4, int a5, float[] b,
                           int bOff, int colOff, float[] tile) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero, c01 = zero, c02 = zero;
        FloatVector c10 = zero, c11 = zero, c12 = zero;
        FloatVector c20 = zero, c21 = zero, c22 = zero;
        FloatVector c30 = zero, c31 = zero, c32 = zero;
        FloatVector c40 = zero, c41 = zero, c42 = zero;
        FloatVector c50 = zero, c51 = zero, c52 = zero;
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f;
        for (int p = 0, bi = bOff, ci = colOff; p < kc; p++, bi += WIDTH, ci++) {
            FloatVector b0 = FloatVector.fromArray(F, b, bi);
            FloatVector b1 = FloatVector.fromArray(F, b, bi + VL);
            FloatVector b2 = FloatVector.fromArray(F, b, bi + 2 * VL);
            float e = b[ci];
            float x;
            FloatVector v;
            x = a[a0 + p];
            v = FloatVector.broadcast(F, x);
            c00 = madd(v, b0, c00);
            c01 = madd(v, b1, c01);
            c02 = madd(v, b2, c02);
            s0 = madd(x, e, s0);
            x = a[a1 + p];
            v = FloatVector.broadcast(F, x);
            c10 = madd(v, b0, c10);
            c11 = madd(v, b1, c11);
            c12 = madd(v, b2, c12);
            s1 = madd(x, e, s1);
            x = a[a2 + p];
            v = FloatVector.broadcast(F, x);
            c20 = madd(v, b0, c20);
            c21 = madd(v, b1, c21);
            c22 = madd(v, b2, c22);
            s2 = madd(x, e, s2);
            x = a[a3 + p];
            v = FloatVector.broadcast(F, x);
            c30 = madd(v, b0, c30);
            c31 = madd(v, b1, c31);
            c32 = madd(v, b2, c32);
            s3 = madd(x, e, s3);
            x = a[a4 + p];
            v = FloatVector.broadcast(F, x);
            c40 = madd(v, b0, c40);
            c41 = madd(v, b1, c41);
            c42 = madd(v, b2, c42);
            s4 = madd(x, e, s4);
            x = a[a5 + p];
            v = FloatVector.broadcast(F, x);
            c50 = madd(v, b0, c50);
            c51 = madd(v, b1, c51);
            c52 = madd(v, b2, c52);
            s5 = madd(x, e, s5);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, VL);
        c02.intoArray(tile, 2 * VL);
        c10.intoArray(tile, 1 * WIDTH);
        c11.intoArray(tile, 1 * WIDTH + VL);
        c12.intoArray(tile, 1 * WIDTH + 2 * VL);
        c20.intoArray(tile, 2 * WIDTH);
        c21.intoArray(tile, 2 * WIDTH + VL);
        c22.intoArray(tile, 2 * WIDTH + 2 * VL);
        c30.intoArray(tile, 3 * WIDTH);
        c31.intoArray(tile, 3 * WIDTH + VL);
        c32.intoArray(tile, 3 * WIDTH + 2 * VL);
        c40.intoArray(tile, 4 * WIDTH);
        c41.intoArray(tile, 4 * WIDTH + VL);
        c42.intoArray(tile, 4 * WIDTH + 2 * VL);
        c50.intoArray(tile, 5 * WIDTH);
        c51.intoArray(tile, 5 * WIDTH + VL);
        c52.intoArray(tile, 5 * WIDTH + 2 * VL);
        tile[ROWS * WIDTH + 0] = s0;
        tile[ROWS * WIDTH + 1] = s1;
        tile[ROWS * WIDTH + 2] = s2;
        tile[ROWS * WIDTH + 3] = s3;
        tile[ROWS * WIDTH + 4] = s4;
        tile[ROWS * WIDTH + 5] = s5;
    }

    /** The tile without a last column (n = WIDTH). */
    static void vectorsOnly(int kc, float[] a, int a0, int a1, int a2, int a3, int a4, int a5, float[] b,
                            int bOff, float[] tile) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero, c01 = zero, c02 = zero;
        FloatVector c10 = zero, c11 = zero, c12 = zero;
        FloatVector c20 = zero, c21 = zero, c22 = zero;
        FloatVector c30 = zero, c31 = zero, c32 = zero;
        FloatVector c40 = zero, c41 = zero, c42 = zero;
        FloatVector c50 = zero, c51 = zero, c52 = zero;
        for (int p = 0, bi = bOff; p < kc; p++, bi += WIDTH) {
            FloatVector b0 = FloatVector.fromArray(F, b, bi);
            FloatVector b1 = FloatVector.fromArray(F, b, bi + VL);
            FloatVector b2 = FloatVector.fromArray(F, b, bi + 2 * VL);
            float x;
            FloatVector v;
            x = a[a0 + p];
            v = FloatVector.broadcast(F, x);
            c00 = madd(v, b0, c00);
            c01 = madd(v, b1, c01);
            c02 = madd(v, b2, c02);
            x = a[a1 + p];
            v = FloatVector.broadcast(F, x);
            c10 = madd(v, b0, c10);
            c11 = madd(v, b1, c11);
            c12 = madd(v, b2, c12);
            x = a[a2 + p];
            v = FloatVector.broadcast(F, x);
            c20 = madd(v, b0, c20);
            c21 = madd(v, b1, c21);
            c22 = madd(v, b2, c22);
            x = a[a3 + p];
            v = FloatVector.broadcast(F, x);
            c30 = madd(v, b0, c30);
            c31 = madd(v, b1, c31);
            c32 = madd(v, b2, c32);
            x = a[a4 + p];
            v = FloatVector.broadcast(F, x);
            c40 = madd(v, b0, c40);
            c41 = madd(v, b1, c41);
            c42 = madd(v, b2, c42);
            x = a[a5 + p];
            v = FloatVector.broadcast(F, x);
            c50 = madd(v, b0, c50);
            c51 = madd(v, b1, c51);
            c52 = madd(v, b2, c52);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, VL);
        c02.intoArray(tile, 2 * VL);
        c10.intoArray(tile, 1 * WIDTH);
        c11.intoArray(tile, 1 * WIDTH + VL);
        c12.intoArray(tile, 1 * WIDTH + 2 * VL);
        c20.intoArray(tile, 2 * WIDTH);
        c21.intoArray(tile, 2 * WIDTH + VL);
        c22.intoArray(tile, 2 * WIDTH + 2 * VL);
        c30.intoArray(tile, 3 * WIDTH);
        c31.intoArray(tile, 3 * WIDTH + VL);
        c32.intoArray(tile, 3 * WIDTH + 2 * VL);
        c40.intoArray(tile, 4 * WIDTH);
        c41.intoArray(tile, 4 * WIDTH + VL);
        c42.intoArray(tile, 4 * WIDTH + 2 * VL);
        c50.intoArray(tile, 5 * WIDTH);
        c51.intoArray(tile, 5 * WIDTH + VL);
        c52.intoArray(tile, 5 * WIDTH + 2 * VL);
    }
}

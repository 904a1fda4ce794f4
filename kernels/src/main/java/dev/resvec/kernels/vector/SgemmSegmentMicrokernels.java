package dev.resvec.kernels.vector;

import static dev.resvec.kernels.vector.VectorConfig.F;
import static dev.resvec.kernels.vector.VectorConfig.FMA;
import static dev.resvec.kernels.vector.VectorConfig.VL;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;

/**
 * {@link SgemmMicrokernels} with the packed B micro-panel in a {@link MemorySegment} (the driver's own 64-byte
 * aligned buffer, see {@code BlisGemm}): the same tiles, the same FMAs in the same order, so the same bits; only the
 * loads of B differ. {@code bOff} counts floats, as in the array kernels; each k step's loads are addressed from the
 * loop counter ({@code bBytes + p·row}), which let C2 run them at the array kernel's speed (indexed by a second
 * running offset, 7 % slower). Generated from the array kernels' template, shape by shape.
 */
final class SgemmSegmentMicrokernels {
    /** The packed panels are written and read in the platform's order. */
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private SgemmSegmentMicrokernels() {}

    private static FloatVector madd(FloatVector a, FloatVector b, FloatVector c) {
        return FMA ? a.fma(b, c) : a.mul(b).add(c);
    }


    /**
     * The 3×(3·VL) tile, C := acc: per k, 3 vector loads of B and 3 broadcasts of A into 9
     * accumulators; row r of the tile at {@code c[ci + r·ldc]}.
     */
    static void store3x3(int kc, float[] ap, int aOff, MemorySegment bp, long bOff, float[] c, int ci, int ldc) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero, c01 = zero, c02 = zero;
        FloatVector c10 = zero, c11 = zero, c12 = zero;
        FloatVector c20 = zero, c21 = zero, c22 = zero;
        long bBytes = bOff * Float.BYTES;
        for (int p = 0, ai = aOff; p < kc; p++, ai += 3) {
            long bi = bBytes + (long) p * (3 * VL * Float.BYTES);
            FloatVector b0 = FloatVector.fromMemorySegment(F, bp, bi, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(F, bp, bi + VL * Float.BYTES, ORDER);
            FloatVector b2 = FloatVector.fromMemorySegment(F, bp, bi + 2 * VL * Float.BYTES, ORDER);
            FloatVector a;
            a = FloatVector.broadcast(F, ap[ai]);
            c00 = madd(a, b0, c00); c01 = madd(a, b1, c01); c02 = madd(a, b2, c02);
            a = FloatVector.broadcast(F, ap[ai + 1]);
            c10 = madd(a, b0, c10); c11 = madd(a, b1, c11); c12 = madd(a, b2, c12);
            a = FloatVector.broadcast(F, ap[ai + 2]);
            c20 = madd(a, b0, c20); c21 = madd(a, b1, c21); c22 = madd(a, b2, c22);
        }
        int r0 = ci;
        c00.intoArray(c, r0); c01.intoArray(c, r0 + VL); c02.intoArray(c, r0 + 2 * VL);
        int r1 = ci + ldc;
        c10.intoArray(c, r1); c11.intoArray(c, r1 + VL); c12.intoArray(c, r1 + 2 * VL);
        int r2 = ci + 2 * ldc;
        c20.intoArray(c, r2); c21.intoArray(c, r2 + VL); c22.intoArray(c, r2 + 2 * VL);
    }

    /**
     * The 3×(3·VL) tile, C := acc + C: per k, 3 vector loads of B and 3 broadcasts of A into 9
     * accumulators; row r of the tile at {@code c[ci + r·ldc]}.
     */
    static void accumulate3x3(int kc, float[] ap, int aOff, MemorySegment bp, long bOff, float[] c, int ci, int ldc) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero, c01 = zero, c02 = zero;
        FloatVector c10 = zero, c11 = zero, c12 = zero;
        FloatVector c20 = zero, c21 = zero, c22 = zero;
        long bBytes = bOff * Float.BYTES;
        for (int p = 0, ai = aOff; p < kc; p++, ai += 3) {
            long bi = bBytes + (long) p * (3 * VL * Float.BYTES);
            FloatVector b0 = FloatVector.fromMemorySegment(F, bp, bi, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(F, bp, bi + VL * Float.BYTES, ORDER);
            FloatVector b2 = FloatVector.fromMemorySegment(F, bp, bi + 2 * VL * Float.BYTES, ORDER);
            FloatVector a;
            a = FloatVector.broadcast(F, ap[ai]);
            c00 = madd(a, b0, c00); c01 = madd(a, b1, c01); c02 = madd(a, b2, c02);
            a = FloatVector.broadcast(F, ap[ai + 1]);
            c10 = madd(a, b0, c10); c11 = madd(a, b1, c11); c12 = madd(a, b2, c12);
            a = FloatVector.broadcast(F, ap[ai + 2]);
            c20 = madd(a, b0, c20); c21 = madd(a, b1, c21); c22 = madd(a, b2, c22);
        }
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
    }

    /**
     * The 8×(2·VL) tile, C := acc: per k, 2 vector loads of B and 8 broadcasts of A into 16
     * accumulators; row r of the tile at {@code c[ci + r·ldc]}.
     */
    static void store8x2(int kc, float[] ap, int aOff, MemorySegment bp, long bOff, float[] c, int ci, int ldc) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero, c01 = zero;
        FloatVector c10 = zero, c11 = zero;
        FloatVector c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero;
        FloatVector c40 = zero, c41 = zero;
        FloatVector c50 = zero, c51 = zero;
        FloatVector c60 = zero, c61 = zero;
        FloatVector c70 = zero, c71 = zero;
        long bBytes = bOff * Float.BYTES;
        for (int p = 0, ai = aOff; p < kc; p++, ai += 8) {
            long bi = bBytes + (long) p * (2 * VL * Float.BYTES);
            FloatVector b0 = FloatVector.fromMemorySegment(F, bp, bi, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(F, bp, bi + VL * Float.BYTES, ORDER);
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

    /**
     * The 8×(2·VL) tile, C := acc + C: per k, 2 vector loads of B and 8 broadcasts of A into 16
     * accumulators; row r of the tile at {@code c[ci + r·ldc]}.
     */
    static void accumulate8x2(int kc, float[] ap, int aOff, MemorySegment bp, long bOff, float[] c, int ci, int ldc) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero, c01 = zero;
        FloatVector c10 = zero, c11 = zero;
        FloatVector c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero;
        FloatVector c40 = zero, c41 = zero;
        FloatVector c50 = zero, c51 = zero;
        FloatVector c60 = zero, c61 = zero;
        FloatVector c70 = zero, c71 = zero;
        long bBytes = bOff * Float.BYTES;
        for (int p = 0, ai = aOff; p < kc; p++, ai += 8) {
            long bi = bBytes + (long) p * (2 * VL * Float.BYTES);
            FloatVector b0 = FloatVector.fromMemorySegment(F, bp, bi, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(F, bp, bi + VL * Float.BYTES, ORDER);
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
    }

    /** An edge tile of 4 × (2·VL), C := acc, from the first 4 rows of an MR-row A micro-panel. */
    static void rows4x2(int kc, float[] ap, int aOff, MemorySegment bp, long bOff, float[] c, int ci, int ldc) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero, c01 = zero;
        FloatVector c10 = zero, c11 = zero;
        FloatVector c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero;
        long bBytes = bOff * Float.BYTES;
        for (int p = 0, ai = aOff; p < kc; p++, ai += SgemmTile.MR) {
            long bi = bBytes + (long) p * (2 * VL * Float.BYTES);
            FloatVector b0 = FloatVector.fromMemorySegment(F, bp, bi, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(F, bp, bi + VL * Float.BYTES, ORDER);
            FloatVector a;
            a = FloatVector.broadcast(F, ap[ai]);
            c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
            a = FloatVector.broadcast(F, ap[ai + 1]);
            c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
            a = FloatVector.broadcast(F, ap[ai + 2]);
            c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
            a = FloatVector.broadcast(F, ap[ai + 3]);
            c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
        }
        int r0 = ci;
        c00.intoArray(c, r0); c01.intoArray(c, r0 + VL);
        int r1 = ci + ldc;
        c10.intoArray(c, r1); c11.intoArray(c, r1 + VL);
        int r2 = ci + 2 * ldc;
        c20.intoArray(c, r2); c21.intoArray(c, r2 + VL);
        int r3 = ci + 3 * ldc;
        c30.intoArray(c, r3); c31.intoArray(c, r3 + VL);
    }

    /** An edge tile of 2 × (2·VL), C := acc, from the first 2 rows of an MR-row A micro-panel. */
    static void rows2x2(int kc, float[] ap, int aOff, MemorySegment bp, long bOff, float[] c, int ci, int ldc) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero, c01 = zero;
        FloatVector c10 = zero, c11 = zero;
        long bBytes = bOff * Float.BYTES;
        for (int p = 0, ai = aOff; p < kc; p++, ai += SgemmTile.MR) {
            long bi = bBytes + (long) p * (2 * VL * Float.BYTES);
            FloatVector b0 = FloatVector.fromMemorySegment(F, bp, bi, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(F, bp, bi + VL * Float.BYTES, ORDER);
            FloatVector a;
            a = FloatVector.broadcast(F, ap[ai]);
            c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
            a = FloatVector.broadcast(F, ap[ai + 1]);
            c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
        }
        int r0 = ci;
        c00.intoArray(c, r0); c01.intoArray(c, r0 + VL);
        int r1 = ci + ldc;
        c10.intoArray(c, r1); c11.intoArray(c, r1 + VL);
    }

    /** An edge tile of 1 × (2·VL), C := acc, from the first row of an MR-row A micro-panel. */
    static void rows1x2(int kc, float[] ap, int aOff, MemorySegment bp, long bOff, float[] c, int ci, int ldc) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero, c01 = zero;
        long bBytes = bOff * Float.BYTES;
        for (int p = 0, ai = aOff; p < kc; p++, ai += SgemmTile.MR) {
            long bi = bBytes + (long) p * (2 * VL * Float.BYTES);
            FloatVector b0 = FloatVector.fromMemorySegment(F, bp, bi, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(F, bp, bi + VL * Float.BYTES, ORDER);
            FloatVector a;
            a = FloatVector.broadcast(F, ap[ai]);
            c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
        }
        int r0 = ci;
        c00.intoArray(c, r0); c01.intoArray(c, r0 + VL);
    }

    /** An edge tile of 2 × (3·VL), C := acc, from the first 2 rows of an MR-row A micro-panel. */
    static void rows2x3(int kc, float[] ap, int aOff, MemorySegment bp, long bOff, float[] c, int ci, int ldc) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero, c01 = zero, c02 = zero;
        FloatVector c10 = zero, c11 = zero, c12 = zero;
        long bBytes = bOff * Float.BYTES;
        for (int p = 0, ai = aOff; p < kc; p++, ai += SgemmTile.MR) {
            long bi = bBytes + (long) p * (3 * VL * Float.BYTES);
            FloatVector b0 = FloatVector.fromMemorySegment(F, bp, bi, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(F, bp, bi + VL * Float.BYTES, ORDER);
            FloatVector b2 = FloatVector.fromMemorySegment(F, bp, bi + 2 * VL * Float.BYTES, ORDER);
            FloatVector a;
            a = FloatVector.broadcast(F, ap[ai]);
            c00 = madd(a, b0, c00); c01 = madd(a, b1, c01); c02 = madd(a, b2, c02);
            a = FloatVector.broadcast(F, ap[ai + 1]);
            c10 = madd(a, b0, c10); c11 = madd(a, b1, c11); c12 = madd(a, b2, c12);
        }
        int r0 = ci;
        c00.intoArray(c, r0); c01.intoArray(c, r0 + VL); c02.intoArray(c, r0 + 2 * VL);
        int r1 = ci + ldc;
        c10.intoArray(c, r1); c11.intoArray(c, r1 + VL); c12.intoArray(c, r1 + 2 * VL);
    }

    /** An edge tile of 1 × (3·VL), C := acc, from the first row of an MR-row A micro-panel. */
    static void rows1x3(int kc, float[] ap, int aOff, MemorySegment bp, long bOff, float[] c, int ci, int ldc) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero, c01 = zero, c02 = zero;
        long bBytes = bOff * Float.BYTES;
        for (int p = 0, ai = aOff; p < kc; p++, ai += SgemmTile.MR) {
            long bi = bBytes + (long) p * (3 * VL * Float.BYTES);
            FloatVector b0 = FloatVector.fromMemorySegment(F, bp, bi, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(F, bp, bi + VL * Float.BYTES, ORDER);
            FloatVector b2 = FloatVector.fromMemorySegment(F, bp, bi + 2 * VL * Float.BYTES, ORDER);
            FloatVector a;
            a = FloatVector.broadcast(F, ap[ai]);
            c00 = madd(a, b0, c00); c01 = madd(a, b1, c01); c02 = madd(a, b2, c02);
        }
        int r0 = ci;
        c00.intoArray(c, r0); c01.intoArray(c, r0 + VL); c02.intoArray(c, r0 + 2 * VL);
    }

    /** An edge tile of 8 × (1·VL), C := acc, from the first vector of each row of a 2·VL-wide B micro-panel. */
    static void cols8x1(int kc, float[] ap, int aOff, MemorySegment bp, long bOff, float[] c, int ci, int ldc) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero;
        FloatVector c10 = zero;
        FloatVector c20 = zero;
        FloatVector c30 = zero;
        FloatVector c40 = zero;
        FloatVector c50 = zero;
        FloatVector c60 = zero;
        FloatVector c70 = zero;
        long bBytes = bOff * Float.BYTES;
        for (int p = 0, ai = aOff; p < kc; p++, ai += 8) {
            long bi = bBytes + (long) p * (2 * VL * Float.BYTES);
            FloatVector b0 = FloatVector.fromMemorySegment(F, bp, bi, ORDER);
            FloatVector a;
            a = FloatVector.broadcast(F, ap[ai]);
            c00 = madd(a, b0, c00);
            a = FloatVector.broadcast(F, ap[ai + 1]);
            c10 = madd(a, b0, c10);
            a = FloatVector.broadcast(F, ap[ai + 2]);
            c20 = madd(a, b0, c20);
            a = FloatVector.broadcast(F, ap[ai + 3]);
            c30 = madd(a, b0, c30);
            a = FloatVector.broadcast(F, ap[ai + 4]);
            c40 = madd(a, b0, c40);
            a = FloatVector.broadcast(F, ap[ai + 5]);
            c50 = madd(a, b0, c50);
            a = FloatVector.broadcast(F, ap[ai + 6]);
            c60 = madd(a, b0, c60);
            a = FloatVector.broadcast(F, ap[ai + 7]);
            c70 = madd(a, b0, c70);
        }
        int r0 = ci;
        c00.intoArray(c, r0);
        int r1 = ci + ldc;
        c10.intoArray(c, r1);
        int r2 = ci + 2 * ldc;
        c20.intoArray(c, r2);
        int r3 = ci + 3 * ldc;
        c30.intoArray(c, r3);
        int r4 = ci + 4 * ldc;
        c40.intoArray(c, r4);
        int r5 = ci + 5 * ldc;
        c50.intoArray(c, r5);
        int r6 = ci + 6 * ldc;
        c60.intoArray(c, r6);
        int r7 = ci + 7 * ldc;
        c70.intoArray(c, r7);
    }

    /** An edge tile of 3 × (1·VL), C := acc, from the first vector of each row of a 3·VL-wide B micro-panel. */
    static void cols3x1(int kc, float[] ap, int aOff, MemorySegment bp, long bOff, float[] c, int ci, int ldc) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero;
        FloatVector c10 = zero;
        FloatVector c20 = zero;
        long bBytes = bOff * Float.BYTES;
        for (int p = 0, ai = aOff; p < kc; p++, ai += 3) {
            long bi = bBytes + (long) p * (3 * VL * Float.BYTES);
            FloatVector b0 = FloatVector.fromMemorySegment(F, bp, bi, ORDER);
            FloatVector a;
            a = FloatVector.broadcast(F, ap[ai]);
            c00 = madd(a, b0, c00);
            a = FloatVector.broadcast(F, ap[ai + 1]);
            c10 = madd(a, b0, c10);
            a = FloatVector.broadcast(F, ap[ai + 2]);
            c20 = madd(a, b0, c20);
        }
        int r0 = ci;
        c00.intoArray(c, r0);
        int r1 = ci + ldc;
        c10.intoArray(c, r1);
        int r2 = ci + 2 * ldc;
        c20.intoArray(c, r2);
    }

    /** An edge tile of 3 × (2·VL), C := acc, from the first 2 vectors of each row of a 3·VL-wide B micro-panel. */
    static void cols3x2(int kc, float[] ap, int aOff, MemorySegment bp, long bOff, float[] c, int ci, int ldc) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero, c01 = zero;
        FloatVector c10 = zero, c11 = zero;
        FloatVector c20 = zero, c21 = zero;
        long bBytes = bOff * Float.BYTES;
        for (int p = 0, ai = aOff; p < kc; p++, ai += 3) {
            long bi = bBytes + (long) p * (3 * VL * Float.BYTES);
            FloatVector b0 = FloatVector.fromMemorySegment(F, bp, bi, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(F, bp, bi + VL * Float.BYTES, ORDER);
            FloatVector a;
            a = FloatVector.broadcast(F, ap[ai]);
            c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
            a = FloatVector.broadcast(F, ap[ai + 1]);
            c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
            a = FloatVector.broadcast(F, ap[ai + 2]);
            c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
        }
        int r0 = ci;
        c00.intoArray(c, r0); c01.intoArray(c, r0 + VL);
        int r1 = ci + ldc;
        c10.intoArray(c, r1); c11.intoArray(c, r1 + VL);
        int r2 = ci + 2 * ldc;
        c20.intoArray(c, r2); c21.intoArray(c, r2 + VL);
    }
}

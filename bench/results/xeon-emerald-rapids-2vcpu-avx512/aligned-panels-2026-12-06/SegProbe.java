package dev.resvec.kernels.vector;
import static dev.resvec.kernels.vector.VectorConfig.F;
import static dev.resvec.kernels.vector.VectorConfig.FMA;
import static dev.resvec.kernels.vector.VectorConfig.VL;
import jdk.incubator.vector.FloatVector;
import java.lang.foreign.*;
import java.nio.ByteOrder;
import java.util.Arrays;
public class SegProbe {
    private static FloatVector madd(FloatVector a, FloatVector b, FloatVector c) { return FMA ? a.fma(b, c) : a.mul(b).add(c); }
    static void store8x2a(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int ci, int ldc) {
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

    static void store8x2s(int kc, float[] ap, int aOff, MemorySegment bp, int bOff, float[] c, int ci, int ldc) {
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
            FloatVector b0 = FloatVector.fromMemorySegment(F, bp, (long) bi * 4, ByteOrder.LITTLE_ENDIAN);
            FloatVector b1 = FloatVector.fromMemorySegment(F, bp, (long) (bi + VL) * 4, ByteOrder.LITTLE_ENDIAN);
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


    static void store8x2t(int kc, float[] ap, int aOff, MemorySegment bp, int bOff, float[] c, int ci, int ldc) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero, c01 = zero;
        FloatVector c10 = zero, c11 = zero;
        FloatVector c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero;
        FloatVector c40 = zero, c41 = zero;
        FloatVector c50 = zero, c51 = zero;
        FloatVector c60 = zero, c61 = zero;
        FloatVector c70 = zero, c71 = zero;
        long base = (long) bOff * 4;
        for (int p = 0, ai = aOff; p < kc; p++, ai += 8) {
            long bi = base + (long) p * (2 * VL * 4);
            FloatVector b0 = FloatVector.fromMemorySegment(F, bp, bi, ByteOrder.LITTLE_ENDIAN);
            FloatVector b1 = FloatVector.fromMemorySegment(F, bp, bi + VL * 4, ByteOrder.LITTLE_ENDIAN);
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


    public static void main(String[] args) {
        int kc = Integer.parseInt(args[0]);
        float[] ap = new float[8 * kc + 64];
        float[] bp = new float[32 * kc + 64];
        MemorySegment bs = Arena.ofAuto().allocate(4L * (32 * kc + 64), 64);
        float[] c = new float[8 * 32 + 64];
        Arrays.fill(ap, 0.5f); Arrays.fill(bp, 0.25f);
        for (long i = 0; i < 32 * kc + 64; i++) bs.setAtIndex(ValueLayout.JAVA_FLOAT, i, 0.25f);
        for (int round = 0; round < 3; round++) {
            StringBuilder sb = new StringBuilder("kc " + kc + " arr:");
            for (int off = 0; off < 16; off+=4) sb.append(String.format(" %d:%.0f", off, 2.0*8*32*kc/time(() -> store8x2a(kc, ap, 0, bp, 0, c, 0, 32))));
            for (int off = 0; off < 16; off+=4) { int o = off; sb.append(String.format(" seg%d:%.0f", off, 2.0*8*32*kc/time(() -> store8x2s(kc, ap, 0, bs, o, c, 0, 32)))); }
            for (int off = 0; off < 16; off+=4) { int o = off; sb.append(String.format(" t%d:%.0f", off, 2.0*8*32*kc/time(() -> store8x2t(kc, ap, 0, bs, o, c, 0, 32)))); }
            System.out.println(sb);
        }
    }
    static double time(Runnable r) {
        for (int i = 0; i < 20000; i++) r.run();
        long best = Long.MAX_VALUE;
        for (int q = 0; q < 50; q++) { long t = System.nanoTime(); for (int i = 0; i < 200; i++) r.run(); best = Math.min(best, System.nanoTime() - t); }
        return best / 200.0;
    }
}

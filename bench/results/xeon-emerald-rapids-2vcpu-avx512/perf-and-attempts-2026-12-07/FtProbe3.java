package dev.resvec.kernels.internal.conv;

import jdk.incubator.vector.*;

public final class FtProbe3 {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    static final int VL = 16;

    // column pass: for a tap column s: x0=g[0][s], x1=g[1][s], x2=g[2][s] -> 6 values; then row pass per ξr.
    static void direct(float[] taps, int tapOff, int ts, int count, float[] out, int outOff, int ps) {
        for (int e = 0; e < count; e += VL) {
            for (int s = 0; s < 1; s++) { }
            // rows r=0..2 of g, columns s=0..2: tap q = 3r + s
            FloatVector g00 = FloatVector.fromArray(F, taps, tapOff + e);
            FloatVector g01 = FloatVector.fromArray(F, taps, tapOff + ts + e);
            FloatVector g02 = FloatVector.fromArray(F, taps, tapOff + 2 * ts + e);
            FloatVector g10 = FloatVector.fromArray(F, taps, tapOff + 3 * ts + e);
            FloatVector g11 = FloatVector.fromArray(F, taps, tapOff + 4 * ts + e);
            FloatVector g12 = FloatVector.fromArray(F, taps, tapOff + 5 * ts + e);
            FloatVector g20 = FloatVector.fromArray(F, taps, tapOff + 6 * ts + e);
            FloatVector g21 = FloatVector.fromArray(F, taps, tapOff + 7 * ts + e);
            FloatVector g22 = FloatVector.fromArray(F, taps, tapOff + 8 * ts + e);
            FloatVector c0_0 = g00.mul(0.25f); FloatVector a0 = g00.add(g20); FloatVector q0 = c0_0.add(g20); FloatVector h0 = g10.mul(0.5f);
            FloatVector c0_1 = a0.add(g10).mul(-1f / 6); FloatVector c0_2 = a0.sub(g10).mul(-1f / 6);
            FloatVector c0_3 = q0.add(h0).mul(1f / 6); FloatVector c0_4 = q0.sub(h0).mul(1f / 6); FloatVector c0_5 = g20;
            FloatVector c1_0 = g01.mul(0.25f); FloatVector a1 = g01.add(g21); FloatVector q1 = c1_0.add(g21); FloatVector h1 = g11.mul(0.5f);
            FloatVector c1_1 = a1.add(g11).mul(-1f / 6); FloatVector c1_2 = a1.sub(g11).mul(-1f / 6);
            FloatVector c1_3 = q1.add(h1).mul(1f / 6); FloatVector c1_4 = q1.sub(h1).mul(1f / 6); FloatVector c1_5 = g21;
            FloatVector c2_0 = g02.mul(0.25f); FloatVector a2 = g02.add(g22); FloatVector q2 = c2_0.add(g22); FloatVector h2 = g12.mul(0.5f);
            FloatVector c2_1 = a2.add(g12).mul(-1f / 6); FloatVector c2_2 = a2.sub(g12).mul(-1f / 6);
            FloatVector c2_3 = q2.add(h2).mul(1f / 6); FloatVector c2_4 = q2.sub(h2).mul(1f / 6); FloatVector c2_5 = g22;
            { int o = outOff + 0 * ps + e; FloatVector qu = c0_0.mul(0.25f); FloatVector t = c0_0.add(c2_0), q = qu.add(c2_0), h = c1_0.mul(0.5f);
              qu.intoArray(out, o); t.add(c1_0).mul(-1f / 6).intoArray(out, o + ps); t.sub(c1_0).mul(-1f / 6).intoArray(out, o + 2 * ps);
              q.add(h).mul(1f / 6).intoArray(out, o + 3 * ps); q.sub(h).mul(1f / 6).intoArray(out, o + 4 * ps); c2_0.intoArray(out, o + 5 * ps); }
            { int o = outOff + 6 * ps + e; FloatVector qu = c0_1.mul(0.25f); FloatVector t = c0_1.add(c2_1), q = qu.add(c2_1), h = c1_1.mul(0.5f);
              qu.intoArray(out, o); t.add(c1_1).mul(-1f / 6).intoArray(out, o + ps); t.sub(c1_1).mul(-1f / 6).intoArray(out, o + 2 * ps);
              q.add(h).mul(1f / 6).intoArray(out, o + 3 * ps); q.sub(h).mul(1f / 6).intoArray(out, o + 4 * ps); c2_1.intoArray(out, o + 5 * ps); }
            { int o = outOff + 12 * ps + e; FloatVector qu = c0_2.mul(0.25f); FloatVector t = c0_2.add(c2_2), q = qu.add(c2_2), h = c1_2.mul(0.5f);
              qu.intoArray(out, o); t.add(c1_2).mul(-1f / 6).intoArray(out, o + ps); t.sub(c1_2).mul(-1f / 6).intoArray(out, o + 2 * ps);
              q.add(h).mul(1f / 6).intoArray(out, o + 3 * ps); q.sub(h).mul(1f / 6).intoArray(out, o + 4 * ps); c2_2.intoArray(out, o + 5 * ps); }
            { int o = outOff + 18 * ps + e; FloatVector qu = c0_3.mul(0.25f); FloatVector t = c0_3.add(c2_3), q = qu.add(c2_3), h = c1_3.mul(0.5f);
              qu.intoArray(out, o); t.add(c1_3).mul(-1f / 6).intoArray(out, o + ps); t.sub(c1_3).mul(-1f / 6).intoArray(out, o + 2 * ps);
              q.add(h).mul(1f / 6).intoArray(out, o + 3 * ps); q.sub(h).mul(1f / 6).intoArray(out, o + 4 * ps); c2_3.intoArray(out, o + 5 * ps); }
            { int o = outOff + 24 * ps + e; FloatVector qu = c0_4.mul(0.25f); FloatVector t = c0_4.add(c2_4), q = qu.add(c2_4), h = c1_4.mul(0.5f);
              qu.intoArray(out, o); t.add(c1_4).mul(-1f / 6).intoArray(out, o + ps); t.sub(c1_4).mul(-1f / 6).intoArray(out, o + 2 * ps);
              q.add(h).mul(1f / 6).intoArray(out, o + 3 * ps); q.sub(h).mul(1f / 6).intoArray(out, o + 4 * ps); c2_4.intoArray(out, o + 5 * ps); }
            { int o = outOff + 30 * ps + e; FloatVector qu = c0_5.mul(0.25f); FloatVector t = c0_5.add(c2_5), q = qu.add(c2_5), h = c1_5.mul(0.5f);
              qu.intoArray(out, o); t.add(c1_5).mul(-1f / 6).intoArray(out, o + ps); t.sub(c1_5).mul(-1f / 6).intoArray(out, o + 2 * ps);
              q.add(h).mul(1f / 6).intoArray(out, o + 3 * ps); q.sub(h).mul(1f / 6).intoArray(out, o + 4 * ps); c2_5.intoArray(out, o + 5 * ps); }
        }
    }

    static void directSeg(float[] taps, int tapOff, int ts, int count, java.lang.foreign.MemorySegment out, int outOff, int ps) {
        for (int e = 0; e < count; e += VL) {
            for (int s = 0; s < 1; s++) { }
            // rows r=0..2 of g, columns s=0..2: tap q = 3r + s
            FloatVector g00 = FloatVector.fromArray(F, taps, tapOff + e);
            FloatVector g01 = FloatVector.fromArray(F, taps, tapOff + ts + e);
            FloatVector g02 = FloatVector.fromArray(F, taps, tapOff + 2 * ts + e);
            FloatVector g10 = FloatVector.fromArray(F, taps, tapOff + 3 * ts + e);
            FloatVector g11 = FloatVector.fromArray(F, taps, tapOff + 4 * ts + e);
            FloatVector g12 = FloatVector.fromArray(F, taps, tapOff + 5 * ts + e);
            FloatVector g20 = FloatVector.fromArray(F, taps, tapOff + 6 * ts + e);
            FloatVector g21 = FloatVector.fromArray(F, taps, tapOff + 7 * ts + e);
            FloatVector g22 = FloatVector.fromArray(F, taps, tapOff + 8 * ts + e);
            FloatVector c0_0 = g00.mul(0.25f); FloatVector a0 = g00.add(g20); FloatVector q0 = c0_0.add(g20); FloatVector h0 = g10.mul(0.5f);
            FloatVector c0_1 = a0.add(g10).mul(-1f / 6); FloatVector c0_2 = a0.sub(g10).mul(-1f / 6);
            FloatVector c0_3 = q0.add(h0).mul(1f / 6); FloatVector c0_4 = q0.sub(h0).mul(1f / 6); FloatVector c0_5 = g20;
            FloatVector c1_0 = g01.mul(0.25f); FloatVector a1 = g01.add(g21); FloatVector q1 = c1_0.add(g21); FloatVector h1 = g11.mul(0.5f);
            FloatVector c1_1 = a1.add(g11).mul(-1f / 6); FloatVector c1_2 = a1.sub(g11).mul(-1f / 6);
            FloatVector c1_3 = q1.add(h1).mul(1f / 6); FloatVector c1_4 = q1.sub(h1).mul(1f / 6); FloatVector c1_5 = g21;
            FloatVector c2_0 = g02.mul(0.25f); FloatVector a2 = g02.add(g22); FloatVector q2 = c2_0.add(g22); FloatVector h2 = g12.mul(0.5f);
            FloatVector c2_1 = a2.add(g12).mul(-1f / 6); FloatVector c2_2 = a2.sub(g12).mul(-1f / 6);
            FloatVector c2_3 = q2.add(h2).mul(1f / 6); FloatVector c2_4 = q2.sub(h2).mul(1f / 6); FloatVector c2_5 = g22;
            { int o = outOff + 0 * ps + e; FloatVector qu = c0_0.mul(0.25f); FloatVector t = c0_0.add(c2_0), q = qu.add(c2_0), h = c1_0.mul(0.5f);
              qu.intoMemorySegment(out, (long) (o) * 4, java.nio.ByteOrder.nativeOrder()); t.add(c1_0).mul(-1f / 6).intoMemorySegment(out, (long) (o + ps) * 4, java.nio.ByteOrder.nativeOrder()); t.sub(c1_0).mul(-1f / 6).intoMemorySegment(out, (long) (o + 2 * ps) * 4, java.nio.ByteOrder.nativeOrder());
              q.add(h).mul(1f / 6).intoMemorySegment(out, (long) (o + 3 * ps) * 4, java.nio.ByteOrder.nativeOrder()); q.sub(h).mul(1f / 6).intoMemorySegment(out, (long) (o + 4 * ps) * 4, java.nio.ByteOrder.nativeOrder()); c2_0.intoMemorySegment(out, (long) (o + 5 * ps) * 4, java.nio.ByteOrder.nativeOrder()); }
            { int o = outOff + 6 * ps + e; FloatVector qu = c0_1.mul(0.25f); FloatVector t = c0_1.add(c2_1), q = qu.add(c2_1), h = c1_1.mul(0.5f);
              qu.intoMemorySegment(out, (long) (o) * 4, java.nio.ByteOrder.nativeOrder()); t.add(c1_1).mul(-1f / 6).intoMemorySegment(out, (long) (o + ps) * 4, java.nio.ByteOrder.nativeOrder()); t.sub(c1_1).mul(-1f / 6).intoMemorySegment(out, (long) (o + 2 * ps) * 4, java.nio.ByteOrder.nativeOrder());
              q.add(h).mul(1f / 6).intoMemorySegment(out, (long) (o + 3 * ps) * 4, java.nio.ByteOrder.nativeOrder()); q.sub(h).mul(1f / 6).intoMemorySegment(out, (long) (o + 4 * ps) * 4, java.nio.ByteOrder.nativeOrder()); c2_1.intoMemorySegment(out, (long) (o + 5 * ps) * 4, java.nio.ByteOrder.nativeOrder()); }
            { int o = outOff + 12 * ps + e; FloatVector qu = c0_2.mul(0.25f); FloatVector t = c0_2.add(c2_2), q = qu.add(c2_2), h = c1_2.mul(0.5f);
              qu.intoMemorySegment(out, (long) (o) * 4, java.nio.ByteOrder.nativeOrder()); t.add(c1_2).mul(-1f / 6).intoMemorySegment(out, (long) (o + ps) * 4, java.nio.ByteOrder.nativeOrder()); t.sub(c1_2).mul(-1f / 6).intoMemorySegment(out, (long) (o + 2 * ps) * 4, java.nio.ByteOrder.nativeOrder());
              q.add(h).mul(1f / 6).intoMemorySegment(out, (long) (o + 3 * ps) * 4, java.nio.ByteOrder.nativeOrder()); q.sub(h).mul(1f / 6).intoMemorySegment(out, (long) (o + 4 * ps) * 4, java.nio.ByteOrder.nativeOrder()); c2_2.intoMemorySegment(out, (long) (o + 5 * ps) * 4, java.nio.ByteOrder.nativeOrder()); }
            { int o = outOff + 18 * ps + e; FloatVector qu = c0_3.mul(0.25f); FloatVector t = c0_3.add(c2_3), q = qu.add(c2_3), h = c1_3.mul(0.5f);
              qu.intoMemorySegment(out, (long) (o) * 4, java.nio.ByteOrder.nativeOrder()); t.add(c1_3).mul(-1f / 6).intoMemorySegment(out, (long) (o + ps) * 4, java.nio.ByteOrder.nativeOrder()); t.sub(c1_3).mul(-1f / 6).intoMemorySegment(out, (long) (o + 2 * ps) * 4, java.nio.ByteOrder.nativeOrder());
              q.add(h).mul(1f / 6).intoMemorySegment(out, (long) (o + 3 * ps) * 4, java.nio.ByteOrder.nativeOrder()); q.sub(h).mul(1f / 6).intoMemorySegment(out, (long) (o + 4 * ps) * 4, java.nio.ByteOrder.nativeOrder()); c2_3.intoMemorySegment(out, (long) (o + 5 * ps) * 4, java.nio.ByteOrder.nativeOrder()); }
            { int o = outOff + 24 * ps + e; FloatVector qu = c0_4.mul(0.25f); FloatVector t = c0_4.add(c2_4), q = qu.add(c2_4), h = c1_4.mul(0.5f);
              qu.intoMemorySegment(out, (long) (o) * 4, java.nio.ByteOrder.nativeOrder()); t.add(c1_4).mul(-1f / 6).intoMemorySegment(out, (long) (o + ps) * 4, java.nio.ByteOrder.nativeOrder()); t.sub(c1_4).mul(-1f / 6).intoMemorySegment(out, (long) (o + 2 * ps) * 4, java.nio.ByteOrder.nativeOrder());
              q.add(h).mul(1f / 6).intoMemorySegment(out, (long) (o + 3 * ps) * 4, java.nio.ByteOrder.nativeOrder()); q.sub(h).mul(1f / 6).intoMemorySegment(out, (long) (o + 4 * ps) * 4, java.nio.ByteOrder.nativeOrder()); c2_4.intoMemorySegment(out, (long) (o + 5 * ps) * 4, java.nio.ByteOrder.nativeOrder()); }
            { int o = outOff + 30 * ps + e; FloatVector qu = c0_5.mul(0.25f); FloatVector t = c0_5.add(c2_5), q = qu.add(c2_5), h = c1_5.mul(0.5f);
              qu.intoMemorySegment(out, (long) (o) * 4, java.nio.ByteOrder.nativeOrder()); t.add(c1_5).mul(-1f / 6).intoMemorySegment(out, (long) (o + ps) * 4, java.nio.ByteOrder.nativeOrder()); t.sub(c1_5).mul(-1f / 6).intoMemorySegment(out, (long) (o + 2 * ps) * 4, java.nio.ByteOrder.nativeOrder());
              q.add(h).mul(1f / 6).intoMemorySegment(out, (long) (o + 3 * ps) * 4, java.nio.ByteOrder.nativeOrder()); q.sub(h).mul(1f / 6).intoMemorySegment(out, (long) (o + 4 * ps) * 4, java.nio.ByteOrder.nativeOrder()); c2_5.intoMemorySegment(out, (long) (o + 5 * ps) * 4, java.nio.ByteOrder.nativeOrder()); }
        }
    }

    static FloatVector g6(int i, FloatVector x0, FloatVector x1, FloatVector x2) {
        switch (i) {
            case 0: return x0.mul(0.25f);
            case 1: return x0.add(x2).add(x1).mul(-1f / 6);
            case 2: return x0.add(x2).sub(x1).mul(-1f / 6);
            case 3: return x0.mul(0.25f).add(x2).add(x1.mul(0.5f)).mul(1f / 6);
            case 4: return x0.mul(0.25f).add(x2).sub(x1.mul(0.5f)).mul(1f / 6);
            default: return x2;
        }
    }

    public static void main(String[] a) {
        float[] taps = new float[9 * 512 + 16];
        for (int i = 0; i < taps.length; i++) taps[i] = (i % 97) / 97f - 0.3f;
        java.lang.foreign.MemorySegment seg = java.lang.foreign.Arena.ofAuto().allocate(36L * 512 * 4, 64);
        for (int ps : new int[] {512 + 16, 65536 + 16, 262144 + 16}) {
            int chunks = Math.max(1, (ps - 16) / 512);
            float[] out2 = new float[36 * ps + 16], out3 = new float[36 * ps + 16];
            for (int shift = 0; shift < 16; shift += 4) {
              for (int mode = 0; mode < 2; mode++) {
                double best = 1e99;
                for (int round = 0; round < 6; round++) {
                    long t0 = System.nanoTime();
                    int reps = 20000 / chunks + 1;
                    for (int r = 0; r < reps; r++)
                        for (int c = 0; c < chunks; c++) {
                            if (mode == 0) direct(taps, 0, 512, 512, out2, c * 512 + shift, ps);
                            else {
                                directSeg(taps, 0, 512, 512, seg, 0, 512);
                                for (int pl = 0; pl < 36; pl++)
                                    java.lang.foreign.MemorySegment.copy(seg, java.lang.foreign.ValueLayout.JAVA_FLOAT, pl * 2048L, out3, c * 512 + shift + pl * ps, 512);
                            }
                        }
                    best = Math.min(best, (System.nanoTime() - t0) / (double) (reps * chunks * 512));
                }
                System.out.printf("ps %d out shift %d %s: %.2f ns/filter%n", ps, shift, mode == 0 ? "direct" : "via aligned seg", best);
              }
            }
            System.out.println(java.util.Arrays.equals(out2, out3));
        }
    }
}

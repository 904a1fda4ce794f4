package dev.resvec.kernels.vector;

import static dev.resvec.kernels.vector.VectorConfig.F;
import static dev.resvec.kernels.vector.VectorConfig.VL;
import jdk.incubator.vector.FloatVector;
import dev.resvec.kernels.internal.conv.ShiftedKernels;

public class DirProbe2 {
    // taps outer (T per channel, offsets tapOff[k]), channels inner (stride cs); w at wOff + (c*T + k)*8
    static void block(float[] x, int[] tapOff, int T, int C, int cs, int j, float[] w, int wOff, float[] out, int o, int st) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a02 = z, a10 = z, a11 = z, a12 = z, a20 = z, a21 = z, a22 = z;
        FloatVector a30 = z, a31 = z, a32 = z, a40 = z, a41 = z, a42 = z, a50 = z, a51 = z, a52 = z;
        FloatVector a60 = z, a61 = z, a62 = z, a70 = z, a71 = z, a72 = z;
        for (int k = 0; k < T; k++) {
            int x0i = tapOff[k] + j, w0i = wOff + k * C * 8, wstep = 8;
            for (int c = 0; c < C; c++) {
                int xi = x0i + c * cs, wi = w0i + c * wstep;
                FloatVector x0 = FloatVector.fromArray(F, x, xi);
                FloatVector x1 = FloatVector.fromArray(F, x, xi + VL);
                FloatVector x2 = FloatVector.fromArray(F, x, xi + 2 * VL);
                FloatVector b = FloatVector.broadcast(F, w[wi]);
                a00 = b.fma(x0, a00); a01 = b.fma(x1, a01); a02 = b.fma(x2, a02);
                b = FloatVector.broadcast(F, w[wi + 1]); a10 = b.fma(x0, a10); a11 = b.fma(x1, a11); a12 = b.fma(x2, a12);
                b = FloatVector.broadcast(F, w[wi + 2]); a20 = b.fma(x0, a20); a21 = b.fma(x1, a21); a22 = b.fma(x2, a22);
                b = FloatVector.broadcast(F, w[wi + 3]); a30 = b.fma(x0, a30); a31 = b.fma(x1, a31); a32 = b.fma(x2, a32);
                b = FloatVector.broadcast(F, w[wi + 4]); a40 = b.fma(x0, a40); a41 = b.fma(x1, a41); a42 = b.fma(x2, a42);
                b = FloatVector.broadcast(F, w[wi + 5]); a50 = b.fma(x0, a50); a51 = b.fma(x1, a51); a52 = b.fma(x2, a52);
                b = FloatVector.broadcast(F, w[wi + 6]); a60 = b.fma(x0, a60); a61 = b.fma(x1, a61); a62 = b.fma(x2, a62);
                b = FloatVector.broadcast(F, w[wi + 7]); a70 = b.fma(x0, a70); a71 = b.fma(x1, a71); a72 = b.fma(x2, a72);
            }
        }
        a00.intoArray(out, o); a01.intoArray(out, o + VL); a02.intoArray(out, o + 2 * VL);
        a10.intoArray(out, o + st); a11.intoArray(out, o + st + VL); a12.intoArray(out, o + st + 2 * VL);
        a20.intoArray(out, o + 2 * st); a21.intoArray(out, o + 2 * st + VL); a22.intoArray(out, o + 2 * st + 2 * VL);
        a30.intoArray(out, o + 3 * st); a31.intoArray(out, o + 3 * st + VL); a32.intoArray(out, o + 3 * st + 2 * VL);
        a40.intoArray(out, o + 4 * st); a41.intoArray(out, o + 4 * st + VL); a42.intoArray(out, o + 4 * st + 2 * VL);
        a50.intoArray(out, o + 5 * st); a51.intoArray(out, o + 5 * st + VL); a52.intoArray(out, o + 5 * st + 2 * VL);
        a60.intoArray(out, o + 6 * st); a61.intoArray(out, o + 6 * st + VL); a62.intoArray(out, o + 6 * st + 2 * VL);
        a70.intoArray(out, o + 7 * st); a71.intoArray(out, o + 7 * st + VL); a72.intoArray(out, o + 7 * st + 2 * VL);
    }


    static void block12(float[] x, int[] tapOff, int T, int C, int cs, int j, float[] w, int wOff, float[] out, int o, int st) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a10 = z, a11 = z, a20 = z, a21 = z, a30 = z, a31 = z, a40 = z, a41 = z, a50 = z, a51 = z;
        FloatVector a60 = z, a61 = z, a70 = z, a71 = z, a80 = z, a81 = z, a90 = z, a91 = z, aa0 = z, aa1 = z, ab0 = z, ab1 = z;
        for (int k = 0; k < T; k++) {
            int x0i = tapOff[k] + j, w0i = wOff + k * C * 12;
            for (int c = 0; c < C; c++) {
                int xi = x0i + c * cs, wi = w0i + c * 12;
                FloatVector x0 = FloatVector.fromArray(F, x, xi);
                FloatVector x1 = FloatVector.fromArray(F, x, xi + VL);
                FloatVector b = FloatVector.broadcast(F, w[wi]); a00 = b.fma(x0, a00); a01 = b.fma(x1, a01);
                b = FloatVector.broadcast(F, w[wi + 1]); a10 = b.fma(x0, a10); a11 = b.fma(x1, a11);
                b = FloatVector.broadcast(F, w[wi + 2]); a20 = b.fma(x0, a20); a21 = b.fma(x1, a21);
                b = FloatVector.broadcast(F, w[wi + 3]); a30 = b.fma(x0, a30); a31 = b.fma(x1, a31);
                b = FloatVector.broadcast(F, w[wi + 4]); a40 = b.fma(x0, a40); a41 = b.fma(x1, a41);
                b = FloatVector.broadcast(F, w[wi + 5]); a50 = b.fma(x0, a50); a51 = b.fma(x1, a51);
                b = FloatVector.broadcast(F, w[wi + 6]); a60 = b.fma(x0, a60); a61 = b.fma(x1, a61);
                b = FloatVector.broadcast(F, w[wi + 7]); a70 = b.fma(x0, a70); a71 = b.fma(x1, a71);
                b = FloatVector.broadcast(F, w[wi + 8]); a80 = b.fma(x0, a80); a81 = b.fma(x1, a81);
                b = FloatVector.broadcast(F, w[wi + 9]); a90 = b.fma(x0, a90); a91 = b.fma(x1, a91);
                b = FloatVector.broadcast(F, w[wi + 10]); aa0 = b.fma(x0, aa0); aa1 = b.fma(x1, aa1);
                b = FloatVector.broadcast(F, w[wi + 11]); ab0 = b.fma(x0, ab0); ab1 = b.fma(x1, ab1);
            }
        }
        a00.add(a10).add(a20).add(a30).add(a40).add(a50).add(a60).add(a70).add(a80).add(a90).add(aa0).add(ab0)
           .add(a01).add(a11).add(a21).add(a31).add(a41).add(a51).add(a61).add(a71).add(a81).add(a91).add(aa1).add(ab1).intoArray(out, o);
    }

    public static void main(String[] a) {
        ShiftedKernels k = VectorShiftedKernels.create();
        int C = Integer.parseInt(a[0]), plane = Integer.parseInt(a[1]);
        int taps = C * 9, W = 34, cs = 3 * plane;
        float[] x = new float[C * 3 * plane + 256];
        for (int i = 0; i < x.length; i++) x[i] = (i % 7) * .01f;
        int[] t = new int[taps], tapOff = new int[9];
        for (int c = 0; c < C; c++) for (int r = 0; r < 3; r++) for (int s = 0; s < 3; s++) t[c * 9 + r * 3 + s] = c * cs + s * plane + r * W;
        for (int r = 0; r < 3; r++) for (int s = 0; s < 3; s++) tapOff[r * 3 + s] = s * plane + r * W;
        float[] w = new float[taps * 8];
        for (int i = 0; i < w.length; i++) w[i] = (i % 5) * .01f;
        float[] out = new float[8 * 64], out2 = new float[8 * 64];
        float[] w2 = new float[w.length];
        for (int c = 0; c < C; c++) for (int kk = 0; kk < 9; kk++) for (int i = 0; i < 8; i++) w2[(kk * C + c) * 8 + i] = w[(c * 9 + kk) * 8 + i];
        for (int round = 0; round < 6; round++) {
            long t0 = System.nanoTime(); long n = 0;
            while (System.nanoTime() - t0 < 300_000_000L) { for (int j = 0; j < plane - 2 * W - 48; j += 48) { k.directTile(x, t, taps, j, w, 0, 48, out, 0, 64); n++; } }
            double s1 = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime(); long n2 = 0;
            while (System.nanoTime() - t0 < 300_000_000L) { for (int j = 0; j < plane - 2 * W - 48; j += 48) { block(x, tapOff, 9, C, cs, j, w2, 0, out2, 0, 64); n2++; } }
            double s2 = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime(); long n3 = 0;
            float[] w3 = new float[C * 9 * 12];
            while (System.nanoTime() - t0 < 300_000_000L) { for (int j = 0; j < plane - 2 * W - 48; j += 48) { block12(x, tapOff, 9, C, cs, j, w3, 0, out2, 0, 64); n3++; } }
            double s3 = (System.nanoTime() - t0) / 1e9;
            System.out.printf("12x2: %.0f GFLOP/s ", 2.0 * 12 * 32 * taps * n3 / s3 / 1e9);
            double md = 0; for (int i = 0; i < out.length; i++) md = Math.max(md, Math.abs(out[i] - out2[i]));
            System.out.printf("C %d: current %.0f GFLOP/s, taps-outer %.0f (maxdiff %.1g)%n", C, 2.0 * 8 * 48 * taps * n / s1 / 1e9, 2.0 * 8 * 48 * taps * n2 / s2 / 1e9, md);
        }
    }
}

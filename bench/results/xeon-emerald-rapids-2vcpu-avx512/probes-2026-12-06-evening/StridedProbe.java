package dev.resvec.kernels.vector;

import static dev.resvec.kernels.vector.VectorConfig.F;
import static dev.resvec.kernels.vector.VectorConfig.VL;
import dev.resvec.kernels.*;
import jdk.incubator.vector.FloatVector;
import java.util.*;

public class StridedProbe {
    static void k8x2(int kc, float[] ap, int aOff, float[] b, int bOff, int ldb, float[] c, int ci, int ldc, boolean acc) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero, c30 = zero, c31 = zero;
        FloatVector c40 = zero, c41 = zero, c50 = zero, c51 = zero, c60 = zero, c61 = zero, c70 = zero, c71 = zero;
        for (int p = 0, ai = aOff, bi = bOff; p < kc; p++, ai += 8, bi += ldb) {
            FloatVector b0 = FloatVector.fromArray(F, b, bi);
            FloatVector b1 = FloatVector.fromArray(F, b, bi + VL);
            FloatVector a;
            a = FloatVector.broadcast(F, ap[ai]); c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(F, ap[ai + 1]); c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(F, ap[ai + 2]); c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(F, ap[ai + 3]); c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(F, ap[ai + 4]); c40 = a.fma(b0, c40); c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(F, ap[ai + 5]); c50 = a.fma(b0, c50); c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(F, ap[ai + 6]); c60 = a.fma(b0, c60); c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(F, ap[ai + 7]); c70 = a.fma(b0, c70); c71 = a.fma(b1, c71);
        }
        if (acc) {
            c00 = c00.add(FloatVector.fromArray(F, c, ci)); c01 = c01.add(FloatVector.fromArray(F, c, ci + VL));
            int r = ci + ldc; c10 = c10.add(FloatVector.fromArray(F, c, r)); c11 = c11.add(FloatVector.fromArray(F, c, r + VL));
            r += ldc; c20 = c20.add(FloatVector.fromArray(F, c, r)); c21 = c21.add(FloatVector.fromArray(F, c, r + VL));
            r += ldc; c30 = c30.add(FloatVector.fromArray(F, c, r)); c31 = c31.add(FloatVector.fromArray(F, c, r + VL));
            r += ldc; c40 = c40.add(FloatVector.fromArray(F, c, r)); c41 = c41.add(FloatVector.fromArray(F, c, r + VL));
            r += ldc; c50 = c50.add(FloatVector.fromArray(F, c, r)); c51 = c51.add(FloatVector.fromArray(F, c, r + VL));
            r += ldc; c60 = c60.add(FloatVector.fromArray(F, c, r)); c61 = c61.add(FloatVector.fromArray(F, c, r + VL));
            r += ldc; c70 = c70.add(FloatVector.fromArray(F, c, r)); c71 = c71.add(FloatVector.fromArray(F, c, r + VL));
        }
        int r = ci; c00.intoArray(c, r); c01.intoArray(c, r + VL);
        r += ldc; c10.intoArray(c, r); c11.intoArray(c, r + VL);
        r += ldc; c20.intoArray(c, r); c21.intoArray(c, r + VL);
        r += ldc; c30.intoArray(c, r); c31.intoArray(c, r + VL);
        r += ldc; c40.intoArray(c, r); c41.intoArray(c, r + VL);
        r += ldc; c50.intoArray(c, r); c51.intoArray(c, r + VL);
        r += ldc; c60.intoArray(c, r); c61.intoArray(c, r + VL);
        r += ldc; c70.intoArray(c, r); c71.intoArray(c, r + VL);
    }

    // panels: per depth block pc (kc rows), m/8 panels of 8 x kc at pc*m + ir*kc
    static void gemm(int m, int n, int k, int kcB, float[] ap, float[] b, int ldb, float[] c, int groupCols) {
        for (int pc = 0; pc < k; pc += kcB) {
            int kc = Math.min(kcB, k - pc);
            for (int g = 0; g < n; g += groupCols) {
                int gEnd = Math.min(n, g + groupCols);
                for (int ir = 0; ir < m; ir += 8) {
                    for (int jr = g; jr < gEnd; jr += 32) {
                        k8x2(kc, ap, pc * m + ir * kc, b, pc * ldb + jr, ldb, c, ir * n + jr, n, pc > 0);
                    }
                }
            }
        }
    }

    public static void main(String[] args) {
        int[][] shapes = {{64, 3136, 256, 3136}, {128, 768, 512, 784}, {256, 192, 1024, 196}, {1024, 192, 256, 196}, {512, 768, 128, 784}};
        int kcB = Integer.parseInt(args[0]);
        int groupCols = Integer.parseInt(args[1]);
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2], ldb = s[3];
            Random r = new Random(1);
            float[] a = new float[m * k], b = new float[k * ldb], c = new float[m * n], c2 = new float[m * n];
            for (int i = 0; i < a.length; i++) a[i] = r.nextFloat() - .5f;
            for (int i = 0; i < b.length; i++) b[i] = r.nextFloat() - .5f;
            float[] ap = new float[m * k];
            for (int pc = 0; pc < k; pc += kcB) {
                int kc = Math.min(kcB, k - pc);
                for (int i = 0; i < m; i++) for (int p = 0; p < kc; p++) ap[pc * m + (i / 8) * 8 * kc + p * 8 + i % 8] = a[i * k + pc + p];
            }
            PackedMatrix pm = Gemm.pack(false, m, k, a, 0, k);
            Parallelism one = Parallelism.threads(1);
            double[] tp = new double[9], tl = new double[9];
            for (int round = 0; round < 9; round++) {
                long t0 = System.nanoTime(); int calls = 0;
                while (System.nanoTime() - t0 < 200_000_000L) { gemm(m, n, k, kcB, ap, b, ldb, c, groupCols); calls++; }
                tp[round] = (System.nanoTime() - t0) / 1e6 / calls;
                t0 = System.nanoTime(); calls = 0;
                while (System.nanoTime() - t0 < 200_000_000L) { Gemm.sgemm(pm, false, n, 1f, b, 0, ldb, 0f, c2, 0, n, GemmEpilogue.none(), one); calls++; }
                tl[round] = (System.nanoTime() - t0) / 1e6 / calls;
            }
            double maxd = 0; for (int i = 0; i < c.length; i++) maxd = Math.max(maxd, Math.abs(c[i] - c2[i]));
            Arrays.sort(tp); Arrays.sort(tl);
            double fl = 2.0 * m * n * k;
            System.out.printf("%dx%dx%d strided %.0f GFLOP/s, library %.0f (maxdiff %.2g)%n", m, n, k, fl / tp[4] / 1e6, fl / tl[4] / 1e6, maxd);
        }
    }
}

import jdk.incubator.vector.*;
import java.util.*;

/** 1×1 conv as GEMM C[M][N] = A[M][K]·X[K][N]: B packed per group of strips vs B read straight from X. */
public class DirectB {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    static final int VL = 16, MR = 8, NR = 32;

    static void kernel(int kc, float[] ap, int aOff, float[] bp, int bOff, int bStride, float[] c, int ci, int ldc, boolean acc) {
        FloatVector z = FloatVector.zero(F);
        FloatVector c00=z,c01=z,c10=z,c11=z,c20=z,c21=z,c30=z,c31=z,c40=z,c41=z,c50=z,c51=z,c60=z,c61=z,c70=z,c71=z;
        for (int p = 0, ai = aOff, bi = bOff; p < kc; p++, ai += 8, bi += bStride) {
            FloatVector b0 = FloatVector.fromArray(F, bp, bi), b1 = FloatVector.fromArray(F, bp, bi + VL);
            FloatVector a;
            a = FloatVector.broadcast(F, ap[ai]);     c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(F, ap[ai + 1]); c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(F, ap[ai + 2]); c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(F, ap[ai + 3]); c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(F, ap[ai + 4]); c40 = a.fma(b0, c40); c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(F, ap[ai + 5]); c50 = a.fma(b0, c50); c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(F, ap[ai + 6]); c60 = a.fma(b0, c60); c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(F, ap[ai + 7]); c70 = a.fma(b0, c70); c71 = a.fma(b1, c71);
        }
        if (acc) {
            c00 = c00.add(FloatVector.fromArray(F, c, ci)); c01 = c01.add(FloatVector.fromArray(F, c, ci + VL)); ci += ldc;
            c10 = c10.add(FloatVector.fromArray(F, c, ci)); c11 = c11.add(FloatVector.fromArray(F, c, ci + VL)); ci += ldc;
            c20 = c20.add(FloatVector.fromArray(F, c, ci)); c21 = c21.add(FloatVector.fromArray(F, c, ci + VL)); ci += ldc;
            c30 = c30.add(FloatVector.fromArray(F, c, ci)); c31 = c31.add(FloatVector.fromArray(F, c, ci + VL)); ci += ldc;
            c40 = c40.add(FloatVector.fromArray(F, c, ci)); c41 = c41.add(FloatVector.fromArray(F, c, ci + VL)); ci += ldc;
            c50 = c50.add(FloatVector.fromArray(F, c, ci)); c51 = c51.add(FloatVector.fromArray(F, c, ci + VL)); ci += ldc;
            c60 = c60.add(FloatVector.fromArray(F, c, ci)); c61 = c61.add(FloatVector.fromArray(F, c, ci + VL)); ci += ldc;
            c70 = c70.add(FloatVector.fromArray(F, c, ci)); c71 = c71.add(FloatVector.fromArray(F, c, ci + VL));
            ci -= 7 * ldc;
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + VL); ci += ldc;
        c10.intoArray(c, ci); c11.intoArray(c, ci + VL); ci += ldc;
        c20.intoArray(c, ci); c21.intoArray(c, ci + VL); ci += ldc;
        c30.intoArray(c, ci); c31.intoArray(c, ci + VL); ci += ldc;
        c40.intoArray(c, ci); c41.intoArray(c, ci + VL); ci += ldc;
        c50.intoArray(c, ci); c51.intoArray(c, ci + VL); ci += ldc;
        c60.intoArray(c, ci); c61.intoArray(c, ci + VL); ci += ldc;
        c70.intoArray(c, ci); c71.intoArray(c, ci + VL);
    }

    static int M, K, N, KCMAX = 512, G;
    static float[] apk, x, c, bp;

    static int step(int k) { int blocks = Math.max(1, (4 * k + 5 * KCMAX - 1) / (5 * KCMAX)); return (k + blocks - 1) / blocks; }

    /** mode 0: packed groups; 1: direct B */
    static void run(int mode) {
        int st = step(K);
        for (int pc = 0; pc < K; pc += st) {
            int kc = Math.min(st, K - pc);
            int aBase = pc * M;
            for (int g = 0; g < N; g += G * NR) {
                int gEnd = Math.min(N, g + G * NR);
                if (mode == 0) {
                    for (int jr = g; jr < gEnd; jr += NR) {
                        int dst = (jr - g) * kc;
                        for (int p = 0; p < kc; p++, dst += NR) {
                            int src = (pc + p) * N + jr;
                            FloatVector.fromArray(F, x, src).intoArray(bp, dst);
                            FloatVector.fromArray(F, x, src + VL).intoArray(bp, dst + VL);
                        }
                    }
                }
                for (int ir = 0; ir < M; ir += MR) {
                    for (int jr = g; jr < gEnd; jr += NR) {
                        if (mode == 0) kernel(kc, apk, aBase + ir * kc, bp, (jr - g) * kc, NR, c, ir * N + jr, N, pc > 0);
                        else kernel(kc, apk, aBase + ir * kc, x, pc * N + jr, N, c, ir * N + jr, N, pc > 0);
                    }
                }
            }
        }
    }

    public static void main(String[] args) {
        M = Integer.parseInt(args[0]); K = Integer.parseInt(args[1]); N = Integer.parseInt(args[2]);
        G = Integer.parseInt(args[3]);
        double secs = Double.parseDouble(args[4]);
        Random r = new Random(1);
        apk = new float[M * K]; x = new float[K * N + 64]; c = new float[M * N + 64];
        bp = new float[KCMAX * 2 * G * NR];
        for (int i = 0; i < apk.length; i++) apk[i] = r.nextFloat() - 0.5f;
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() - 0.5f;
        float[] sink = new float[M * N + 64];
        for (int round = 0; round < 3; round++) {
            for (int mode = 0; mode < 2; mode++) {
                ArrayList<Double> t = new ArrayList<>();
                long end = System.nanoTime() + (long) (secs * 1e9);
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    run(mode);
                    t.add((System.nanoTime() - t0) / 1e6);
                }
                Collections.sort(t);
                double h = 0; for (int i = 0; i < M * N; i += 97) h += c[i];
                double med = t.get(t.size() / 2);
                System.out.printf("M=%d K=%d N=%d G=%d %s: median %.4f ms, %.1f GFLOP/s hash %.6f%n", M, K, N, G,
                        mode == 0 ? "packed" : "direct", med, 2.0 * M * K * N / med / 1e6, h);
            }
        }
    }
}

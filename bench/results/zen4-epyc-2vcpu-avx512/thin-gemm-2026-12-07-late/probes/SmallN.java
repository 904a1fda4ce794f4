import dev.resvec.kernels.*;
import jdk.incubator.vector.*;
import java.util.*;
/** Probe: broadcast-A register tile (6 rows x 4 vectors) with only B packed (64 wide, zero-padded) vs Gemm.sgemm. */
public final class SmallN {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    static int KC = 512; static boolean PACKA = Boolean.getBoolean("packa"); static final float[] AP = new float[6 * 4608]; static int SHIFT = 0;
    static void gemm(int m, int n, int k, float[] a, int lda, float[] b, int ldb, float[] c, int ldc, float[] bp) {
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            for (int p = 0; p < kc; p++) { // pack B rows pc..pc+kc, 64 wide
                System.arraycopy(b, (pc + p) * ldb, bp, SHIFT + p * 64, n);
                Arrays.fill(bp, SHIFT + p * 64 + n, SHIFT + p * 64 + 64, 0f);
            }
            int i = 0;
            for (; i + 6 <= m; i += 6) {
                if (PACKA) { for (int r = 0; r < 6; r++) for (int p = 0; p < kc; p++) AP[p * 6 + r] = a[(i + r) * lda + pc + p];
                    tile6p(kc, AP, bp, c, i * ldc, ldc, n, pc == 0); }
                else tile6(kc, a, i * lda + pc, lda, bp, c, i * ldc, ldc, n, pc == 0); }
            for (; i < m; i++) tile1(kc, a, i * lda + pc, bp, c, i * ldc, n, pc == 0);
        }
    }
    static void tile6(int kc, float[] a, int ao, int lda, float[] bp, float[] c, int co, int ldc, int n, boolean first) {
        FloatVector z = FloatVector.zero(F);
        FloatVector c00 = z, c01 = z, c02 = z, c03 = z, c10 = z, c11 = z, c12 = z, c13 = z, c20 = z, c21 = z, c22 = z, c23 = z;
        FloatVector c30 = z, c31 = z, c32 = z, c33 = z, c40 = z, c41 = z, c42 = z, c43 = z, c50 = z, c51 = z, c52 = z, c53 = z;
        int a0 = ao, a1 = ao + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda;
        for (int p = 0; p < kc; p++) {
            int bo = SHIFT + p * 64;
            FloatVector b0 = FloatVector.fromArray(F, bp, bo), b1 = FloatVector.fromArray(F, bp, bo + 16);
            FloatVector b2 = FloatVector.fromArray(F, bp, bo + 32), b3 = FloatVector.fromArray(F, bp, bo + 48);
            FloatVector x = FloatVector.broadcast(F, a[a0 + p]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01); c02 = b2.fma(x, c02); c03 = b3.fma(x, c03);
            x = FloatVector.broadcast(F, a[a1 + p]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11); c12 = b2.fma(x, c12); c13 = b3.fma(x, c13);
            x = FloatVector.broadcast(F, a[a2 + p]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21); c22 = b2.fma(x, c22); c23 = b3.fma(x, c23);
            x = FloatVector.broadcast(F, a[a3 + p]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31); c32 = b2.fma(x, c32); c33 = b3.fma(x, c33);
            x = FloatVector.broadcast(F, a[a4 + p]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41); c42 = b2.fma(x, c42); c43 = b3.fma(x, c43);
            x = FloatVector.broadcast(F, a[a5 + p]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51); c52 = b2.fma(x, c52); c53 = b3.fma(x, c53);
        }
        float[] t = TILE; int q = 0;
        c00.intoArray(t, q); c01.intoArray(t, q + 16); c02.intoArray(t, q + 32); c03.intoArray(t, q + 48); q += 64;
        c10.intoArray(t, q); c11.intoArray(t, q + 16); c12.intoArray(t, q + 32); c13.intoArray(t, q + 48); q += 64;
        c20.intoArray(t, q); c21.intoArray(t, q + 16); c22.intoArray(t, q + 32); c23.intoArray(t, q + 48); q += 64;
        c30.intoArray(t, q); c31.intoArray(t, q + 16); c32.intoArray(t, q + 32); c33.intoArray(t, q + 48); q += 64;
        c40.intoArray(t, q); c41.intoArray(t, q + 16); c42.intoArray(t, q + 32); c43.intoArray(t, q + 48); q += 64;
        c50.intoArray(t, q); c51.intoArray(t, q + 16); c52.intoArray(t, q + 32); c53.intoArray(t, q + 48);
        for (int r = 0; r < 6; r++) for (int j = 0; j < n; j++) c[co + r * ldc + j] = first ? t[r * 64 + j] : c[co + r * ldc + j] + t[r * 64 + j];
    }
    static void tile6p(int kc, float[] a, float[] bp, float[] c, int co, int ldc, int n, boolean first) {
        FloatVector z = FloatVector.zero(F);
        FloatVector c00 = z, c01 = z, c02 = z, c03 = z, c10 = z, c11 = z, c12 = z, c13 = z, c20 = z, c21 = z, c22 = z, c23 = z;
        FloatVector c30 = z, c31 = z, c32 = z, c33 = z, c40 = z, c41 = z, c42 = z, c43 = z, c50 = z, c51 = z, c52 = z, c53 = z;
        
        for (int p = 0; p < kc; p++) {
            int bo = SHIFT + p * 64;
            FloatVector b0 = FloatVector.fromArray(F, bp, bo), b1 = FloatVector.fromArray(F, bp, bo + 16);
            FloatVector b2 = FloatVector.fromArray(F, bp, bo + 32), b3 = FloatVector.fromArray(F, bp, bo + 48);
            FloatVector x = FloatVector.broadcast(F, a[p * 6 + 0]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01); c02 = b2.fma(x, c02); c03 = b3.fma(x, c03);
            x = FloatVector.broadcast(F, a[p * 6 + 1]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11); c12 = b2.fma(x, c12); c13 = b3.fma(x, c13);
            x = FloatVector.broadcast(F, a[p * 6 + 2]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21); c22 = b2.fma(x, c22); c23 = b3.fma(x, c23);
            x = FloatVector.broadcast(F, a[p * 6 + 3]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31); c32 = b2.fma(x, c32); c33 = b3.fma(x, c33);
            x = FloatVector.broadcast(F, a[p * 6 + 4]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41); c42 = b2.fma(x, c42); c43 = b3.fma(x, c43);
            x = FloatVector.broadcast(F, a[p * 6 + 5]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51); c52 = b2.fma(x, c52); c53 = b3.fma(x, c53);
        }
        float[] t = TILE; int q = 0;
        c00.intoArray(t, q); c01.intoArray(t, q + 16); c02.intoArray(t, q + 32); c03.intoArray(t, q + 48); q += 64;
        c10.intoArray(t, q); c11.intoArray(t, q + 16); c12.intoArray(t, q + 32); c13.intoArray(t, q + 48); q += 64;
        c20.intoArray(t, q); c21.intoArray(t, q + 16); c22.intoArray(t, q + 32); c23.intoArray(t, q + 48); q += 64;
        c30.intoArray(t, q); c31.intoArray(t, q + 16); c32.intoArray(t, q + 32); c33.intoArray(t, q + 48); q += 64;
        c40.intoArray(t, q); c41.intoArray(t, q + 16); c42.intoArray(t, q + 32); c43.intoArray(t, q + 48); q += 64;
        c50.intoArray(t, q); c51.intoArray(t, q + 16); c52.intoArray(t, q + 32); c53.intoArray(t, q + 48);
        for (int r = 0; r < 6; r++) for (int j = 0; j < n; j++) c[co + r * ldc + j] = first ? t[r * 64 + j] : c[co + r * ldc + j] + t[r * 64 + j];
    }

    static void tile8x2(int kc, float[] a, int ao, int lda, float[] bp, int bOff, float[] t) {
        FloatVector z = FloatVector.zero(F);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
        int a0 = ao, a1 = ao + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda;
        for (int p = 0, bi = bOff; p < kc; p++, bi += 32) {
            FloatVector b0 = FloatVector.fromArray(F, bp, bi), b1 = FloatVector.fromArray(F, bp, bi + 16);
            FloatVector x = FloatVector.broadcast(F, a[a0 + p]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(F, a[a1 + p]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(F, a[a2 + p]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(F, a[a3 + p]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(F, a[a4 + p]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(F, a[a5 + p]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(F, a[a6 + p]); c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(F, a[a7 + p]); c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
        }
        c00.intoArray(t, 0); c01.intoArray(t, 16); c10.intoArray(t, 32); c11.intoArray(t, 48);
        c20.intoArray(t, 64); c21.intoArray(t, 80); c30.intoArray(t, 96); c31.intoArray(t, 112);
        c40.intoArray(t, 128); c41.intoArray(t, 144); c50.intoArray(t, 160); c51.intoArray(t, 176);
        c60.intoArray(t, 192); c61.intoArray(t, 208); c70.intoArray(t, 224); c71.intoArray(t, 240);
    }
    static void tile8x2p(int kc, float[] a, int ao, float[] bp, int bOff, float[] t) {
        FloatVector z = FloatVector.zero(F);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
        
        for (int p = 0, bi = bOff, ai = ao; p < kc; p++, bi += 32, ai += 8) {
            FloatVector b0 = FloatVector.fromArray(F, bp, bi), b1 = FloatVector.fromArray(F, bp, bi + 16);
            FloatVector x = FloatVector.broadcast(F, a[ai + 0]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(F, a[ai + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(F, a[ai + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(F, a[ai + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(F, a[ai + 4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(F, a[ai + 5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(F, a[ai + 6]); c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(F, a[ai + 7]); c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
        }
        c00.intoArray(t, 0); c01.intoArray(t, 16); c10.intoArray(t, 32); c11.intoArray(t, 48);
        c20.intoArray(t, 64); c21.intoArray(t, 80); c30.intoArray(t, 96); c31.intoArray(t, 112);
        c40.intoArray(t, 128); c41.intoArray(t, 144); c50.intoArray(t, 160); c51.intoArray(t, 176);
        c60.intoArray(t, 192); c61.intoArray(t, 208); c70.intoArray(t, 224); c71.intoArray(t, 240);
    }

    /** 6 rows x (3 vectors + 1 scalar column) of one depth block, from zero; into t (6 x 49, row stride 49). */
    static void tile6x3s(int kc, float[] a, int ao, int lda, float[] bp, float[] bc, float[] t) {
        FloatVector z = FloatVector.zero(F);
        FloatVector c00 = z, c01 = z, c02 = z, c10 = z, c11 = z, c12 = z, c20 = z, c21 = z, c22 = z;
        FloatVector c30 = z, c31 = z, c32 = z, c40 = z, c41 = z, c42 = z, c50 = z, c51 = z, c52 = z;
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0;
        int a0 = ao, a1 = ao + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda;
        for (int p = 0, bi = 0; p < kc; p++, bi += 48) {
            FloatVector b0 = FloatVector.fromArray(F, bp, bi), b1 = FloatVector.fromArray(F, bp, bi + 16), b2 = FloatVector.fromArray(F, bp, bi + 32);
            float e = bc[p];
            float v = a[a0 + p]; FloatVector x = FloatVector.broadcast(F, v); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02); s0 = Math.fma(v, e, s0);
            v = a[a1 + p]; x = FloatVector.broadcast(F, v); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12); s1 = Math.fma(v, e, s1);
            v = a[a2 + p]; x = FloatVector.broadcast(F, v); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21); c22 = x.fma(b2, c22); s2 = Math.fma(v, e, s2);
            v = a[a3 + p]; x = FloatVector.broadcast(F, v); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31); c32 = x.fma(b2, c32); s3 = Math.fma(v, e, s3);
            v = a[a4 + p]; x = FloatVector.broadcast(F, v); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41); c42 = x.fma(b2, c42); s4 = Math.fma(v, e, s4);
            v = a[a5 + p]; x = FloatVector.broadcast(F, v); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51); c52 = x.fma(b2, c52); s5 = Math.fma(v, e, s5);
        }
        c00.intoArray(t, 0); c01.intoArray(t, 16); c02.intoArray(t, 32); t[48] = s0;
        c10.intoArray(t, 49); c11.intoArray(t, 65); c12.intoArray(t, 81); t[97] = s1;
        c20.intoArray(t, 98); c21.intoArray(t, 114); c22.intoArray(t, 130); t[146] = s2;
        c30.intoArray(t, 147); c31.intoArray(t, 163); c32.intoArray(t, 179); t[195] = s3;
        c40.intoArray(t, 196); c41.intoArray(t, 212); c42.intoArray(t, 228); t[244] = s4;
        c50.intoArray(t, 245); c51.intoArray(t, 261); c52.intoArray(t, 277); t[293] = s5;
    }
    static final float[] T49 = new float[6 * 49 + 16];
    /** n == 49 only: B packed 48 wide plus its last column; blocks summed into C (alpha 1, beta 0). */
    static void gemm49(int m, int k, float[] a, int lda, float[] b, int ldb, float[] c, int ldc, float[] bp, float[] bc) {
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            for (int p = 0; p < kc; p++) { System.arraycopy(b, (pc + p) * ldb, bp, p * 48, 48); bc[p] = b[(pc + p) * ldb + 48]; }
            for (int i = 0; i + 6 <= m; i += 6) {
                tile6x3s(kc, a, i * lda + pc, lda, bp, bc, T49);
                for (int r = 0; r < 6; r++) { int co = (i + r) * ldc, to = r * 49;
                    if (pc == 0) System.arraycopy(T49, to, c, co, 49);
                    else { int j = 0; for (; j < 48; j += 16) FloatVector.fromArray(F, T49, to + j).add(FloatVector.fromArray(F, c, co + j)).intoArray(c, co + j); c[co + 48] += T49[to + 48]; } }
            }
        }
    }
    static final float[] TILE = new float[6 * 64];
    static void row(float[] c, int co, int n, boolean first, FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3) {
        one(c, co, n, first, v0, 0); one(c, co, n, first, v1, 16); one(c, co, n, first, v2, 32); one(c, co, n, first, v3, 48);
    }
    static void one(float[] c, int co, int n, boolean first, FloatVector v, int q) {
        if (q >= n) return;
        VectorMask<Float> m = F.indexInRange(q, n);
        FloatVector r = first ? v : v.add(FloatVector.fromArray(F, c, co + q, m));
        r.intoArray(c, co + q, m);
    }
    static void tile1(int kc, float[] a, int ao, float[] bp, float[] c, int co, int n, boolean first) {
        FloatVector z = FloatVector.zero(F), c0 = z, c1 = z, c2 = z, c3 = z;
        for (int p = 0; p < kc; p++) {
            FloatVector x = FloatVector.broadcast(F, a[ao + p]); int bo = SHIFT + p * 64;
            c0 = FloatVector.fromArray(F, bp, bo).fma(x, c0); c1 = FloatVector.fromArray(F, bp, bo + 16).fma(x, c1);
            c2 = FloatVector.fromArray(F, bp, bo + 32).fma(x, c2); c3 = FloatVector.fromArray(F, bp, bo + 48).fma(x, c3);
        }
        row(c, co, n, first, c0, c1, c2, c3);
    }
    static double med(Runnable r, double flop) {
        List<Double> ts = new ArrayList<>();
        for (int it = 0; it < 31; it++) { long t0 = System.nanoTime(); for (int i = 0; i < 5; i++) r.run(); ts.add((System.nanoTime() - t0) / 5.0); }
        Collections.sort(ts); return flop / ts.get(15);
    }
    public static void main(String[] args) {
        if (args.length > 1) KC = Integer.parseInt(args[1]); if (args.length > 2) SHIFT = Integer.parseInt(args[2]);
        for (String s : args[0].split(",")) {
            String[] d = s.split("x"); int m = Integer.parseInt(d[0]), k = Integer.parseInt(d[1]), n = Integer.parseInt(d[2]);
            Random r = new Random(1); float[] a = new float[m * k], b = new float[k * n], c1 = new float[m * n], c2 = new float[m * n], bp = new float[KC * 64 + 16];
            for (int i = 0; i < a.length; i++) a[i] = r.nextFloat() - .5f; for (int i = 0; i < b.length; i++) b[i] = r.nextFloat() - .5f;
            Parallelism p1 = Parallelism.threads(1);
            Runnable lib = () -> Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c1, 0, n, GemmEpilogue.none(), p1);
            float[] bc = new float[KC]; Runnable mine = n == 49 && m % 6 == 2 ? () -> gemm49(m, k, a, k, b, n, c2, n, bp, bc) : () -> gemm(m, n, k, a, k, b, n, c2, n, bp);
            for (int w = 0; w < 30; w++) { lib.run(); mine.run(); }
            double err = 0; for (int i = 0; i < c1.length; i++) err = Math.max(err, Math.abs(c1[i] - c2[i]));
            double flop = 2.0 * m * n * k;
            StringBuilder sb = new StringBuilder(s + " maxdiff " + err + " GFLOP/s lib/probe:");
            for (int rep = 0; rep < 5; rep++) sb.append(String.format(" %.0f/%.0f", med(lib, flop), med(mine, flop)));
            System.out.println(sb);
        }
    }
}

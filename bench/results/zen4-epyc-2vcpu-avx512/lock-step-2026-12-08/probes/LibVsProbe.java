import jdk.incubator.vector.*;
import java.util.*;
/** Library 1x1 vs probe; packed-B (by groups of 4 strips) vs B read in place by an 8x32 tile. Args: rounds bufs M,K,N ... */
public final class LibVsProbe {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_512; static final int VL = 16, MR = 8, NR = 32, G = 4;
    static void kernel(int kc, float[] ap, int aOff, float[] b, int bOff, int ldb, float[] c, int ci, int ldc) {
        FloatVector z = FloatVector.zero(F);
        FloatVector c00=z,c01=z,c10=z,c11=z,c20=z,c21=z,c30=z,c31=z,c40=z,c41=z,c50=z,c51=z,c60=z,c61=z,c70=z,c71=z;
        for (int p = 0, ai = aOff, bi = bOff; p < kc; p++, ai += 8, bi += ldb) {
            FloatVector b0 = FloatVector.fromArray(F, b, bi), b1 = FloatVector.fromArray(F, b, bi + VL), a;
            a = FloatVector.broadcast(F, ap[ai]); c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(F, ap[ai+1]); c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(F, ap[ai+2]); c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(F, ap[ai+3]); c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(F, ap[ai+4]); c40 = a.fma(b0, c40); c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(F, ap[ai+5]); c50 = a.fma(b0, c50); c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(F, ap[ai+6]); c60 = a.fma(b0, c60); c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(F, ap[ai+7]); c70 = a.fma(b0, c70); c71 = a.fma(b1, c71);
        }
        FloatVector zero = z;
        c00.max(zero).intoArray(c, ci); c01.max(zero).intoArray(c, ci + VL); ci += ldc;
        c10.max(zero).intoArray(c, ci); c11.max(zero).intoArray(c, ci + VL); ci += ldc;
        c20.max(zero).intoArray(c, ci); c21.max(zero).intoArray(c, ci + VL); ci += ldc;
        c30.max(zero).intoArray(c, ci); c31.max(zero).intoArray(c, ci + VL); ci += ldc;
        c40.max(zero).intoArray(c, ci); c41.max(zero).intoArray(c, ci + VL); ci += ldc;
        c50.max(zero).intoArray(c, ci); c51.max(zero).intoArray(c, ci + VL); ci += ldc;
        c60.max(zero).intoArray(c, ci); c61.max(zero).intoArray(c, ci + VL); ci += ldc;
        c70.max(zero).intoArray(c, ci); c71.max(zero).intoArray(c, ci + VL);
    }
    static void packed(int m, int k, int n, float[] ap, float[] x, float[] c, float[] bp) {
        for (int g = 0; g < n; g += G * NR) {
            int ge = Math.min(n, g + G * NR);
            for (int p = 0; p < k; p++) for (int j = g; j < ge; j += NR) {
                int dst = (j - g) * k + p * NR, src = p * n + j;
                FloatVector.fromArray(F, x, src).intoArray(bp, dst);
                FloatVector.fromArray(F, x, src + VL).intoArray(bp, dst + VL);
            }
            for (int i = 0; i < m; i += MR) for (int j = g; j < ge; j += NR)
                kernel(k, ap, i * k, bp, (j - g) * k, NR, c, i * n + j, n);
        }
    }
    static void direct(int m, int k, int n, float[] ap, float[] x, float[] c) {
        for (int g = 0; g < n; g += G * NR) {
            int ge = Math.min(n, g + G * NR);
            for (int i = 0; i < m; i += MR) for (int j = g; j < ge; j += NR)
                kernel(k, ap, i * k, x, j, n, c, i * n + j, n);
        }
    }
    public static void main(String[] a) {
        int rounds = Integer.parseInt(a[0]), nb = Integer.parseInt(a[1]);
        for (int li = 2; li < a.length; li++) {
            String[] f = a[li].split(",");
            int m = Integer.parseInt(f[0]), k = Integer.parseInt(f[1]), n = Integer.parseInt(f[2]);
            Random r = new Random(1);
            float[] ap = new float[m * k]; for (int i = 0; i < ap.length; i++) ap[i] = r.nextFloat() - 0.5f;
            float[][] xs = new float[nb][k * n + NR], cs = new float[nb][m * n + NR];
            for (float[] x : xs) for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() - 0.5f;
            float[] bp = new float[G * NR * k];
            double[][] t = new double[3][rounds]; int u = 0;
            int hw = n; dev.resvec.kernels.ConvShape sh = dev.resvec.kernels.ConvShape.of(1, k, 1, hw, m, 1, 1, 0);
            float[] w = new float[m * k]; for (int i = 0; i < w.length; i++) w[i] = r.nextFloat() - 0.5f;
            dev.resvec.kernels.PreparedConvolution pc = dev.resvec.kernels.Convolution.prepare(sh, dev.resvec.kernels.ConvAlgorithm.POINTWISE_GEMM, w, 0);
            dev.resvec.kernels.ConvEpilogue ep = dev.resvec.kernels.ConvEpilogue.none().withRelu();
            dev.resvec.kernels.Parallelism one = dev.resvec.kernels.Parallelism.singleThread();
            for (int rd = -rounds; rd < rounds; rd++) for (int q = 0; q < 3; q++) {
                long best = Long.MAX_VALUE;
                for (int rep = 0; rep < 8; rep++) { int b = u++ % nb; long t0 = System.nanoTime();
                    if (q == 0) packed(m, k, n, ap, xs[b], cs[b], bp); else if (q == 1) direct(m, k, n, ap, xs[b], cs[b]); else pc.forward(1, xs[b], 0, cs[b], 0, ep, one);
                    best = Math.min(best, System.nanoTime() - t0); }
                if (rd >= 0) t[q][rd] = best / 1e6;
            }
            Arrays.sort(t[0]); Arrays.sort(t[1]); Arrays.sort(t[2]);
            double p = t[0][rounds / 2], d = t[1][rounds / 2], l = t[2][rounds / 2], gf = 2.0 * m * k * n / 1e6;
            System.out.printf("%d x %d x %d bufs %d: packed %.3f ms (%.0f GF/s)  direct %.3f ms (%.0f GF/s)  library %.3f ms (%.0f GF/s)%n", m, k, n, nb, p, gf / p, d, gf / d, l, gf / l);
        }
    }
}

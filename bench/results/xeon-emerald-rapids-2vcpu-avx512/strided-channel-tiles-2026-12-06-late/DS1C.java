import dev.resvec.kernels.*;
import jdk.incubator.vector.*;
import java.util.*;

/** Prototype: general stride-2 conv via channel-vector direct tiles (7 positions x 32 channels), into NHWC scratch. */
public class DS1C {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    static final int VL = 16; static int T = Integer.getInteger("t", 7);
    static int CB = Integer.getInteger("cb", 16);

    static float[] packFilters(float[] w, int K, int taps) {
        float[] p = new float[K * taps];
        for (int kb = 0; kb < K / 32; kb++)
            for (int t = 0; t < taps; t++)
                for (int j = 0; j < 32; j++)
                    p[(kb * taps + t) * 32 + j] = w[(kb * 32 + j) * taps + t];
        return p;
    }

    static void tile7(int C, int kh, int kw, float[] xp, int q0, int plane, int Wp, float[] fp, int f0, float[] y, int y0, int ldy, boolean acc) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a10 = z, a11 = z, a20 = z, a21 = z, a30 = z, a31 = z, a40 = z, a41 = z, a50 = z, a51 = z, a60 = z, a61 = z;
        if (acc) {
            a00 = FloatVector.fromArray(F, y, y0); a01 = FloatVector.fromArray(F, y, y0 + VL);
            a10 = FloatVector.fromArray(F, y, y0 + ldy); a11 = FloatVector.fromArray(F, y, y0 + ldy + VL);
            a20 = FloatVector.fromArray(F, y, y0 + 2 * ldy); a21 = FloatVector.fromArray(F, y, y0 + 2 * ldy + VL);
            a30 = FloatVector.fromArray(F, y, y0 + 3 * ldy); a31 = FloatVector.fromArray(F, y, y0 + 3 * ldy + VL);
            a40 = FloatVector.fromArray(F, y, y0 + 4 * ldy); a41 = FloatVector.fromArray(F, y, y0 + 4 * ldy + VL);
            a50 = FloatVector.fromArray(F, y, y0 + 5 * ldy); a51 = FloatVector.fromArray(F, y, y0 + 5 * ldy + VL);
            a60 = FloatVector.fromArray(F, y, y0 + 6 * ldy); a61 = FloatVector.fromArray(F, y, y0 + 6 * ldy + VL);
        }
        int f = f0;
        for (int c = 0; c < C; c++) {
            int qc = q0 + c * plane;
            for (int r = 0; r < 3; r++) {
                int qr = qc + r * Wp;
                for (int s = 0; s < 3; s++, f += 32) {
                    int q = qr + s;
                    FloatVector w0 = FloatVector.fromArray(F, fp, f), w1 = FloatVector.fromArray(F, fp, f + VL);
                    FloatVector b;
                    b = FloatVector.broadcast(F, xp[q]); a00 = b.fma(w0, a00); a01 = b.fma(w1, a01);
                    b = FloatVector.broadcast(F, xp[q + 1]); a10 = b.fma(w0, a10); a11 = b.fma(w1, a11);
                    b = FloatVector.broadcast(F, xp[q + 2]); a20 = b.fma(w0, a20); a21 = b.fma(w1, a21);
                    b = FloatVector.broadcast(F, xp[q + 3]); a30 = b.fma(w0, a30); a31 = b.fma(w1, a31);
                    b = FloatVector.broadcast(F, xp[q + 4]); a40 = b.fma(w0, a40); a41 = b.fma(w1, a41);
                    b = FloatVector.broadcast(F, xp[q + 5]); a50 = b.fma(w0, a50); a51 = b.fma(w1, a51);
                    b = FloatVector.broadcast(F, xp[q + 6]); a60 = b.fma(w0, a60); a61 = b.fma(w1, a61);
                }
            }
        }
        a00.intoArray(y, y0); a01.intoArray(y, y0 + VL);
        a10.intoArray(y, y0 + ldy); a11.intoArray(y, y0 + ldy + VL);
        a20.intoArray(y, y0 + 2 * ldy); a21.intoArray(y, y0 + 2 * ldy + VL);
        a30.intoArray(y, y0 + 3 * ldy); a31.intoArray(y, y0 + 3 * ldy + VL);
        a40.intoArray(y, y0 + 4 * ldy); a41.intoArray(y, y0 + 4 * ldy + VL);
        a50.intoArray(y, y0 + 5 * ldy); a51.intoArray(y, y0 + 5 * ldy + VL);
        a60.intoArray(y, y0 + 6 * ldy); a61.intoArray(y, y0 + 6 * ldy + VL);
    }

    static void tile8(int C, int kh, int kw, float[] xp, int q0, int plane, int Wp, float[] fp, int f0, float[] y, int y0, int ldy, boolean acc) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a0_0 = z, a0_1 = z, a1_0 = z, a1_1 = z, a2_0 = z, a2_1 = z, a3_0 = z, a3_1 = z, a4_0 = z, a4_1 = z, a5_0 = z, a5_1 = z, a6_0 = z, a6_1 = z, a7_0 = z, a7_1 = z;
        if (acc) {
            a0_0 = FloatVector.fromArray(F, y, y0 + 0 * ldy); a0_1 = FloatVector.fromArray(F, y, y0 + 0 * ldy + VL);
            a1_0 = FloatVector.fromArray(F, y, y0 + 1 * ldy); a1_1 = FloatVector.fromArray(F, y, y0 + 1 * ldy + VL);
            a2_0 = FloatVector.fromArray(F, y, y0 + 2 * ldy); a2_1 = FloatVector.fromArray(F, y, y0 + 2 * ldy + VL);
            a3_0 = FloatVector.fromArray(F, y, y0 + 3 * ldy); a3_1 = FloatVector.fromArray(F, y, y0 + 3 * ldy + VL);
            a4_0 = FloatVector.fromArray(F, y, y0 + 4 * ldy); a4_1 = FloatVector.fromArray(F, y, y0 + 4 * ldy + VL);
            a5_0 = FloatVector.fromArray(F, y, y0 + 5 * ldy); a5_1 = FloatVector.fromArray(F, y, y0 + 5 * ldy + VL);
            a6_0 = FloatVector.fromArray(F, y, y0 + 6 * ldy); a6_1 = FloatVector.fromArray(F, y, y0 + 6 * ldy + VL);
            a7_0 = FloatVector.fromArray(F, y, y0 + 7 * ldy); a7_1 = FloatVector.fromArray(F, y, y0 + 7 * ldy + VL);
        }
        int f = f0;
        for (int c = 0; c < C; c++) {
            int qc = q0 + c * plane;
            for (int r = 0; r < 3; r++) {
                int qr = qc + r * Wp;
                for (int s = 0; s < 3; s++, f += 32) {
                    int q = qr + s;
                    FloatVector w0 = FloatVector.fromArray(F, fp, f), w1 = FloatVector.fromArray(F, fp, f + VL);
                    FloatVector b;
                    b = FloatVector.broadcast(F, xp[q + 0]); a0_0 = b.fma(w0, a0_0); a0_1 = b.fma(w1, a0_1);
                    b = FloatVector.broadcast(F, xp[q + 1]); a1_0 = b.fma(w0, a1_0); a1_1 = b.fma(w1, a1_1);
                    b = FloatVector.broadcast(F, xp[q + 2]); a2_0 = b.fma(w0, a2_0); a2_1 = b.fma(w1, a2_1);
                    b = FloatVector.broadcast(F, xp[q + 3]); a3_0 = b.fma(w0, a3_0); a3_1 = b.fma(w1, a3_1);
                    b = FloatVector.broadcast(F, xp[q + 4]); a4_0 = b.fma(w0, a4_0); a4_1 = b.fma(w1, a4_1);
                    b = FloatVector.broadcast(F, xp[q + 5]); a5_0 = b.fma(w0, a5_0); a5_1 = b.fma(w1, a5_1);
                    b = FloatVector.broadcast(F, xp[q + 6]); a6_0 = b.fma(w0, a6_0); a6_1 = b.fma(w1, a6_1);
                    b = FloatVector.broadcast(F, xp[q + 7]); a7_0 = b.fma(w0, a7_0); a7_1 = b.fma(w1, a7_1);
                }
            }
        }
        a0_0.intoArray(y, y0 + 0 * ldy); a0_1.intoArray(y, y0 + 0 * ldy + VL);
        a1_0.intoArray(y, y0 + 1 * ldy); a1_1.intoArray(y, y0 + 1 * ldy + VL);
        a2_0.intoArray(y, y0 + 2 * ldy); a2_1.intoArray(y, y0 + 2 * ldy + VL);
        a3_0.intoArray(y, y0 + 3 * ldy); a3_1.intoArray(y, y0 + 3 * ldy + VL);
        a4_0.intoArray(y, y0 + 4 * ldy); a4_1.intoArray(y, y0 + 4 * ldy + VL);
        a5_0.intoArray(y, y0 + 5 * ldy); a5_1.intoArray(y, y0 + 5 * ldy + VL);
        a6_0.intoArray(y, y0 + 6 * ldy); a6_1.intoArray(y, y0 + 6 * ldy + VL);
        a7_0.intoArray(y, y0 + 7 * ldy); a7_1.intoArray(y, y0 + 7 * ldy + VL);
    }

    record Geo(int C, int H, int K, int k, int pad, int oh, int ow, int owT, int Hp, int Wp) {
        static Geo of(int C, int H, int K, int k, int pad) {
            int oh = (H + 2 * pad - k) + 1, ow = oh, owT = (ow + T - 1) / T * T;
            int Hp = H + 2 * pad, Wp = Math.max(H + 2 * pad, (owT - 1) + k);
            return new Geo(C, H, K, k, pad, oh, ow, owT, Hp, Wp);
        }
    }

    static void conv(Geo g, int batch, float[] x, float[] xp, float[] fp, float[] y, float[] out, boolean transpose) {
        int plane = g.Hp * g.Wp, taps = g.C * g.k * g.k, K = g.K;
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < g.C; c++)
                for (int yy = 0; yy < g.H; yy++)
                    System.arraycopy(x, ((n * g.C + c) * g.H + yy) * g.H, xp, (c * g.Hp + yy + g.pad) * g.Wp + g.pad, g.H);
            for (int kb = 0; kb < K / 32; kb++)
                for (int c0 = 0; c0 < g.C; c0 += CB) {
                    int cb = Math.min(CB, g.C - c0);
                    for (int oy = 0; oy < g.oh; oy++)
                        for (int x0 = 0; x0 < g.owT; x0 += T)
                            if (T == 8) tile8(cb, g.k, g.k, xp, c0 * plane + oy * g.Wp + x0, plane, g.Wp, fp, (kb * taps + c0 * g.k * g.k) * 32, y, (oy * g.owT + x0) * K + kb * 32, K, c0 > 0); else tile7(cb, g.k, g.k, xp, c0 * plane + oy * g.Wp + x0, plane, g.Wp, fp, (kb * taps + c0 * g.k * g.k) * 32, y, (oy * g.owT + x0) * K + kb * 32, K, c0 > 0);
                }
            if (transpose) {
                int P = g.oh * g.ow, o = n * K * P;
                for (int oy = 0; oy < g.oh; oy++)
                    for (int ox = 0; ox < g.ow; ox++)
                        for (int k = 0; k < K; k++)
                            out[o + k * P + oy * g.ow + ox] = y[(oy * g.owT + ox) * K + k];
            }
        }
    }

    public static void main(String[] args) {
        int threads = 1;
        // C, H, K, kernel, pad, batch
        int[][] L = true ? new int[][] {{512, 7, 512, 3, 1, 1}, {256, 14, 256, 3, 1, 1}} : T == 8 ? new int[][] {{16, 32, 32, 3, 1, 64}, {32, 16, 64, 3, 1, 64}, {32, 16, 64, 3, 1, 1}} : new int[][] {{64, 56, 128, 3, 1, 1}, {128, 28, 256, 3, 1, 1}, {256, 14, 512, 3, 1, 1},
                     
                     {16, 32, 32, 3, 1, 64}, {32, 16, 64, 3, 1, 64}, {64, 56, 128, 3, 1, 8}};
        for (int[] l : L) {
            int C = l[0], H = l[1], K = l[2], k = l[3], pad = l[4], batch = l[5];
            ConvShape s = ConvShape.of(batch, C, H, H, K, k, 1, pad);
            Geo g = Geo.of(C, H, K, k, pad);
            Random r = new Random(1);
            float[] x = new float[(int) s.inputSize()], w = new float[(int) s.filterSize()], o1 = new float[(int) s.outputSize()], o2 = new float[(int) s.outputSize()];
            for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() - .5f;
            for (int i = 0; i < w.length; i++) w[i] = r.nextFloat() - .5f;
            PreparedConvolution p = Convolution.prepare(s, ConvAlgorithm.AUTO, w, 0);
            float[] xp = new float[C * g.Hp * g.Wp + 64], fp = packFilters(w, K, C * k * k), y = new float[g.oh * g.owT * K];
            Parallelism one = Parallelism.threads(threads);
            p.forward(batch, x, 0, o1, 0, ConvEpilogue.none(), one);
            conv(g, batch, x, xp, fp, y, o2, true);
            double maxErr = 0;
            for (int i = 0; i < o1.length; i++) maxErr = Math.max(maxErr, Math.abs(o1[i] - o2[i]));
            double gf = 2.0 * batch * K * C * k * k * g.oh * g.ow / 1e6;
            String line = "";
            int copies = 24;
            PreparedConvolution[] ps = new PreparedConvolution[copies];
            float[][] fps = new float[copies][];
            for (int i = 0; i < copies; i++) { ps[i] = Convolution.prepare(s, ConvAlgorithm.AUTO, w, 0); fps[i] = packFilters(w, K, C * k * k); }
            int[] at = {0};
            for (int round = 0; round < 4; round++) {
                double tl = time(() -> ps[at[0]++ % copies].forward(batch, x, 0, o1, 0, ConvEpilogue.none(), one));
                double tk = time(() -> conv(g, batch, x, xp, fps[at[0]++ % copies], y, o2, true));
                line = String.format("%s b%d %s COLD library %.3f ms (%.0f GF)  direct+scalar transpose %.3f (%.0f GF)",
                        Arrays.toString(l), batch, p.algorithm(), tl, gf / tl, tk, gf / tk);
            }
            System.out.println(line);
        }
    }
    static double time(Runnable run) {
        long[] ts = new long[3000]; int n = 0; long t0 = System.nanoTime();
        while (n < ts.length && System.nanoTime() - t0 < 500_000_000L) { long s0 = System.nanoTime(); run.run(); ts[n++] = System.nanoTime() - s0; }
        long[] q = Arrays.copyOf(ts, n); Arrays.sort(q); return q[n / 2] / 1e6;
    }
}

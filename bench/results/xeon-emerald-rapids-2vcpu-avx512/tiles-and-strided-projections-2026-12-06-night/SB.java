import dev.resvec.kernels.*;
import jdk.incubator.vector.*;
import java.util.*;
public class SB {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    static final int VL = 16;
    // planes: [c][plane p=φ*3+s][t in 0..outH][x in 0..outW)
    static void lower(float[] in, int C, int H, int W, int outH, int outW, float[] dst) {
        int ps = (outH + 1) * outW;
        for (int c = 0; c < C; c++) for (int phi = 0; phi < 2; phi++) for (int s = 0; s < 3; s++) {
            int base = (c * 6 + phi * 3 + s) * ps;
            for (int t = 0; t <= outH; t++) { int iy = 2 * t + phi - 1;
                for (int x = 0; x < outW; x++) { int ix = 2 * x + s - 1;
                    dst[base + t * outW + x] = iy >= 0 && iy < H && ix >= 0 && ix < W ? in[(c * H + iy) * W + ix] : 0f; } }
        }
    }
    // w packed [cblk][kb][tap][c in blk][8]
    static float[] pack(float[] w, int K, int C, int cb) {
        int nb = C / cb, kbs = K / 8; float[] p = new float[K * C * 9];
        for (int k = 0; k < K; k++) for (int c = 0; c < C; c++) for (int t = 0; t < 9; t++)
            p[((((c / cb) * kbs + k / 8) * 9 + t) * cb + c % cb) * 8 + k % 8] = w[(k * C + c) * 9 + t];
        return p;
    }
    static FloatVector madd(FloatVector a, FloatVector b, FloatVector c) { return a.fma(b, c); }
    static void block(float[] x, int[] tapOff, int cb, int cs, int j, float[] w, int wOff, float[] out, int o, int st, boolean add) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a02 = z, a10 = z, a11 = z, a12 = z, a20 = z, a21 = z, a22 = z;
        FloatVector a30 = z, a31 = z, a32 = z, a40 = z, a41 = z, a42 = z, a50 = z, a51 = z, a52 = z;
        FloatVector a60 = z, a61 = z, a62 = z, a70 = z, a71 = z, a72 = z;
        for (int t = 0, wt = wOff; t < 9; t++) {
            for (int c = 0, xi = tapOff[t] + j, wi = wt; c < cb; c++, xi += cs, wi += 8) {
                FloatVector x0 = FloatVector.fromArray(F, x, xi);
                FloatVector x1 = FloatVector.fromArray(F, x, xi + VL);
                FloatVector x2 = FloatVector.fromArray(F, x, xi + 2 * VL);
                FloatVector b = FloatVector.broadcast(F, w[wi]);
                a00 = madd(b, x0, a00); a01 = madd(b, x1, a01); a02 = madd(b, x2, a02);
                b = FloatVector.broadcast(F, w[wi + 1]);
                a10 = madd(b, x0, a10); a11 = madd(b, x1, a11); a12 = madd(b, x2, a12);
                b = FloatVector.broadcast(F, w[wi + 2]);
                a20 = madd(b, x0, a20); a21 = madd(b, x1, a21); a22 = madd(b, x2, a22);
                b = FloatVector.broadcast(F, w[wi + 3]);
                a30 = madd(b, x0, a30); a31 = madd(b, x1, a31); a32 = madd(b, x2, a32);
                b = FloatVector.broadcast(F, w[wi + 4]);
                a40 = madd(b, x0, a40); a41 = madd(b, x1, a41); a42 = madd(b, x2, a42);
                b = FloatVector.broadcast(F, w[wi + 5]);
                a50 = madd(b, x0, a50); a51 = madd(b, x1, a51); a52 = madd(b, x2, a52);
                b = FloatVector.broadcast(F, w[wi + 6]);
                a60 = madd(b, x0, a60); a61 = madd(b, x1, a61); a62 = madd(b, x2, a62);
                b = FloatVector.broadcast(F, w[wi + 7]);
                a70 = madd(b, x0, a70); a71 = madd(b, x1, a71); a72 = madd(b, x2, a72);
            }
            wt += cb * 8;
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
    static final float[] TILE = new float[8 * 48];
    static void blockAcc(float[] x, int[] tapOff, int cb, int cs, int j, float[] w, int wOff, float[] out, int o, int st, boolean add) {
        if (!add) { block(x, tapOff, cb, cs, j, w, wOff, out, o, st, false); return; }
        block(x, tapOff, cb, cs, j, w, wOff, TILE, 0, 48, false);
        for (int i = 0; i < 8; i++) for (int p = 0; p < 48; p += VL)
            FloatVector.fromArray(F, TILE, i * 48 + p).add(FloatVector.fromArray(F, out, o + i * st + p)).intoArray(out, o + i * st + p);
    }
    static void st(FloatVector a, FloatVector b, FloatVector c, float[] out, int o, boolean add) {
        if (add) { a = a.add(FloatVector.fromArray(F, out, o)); b = b.add(FloatVector.fromArray(F, out, o + VL)); c = c.add(FloatVector.fromArray(F, out, o + 2 * VL)); }
        a.intoArray(out, o); b.intoArray(out, o + VL); c.intoArray(out, o + 2 * VL);
    }
    // out padded: K rows of stride st (>= positions rounded up to 48)
    static void conv(float[] planes, int C, int K, int outH, int outW, float[] wp, int cb, float[] out, int st, int order) {
        int ps = (outH + 1) * outW, cs = 6 * ps, n = outH * outW, kbs = K / 8;
        int[] tapOff = new int[9];
        for (int r = 0; r < 3; r++) for (int s = 0; s < 3; s++) tapOff[r * 3 + s] = ((r % 2) * 3 + s) * ps + (r / 2) * outW;
        if (order == 0) {
            for (int j = 0; j < n; j += 48) for (int cbk = 0; cbk < C / cb; cbk++) for (int kb = 0; kb < kbs; kb++)
                blockAcc(planes, tapOff0(tapOff, cbk * cb * cs), cb, cs, j, wp, ((cbk * kbs + kb) * 9) * cb * 8, out, kb * 8 * st + j, st, cbk > 0);
        } else {
            for (int cbk = 0; cbk < C / cb; cbk++) for (int kb = 0; kb < kbs; kb++) for (int j = 0; j < n; j += 48)
                blockAcc(planes, tapOff0(tapOff, cbk * cb * cs), cb, cs, j, wp, ((cbk * kbs + kb) * 9) * cb * 8, out, kb * 8 * st + j, st, cbk > 0);
        }
    }
    static int[] tapOff0(int[] t, int add) { int[] r = new int[9]; for (int i = 0; i < 9; i++) r[i] = t[i] + add; return r; }

    public static void main(String[] a) {
        int[][] L = {{64,56,128},{128,28,256},{256,14,512}};
        int[] cbs = {8, 16, 32, 64, 128, 256};
        for (int[] l : L) {
            int C = l[0], H = l[1], K = l[2], outH = H / 2, outW = H / 2, n = outH * outW, st = (n + 47) / 48 * 48;
            ConvShape s = ConvShape.of(1, C, H, H, K, 3, 2, 1);
            Random r = new Random(1);
            float[] x = new float[C * H * H], w = new float[K * C * 9], y = new float[K * n];
            for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() - .5f;
            for (int i = 0; i < w.length; i++) w[i] = r.nextFloat() - .5f;
            PreparedConvolution pc = Convolution.prepare(s, ConvAlgorithm.AUTO, w, 0);
            Parallelism par = Parallelism.threads(1);
            float[] planes = new float[C * 6 * (outH + 1) * outW + 64];
            float[] out = new float[K * st];
            double flops = 2.0 * K * C * 9 * n;
            StringBuilder sb = new StringBuilder(Arrays.toString(l));
            for (int round = 0; round < 3; round++) {
                sb.setLength(0); sb.append(Arrays.toString(l));
                sb.append(String.format(" prepared %.0f", flops / time(() -> pc.forward(1, x, 0, y, 0, ConvEpilogue.none(), par)) / 1e6));
                sb.append(String.format(" lower %.3fms", time(() -> lower(x, C, H, H, outH, outW, planes))));
                for (int cb : cbs) { if (cb > C) continue; float[] wp = pack(w, K, C, cb);
                    for (int order = 0; order < 2; order++) { final int o = order;
                        sb.append(String.format(" cb%d/%d %.0f", cb, o, flops / time(() -> conv(planes, C, K, outH, outW, wp, cb, out, st, o)) / 1e6)); } }
            }
            lower(x, C, H, H, outH, outW, planes); float[] wp = pack(w, K, C, 16); conv(planes, C, K, outH, outW, wp, 16, out, st, 0);
            pc.forward(1, x, 0, y, 0, ConvEpilogue.none(), par);
            double md = 0; for (int k = 0; k < K; k++) for (int p = 0; p < n; p++) md = Math.max(md, Math.abs(out[k * st + p] - y[k * n + p]));
            System.out.println(sb + " maxdiff " + md);
        }
    }
    static double time(Runnable run) {
        long[] ts = new long[300]; int n = 0; long t0 = System.nanoTime();
        while (n < ts.length && System.nanoTime() - t0 < 400_000_000L) { long s0 = System.nanoTime(); run.run(); ts[n++] = System.nanoTime() - s0; }
        long[] q = Arrays.copyOf(ts, n); Arrays.sort(q); return q[n / 2] / 1e6;
    }
}

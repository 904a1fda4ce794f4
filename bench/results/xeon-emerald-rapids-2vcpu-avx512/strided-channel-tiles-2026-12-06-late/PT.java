import dev.resvec.kernels.*;
import jdk.incubator.vector.*;
import java.util.*;

public class PT {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    static final int VL = 16, B = 32;
    static int CB = Integer.getInteger("cb", 128);

    static void t7s1(int C, float[] x, int q0, int plane, float[] w, int f0, float[] y, int y0, boolean acc) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z;
        FloatVector a10 = z, a11 = z;
        FloatVector a20 = z, a21 = z;
        FloatVector a30 = z, a31 = z;
        FloatVector a40 = z, a41 = z;
        FloatVector a50 = z, a51 = z;
        FloatVector a60 = z, a61 = z;
        if (acc) {
            a00 = FloatVector.fromArray(F, y, y0 + 0 * B); a01 = FloatVector.fromArray(F, y, y0 + 0 * B + VL);
            a10 = FloatVector.fromArray(F, y, y0 + 1 * B); a11 = FloatVector.fromArray(F, y, y0 + 1 * B + VL);
            a20 = FloatVector.fromArray(F, y, y0 + 2 * B); a21 = FloatVector.fromArray(F, y, y0 + 2 * B + VL);
            a30 = FloatVector.fromArray(F, y, y0 + 3 * B); a31 = FloatVector.fromArray(F, y, y0 + 3 * B + VL);
            a40 = FloatVector.fromArray(F, y, y0 + 4 * B); a41 = FloatVector.fromArray(F, y, y0 + 4 * B + VL);
            a50 = FloatVector.fromArray(F, y, y0 + 5 * B); a51 = FloatVector.fromArray(F, y, y0 + 5 * B + VL);
            a60 = FloatVector.fromArray(F, y, y0 + 6 * B); a61 = FloatVector.fromArray(F, y, y0 + 6 * B + VL);
        }
        for (int c = 0, q = q0, f = f0; c < C; c++, q += plane, f += B) {
            FloatVector w0 = FloatVector.fromArray(F, w, f), w1 = FloatVector.fromArray(F, w, f + VL);
            FloatVector b;
            b = FloatVector.broadcast(F, x[q + 0]); a00 = b.fma(w0, a00); a01 = b.fma(w1, a01);
            b = FloatVector.broadcast(F, x[q + 1]); a10 = b.fma(w0, a10); a11 = b.fma(w1, a11);
            b = FloatVector.broadcast(F, x[q + 2]); a20 = b.fma(w0, a20); a21 = b.fma(w1, a21);
            b = FloatVector.broadcast(F, x[q + 3]); a30 = b.fma(w0, a30); a31 = b.fma(w1, a31);
            b = FloatVector.broadcast(F, x[q + 4]); a40 = b.fma(w0, a40); a41 = b.fma(w1, a41);
            b = FloatVector.broadcast(F, x[q + 5]); a50 = b.fma(w0, a50); a51 = b.fma(w1, a51);
            b = FloatVector.broadcast(F, x[q + 6]); a60 = b.fma(w0, a60); a61 = b.fma(w1, a61);
        }
        a00.intoArray(y, y0 + 0 * B); a01.intoArray(y, y0 + 0 * B + VL);
        a10.intoArray(y, y0 + 1 * B); a11.intoArray(y, y0 + 1 * B + VL);
        a20.intoArray(y, y0 + 2 * B); a21.intoArray(y, y0 + 2 * B + VL);
        a30.intoArray(y, y0 + 3 * B); a31.intoArray(y, y0 + 3 * B + VL);
        a40.intoArray(y, y0 + 4 * B); a41.intoArray(y, y0 + 4 * B + VL);
        a50.intoArray(y, y0 + 5 * B); a51.intoArray(y, y0 + 5 * B + VL);
        a60.intoArray(y, y0 + 6 * B); a61.intoArray(y, y0 + 6 * B + VL);
    }

    static void t7s2(int C, float[] x, int q0, int plane, float[] w, int f0, float[] y, int y0, boolean acc) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z;
        FloatVector a10 = z, a11 = z;
        FloatVector a20 = z, a21 = z;
        FloatVector a30 = z, a31 = z;
        FloatVector a40 = z, a41 = z;
        FloatVector a50 = z, a51 = z;
        FloatVector a60 = z, a61 = z;
        if (acc) {
            a00 = FloatVector.fromArray(F, y, y0 + 0 * B); a01 = FloatVector.fromArray(F, y, y0 + 0 * B + VL);
            a10 = FloatVector.fromArray(F, y, y0 + 1 * B); a11 = FloatVector.fromArray(F, y, y0 + 1 * B + VL);
            a20 = FloatVector.fromArray(F, y, y0 + 2 * B); a21 = FloatVector.fromArray(F, y, y0 + 2 * B + VL);
            a30 = FloatVector.fromArray(F, y, y0 + 3 * B); a31 = FloatVector.fromArray(F, y, y0 + 3 * B + VL);
            a40 = FloatVector.fromArray(F, y, y0 + 4 * B); a41 = FloatVector.fromArray(F, y, y0 + 4 * B + VL);
            a50 = FloatVector.fromArray(F, y, y0 + 5 * B); a51 = FloatVector.fromArray(F, y, y0 + 5 * B + VL);
            a60 = FloatVector.fromArray(F, y, y0 + 6 * B); a61 = FloatVector.fromArray(F, y, y0 + 6 * B + VL);
        }
        for (int c = 0, q = q0, f = f0; c < C; c++, q += plane, f += B) {
            FloatVector w0 = FloatVector.fromArray(F, w, f), w1 = FloatVector.fromArray(F, w, f + VL);
            FloatVector b;
            b = FloatVector.broadcast(F, x[q + 0]); a00 = b.fma(w0, a00); a01 = b.fma(w1, a01);
            b = FloatVector.broadcast(F, x[q + 2]); a10 = b.fma(w0, a10); a11 = b.fma(w1, a11);
            b = FloatVector.broadcast(F, x[q + 4]); a20 = b.fma(w0, a20); a21 = b.fma(w1, a21);
            b = FloatVector.broadcast(F, x[q + 6]); a30 = b.fma(w0, a30); a31 = b.fma(w1, a31);
            b = FloatVector.broadcast(F, x[q + 8]); a40 = b.fma(w0, a40); a41 = b.fma(w1, a41);
            b = FloatVector.broadcast(F, x[q + 10]); a50 = b.fma(w0, a50); a51 = b.fma(w1, a51);
            b = FloatVector.broadcast(F, x[q + 12]); a60 = b.fma(w0, a60); a61 = b.fma(w1, a61);
        }
        a00.intoArray(y, y0 + 0 * B); a01.intoArray(y, y0 + 0 * B + VL);
        a10.intoArray(y, y0 + 1 * B); a11.intoArray(y, y0 + 1 * B + VL);
        a20.intoArray(y, y0 + 2 * B); a21.intoArray(y, y0 + 2 * B + VL);
        a30.intoArray(y, y0 + 3 * B); a31.intoArray(y, y0 + 3 * B + VL);
        a40.intoArray(y, y0 + 4 * B); a41.intoArray(y, y0 + 4 * B + VL);
        a50.intoArray(y, y0 + 5 * B); a51.intoArray(y, y0 + 5 * B + VL);
        a60.intoArray(y, y0 + 6 * B); a61.intoArray(y, y0 + 6 * B + VL);
    }

    static void conv(int C, int H, int K, int S, float[] x, float[] fp, float[] y, float[] out) {
        int ow = (H - 1) / S + 1, P = ow * ow, plane = H * H;
        for (int kb = 0; kb < K / B; kb++) {
            for (int c0 = 0; c0 < C; c0 += CB) {
                int cb = Math.min(CB, C - c0);
                for (int oy = 0; oy < ow; oy++)
                    for (int ox = 0; ox < ow; ox += 7) {
                        int q = c0 * plane + S * oy * H + S * ox;
                        if (S == 1) t7s1(cb, x, q, plane, fp, (kb * C + c0) * B, y, (oy * ow + ox) * B, c0 > 0);
                        else t7s2(cb, x, q, plane, fp, (kb * C + c0) * B, y, (oy * ow + ox) * B, c0 > 0);
                    }
            }
            // scalar transpose of the block
            int o = kb * B * P;
            for (int p = 0; p < P; p++) for (int j = 0; j < B; j++) out[o + j * P + p] = y[p * B + j];
        }
    }

    public static void main(String[] args) {
        int[][] L = {{512, 7, 2048, 1}, {2048, 7, 512, 1}, {256, 14, 1024, 1}, {1024, 14, 256, 1}, {128, 28, 512, 1}, {512, 28, 128, 1},
                     {1024, 14, 2048, 2}, {512, 28, 1024, 2}, {256, 56, 512, 2}, {64, 56, 128, 2}};
        for (int[] l : L) {
            int C = l[0], H = l[1], K = l[2], S = l[3];
            ConvShape s = ConvShape.of(1, C, H, H, K, 1, S, 0);
            Random r = new Random(1);
            float[] x = new float[s.inputSize()], w = new float[s.filterSize()], o1 = new float[s.outputSize()], o2 = new float[s.outputSize()];
            for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() - .5f;
            for (int i = 0; i < w.length; i++) w[i] = r.nextFloat() - .5f;
            PreparedConvolution p = Convolution.prepare(s, ConvAlgorithm.AUTO, w, 0);
            float[] fp = new float[K * C];
            for (int kb = 0; kb < K / B; kb++) for (int c = 0; c < C; c++) for (int j = 0; j < B; j++) fp[(kb * C + c) * B + j] = w[(kb * B + j) * C + c];
            int ow = (H - 1) / S + 1;
            float[] y = new float[ow * ow * B];
            Parallelism one = Parallelism.threads(1);
            p.forward(1, x, 0, o1, 0, ConvEpilogue.none(), one);
            conv(C, H, K, S, x, fp, y, o2);
            double maxErr = 0;
            for (int i = 0; i < o1.length; i++) maxErr = Math.max(maxErr, Math.abs(o1[i] - o2[i]));
            double gf = 2.0 * K * C * ow * ow / 1e6;
            String line = "";
            for (int round = 0; round < 3; round++) {
                double tl = time(() -> p.forward(1, x, 0, o1, 0, ConvEpilogue.none(), one));
                double tk = time(() -> conv(C, H, K, S, x, fp, y, o2));
                line = String.format("%s  library %.3f ms (%.0f GF)  tiles %.3f (%.0f GF)  maxErr %.2g", Arrays.toString(l), tl, gf / tl, tk, gf / tk, maxErr);
            }
            System.out.println(line);
        }
    }
    static double time(Runnable run) {
        long[] ts = new long[3000]; int n = 0; long t0 = System.nanoTime();
        while (n < ts.length && System.nanoTime() - t0 < 400_000_000L) { long s0 = System.nanoTime(); run.run(); ts[n++] = System.nanoTime() - s0; }
        long[] q = Arrays.copyOf(ts, n); Arrays.sort(q); return q[n / 2] / 1e6;
    }
}

package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.*;
import java.util.*;

public class PhaseData {
    static float[][] wsub = new float[4][], outs = new float[4][];

    static void run(ConvShape s, float[] g, float[] w, float[] dx, Parallelism par) {
        int n = s.batch(), c = s.inChannels(), k = s.outChannels(), oh = s.outHeight(), ow = s.outWidth();
        int h = s.height(), wd = s.width();
        ShiftedKernels kern = ShiftedBackends.active();
        for (int py = 0; py < 2; py++)
            for (int px = 0; px < 2; px++) {
                int ka = py == 0 ? 1 : 2, kb = px == 0 ? 1 : 2, pa = py, pb = px, ph = py * 2 + px;
                ConvShape d = new ConvShape(n, k, oh, ow, c, ka, kb, 1, 1, pa, pb, 1, 1, 1);
                if (wsub[ph] == null || wsub[ph].length < d.filterSize()) wsub[ph] = new float[d.filterSize()];
                if (outs[ph] == null || outs[ph].length < d.outputSize()) outs[ph] = new float[d.outputSize()];
                float[] ws = wsub[ph];
                for (int cc = 0; cc < c; cc++)
                    for (int kk = 0; kk < k; kk++)
                        for (int a = 0; a < ka; a++)
                            for (int b = 0; b < kb; b++) {
                                int r = py == 0 ? 1 : (a == 0 ? 2 : 0), q = px == 0 ? 1 : (b == 0 ? 2 : 0);
                                ws[((cc * k + kk) * ka + a) * kb + b] = w[((kk * c + cc) * 3 + r) * 3 + q];
                            }
                ShiftedForward.forward(kern, d, g, 0, ws, 0, outs[ph], 0, ConvEpilogue.none(), par);
            }
        // interleave
        int h0 = oh, w0 = ow, h1 = oh + 1, w1 = ow + 1;
        float[] o00 = outs[0], o01 = outs[1], o10 = outs[2], o11 = outs[3];
        for (int plane = 0; plane < n * c; plane++) {
            for (int i = 0; i < oh; i++) {
                int y0 = (plane * h + 2 * i) * wd, y1 = y0 + wd;
                int a00 = (plane * h0 + i) * w0, a01 = (plane * h0 + i) * w1 + 1;
                int a10 = (plane * h1 + i + 1) * w0, a11 = (plane * h1 + i + 1) * w1 + 1;
                for (int j = 0; j < ow; j++) {
                    dx[y0 + 2 * j] = o00[a00 + j];
                    dx[y0 + 2 * j + 1] = o01[a01 + j];
                    dx[y1 + 2 * j] = o10[a10 + j];
                    dx[y1 + 2 * j + 1] = o11[a11 + j];
                }
            }
        }
    }

    public static void main(String[] a) {
        int threads = Integer.parseInt(a[0]);
        int[][] L = {{16, 32, 32}, {32, 16, 64}};
        Parallelism par = Parallelism.threads(threads);
        for (int[] l : L) {
            ConvShape s = ConvShape.of(64, l[0], l[1], l[1], l[2], 3, 2, 1);
            Random r = new Random(1);
            float[] g = new float[(int) s.outputSize()], w = new float[(int) s.filterSize()];
            for (int i = 0; i < g.length; i++) g[i] = r.nextFloat() - .5f; for (int i = 0; i < w.length; i++) w[i] = r.nextFloat() - .5f;
            float[] d1 = new float[(int) s.inputSize()], d2 = new float[d1.length];
            double[] ta = new double[9], tb = new double[9];
            for (int round = 0; round < 9; round++) {
                long t0 = System.nanoTime(); int n = 0;
                while (System.nanoTime() - t0 < 300_000_000L) { Convolution.backwardData(s, ConvAlgorithm.AUTO, g, 0, w, 0, d1, 0, par); n++; }
                ta[round] = (System.nanoTime() - t0) / 1e6 / n;
                t0 = System.nanoTime(); n = 0;
                while (System.nanoTime() - t0 < 300_000_000L) { run(s, g, w, d2, par); n++; }
                tb[round] = (System.nanoTime() - t0) / 1e6 / n;
            }
            double md = 0, mv = 0;
            for (int i = 0; i < d1.length; i++) { md = Math.max(md, Math.abs(d1[i] - d2[i])); mv = Math.max(mv, Math.abs(d1[i])); }
            Arrays.sort(ta); Arrays.sort(tb);
            System.out.printf("%s threads %d: library %.3f ms, phases %.3f ms, ratio %.2f, maxdiff %.2e of %.2e%n", Arrays.toString(l), threads, ta[4], tb[4], ta[4] / tb[4], md, mv);
        }
    }
}

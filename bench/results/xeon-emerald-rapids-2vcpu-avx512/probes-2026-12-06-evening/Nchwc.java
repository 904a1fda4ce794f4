package dev.resvec.kernels.vector;

import static dev.resvec.kernels.vector.VectorConfig.F;
import static dev.resvec.kernels.vector.VectorConfig.VL;
import dev.resvec.kernels.*;
import jdk.incubator.vector.FloatVector;
import java.util.*;

/** Probe: 1x1 conv on channel-blocked activations [C/16][P][16], weights [K/32][C][32], 8 positions x 32 channels tile. */
public class Nchwc {
    // acc over channels [c0, c1) for positions p0..p0+7 and output block pair kb2; first: store else accumulate
    static void tile(float[] x, int P, int p0, int c0, int c1, float[] w, int wOff, float[] y, int yOff0, int yOff1,
                     float[] bias, int bOff, boolean first, boolean last) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero, c30 = zero, c31 = zero;
        FloatVector c40 = zero, c41 = zero, c50 = zero, c51 = zero, c60 = zero, c61 = zero, c70 = zero, c71 = zero;
        int wi = wOff + c0 * 32;
        int xbase = p0 * 16, cstride = P * 16 - 16;
        for (int c = c0; c < c1; c++, wi += 32) {
            {
                int ai = xbase + (c >> 4) * cstride + c;
                FloatVector b0 = FloatVector.fromArray(F, w, wi);
                FloatVector b1 = FloatVector.fromArray(F, w, wi + VL);
                FloatVector a;
                a = FloatVector.broadcast(F, x[ai]); c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
                a = FloatVector.broadcast(F, x[ai + 16]); c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
                a = FloatVector.broadcast(F, x[ai + 32]); c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
                a = FloatVector.broadcast(F, x[ai + 48]); c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
                a = FloatVector.broadcast(F, x[ai + 64]); c40 = a.fma(b0, c40); c41 = a.fma(b1, c41);
                a = FloatVector.broadcast(F, x[ai + 80]); c50 = a.fma(b0, c50); c51 = a.fma(b1, c51);
                a = FloatVector.broadcast(F, x[ai + 96]); c60 = a.fma(b0, c60); c61 = a.fma(b1, c61);
                a = FloatVector.broadcast(F, x[ai + 112]); c70 = a.fma(b0, c70); c71 = a.fma(b1, c71);
            }
        }
        if (!first) {
            c00 = c00.add(FloatVector.fromArray(F, y, yOff0)); c01 = c01.add(FloatVector.fromArray(F, y, yOff1));
            c10 = c10.add(FloatVector.fromArray(F, y, yOff0 + 16)); c11 = c11.add(FloatVector.fromArray(F, y, yOff1 + 16));
            c20 = c20.add(FloatVector.fromArray(F, y, yOff0 + 32)); c21 = c21.add(FloatVector.fromArray(F, y, yOff1 + 32));
            c30 = c30.add(FloatVector.fromArray(F, y, yOff0 + 48)); c31 = c31.add(FloatVector.fromArray(F, y, yOff1 + 48));
            c40 = c40.add(FloatVector.fromArray(F, y, yOff0 + 64)); c41 = c41.add(FloatVector.fromArray(F, y, yOff1 + 64));
            c50 = c50.add(FloatVector.fromArray(F, y, yOff0 + 80)); c51 = c51.add(FloatVector.fromArray(F, y, yOff1 + 80));
            c60 = c60.add(FloatVector.fromArray(F, y, yOff0 + 96)); c61 = c61.add(FloatVector.fromArray(F, y, yOff1 + 96));
            c70 = c70.add(FloatVector.fromArray(F, y, yOff0 + 112)); c71 = c71.add(FloatVector.fromArray(F, y, yOff1 + 112));
        }
        if (last) {
            FloatVector b0 = FloatVector.fromArray(F, bias, bOff), b1 = FloatVector.fromArray(F, bias, bOff + VL);
            c00 = c00.add(b0).max(0f); c01 = c01.add(b1).max(0f); c10 = c10.add(b0).max(0f); c11 = c11.add(b1).max(0f);
            c20 = c20.add(b0).max(0f); c21 = c21.add(b1).max(0f); c30 = c30.add(b0).max(0f); c31 = c31.add(b1).max(0f);
            c40 = c40.add(b0).max(0f); c41 = c41.add(b1).max(0f); c50 = c50.add(b0).max(0f); c51 = c51.add(b1).max(0f);
            c60 = c60.add(b0).max(0f); c61 = c61.add(b1).max(0f); c70 = c70.add(b0).max(0f); c71 = c71.add(b1).max(0f);
        }
        c00.intoArray(y, yOff0); c01.intoArray(y, yOff1); c10.intoArray(y, yOff0 + 16); c11.intoArray(y, yOff1 + 16);
        c20.intoArray(y, yOff0 + 32); c21.intoArray(y, yOff1 + 32); c30.intoArray(y, yOff0 + 48); c31.intoArray(y, yOff1 + 48);
        c40.intoArray(y, yOff0 + 64); c41.intoArray(y, yOff1 + 64); c50.intoArray(y, yOff0 + 80); c51.intoArray(y, yOff1 + 80);
        c60.intoArray(y, yOff0 + 96); c61.intoArray(y, yOff1 + 96); c70.intoArray(y, yOff0 + 112); c71.intoArray(y, yOff1 + 112);
    }

    // P multiple of 8 (probe); kcb: channels per depth block (multiple of 16); pb: positions per block
    static void conv(float[] x, int C, int P, float[] w, int K, float[] y, float[] bias, int kcb, int pb) {
        for (int c0 = 0; c0 < C; c0 += kcb) {
            int c1 = Math.min(C, c0 + kcb);
            for (int q0 = 0; q0 < P; q0 += pb) {
                int q1 = Math.min(P, q0 + pb);
                for (int kb2 = 0; kb2 < K / 32; kb2++) {
                    int wOff = kb2 * C * 32;
                    int y0 = (2 * kb2) * P * 16, y1 = (2 * kb2 + 1) * P * 16;
                    for (int p0 = q0; p0 < q1; p0 += 8) {
                        tile(x, P, p0, c0, c1, w, wOff, y, y0 + p0 * 16, y1 + p0 * 16, bias, kb2 * 32, c0 == 0, c1 == C);
                    }
                }
            }
        }
    }

    public static void main(String[] args) {
        int batch = Integer.parseInt(args[0]);
        int kcb = Integer.parseInt(args[1]), pb = Integer.parseInt(args[2]);
        int[][] L = {{64, 56, 256}, {256, 56, 64}, {512, 28, 128}, {128, 28, 512}, {1024, 14, 256}, {256, 14, 1024}, {2048, 7, 512}, {512, 7, 2048}};
        Parallelism one = Parallelism.threads(1);
        StringBuilder s1 = new StringBuilder(), s2 = new StringBuilder();
        for (int[] l : L) {
            int C = l[0], H = l[1], K = l[2], P = batch * H * H;
            int Pp = (P + 7) / 8 * 8;
            Random r = new Random(1);
            float[] x = new float[C * Pp], w = new float[K * C], y = new float[K * Pp], bias = new float[K];
            for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() - .5f;
            for (int i = 0; i < w.length; i++) w[i] = r.nextFloat() - .5f;
            ConvShape s = ConvShape.of(batch, C, H, H, K, 1, 1, 0);
            float[] xn = new float[(int) s.inputSize()], yn = new float[(int) s.outputSize()];
            for (int i = 0; i < xn.length; i++) xn[i] = r.nextFloat() - .5f;
            float[] wn = new float[(int) s.filterSize()];
            for (int i = 0; i < wn.length; i++) wn[i] = r.nextFloat() - .5f;
            PreparedConvolution pc = Convolution.prepare(s, ConvAlgorithm.POINTWISE_GEMM, wn, 0);
            ConvEpilogue ep = ConvEpilogue.none().withBias(bias, 0).withRelu();
            double[] t1 = new double[7], t2 = new double[7];
            for (int round = 0; round < 7; round++) {
                long t0 = System.nanoTime(); int n = 0;
                while (System.nanoTime() - t0 < 150_000_000L) { conv(x, C, Pp, w, K, y, bias, kcb, pb); n++; }
                t1[round] = (System.nanoTime() - t0) / 1e6 / n;
                t0 = System.nanoTime(); n = 0;
                while (System.nanoTime() - t0 < 150_000_000L) { pc.forward(batch, xn, 0, yn, 0, ep, one); n++; }
                t2[round] = (System.nanoTime() - t0) / 1e6 / n;
            }
            Arrays.sort(t1); Arrays.sort(t2);
            double fl = 2.0 * C * K * P;
            s1.append(String.format(" %d>%d@%d %.0f", C, K, H, fl / t1[3] / 1e6));
            s2.append(String.format(" %d>%d@%d %.0f", C, K, H, fl / t2[3] / 1e6));
        }
        System.out.println("nchw16c b" + batch + ":" + s1);
        System.out.println("nchw    b" + batch + ":" + s2);
    }
}

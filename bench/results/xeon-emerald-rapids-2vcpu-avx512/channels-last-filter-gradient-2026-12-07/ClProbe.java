import dev.resvec.kernels.*;
import jdk.incubator.vector.*;
import java.util.*;

public class ClProbe {
    static final int UNIT_POS = Integer.getInteger("unit", 256);
    static final boolean FAST = true;
    static final dev.resvec.kernels.internal.conv.WinogradGradientKernels WG = dev.resvec.kernels.vector.VectorWinogradGradientKernels.create();
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int VL = S.length();

    // xt: padded channel-last image [(H+2p)][(W+2p)][C]
    static void transpose(float[] x, int xOff, int C, int H, int W, int p, float[] xt) {
        int PW = W + 2 * p, PH = H + 2 * p;
        Arrays.fill(xt, 0, PH * PW * C, 0f);
        for (int c = 0; c < C; c++)
            for (int y = 0; y < H; y++) {
                int src = xOff + (c * H + y) * W, dst = ((y + p) * PW + p) * C + c;
                for (int xx = 0; xx < W; xx++) xt[dst + xx * C] = x[src + xx];
            }
    }

    // block of 8 output channels x 3 taps (one kernel row r) x one vector of channels, over one image
    static void block(float[] g, int gOff, int ohw, int OH, int OW, float[] xt, int xRow0, int rowStride, int colStep, int C,
                      float[] part, int pOff) {
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a10 = a00, a11 = a00, a12 = a00,
                a20 = a00, a21 = a00, a22 = a00, a30 = a00, a31 = a00, a32 = a00,
                a40 = a00, a41 = a00, a42 = a00, a50 = a00, a51 = a00, a52 = a00,
                a60 = a00, a61 = a00, a62 = a00, a70 = a00, a71 = a00, a72 = a00;
        for (int oy = 0; oy < OH; oy++) {
            int xb = xRow0 + oy * rowStride, gb = gOff + oy * OW;
            for (int ox = 0; ox < OW; ox++, xb += colStep, gb++) {
                FloatVector x0 = FloatVector.fromArray(S, xt, xb);
                FloatVector x1 = FloatVector.fromArray(S, xt, xb + C);
                FloatVector x2 = FloatVector.fromArray(S, xt, xb + 2 * C);
                FloatVector b;
                b = FloatVector.broadcast(S, g[gb]); a00 = b.fma(x0, a00); a01 = b.fma(x1, a01); a02 = b.fma(x2, a02);
                b = FloatVector.broadcast(S, g[gb + ohw]); a10 = b.fma(x0, a10); a11 = b.fma(x1, a11); a12 = b.fma(x2, a12);
                b = FloatVector.broadcast(S, g[gb + 2 * ohw]); a20 = b.fma(x0, a20); a21 = b.fma(x1, a21); a22 = b.fma(x2, a22);
                b = FloatVector.broadcast(S, g[gb + 3 * ohw]); a30 = b.fma(x0, a30); a31 = b.fma(x1, a31); a32 = b.fma(x2, a32);
                b = FloatVector.broadcast(S, g[gb + 4 * ohw]); a40 = b.fma(x0, a40); a41 = b.fma(x1, a41); a42 = b.fma(x2, a42);
                b = FloatVector.broadcast(S, g[gb + 5 * ohw]); a50 = b.fma(x0, a50); a51 = b.fma(x1, a51); a52 = b.fma(x2, a52);
                b = FloatVector.broadcast(S, g[gb + 6 * ohw]); a60 = b.fma(x0, a60); a61 = b.fma(x1, a61); a62 = b.fma(x2, a62);
                b = FloatVector.broadcast(S, g[gb + 7 * ohw]); a70 = b.fma(x0, a70); a71 = b.fma(x1, a71); a72 = b.fma(x2, a72);
            }
        }
        int t = 3 * VL;  // part layout: [i][tap 0..2][VL]
        a00.intoArray(part, pOff); a01.intoArray(part, pOff + VL); a02.intoArray(part, pOff + 2 * VL);
        a10.intoArray(part, pOff + t); a11.intoArray(part, pOff + t + VL); a12.intoArray(part, pOff + t + 2 * VL);
        a20.intoArray(part, pOff + 2 * t); a21.intoArray(part, pOff + 2 * t + VL); a22.intoArray(part, pOff + 2 * t + 2 * VL);
        a30.intoArray(part, pOff + 3 * t); a31.intoArray(part, pOff + 3 * t + VL); a32.intoArray(part, pOff + 3 * t + 2 * VL);
        a40.intoArray(part, pOff + 4 * t); a41.intoArray(part, pOff + 4 * t + VL); a42.intoArray(part, pOff + 4 * t + 2 * VL);
        a50.intoArray(part, pOff + 5 * t); a51.intoArray(part, pOff + 5 * t + VL); a52.intoArray(part, pOff + 5 * t + 2 * VL);
        a60.intoArray(part, pOff + 6 * t); a61.intoArray(part, pOff + 6 * t + VL); a62.intoArray(part, pOff + 6 * t + 2 * VL);
        a70.intoArray(part, pOff + 7 * t); a71.intoArray(part, pOff + 7 * t + VL); a72.intoArray(part, pOff + 7 * t + 2 * VL);
    }

    static void addInto(float[] tmp, float[] sum, int off, int n) {
        for (int i = 0; i < n; i += VL) FloatVector.fromArray(S, sum, off + i).add(FloatVector.fromArray(S, tmp, i)).intoArray(sum, off + i);
    }
    static void run(ConvShape s, float[] x, float[] g, float[] dw, float[] xt, float[] sum) {
        int C = s.inChannels(), K = s.outChannels(), H = s.height(), W = s.width(), p = s.padH(), st = s.strideH();
        int OH = s.outHeight(), OW = s.outWidth(), ohw = OH * OW, PW = W + 2 * p, PH = H + 2 * p, xImage = PH * PW * C;
        int blockFloats = 8 * 3 * VL;
        for (int n = 0; n < s.batch(); n++)
            WG.channelsLast(x, n * C * H * W, H * W, C, H, W, xt, n * xImage + (p * PW + p) * C, PW, C);
        float[] tmp = new float[blockFloats];
        int blocks = K / 8 * 3 * (C / VL);
        for (int n = 0; n < s.batch(); n++)
        for (int b = 0; b < blocks; b++) {
            int kb = b / (3 * (C / VL)), r = b / (C / VL) % 3, cb = b % (C / VL);
            int at = b * blockFloats;
                block(g, (n * K + kb * 8) * ohw, ohw, OH, OW, xt, n * xImage + r * PW * C + cb * VL, st * PW * C, st * C, C, n == 0 ? sum : tmp, n == 0 ? at : 0);
                if (n > 0) addInto(tmp, sum, at, blockFloats);
        }
        int at = 0;
        for (int kb = 0; kb < K / 8; kb++)
            for (int r = 0; r < 3; r++)
                for (int cb = 0; cb < C / VL; cb++, at += blockFloats)
                    for (int i = 0; i < 8; i++)
                        for (int t = 0; t < 3; t++)
                            for (int l = 0; l < VL; l++)
                                dw[(((kb * 8 + i) * C + cb * VL + l) * 3 + r) * 3 + t] = sum[at + (i * 3 + t) * VL + l];
    }

    public static void main(String[] a) {
        int[][] L = java.util.Arrays.stream(System.getProperty("layers").split(";")).map(z -> java.util.Arrays.stream(z.split(",")).mapToInt(Integer::parseInt).toArray()).toArray(int[][]::new); int B = Integer.getInteger("batch", 64);
        for (int[] l : L) {
            ConvShape s = ConvShape.of(B, l[0], l[1], l[1], l[2], 3, l[3], 1);
            Random rnd = new Random(1);
            float[] x = new float[(int) s.inputSize()], g = new float[(int) s.outputSize()];
            for (int i = 0; i < x.length; i++) x[i] = rnd.nextFloat() - .5f;
            for (int i = 0; i < g.length; i++) g[i] = rnd.nextFloat() - .5f;
            float[] dw1 = new float[(int) s.filterSize()], dw2 = new float[dw1.length];
            int PW = s.width() + 2, PH = s.height() + 2;
            float[] xt = new float[B * PH * PW * s.inChannels()]; float[] xt1 = new float[PH * PW * s.inChannels()];
            float[] slots = new float[s.outChannels() * 9 * s.inChannels()];
            Parallelism one = Parallelism.threads(1);
            double[] tA = new double[9], tB = new double[9];
            for (int round = 0; round < 9; round++) {
                long t0 = System.nanoTime(); int n = 0;
                while (System.nanoTime() - t0 < 300_000_000L) { Convolution.backwardFilter(s, ConvAlgorithm.AUTO, x, 0, g, 0, dw1, 0, null, 0, one); n++; }
                tA[round] = (System.nanoTime() - t0) / 1e6 / n;
                t0 = System.nanoTime(); n = 0;
                while (System.nanoTime() - t0 < 300_000_000L) { run(s, x, g, dw2, xt, slots); n++; }
                tB[round] = (System.nanoTime() - t0) / 1e6 / n;
            }
            // transpose alone
            long t0 = System.nanoTime(); int n = 0;
            while (System.nanoTime() - t0 < 200_000_000L) { for (int b = 0; b < B; b++) WG.channelsLast(x, b * s.inChannels() * s.height() * s.width(), s.height() * s.width(), s.inChannels(), s.height(), s.width(), xt, b * PH * PW * s.inChannels() + (PW + 1) * s.inChannels(), PW, s.inChannels()); n++; }
            double tt = (System.nanoTime() - t0) / 1e6 / n;
            double maxd = 0, maxv = 0;
            for (int i = 0; i < dw1.length; i++) { maxd = Math.max(maxd, Math.abs(dw1[i] - dw2[i])); maxv = Math.max(maxv, Math.abs(dw1[i])); }
            Arrays.sort(tA); Arrays.sort(tB);
            double fl = 2.0 * s.batch() * s.outHeight() * s.outWidth() * s.outChannels() * s.inChannels() * 9;
            System.out.printf("%s: library %.3f ms, channel-last %.3f ms (%.0f GFLOP/s; transposes %.3f) ratio %.2f  maxdiff %.2e of %.2e%n",
                    Arrays.toString(l), tA[4], tB[4], fl / tB[4] / 1e6, tt, tA[4] / tB[4], maxd, maxv);
        }
    }
}

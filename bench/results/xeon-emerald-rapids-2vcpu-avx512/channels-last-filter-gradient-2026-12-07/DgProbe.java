import dev.resvec.kernels.*;
import jdk.incubator.vector.*;
import java.util.*;

public class DgProbe {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    static final int VL = 16;

    // two output positions (ox0, ox0+1) of row oy, one vector of input channels: 3x5 target block
    static void tile(float[] g, int gOff, int gStride, int k, float[] w, int wOff, int wTap, float[] x, int xOff, int xRow, int xCol) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a02 = z, a03 = z, a04 = z;
        FloatVector a10 = z, a11 = z, a12 = z, a13 = z, a14 = z;
        FloatVector a20 = z, a21 = z, a22 = z, a23 = z, a24 = z;
        for (int kk = 0, gi = gOff, wi = wOff; kk < k; kk++, gi += gStride, wi += VL) {
            FloatVector b0 = FloatVector.broadcast(F, g[gi]), b1 = FloatVector.broadcast(F, g[gi + 1]);
            FloatVector v;
            v = FloatVector.fromArray(F, w, wi); a00 = b0.fma(v, a00); a02 = b1.fma(v, a02);
            v = FloatVector.fromArray(F, w, wi + wTap); a01 = b0.fma(v, a01); a03 = b1.fma(v, a03);
            v = FloatVector.fromArray(F, w, wi + 2 * wTap); a02 = b0.fma(v, a02); a04 = b1.fma(v, a04);
            v = FloatVector.fromArray(F, w, wi + 3 * wTap); a10 = b0.fma(v, a10); a12 = b1.fma(v, a12);
            v = FloatVector.fromArray(F, w, wi + 4 * wTap); a11 = b0.fma(v, a11); a13 = b1.fma(v, a13);
            v = FloatVector.fromArray(F, w, wi + 5 * wTap); a12 = b0.fma(v, a12); a14 = b1.fma(v, a14);
            v = FloatVector.fromArray(F, w, wi + 6 * wTap); a20 = b0.fma(v, a20); a22 = b1.fma(v, a22);
            v = FloatVector.fromArray(F, w, wi + 7 * wTap); a21 = b0.fma(v, a21); a23 = b1.fma(v, a23);
            v = FloatVector.fromArray(F, w, wi + 8 * wTap); a22 = b0.fma(v, a22); a24 = b1.fma(v, a24);
        }
        int o = xOff;
        FloatVector.fromArray(F, x, o).add(a00).intoArray(x, o); FloatVector.fromArray(F, x, o + xCol).add(a01).intoArray(x, o + xCol);
        FloatVector.fromArray(F, x, o + 2 * xCol).add(a02).intoArray(x, o + 2 * xCol); FloatVector.fromArray(F, x, o + 3 * xCol).add(a03).intoArray(x, o + 3 * xCol);
        FloatVector.fromArray(F, x, o + 4 * xCol).add(a04).intoArray(x, o + 4 * xCol);
        o += xRow;
        FloatVector.fromArray(F, x, o).add(a10).intoArray(x, o); FloatVector.fromArray(F, x, o + xCol).add(a11).intoArray(x, o + xCol);
        FloatVector.fromArray(F, x, o + 2 * xCol).add(a12).intoArray(x, o + 2 * xCol); FloatVector.fromArray(F, x, o + 3 * xCol).add(a13).intoArray(x, o + 3 * xCol);
        FloatVector.fromArray(F, x, o + 4 * xCol).add(a14).intoArray(x, o + 4 * xCol);
        o += xRow;
        FloatVector.fromArray(F, x, o).add(a20).intoArray(x, o); FloatVector.fromArray(F, x, o + xCol).add(a21).intoArray(x, o + xCol);
        FloatVector.fromArray(F, x, o + 2 * xCol).add(a22).intoArray(x, o + 2 * xCol); FloatVector.fromArray(F, x, o + 3 * xCol).add(a23).intoArray(x, o + 3 * xCol);
        FloatVector.fromArray(F, x, o + 4 * xCol).add(a24).intoArray(x, o + 4 * xCol);
    }

    static void run(ConvShape s, float[] g, float[] w, float[] dx, float[] wt, float[] xcl) {
        int n = s.batch(), c = s.inChannels(), k = s.outChannels(), h = s.height(), wd = s.width(), oh = s.outHeight(), ow = s.outWidth();
        int p = s.padH(), ph = h + 2 * p + 1, pw = wd + 2 * p + 1;
        // wt[cb][tap][k][VL]
        int cbs = c / VL;
        for (int cb = 0; cb < cbs; cb++) for (int t = 0; t < 9; t++) for (int kk = 0; kk < k; kk++) for (int l = 0; l < VL; l++)
            wt[((cb * 9 + t) * k + kk) * VL + l] = w[(kk * c + cb * VL + l) * 9 + t];
        for (int img = 0; img < n; img++) {
            Arrays.fill(xcl, 0, ph * pw * c, 0f);
            for (int cb = 0; cb < cbs; cb++)
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox += 2)
                        tile(g, (img * k) * oh * ow + oy * ow + ox, oh * ow, k, wt, cb * 9 * k * VL, k * VL, xcl, ((2 * oy) * pw + 2 * ox) * c + cb * VL, pw * c, c);
            // interior to NCHW (scalar here)
            for (int cc = 0; cc < c; cc++) for (int y = 0; y < h; y++) { int src = ((y + p) * pw + p) * c + cc, dst = ((img * c + cc) * h + y) * wd; for (int xx = 0; xx < wd; xx++) dx[dst + xx] = xcl[src + xx * c]; }
        }
    }

    public static void main(String[] a) {
        int[][] L = {{16, 32, 32}, {32, 16, 64}};
        for (int[] l : L) {
            ConvShape s = ConvShape.of(64, l[0], l[1], l[1], l[2], 3, 2, 1);
            Random r = new Random(1);
            float[] g = new float[(int) s.outputSize()], w = new float[(int) s.filterSize()];
            for (int i = 0; i < g.length; i++) g[i] = r.nextFloat() - .5f; for (int i = 0; i < w.length; i++) w[i] = r.nextFloat() - .5f;
            float[] d1 = new float[(int) s.inputSize()], d2 = new float[d1.length], wt = new float[w.length];
            float[] xcl = new float[(s.height() + 3) * (s.width() + 3) * s.inChannels()];
            Parallelism one = Parallelism.threads(1);
            double[] ta = new double[9], tb = new double[9];
            for (int round = 0; round < 9; round++) {
                long t0 = System.nanoTime(); int n = 0;
                while (System.nanoTime() - t0 < 300_000_000L) { Convolution.backwardData(s, ConvAlgorithm.AUTO, g, 0, w, 0, d1, 0, one); n++; }
                ta[round] = (System.nanoTime() - t0) / 1e6 / n;
                t0 = System.nanoTime(); n = 0;
                while (System.nanoTime() - t0 < 300_000_000L) { run(s, g, w, d2, wt, xcl); n++; }
                tb[round] = (System.nanoTime() - t0) / 1e6 / n;
            }
            double md = 0, mv = 0; for (int i = 0; i < d1.length; i++) { md = Math.max(md, Math.abs(d1[i] - d2[i])); mv = Math.max(mv, Math.abs(d1[i])); }
            Arrays.sort(ta); Arrays.sort(tb);
            System.out.printf("%s: library %.3f ms, channels-last scatter %.3f ms (%.2fx) maxdiff %.1e of %.1e%n", Arrays.toString(l), ta[4], tb[4], ta[4] / tb[4], md, mv);
        }
    }
}

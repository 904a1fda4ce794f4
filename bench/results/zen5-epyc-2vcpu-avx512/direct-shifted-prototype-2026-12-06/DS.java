import dev.resvec.kernels.*;
import jdk.incubator.vector.*;
import java.util.*;
/** Prototype: direct 3x3/1 pad 1 convolution on column-shifted planes, 8 out channels x 48 positions per tile. */
public class DS {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final int VL = F.length();

    /** planes: per image block, per channel c: 3 planes (s) of (H+2)*W floats (+ VL slack). */
    static void lower(float[] in, int img, int C, int H, int W, float[] pl, int planeSize) {
        for (int c = 0; c < C; c++) {
            int src = (img * C + c) * H * W;
            for (int s = 0; s < 3; s++) {
                int p = (c * 3 + s) * planeSize;
                Arrays.fill(pl, p, p + W, 0f);                       // top pad row
                Arrays.fill(pl, p + (H + 1) * W, p + (H + 2) * W, 0f); // bottom pad row
                for (int y = 0; y < H; y++) {
                    int d = p + (y + 1) * W, row = src + y * W;
                    // plane_s[t][x] = in[t-1][x + s - 1]
                    if (s == 0) { pl[d] = 0f; System.arraycopy(in, row, pl, d + 1, W - 1); }
                    else if (s == 1) System.arraycopy(in, row, pl, d, W);
                    else { System.arraycopy(in, row + 1, pl, d, W - 1); pl[d + W - 1] = 0f; }
                }
            }
        }
    }

    /** wp[kb][c][r][s][8]: the filters of 8 output channels per tap, contiguous. */
    static float[] pack(float[] w, int K, int C) {
        int kb = (K + 7) / 8; float[] p = new float[kb * C * 9 * 8];
        for (int k = 0; k < K; k++) for (int c = 0; c < C; c++) for (int t = 0; t < 9; t++)
            p[(((k / 8) * C + c) * 9 + t) * 8 + k % 8] = w[(k * C + c) * 9 + t];
        return p;
    }

    static int[] OFF;
    static void conv(float[] in, float[] wp, float[] out, int N, int C, int K, int H, int W, float[] pl) {
        int HW = H * W, planeSize = (H + 2) * W + 3 * VL;
        if (OFF == null || OFF.length != 9 * C || OFF[1] != W * 0 + (0 * 3 + 1) * planeSize) { OFF = new int[9 * C]; for (int c = 0; c < C; c++) for (int r = 0; r < 3; r++) for (int s = 0; s < 3; s++) OFF[c * 9 + r * 3 + s] = (c * 3 + s) * planeSize + r * W; }
        for (int n = 0; n < N; n++) {
            lower(in, n, C, H, W, pl, planeSize);
            for (int kb = 0; kb < K / 8; kb++) {
                int j = 0;
                for (; j + 3 * VL <= HW; j += 3 * VL) block(pl, planeSize, wp, kb * C * 72, C, W, j, out, (n * K + kb * 8) * HW + j, HW);
                for (; j < HW; j += VL) block1(pl, planeSize, wp, kb * C * 72, C, W, j, out, (n * K + kb * 8) * HW + j, HW, HW - j);
            }
        }
    }

    static void block(float[] pl, int ps, float[] wp, int wo, int C, int W, int j, float[] out, int o, int HW) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00=z,a01=z,a02=z,a10=z,a11=z,a12=z,a20=z,a21=z,a22=z,a30=z,a31=z,a32=z,a40=z,a41=z,a42=z,a50=z,a51=z,a52=z,a60=z,a61=z,a62=z,a70=z,a71=z,a72=z;
        int[] xo = OFF;
        for (int t = 0, taps = 9 * C; t < taps; t++) {
            {
                int x = xo[t] + j, wi = wo + t * 8;
                FloatVector x0 = FloatVector.fromArray(F, pl, x), x1 = FloatVector.fromArray(F, pl, x + VL), x2 = FloatVector.fromArray(F, pl, x + 2 * VL);
                FloatVector b = FloatVector.broadcast(F, wp[wi]); a00 = b.fma(x0, a00); a01 = b.fma(x1, a01); a02 = b.fma(x2, a02);
                b = FloatVector.broadcast(F, wp[wi + 1]); a10 = b.fma(x0, a10); a11 = b.fma(x1, a11); a12 = b.fma(x2, a12);
                b = FloatVector.broadcast(F, wp[wi + 2]); a20 = b.fma(x0, a20); a21 = b.fma(x1, a21); a22 = b.fma(x2, a22);
                b = FloatVector.broadcast(F, wp[wi + 3]); a30 = b.fma(x0, a30); a31 = b.fma(x1, a31); a32 = b.fma(x2, a32);
                b = FloatVector.broadcast(F, wp[wi + 4]); a40 = b.fma(x0, a40); a41 = b.fma(x1, a41); a42 = b.fma(x2, a42);
                b = FloatVector.broadcast(F, wp[wi + 5]); a50 = b.fma(x0, a50); a51 = b.fma(x1, a51); a52 = b.fma(x2, a52);
                b = FloatVector.broadcast(F, wp[wi + 6]); a60 = b.fma(x0, a60); a61 = b.fma(x1, a61); a62 = b.fma(x2, a62);
                b = FloatVector.broadcast(F, wp[wi + 7]); a70 = b.fma(x0, a70); a71 = b.fma(x1, a71); a72 = b.fma(x2, a72);
            }
        }
        a00.intoArray(out, o); a01.intoArray(out, o + VL); a02.intoArray(out, o + 2 * VL);
        a10.intoArray(out, o + HW); a11.intoArray(out, o + HW + VL); a12.intoArray(out, o + HW + 2 * VL);
        a20.intoArray(out, o + 2*HW); a21.intoArray(out, o + 2*HW + VL); a22.intoArray(out, o + 2*HW + 2 * VL);
        a30.intoArray(out, o + 3*HW); a31.intoArray(out, o + 3*HW + VL); a32.intoArray(out, o + 3*HW + 2 * VL);
        a40.intoArray(out, o + 4*HW); a41.intoArray(out, o + 4*HW + VL); a42.intoArray(out, o + 4*HW + 2 * VL);
        a50.intoArray(out, o + 5*HW); a51.intoArray(out, o + 5*HW + VL); a52.intoArray(out, o + 5*HW + 2 * VL);
        a60.intoArray(out, o + 6*HW); a61.intoArray(out, o + 6*HW + VL); a62.intoArray(out, o + 6*HW + 2 * VL);
        a70.intoArray(out, o + 7*HW); a71.intoArray(out, o + 7*HW + VL); a72.intoArray(out, o + 7*HW + 2 * VL);
    }

    static void block1(float[] pl, int ps, float[] wp, int wo, int C, int W, int j, float[] out, int o, int HW, int rest) {
        VectorMask<Float> m = F.indexInRange(0, rest);
        FloatVector z = FloatVector.zero(F), a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, a5 = z, a6 = z, a7 = z;
        int[] xo = OFF;
        for (int t = 0, taps = 9 * C; t < taps; t++) {
            int x = xo[t] + j, wi = wo + t * 8;
            FloatVector x0 = FloatVector.fromArray(F, pl, x);
            a0 = FloatVector.broadcast(F, wp[wi]).fma(x0, a0);
            a1 = FloatVector.broadcast(F, wp[wi + 1]).fma(x0, a1);
            a2 = FloatVector.broadcast(F, wp[wi + 2]).fma(x0, a2);
            a3 = FloatVector.broadcast(F, wp[wi + 3]).fma(x0, a3);
            a4 = FloatVector.broadcast(F, wp[wi + 4]).fma(x0, a4);
            a5 = FloatVector.broadcast(F, wp[wi + 5]).fma(x0, a5);
            a6 = FloatVector.broadcast(F, wp[wi + 6]).fma(x0, a6);
            a7 = FloatVector.broadcast(F, wp[wi + 7]).fma(x0, a7);
        }
        a0.intoArray(out, o, m); a1.intoArray(out, o + HW, m); a2.intoArray(out, o + 2 * HW, m); a3.intoArray(out, o + 3 * HW, m);
        a4.intoArray(out, o + 4 * HW, m); a5.intoArray(out, o + 5 * HW, m); a6.intoArray(out, o + 6 * HW, m); a7.intoArray(out, o + 7 * HW, m);
    }

    public static void main(String[] args) {
        int batch = 64;
        for (int[] l : new int[][]{{16, 32}, {32, 16}, {64, 8}}) {
            int C = l[0], K = C, H = l[1], W = H;
            ConvShape s = ConvShape.of(batch, C, H, W, K, 3, 1, 1);
            Random r = new Random(1);
            float[] in = new float[(int) s.inputSize()], w = new float[K * C * 9], out = new float[(int) s.outputSize()], ref = new float[out.length];
            for (int i = 0; i < in.length; i++) in[i] = r.nextFloat() - .5f; for (int i = 0; i < w.length; i++) w[i] = r.nextFloat() - .5f;
            float[] pl = new float[C * 3 * ((H + 2) * W + 3 * VL) + 4 * VL];
            Parallelism p1 = Parallelism.singleThread();
            Convolution.forward(s, ConvAlgorithm.WINOGRAD_F2X2_3X3, in, 0, w, 0, ref, 0, ConvEpilogue.none(), p1);
            float[] wp = pack(w, K, C);
            conv(in, wp, out, batch, C, K, H, W, pl);
            double maxErr = 0; for (int i = 0; i < out.length; i++) maxErr = Math.max(maxErr, Math.abs(out[i] - ref[i]));
            List<Double> tw = new ArrayList<>(), td = new ArrayList<>();
            for (int round = 0; round < 12; round++) {
                for (int mode = 0; mode < 2; mode++) {
                    long[] ts = new long[400]; int n = 0; long st = System.nanoTime();
                    while (n < ts.length && System.nanoTime() - st < 300_000_000L) {
                        long s0 = System.nanoTime();
                        if (mode == 0) Convolution.forward(s, ConvAlgorithm.WINOGRAD_F4X4_3X3, in, 0, w, 0, ref, 0, ConvEpilogue.none(), p1);
                        else { wp = pack(w, K, C); conv(in, wp, out, batch, C, K, H, W, pl); }
                        ts[n++] = System.nanoTime() - s0;
                    }
                    long[] q = Arrays.copyOf(ts, n); Arrays.sort(q);
                    if (round >= 2) (mode == 0 ? tw : td).add(q[n / 2] / 1e6);
                }
            }
            Collections.sort(tw); Collections.sort(td);
            double a = tw.get(tw.size() / 2), b = td.get(td.size() / 2), gf = 2.0 * batch * C * K * 9 * H * W / b / 1e6;
            System.out.printf("%d@%d b%d 1T: Winograd F4 %.3f ms, direct shifted %.3f ms (%.0f GFLOP/s), F4/direct %.2f, max |diff| vs F2 %.2e%n", C, H, batch, a, b, gf, a / b, maxErr);
        }
    }
}

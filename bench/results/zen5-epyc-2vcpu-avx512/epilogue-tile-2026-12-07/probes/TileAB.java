package dev.resvec.kernels.vector;
import static dev.resvec.kernels.vector.VectorConfig.F;
import static dev.resvec.kernels.vector.VectorConfig.FMA;
import static dev.resvec.kernels.vector.VectorConfig.VL;
import jdk.incubator.vector.FloatVector;
import dev.resvec.kernels.internal.conv.StridedKernels;
import java.util.*;
/** One 512@7x7 stride-1 layer's channel tiles (16 blocks of 32 output channels x 7 rows), the tile before (a copy) and the
 * library's, alternated in one JVM. Args: stride positions C K rounds [cold] */
public final class TileAB {
    static final int KERNEL = 3, B = 2 * VL;
    static final StridedKernels KERN = VectorStridedKernels.create();
    private static FloatVector madd(FloatVector a, FloatVector b, FloatVector c) { return FMA ? a.fma(b, c) : a.mul(b).add(c); }
    private static void old_tile7StrideOne(int channels, float[] x, int xOff, int plane, int rowStride, float[] w,
                                       int wOff, float[] y, int yOff, boolean accumulate) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z;
        FloatVector a10 = z, a11 = z;
        FloatVector a20 = z, a21 = z;
        FloatVector a30 = z, a31 = z;
        FloatVector a40 = z, a41 = z;
        FloatVector a50 = z, a51 = z;
        FloatVector a60 = z, a61 = z;
        if (accumulate) {
            a00 = FloatVector.fromArray(F, y, yOff + 0 * B);
            a01 = FloatVector.fromArray(F, y, yOff + 0 * B + VL);
            a10 = FloatVector.fromArray(F, y, yOff + 1 * B);
            a11 = FloatVector.fromArray(F, y, yOff + 1 * B + VL);
            a20 = FloatVector.fromArray(F, y, yOff + 2 * B);
            a21 = FloatVector.fromArray(F, y, yOff + 2 * B + VL);
            a30 = FloatVector.fromArray(F, y, yOff + 3 * B);
            a31 = FloatVector.fromArray(F, y, yOff + 3 * B + VL);
            a40 = FloatVector.fromArray(F, y, yOff + 4 * B);
            a41 = FloatVector.fromArray(F, y, yOff + 4 * B + VL);
            a50 = FloatVector.fromArray(F, y, yOff + 5 * B);
            a51 = FloatVector.fromArray(F, y, yOff + 5 * B + VL);
            a60 = FloatVector.fromArray(F, y, yOff + 6 * B);
            a61 = FloatVector.fromArray(F, y, yOff + 6 * B + VL);
        }
        for (int c = 0, wi = wOff; c < channels; c++) {
            for (int r = 0, qr = xOff + c * plane; r < KERNEL; r++, qr += rowStride) {
                for (int s = 0; s < KERNEL; s++, wi += B) {
                    int q = qr + s;
                    FloatVector w0 = FloatVector.fromArray(F, w, wi);
                    FloatVector w1 = FloatVector.fromArray(F, w, wi + VL);
                    FloatVector b;
                    b = FloatVector.broadcast(F, x[q + 0]);
                    a00 = madd(b, w0, a00);
                    a01 = madd(b, w1, a01);
                    b = FloatVector.broadcast(F, x[q + 1]);
                    a10 = madd(b, w0, a10);
                    a11 = madd(b, w1, a11);
                    b = FloatVector.broadcast(F, x[q + 2]);
                    a20 = madd(b, w0, a20);
                    a21 = madd(b, w1, a21);
                    b = FloatVector.broadcast(F, x[q + 3]);
                    a30 = madd(b, w0, a30);
                    a31 = madd(b, w1, a31);
                    b = FloatVector.broadcast(F, x[q + 4]);
                    a40 = madd(b, w0, a40);
                    a41 = madd(b, w1, a41);
                    b = FloatVector.broadcast(F, x[q + 5]);
                    a50 = madd(b, w0, a50);
                    a51 = madd(b, w1, a51);
                    b = FloatVector.broadcast(F, x[q + 6]);
                    a60 = madd(b, w0, a60);
                    a61 = madd(b, w1, a61);
                }
            }
        }
        a00.intoArray(y, yOff + 0 * B);
        a01.intoArray(y, yOff + 0 * B + VL);
        a10.intoArray(y, yOff + 1 * B);
        a11.intoArray(y, yOff + 1 * B + VL);
        a20.intoArray(y, yOff + 2 * B);
        a21.intoArray(y, yOff + 2 * B + VL);
        a30.intoArray(y, yOff + 3 * B);
        a31.intoArray(y, yOff + 3 * B + VL);
        a40.intoArray(y, yOff + 4 * B);
        a41.intoArray(y, yOff + 4 * B + VL);
        a50.intoArray(y, yOff + 5 * B);
        a51.intoArray(y, yOff + 5 * B + VL);
        a60.intoArray(y, yOff + 6 * B);
        a61.intoArray(y, yOff + 6 * B + VL);
    }
    private static void old_tile7(int channels, float[] x, int xOff, int plane, int rowStride, float[] w, int wOff,
                              float[] y, int yOff, boolean accumulate) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z;
        FloatVector a10 = z, a11 = z;
        FloatVector a20 = z, a21 = z;
        FloatVector a30 = z, a31 = z;
        FloatVector a40 = z, a41 = z;
        FloatVector a50 = z, a51 = z;
        FloatVector a60 = z, a61 = z;
        if (accumulate) {
            a00 = FloatVector.fromArray(F, y, yOff + 0 * B);
            a01 = FloatVector.fromArray(F, y, yOff + 0 * B + VL);
            a10 = FloatVector.fromArray(F, y, yOff + 1 * B);
            a11 = FloatVector.fromArray(F, y, yOff + 1 * B + VL);
            a20 = FloatVector.fromArray(F, y, yOff + 2 * B);
            a21 = FloatVector.fromArray(F, y, yOff + 2 * B + VL);
            a30 = FloatVector.fromArray(F, y, yOff + 3 * B);
            a31 = FloatVector.fromArray(F, y, yOff + 3 * B + VL);
            a40 = FloatVector.fromArray(F, y, yOff + 4 * B);
            a41 = FloatVector.fromArray(F, y, yOff + 4 * B + VL);
            a50 = FloatVector.fromArray(F, y, yOff + 5 * B);
            a51 = FloatVector.fromArray(F, y, yOff + 5 * B + VL);
            a60 = FloatVector.fromArray(F, y, yOff + 6 * B);
            a61 = FloatVector.fromArray(F, y, yOff + 6 * B + VL);
        }
        for (int c = 0, wi = wOff; c < channels; c++) {
            for (int r = 0, qr = xOff + c * plane; r < KERNEL; r++, qr += rowStride) {
                for (int s = 0; s < KERNEL; s++, wi += B) {
                    int q = qr + s;
                    FloatVector w0 = FloatVector.fromArray(F, w, wi);
                    FloatVector w1 = FloatVector.fromArray(F, w, wi + VL);
                    FloatVector b;
                    b = FloatVector.broadcast(F, x[q + 0]);
                    a00 = madd(b, w0, a00);
                    a01 = madd(b, w1, a01);
                    b = FloatVector.broadcast(F, x[q + 2]);
                    a10 = madd(b, w0, a10);
                    a11 = madd(b, w1, a11);
                    b = FloatVector.broadcast(F, x[q + 4]);
                    a20 = madd(b, w0, a20);
                    a21 = madd(b, w1, a21);
                    b = FloatVector.broadcast(F, x[q + 6]);
                    a30 = madd(b, w0, a30);
                    a31 = madd(b, w1, a31);
                    b = FloatVector.broadcast(F, x[q + 8]);
                    a40 = madd(b, w0, a40);
                    a41 = madd(b, w1, a41);
                    b = FloatVector.broadcast(F, x[q + 10]);
                    a50 = madd(b, w0, a50);
                    a51 = madd(b, w1, a51);
                    b = FloatVector.broadcast(F, x[q + 12]);
                    a60 = madd(b, w0, a60);
                    a61 = madd(b, w1, a61);
                }
            }
        }
        a00.intoArray(y, yOff + 0 * B);
        a01.intoArray(y, yOff + 0 * B + VL);
        a10.intoArray(y, yOff + 1 * B);
        a11.intoArray(y, yOff + 1 * B + VL);
        a20.intoArray(y, yOff + 2 * B);
        a21.intoArray(y, yOff + 2 * B + VL);
        a30.intoArray(y, yOff + 3 * B);
        a31.intoArray(y, yOff + 3 * B + VL);
        a40.intoArray(y, yOff + 4 * B);
        a41.intoArray(y, yOff + 4 * B + VL);
        a50.intoArray(y, yOff + 5 * B);
        a51.intoArray(y, yOff + 5 * B + VL);
        a60.intoArray(y, yOff + 6 * B);
        a61.intoArray(y, yOff + 6 * B + VL);
    }
    private static void old_tile8(int channels, float[] x, int xOff, int plane, int rowStride, float[] w, int wOff,
                              float[] y, int yOff, boolean accumulate) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z;
        FloatVector a10 = z, a11 = z;
        FloatVector a20 = z, a21 = z;
        FloatVector a30 = z, a31 = z;
        FloatVector a40 = z, a41 = z;
        FloatVector a50 = z, a51 = z;
        FloatVector a60 = z, a61 = z;
        FloatVector a70 = z, a71 = z;
        if (accumulate) {
            a00 = FloatVector.fromArray(F, y, yOff + 0 * B);
            a01 = FloatVector.fromArray(F, y, yOff + 0 * B + VL);
            a10 = FloatVector.fromArray(F, y, yOff + 1 * B);
            a11 = FloatVector.fromArray(F, y, yOff + 1 * B + VL);
            a20 = FloatVector.fromArray(F, y, yOff + 2 * B);
            a21 = FloatVector.fromArray(F, y, yOff + 2 * B + VL);
            a30 = FloatVector.fromArray(F, y, yOff + 3 * B);
            a31 = FloatVector.fromArray(F, y, yOff + 3 * B + VL);
            a40 = FloatVector.fromArray(F, y, yOff + 4 * B);
            a41 = FloatVector.fromArray(F, y, yOff + 4 * B + VL);
            a50 = FloatVector.fromArray(F, y, yOff + 5 * B);
            a51 = FloatVector.fromArray(F, y, yOff + 5 * B + VL);
            a60 = FloatVector.fromArray(F, y, yOff + 6 * B);
            a61 = FloatVector.fromArray(F, y, yOff + 6 * B + VL);
            a70 = FloatVector.fromArray(F, y, yOff + 7 * B);
            a71 = FloatVector.fromArray(F, y, yOff + 7 * B + VL);
        }
        for (int c = 0, wi = wOff; c < channels; c++) {
            for (int r = 0, qr = xOff + c * plane; r < KERNEL; r++, qr += rowStride) {
                for (int s = 0; s < KERNEL; s++, wi += B) {
                    int q = qr + s;
                    FloatVector w0 = FloatVector.fromArray(F, w, wi);
                    FloatVector w1 = FloatVector.fromArray(F, w, wi + VL);
                    FloatVector b;
                    b = FloatVector.broadcast(F, x[q + 0]);
                    a00 = madd(b, w0, a00);
                    a01 = madd(b, w1, a01);
                    b = FloatVector.broadcast(F, x[q + 2]);
                    a10 = madd(b, w0, a10);
                    a11 = madd(b, w1, a11);
                    b = FloatVector.broadcast(F, x[q + 4]);
                    a20 = madd(b, w0, a20);
                    a21 = madd(b, w1, a21);
                    b = FloatVector.broadcast(F, x[q + 6]);
                    a30 = madd(b, w0, a30);
                    a31 = madd(b, w1, a31);
                    b = FloatVector.broadcast(F, x[q + 8]);
                    a40 = madd(b, w0, a40);
                    a41 = madd(b, w1, a41);
                    b = FloatVector.broadcast(F, x[q + 10]);
                    a50 = madd(b, w0, a50);
                    a51 = madd(b, w1, a51);
                    b = FloatVector.broadcast(F, x[q + 12]);
                    a60 = madd(b, w0, a60);
                    a61 = madd(b, w1, a61);
                    b = FloatVector.broadcast(F, x[q + 14]);
                    a70 = madd(b, w0, a70);
                    a71 = madd(b, w1, a71);
                }
            }
        }
        a00.intoArray(y, yOff + 0 * B);
        a01.intoArray(y, yOff + 0 * B + VL);
        a10.intoArray(y, yOff + 1 * B);
        a11.intoArray(y, yOff + 1 * B + VL);
        a20.intoArray(y, yOff + 2 * B);
        a21.intoArray(y, yOff + 2 * B + VL);
        a30.intoArray(y, yOff + 3 * B);
        a31.intoArray(y, yOff + 3 * B + VL);
        a40.intoArray(y, yOff + 4 * B);
        a41.intoArray(y, yOff + 4 * B + VL);
        a50.intoArray(y, yOff + 5 * B);
        a51.intoArray(y, yOff + 5 * B + VL);
        a60.intoArray(y, yOff + 6 * B);
        a61.intoArray(y, yOff + 6 * B + VL);
        a70.intoArray(y, yOff + 7 * B);
        a71.intoArray(y, yOff + 7 * B + VL);
    }
    static float[] sweep = new float[16 << 20];
    public static void main(String[] a) {
        int stride = Integer.parseInt(a[0]), pos = Integer.parseInt(a[1]);
        int C = Integer.parseInt(a[2]), K = Integer.parseInt(a[3]), rounds = Integer.parseInt(a[4]);
        boolean cold = a.length > 5;
        int rowStride = stride * pos + 3, plane = rowStride * (stride * 7 + 3);
        Random r = new Random(1);
        float[] x = new float[C * plane + 64], w = new float[K * C * 9], y = new float[K * 49], y2 = new float[K * 49];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() - 0.5f;
        for (int i = 0; i < w.length; i++) w[i] = r.nextFloat() - 0.5f;
        List<Double> ratios = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (int round = -3; round < rounds; round++) {
            double[] med = new double[2];
            for (int m = 0; m < 2; m++) {
                List<Double> ts = new ArrayList<>();
                for (int call = 0; call < (cold ? 40 : 400); call++) {
                    if (cold) for (int j = 0; j < sweep.length; j += 16) sweep[j] += 1f;
                    long t0 = System.nanoTime();
                    for (int kb = 0; kb < K / B; kb++) {
                        for (int row = 0; row < 7; row++) {
                            float[] out = m == 0 ? y : y2;
                            int xo = row * stride * rowStride;
                            if (m == 1) KERN.tile(stride, pos, C, x, xo, plane, rowStride, w, kb * C * 9 * B, out, 0, false);
                            else if (stride == 1) old_tile7StrideOne(C, x, xo, plane, rowStride, w, kb * C * 9 * B, out, 0, false);
                            else if (pos == 7) old_tile7(C, x, xo, plane, rowStride, w, kb * C * 9 * B, out, 0, false);
                            else old_tile8(C, x, xo, plane, rowStride, w, kb * C * 9 * B, out, 0, false);
                        }
                    }
                    ts.add((System.nanoTime() - t0) / 1e6);
                }
                Collections.sort(ts); med[m] = ts.get(ts.size() / 2);
            }
            if (round >= 0) { ratios.add(med[0] / med[1]); sb.append(String.format(" %.3f/%.3f", med[0], med[1])); }
        }
        if (!Arrays.equals(y, y2)) throw new AssertionError("bits differ");
        Collections.sort(ratios);
        System.out.printf("stride %d, %d positions, C=%d K=%d %s old/new ms:%s  speedup median %.3f (same bits)%n", stride, pos, C, K, cold ? "cold" : "warm", sb, ratios.get(ratios.size() / 2));
    }
}

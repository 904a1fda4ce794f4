package dev.resvec.kernels.vector;
import static dev.resvec.kernels.vector.VectorConfig.F;
import static dev.resvec.kernels.vector.VectorConfig.FMA;
import static dev.resvec.kernels.vector.VectorConfig.VL;
import jdk.incubator.vector.FloatVector;
import dev.resvec.kernels.internal.conv.StridedKernels;
import java.util.*;
/** A 7×7 output's channel tiles (K/32 blocks of 32 output channels × 7 rows of 7 positions): the library's tiles
 * ("old": a broadcast per position and tap) against the not-kept forms that broadcast each row's input columns once
 * and shift them from tap to tap ("new", copied from ../not-kept/shifted-tile-broadcasts/shifted-tiles.patch),
 * alternated in one JVM, same bits checked. Run on the classpath with kernels/target/classes (same package). Args:
 * stride positions(7) C K rounds [cold] */
public final class TileAB {
    static final int KERNEL = 3, B = 2 * VL;
    static final StridedKernels KERN = VectorStridedKernels.create();
    private static FloatVector madd(FloatVector a, FloatVector b, FloatVector c) { return FMA ? a.fma(b, c) : a.mul(b).add(c); }
    private static void tile7Shifted(int channels, float[] x, int xOff, int plane, int rowStride, float[] w, int wOff,
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
            for (int r = 0, q = xOff + c * plane; r < KERNEL; r++, q += rowStride) {
                FloatVector z0 = FloatVector.broadcast(F, x[q]);
                FloatVector z1 = FloatVector.broadcast(F, x[q + 1]);
                FloatVector z2 = FloatVector.broadcast(F, x[q + 2]);
                FloatVector z3 = FloatVector.broadcast(F, x[q + 3]);
                FloatVector z4 = FloatVector.broadcast(F, x[q + 4]);
                FloatVector z5 = FloatVector.broadcast(F, x[q + 5]);
                FloatVector z6 = FloatVector.broadcast(F, x[q + 6]);
                FloatVector z7 = FloatVector.broadcast(F, x[q + 7]);
                FloatVector z8 = FloatVector.broadcast(F, x[q + 8]);
                FloatVector z9 = FloatVector.broadcast(F, x[q + 9]);
                FloatVector z10 = FloatVector.broadcast(F, x[q + 10]);
                FloatVector z11 = FloatVector.broadcast(F, x[q + 11]);
                FloatVector z12 = FloatVector.broadcast(F, x[q + 12]);
                FloatVector z13 = FloatVector.broadcast(F, x[q + 13]);
                FloatVector z14 = FloatVector.broadcast(F, x[q + 14]);
                for (int s = 0; s < KERNEL; s++, wi += B) {
                    FloatVector w0 = FloatVector.fromArray(F, w, wi);
                    FloatVector w1 = FloatVector.fromArray(F, w, wi + VL);
                    a00 = madd(z0, w0, a00);
                    a01 = madd(z0, w1, a01);
                    a10 = madd(z2, w0, a10);
                    a11 = madd(z2, w1, a11);
                    a20 = madd(z4, w0, a20);
                    a21 = madd(z4, w1, a21);
                    a30 = madd(z6, w0, a30);
                    a31 = madd(z6, w1, a31);
                    a40 = madd(z8, w0, a40);
                    a41 = madd(z8, w1, a41);
                    a50 = madd(z10, w0, a50);
                    a51 = madd(z10, w1, a51);
                    a60 = madd(z12, w0, a60);
                    a61 = madd(z12, w1, a61);
                    z0 = z1;
                    z1 = z2;
                    z2 = z3;
                    z3 = z4;
                    z4 = z5;
                    z5 = z6;
                    z6 = z7;
                    z7 = z8;
                    z8 = z9;
                    z9 = z10;
                    z10 = z11;
                    z11 = z12;
                    z12 = z13;
                    z13 = z14;
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

    private static void tile7StrideOneShifted(int channels, float[] x, int xOff, int plane, int rowStride, float[] w,
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
            for (int r = 0, q = xOff + c * plane; r < KERNEL; r++, q += rowStride) {
                FloatVector x0 = FloatVector.broadcast(F, x[q]);
                FloatVector x1 = FloatVector.broadcast(F, x[q + 1]);
                FloatVector x2 = FloatVector.broadcast(F, x[q + 2]);
                FloatVector x3 = FloatVector.broadcast(F, x[q + 3]);
                FloatVector x4 = FloatVector.broadcast(F, x[q + 4]);
                FloatVector x5 = FloatVector.broadcast(F, x[q + 5]);
                FloatVector x6 = FloatVector.broadcast(F, x[q + 6]);
                FloatVector x7 = FloatVector.broadcast(F, x[q + 7]);
                FloatVector x8 = FloatVector.broadcast(F, x[q + 8]);
                for (int s = 0; s < KERNEL; s++, wi += B) {
                    FloatVector w0 = FloatVector.fromArray(F, w, wi);
                    FloatVector w1 = FloatVector.fromArray(F, w, wi + VL);
                    a00 = madd(x0, w0, a00);
                    a01 = madd(x0, w1, a01);
                    a10 = madd(x1, w0, a10);
                    a11 = madd(x1, w1, a11);
                    a20 = madd(x2, w0, a20);
                    a21 = madd(x2, w1, a21);
                    a30 = madd(x3, w0, a30);
                    a31 = madd(x3, w1, a31);
                    a40 = madd(x4, w0, a40);
                    a41 = madd(x4, w1, a41);
                    a50 = madd(x5, w0, a50);
                    a51 = madd(x5, w1, a51);
                    a60 = madd(x6, w0, a60);
                    a61 = madd(x6, w1, a61);
                    // the next tap reads each position's right-hand neighbour
                    x0 = x1;
                    x1 = x2;
                    x2 = x3;
                    x3 = x4;
                    x4 = x5;
                    x5 = x6;
                    x6 = x7;
                    x7 = x8;
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
                            if (m == 0) KERN.tile(stride, pos, C, x, xo, plane, rowStride, w, kb * C * 9 * B, out, 0, false);
                            else if (stride == 1) tile7StrideOneShifted(C, x, xo, plane, rowStride, w, kb * C * 9 * B, out, 0, false);
                            else tile7Shifted(C, x, xo, plane, rowStride, w, kb * C * 9 * B, out, 0, false);
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

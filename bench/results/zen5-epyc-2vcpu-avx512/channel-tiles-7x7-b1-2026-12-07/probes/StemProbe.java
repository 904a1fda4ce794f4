package dev.resvec.kernels.vector;
import static dev.resvec.kernels.vector.VectorConfig.F;
import static dev.resvec.kernels.vector.VectorConfig.FMA;
import static dev.resvec.kernels.vector.VectorConfig.VL;
import jdk.incubator.vector.FloatVector;
import dev.resvec.kernels.*;
import java.util.*;
public final class StemProbe {
    static final int K7 = 7;
    static final int B = 2 * VL;
    private static FloatVector madd(FloatVector a, FloatVector b, FloatVector c) { return FMA ? a.fma(b, c) : a.mul(b).add(c); }
    /** 7 positions × two vectors of channels: 14 accumulators. */
    static void tile7k7(int channels, float[] x, int xOff, int plane, int rowStride, float[] w, int wOff,
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
            for (int r = 0, qr = xOff + c * plane; r < K7; r++, qr += rowStride) {
                for (int s = 0; s < K7; s++, wi += B) {
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


    static void tile4q(int channels, float[] x, int xOff, int plane, int rowStride, float[] w, int wOff, float[] y, int yOff) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a02 = z, a03 = z, a10 = z, a11 = z, a12 = z, a13 = z, a20 = z, a21 = z, a22 = z, a23 = z, a30 = z, a31 = z, a32 = z, a33 = z;
        for (int c = 0, wi = wOff; c < channels; c++) {
            for (int r = 0, qr = xOff + c * plane; r < K7; r++, qr += rowStride) {
                for (int s = 0; s < K7; s++, wi += 4 * VL) {
                    int q = qr + s;
                    FloatVector w0 = FloatVector.fromArray(F, w, wi), w1 = FloatVector.fromArray(F, w, wi + VL), w2 = FloatVector.fromArray(F, w, wi + 2 * VL), w3 = FloatVector.fromArray(F, w, wi + 3 * VL);
                    FloatVector b;
                    b = FloatVector.broadcast(F, x[q + 0]);
                    a00 = madd(b, w0, a00);
                    a01 = madd(b, w1, a01);
                    a02 = madd(b, w2, a02);
                    a03 = madd(b, w3, a03);
                    b = FloatVector.broadcast(F, x[q + 2]);
                    a10 = madd(b, w0, a10);
                    a11 = madd(b, w1, a11);
                    a12 = madd(b, w2, a12);
                    a13 = madd(b, w3, a13);
                    b = FloatVector.broadcast(F, x[q + 4]);
                    a20 = madd(b, w0, a20);
                    a21 = madd(b, w1, a21);
                    a22 = madd(b, w2, a22);
                    a23 = madd(b, w3, a23);
                    b = FloatVector.broadcast(F, x[q + 6]);
                    a30 = madd(b, w0, a30);
                    a31 = madd(b, w1, a31);
                    a32 = madd(b, w2, a32);
                    a33 = madd(b, w3, a33);
                }
            }
        }
        a00.intoArray(y, yOff + 0 * 4 * VL + 0 * VL);
        a01.intoArray(y, yOff + 0 * 4 * VL + 1 * VL);
        a02.intoArray(y, yOff + 0 * 4 * VL + 2 * VL);
        a03.intoArray(y, yOff + 0 * 4 * VL + 3 * VL);
        a10.intoArray(y, yOff + 1 * 4 * VL + 0 * VL);
        a11.intoArray(y, yOff + 1 * 4 * VL + 1 * VL);
        a12.intoArray(y, yOff + 1 * 4 * VL + 2 * VL);
        a13.intoArray(y, yOff + 1 * 4 * VL + 3 * VL);
        a20.intoArray(y, yOff + 2 * 4 * VL + 0 * VL);
        a21.intoArray(y, yOff + 2 * 4 * VL + 1 * VL);
        a22.intoArray(y, yOff + 2 * 4 * VL + 2 * VL);
        a23.intoArray(y, yOff + 2 * 4 * VL + 3 * VL);
        a30.intoArray(y, yOff + 3 * 4 * VL + 0 * VL);
        a31.intoArray(y, yOff + 3 * 4 * VL + 1 * VL);
        a32.intoArray(y, yOff + 3 * 4 * VL + 2 * VL);
        a33.intoArray(y, yOff + 3 * 4 * VL + 3 * VL);
    }
    public static void main(String[] a) {
        ConvShape s = ConvShape.of(1, 3, 224, 224, 64, 7, 2, 3);
        Random rnd = new Random(1);
        float[] in = new float[s.inputSize()], w = new float[s.filterSize()], out = new float[s.outputSize()];
        for (int i = 0; i < in.length; i++) in[i] = rnd.nextFloat() - 0.5f;
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextFloat() - 0.5f;
        PreparedConvolution p = Convolution.prepare(s, ConvAlgorithm.IM2COL_GEMM, w, 0);
        int oh = 112, ow = 112, pr = 2 * oh + 5, pc = 2 * ow + 5, plane = pr * pc;
        float[] image = new float[3 * plane];
        float[] packed = new float[w.length];
        // [kb][c][r][s][B]
        for (int kb = 0; kb < 2; kb++) for (int t = 0; t < 147; t++) for (int j = 0; j < B; j++) packed[(kb * 147 + t) * B + j] = w[(kb * B + j) * 147 + t];
        float[] sums = new float[ow * oh * B];
        float[] ref = new float[s.outputSize()];
        p.forward(1, in, 0, ref, 0, ConvEpilogue.none(), Parallelism.singleThread());
        for (int round = 0; round < 12; round++) {
            long t0 = System.nanoTime(); int calls = 0;
            while (System.nanoTime() - t0 < 300_000_000L) { p.forward(1, in, 0, out, 0, ConvEpilogue.none(), Parallelism.singleThread()); calls++; }
            double gemm = (System.nanoTime() - t0) / 1e6 / calls;
            t0 = System.nanoTime(); int calls2 = 0;
            while (System.nanoTime() - t0 < 300_000_000L) {
                for (int ch = 0; ch < 3; ch++) for (int y = 0; y < 224; y++) System.arraycopy(in, (ch * 224 + y) * 224, image, ch * plane + (y + 3) * pc + 3, 224);
                for (int kb = 0; kb < 2; kb++) {
                    for (int oy = 0; oy < oh; oy++) for (int ox = 0; ox < ow; ox += 7)
                        tile7k7(3, image, 2 * oy * pc + 2 * ox, plane, pc, packed, kb * 147 * B, sums, (oy * ow + ox) * B, false);
                    for (int q = 0; q < oh * ow; q++) for (int j = 0; j < B; j++) out[(kb * B + j) * oh * ow + q] = sums[q * B + j];
                }
                calls2++;
            }
            double direct = (System.nanoTime() - t0) / 1e6 / calls2;
            float[] packed4 = new float[w.length]; for (int t = 0; t < 147; t++) for (int j = 0; j < 64; j++) packed4[t * 64 + j] = w[j * 147 + t];
            float[] sums4 = new float[oh * ow * 64];
            t0 = System.nanoTime(); int calls3 = 0;
            while (System.nanoTime() - t0 < 300_000_000L) {
                for (int ch = 0; ch < 3; ch++) for (int y = 0; y < 224; y++) System.arraycopy(in, (ch * 224 + y) * 224, image, ch * plane + (y + 3) * pc + 3, 224);
                for (int oy = 0; oy < oh; oy++) for (int ox = 0; ox < ow; ox += 4)
                    tile4q(3, image, 2 * oy * pc + 2 * ox, plane, pc, packed4, 0, sums4, (oy * ow + ox) * 64);
                for (int q = 0; q < oh * ow; q++) for (int j = 0; j < 64; j++) out[j * oh * ow + q] = sums4[q * 64 + j];
                calls3++;
            }
            System.out.printf("tile4q %.4f ms ", (System.nanoTime() - t0) / 1e6 / calls3);
            double maxErr = 0; for (int i = 0; i < out.length; i++) maxErr = Math.max(maxErr, Math.abs(out[i] - ref[i]));
            System.out.printf("gemm %.4f ms  direct %.4f ms  maxErr %.2e%n", gemm, direct, maxErr);
        }
    }
}

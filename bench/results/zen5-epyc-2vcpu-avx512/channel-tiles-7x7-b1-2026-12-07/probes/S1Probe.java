package dev.resvec.kernels.vector;
import static dev.resvec.kernels.vector.VectorConfig.F;
import static dev.resvec.kernels.vector.VectorConfig.FMA;
import static dev.resvec.kernels.vector.VectorConfig.VL;
import jdk.incubator.vector.FloatVector;
import dev.resvec.kernels.*;
import dev.resvec.kernels.internal.conv.StridedKernels;
import java.util.*;

/**
 * 512@7×7 batch 1, one thread: prepared F(2×2), prepared IM2COL_GEMM and the direct sum on channel tiles (the
 * library's stride-1 tile, or with -Dperm=true the experiment below, whose inputs come from one vector load per row
 * and lane broadcasts: C2 left that method interpreted). Args: C CHANNEL_BLOCK [cold] — with "cold", a 64 MB sweep
 * before each timed call. Run with --patch-module dev.resvec.kernels=… (it reads VectorConfig).
 */
public final class S1Probe {
    interface T { void t(int channels, float[] x, int xOff, int plane, int rowStride, float[] w, int wOff, float[] y, int yOff, boolean accumulate); }
    static final boolean PERM = Boolean.getBoolean("perm");
    static final StridedKernels KERN = VectorStridedKernels.create();
    static final T TILE = PERM ? S1Probe::tile7perm
            : (c, x, xo, pl, rs, w, wo, y, yo, acc) -> KERN.tile(1, 7, c, x, xo, pl, rs, w, wo, y, yo, acc);
    static final int KERNEL = 3;
    static final int B = 2 * VL;
    private static FloatVector madd(FloatVector a, FloatVector b, FloatVector c) { return FMA ? a.fma(b, c) : a.mul(b).add(c); }

    static void tile7perm(int channels, float[] x, int xOff, int plane, int rowStride, float[] w, int wOff, float[] y, int yOff, boolean accumulate) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a10 = z, a11 = z, a20 = z, a21 = z, a30 = z, a31 = z, a40 = z, a41 = z, a50 = z, a51 = z, a60 = z, a61 = z;
        if (accumulate) {
            a00 = FloatVector.fromArray(F, y, yOff + 0 * B + 0 * VL);
            a01 = FloatVector.fromArray(F, y, yOff + 0 * B + 1 * VL);
            a10 = FloatVector.fromArray(F, y, yOff + 1 * B + 0 * VL);
            a11 = FloatVector.fromArray(F, y, yOff + 1 * B + 1 * VL);
            a20 = FloatVector.fromArray(F, y, yOff + 2 * B + 0 * VL);
            a21 = FloatVector.fromArray(F, y, yOff + 2 * B + 1 * VL);
            a30 = FloatVector.fromArray(F, y, yOff + 3 * B + 0 * VL);
            a31 = FloatVector.fromArray(F, y, yOff + 3 * B + 1 * VL);
            a40 = FloatVector.fromArray(F, y, yOff + 4 * B + 0 * VL);
            a41 = FloatVector.fromArray(F, y, yOff + 4 * B + 1 * VL);
            a50 = FloatVector.fromArray(F, y, yOff + 5 * B + 0 * VL);
            a51 = FloatVector.fromArray(F, y, yOff + 5 * B + 1 * VL);
            a60 = FloatVector.fromArray(F, y, yOff + 6 * B + 0 * VL);
            a61 = FloatVector.fromArray(F, y, yOff + 6 * B + 1 * VL);
        }
        for (int c = 0, wi = wOff; c < channels; c++) {
            for (int r = 0, qr = xOff + c * plane; r < KERNEL; r++, qr += rowStride, wi += 3 * B) {
                FloatVector row = FloatVector.fromArray(F, x, qr);
                FloatVector x0 = FloatVector.broadcast(F, row.lane(0));
                FloatVector x1 = FloatVector.broadcast(F, row.lane(1));
                FloatVector x2 = FloatVector.broadcast(F, row.lane(2));
                FloatVector x3 = FloatVector.broadcast(F, row.lane(3));
                FloatVector x4 = FloatVector.broadcast(F, row.lane(4));
                FloatVector x5 = FloatVector.broadcast(F, row.lane(5));
                FloatVector x6 = FloatVector.broadcast(F, row.lane(6));
                FloatVector x7 = FloatVector.broadcast(F, row.lane(7));
                FloatVector x8 = FloatVector.broadcast(F, row.lane(8));
                FloatVector w00 = FloatVector.fromArray(F, w, wi + 0 * B), w01 = FloatVector.fromArray(F, w, wi + 0 * B + VL);
                FloatVector w10 = FloatVector.fromArray(F, w, wi + 1 * B), w11 = FloatVector.fromArray(F, w, wi + 1 * B + VL);
                FloatVector w20 = FloatVector.fromArray(F, w, wi + 2 * B), w21 = FloatVector.fromArray(F, w, wi + 2 * B + VL);
                a00 = madd(x0, w00, a00);
                a01 = madd(x0, w01, a01);
                a10 = madd(x1, w00, a10);
                a11 = madd(x1, w01, a11);
                a20 = madd(x2, w00, a20);
                a21 = madd(x2, w01, a21);
                a30 = madd(x3, w00, a30);
                a31 = madd(x3, w01, a31);
                a40 = madd(x4, w00, a40);
                a41 = madd(x4, w01, a41);
                a50 = madd(x5, w00, a50);
                a51 = madd(x5, w01, a51);
                a60 = madd(x6, w00, a60);
                a61 = madd(x6, w01, a61);
                a00 = madd(x1, w10, a00);
                a01 = madd(x1, w11, a01);
                a10 = madd(x2, w10, a10);
                a11 = madd(x2, w11, a11);
                a20 = madd(x3, w10, a20);
                a21 = madd(x3, w11, a21);
                a30 = madd(x4, w10, a30);
                a31 = madd(x4, w11, a31);
                a40 = madd(x5, w10, a40);
                a41 = madd(x5, w11, a41);
                a50 = madd(x6, w10, a50);
                a51 = madd(x6, w11, a51);
                a60 = madd(x7, w10, a60);
                a61 = madd(x7, w11, a61);
                a00 = madd(x2, w20, a00);
                a01 = madd(x2, w21, a01);
                a10 = madd(x3, w20, a10);
                a11 = madd(x3, w21, a11);
                a20 = madd(x4, w20, a20);
                a21 = madd(x4, w21, a21);
                a30 = madd(x5, w20, a30);
                a31 = madd(x5, w21, a31);
                a40 = madd(x6, w20, a40);
                a41 = madd(x6, w21, a41);
                a50 = madd(x7, w20, a50);
                a51 = madd(x7, w21, a51);
                a60 = madd(x8, w20, a60);
                a61 = madd(x8, w21, a61);
            }
        }
        a00.intoArray(y, yOff + 0 * B + 0 * VL);
        a01.intoArray(y, yOff + 0 * B + 1 * VL);
        a10.intoArray(y, yOff + 1 * B + 0 * VL);
        a11.intoArray(y, yOff + 1 * B + 1 * VL);
        a20.intoArray(y, yOff + 2 * B + 0 * VL);
        a21.intoArray(y, yOff + 2 * B + 1 * VL);
        a30.intoArray(y, yOff + 3 * B + 0 * VL);
        a31.intoArray(y, yOff + 3 * B + 1 * VL);
        a40.intoArray(y, yOff + 4 * B + 0 * VL);
        a41.intoArray(y, yOff + 4 * B + 1 * VL);
        a50.intoArray(y, yOff + 5 * B + 0 * VL);
        a51.intoArray(y, yOff + 5 * B + 1 * VL);
        a60.intoArray(y, yOff + 6 * B + 0 * VL);
        a61.intoArray(y, yOff + 6 * B + 1 * VL);
    }

    /** The direct sum of one image: pad, tiles, transpose to channel planes. */
    static void direct(int C, int H, int CB, float[] in, float[] image, int plane, int pc, float[] packed, float[] sums, float[] out) {
        for (int ch = 0; ch < C; ch++) for (int y = 0; y < H; y++) System.arraycopy(in, (ch * H + y) * H, image, ch * plane + (y + 1) * pc + 1, H);
        for (int kb = 0; kb < C / B; kb++) {
            for (int c0 = 0; c0 < C; c0 += CB)
                for (int oy = 0; oy < H; oy++)
                    TILE.t(CB, image, c0 * plane + oy * pc, plane, pc, packed, (kb * C + c0) * 9 * B, sums, oy * H * B, c0 > 0);
            for (int q = 0; q < H * H; q++) for (int j = 0; j < B; j++) out[(kb * B + j) * H * H + q] = sums[q * B + j];
        }
    }

    public static void main(String[] a) {
        int C = Integer.parseInt(a[0]), K = C, H = 7, CB = Integer.parseInt(a[1]);
        ConvShape s = ConvShape.of(1, C, H, H, K, 3, 1, 1);
        Random rnd = new Random(1);
        float[] in = new float[s.inputSize()], w = new float[s.filterSize()], out = new float[s.outputSize()];
        for (int i = 0; i < in.length; i++) in[i] = rnd.nextFloat() - 0.5f;
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextFloat() - 0.5f;
        PreparedConvolution p = Convolution.prepare(s, ConvAlgorithm.WINOGRAD_F2X2_3X3, w, 0);
        PreparedConvolution pi = Convolution.prepare(s, ConvAlgorithm.IM2COL_GEMM, w, 0);
        int pc = H + 2, plane = pc * pc;
        float[] image = new float[C * plane + 16];
        float[] packed = new float[w.length];
        for (int kb = 0; kb < K / B; kb++) for (int t = 0; t < C * 9; t++) for (int j = 0; j < B; j++) packed[(kb * C * 9 + t) * B + j] = w[(kb * B + j) * C * 9 + t];
        float[] sums = new float[H * H * B];
        float[] ref = new float[s.outputSize()];
        pi.forward(1, in, 0, ref, 0, ConvEpilogue.none(), Parallelism.singleThread());
        float[] junk = new float[16 << 20];
        Runnable flush = () -> { for (int i = 0; i < junk.length; i += 16) { junk[i] += 1f; } };
        for (int round = 0; round < 10; round++) {
            if (a.length > 2) {
                double[] tt = new double[3];
                for (int it = 0; it < 60; it++) {
                    flush.run(); long t0 = System.nanoTime(); p.forward(1, in, 0, out, 0, ConvEpilogue.none(), Parallelism.singleThread()); tt[0] += System.nanoTime() - t0;
                    flush.run(); t0 = System.nanoTime(); pi.forward(1, in, 0, out, 0, ConvEpilogue.none(), Parallelism.singleThread()); tt[1] += System.nanoTime() - t0;
                    flush.run(); t0 = System.nanoTime(); direct(C, H, CB, in, image, plane, pc, packed, sums, out); tt[2] += System.nanoTime() - t0;
                }
                System.out.printf("cold: F2 %.4f  im2col %.4f  direct %.4f%n", tt[0] / 60e6, tt[1] / 60e6, tt[2] / 60e6);
                continue;
            }
            long t0 = System.nanoTime(); int calls = 0;
            while (System.nanoTime() - t0 < 300_000_000L) { p.forward(1, in, 0, out, 0, ConvEpilogue.none(), Parallelism.singleThread()); calls++; }
            double wino = (System.nanoTime() - t0) / 1e6 / calls;
            t0 = System.nanoTime(); calls = 0;
            while (System.nanoTime() - t0 < 300_000_000L) { pi.forward(1, in, 0, out, 0, ConvEpilogue.none(), Parallelism.singleThread()); calls++; }
            double im2col = (System.nanoTime() - t0) / 1e6 / calls;
            t0 = System.nanoTime(); calls = 0;
            while (System.nanoTime() - t0 < 300_000_000L) { direct(C, H, CB, in, image, plane, pc, packed, sums, out); calls++; }
            double direct = (System.nanoTime() - t0) / 1e6 / calls;
            double maxErr = 0; for (int i = 0; i < out.length; i++) maxErr = Math.max(maxErr, Math.abs(out[i] - ref[i]));
            System.out.printf("F2 %.4f ms  im2col %.4f  direct %.4f ms  maxErr %.2e%n", wino, im2col, direct, maxErr);
        }
    }
}

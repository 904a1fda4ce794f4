package dev.resvec.kernels.vector;

import static dev.resvec.kernels.vector.VectorConfig.F;
import static dev.resvec.kernels.vector.VectorConfig.FMA;
import static dev.resvec.kernels.vector.VectorConfig.VL;

import dev.resvec.kernels.internal.conv.ChannelsLastGradientKernels;
import jdk.incubator.vector.FloatVector;

/**
 * The {@link ChannelsLastGradientKernels} on the Vector API: per output position three vector loads (the block's
 * taps, a vector of input channels each) and one broadcast per output channel feed three FMAs, the sums held in
 * rows × 3 accumulators: 8 × 3 on 16-lane vectors (24 of the 32 AVX-512 registers, with the 3 taps and the
 * broadcast 28), 4 × 3 on narrower ones (AVX2 has 16 registers). The two block methods are one template written out
 * twice: the accumulators must be locals to live in registers (as in {@code SgemmMicrokernels}). Each block starts
 * from zero and stores its sums; the caller adds an image's sums to the others' (loading 24 partial sums into the
 * accumulators made a shifted-rows kernel too large for C2 to inline, and it ran boxed at 5 GFLOP/s).
 */
public final class VectorChannelsLastGradientKernels implements ChannelsLastGradientKernels {
    /** Output channels per block. */
    private static final int ROWS = VL >= 16 ? 8 : 4;

    private VectorChannelsLastGradientKernels() {}

    /** @return the kernels at {@link VectorConfig#F}'s width */
    public static ChannelsLastGradientKernels create() {
        return new VectorChannelsLastGradientKernels();
    }

    @Override
    public int lanes() {
        return VL;
    }

    @Override
    public int rows() {
        return ROWS;
    }

    private static FloatVector madd(FloatVector a, FloatVector b, FloatVector c) {
        return FMA ? a.fma(b, c) : a.mul(b).add(c);
    }

    @Override
    public void block(float[] g, int gOff, int gStride, int oh, int ow, float[] x, int xOff, int rowStep,
                      int colStep, int xt0, int xt1, int xt2, float[] part, int partOff) {
        if (ROWS == 8) {
            block8(g, gOff, gStride, oh, ow, x, xOff, rowStep, colStep, xt0, xt1, xt2, part, partOff);
        } else {
            block4(g, gOff, gStride, oh, ow, x, xOff, rowStep, colStep, xt0, xt1, xt2, part, partOff);
        }
    }

    private static void block8(float[] g, int gOff, int gStride, int oh, int ow, float[] x, int xOff, int rowStep,
                               int colStep, int xt0, int xt1, int xt2, float[] part, int partOff) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a02 = z;
        FloatVector a10 = z, a11 = z, a12 = z;
        FloatVector a20 = z, a21 = z, a22 = z;
        FloatVector a30 = z, a31 = z, a32 = z;
        FloatVector a40 = z, a41 = z, a42 = z;
        FloatVector a50 = z, a51 = z, a52 = z;
        FloatVector a60 = z, a61 = z, a62 = z;
        FloatVector a70 = z, a71 = z, a72 = z;
        for (int oy = 0; oy < oh; oy++) {
            int gb = gOff + oy * ow, xb = xOff + oy * rowStep;
            for (int ox = 0; ox < ow; ox++, gb++, xb += colStep) {
                FloatVector x0 = FloatVector.fromArray(F, x, xb + xt0);
                FloatVector x1 = FloatVector.fromArray(F, x, xb + xt1);
                FloatVector x2 = FloatVector.fromArray(F, x, xb + xt2);
                FloatVector b;
                b = FloatVector.broadcast(F, g[gb]);
                a00 = madd(b, x0, a00);
                a01 = madd(b, x1, a01);
                a02 = madd(b, x2, a02);
                b = FloatVector.broadcast(F, g[gb + gStride]);
                a10 = madd(b, x0, a10);
                a11 = madd(b, x1, a11);
                a12 = madd(b, x2, a12);
                b = FloatVector.broadcast(F, g[gb + 2 * gStride]);
                a20 = madd(b, x0, a20);
                a21 = madd(b, x1, a21);
                a22 = madd(b, x2, a22);
                b = FloatVector.broadcast(F, g[gb + 3 * gStride]);
                a30 = madd(b, x0, a30);
                a31 = madd(b, x1, a31);
                a32 = madd(b, x2, a32);
                b = FloatVector.broadcast(F, g[gb + 4 * gStride]);
                a40 = madd(b, x0, a40);
                a41 = madd(b, x1, a41);
                a42 = madd(b, x2, a42);
                b = FloatVector.broadcast(F, g[gb + 5 * gStride]);
                a50 = madd(b, x0, a50);
                a51 = madd(b, x1, a51);
                a52 = madd(b, x2, a52);
                b = FloatVector.broadcast(F, g[gb + 6 * gStride]);
                a60 = madd(b, x0, a60);
                a61 = madd(b, x1, a61);
                a62 = madd(b, x2, a62);
                b = FloatVector.broadcast(F, g[gb + 7 * gStride]);
                a70 = madd(b, x0, a70);
                a71 = madd(b, x1, a71);
                a72 = madd(b, x2, a72);
            }
        }
        a00.intoArray(part, partOff);
        a01.intoArray(part, partOff + 1 * VL);
        a02.intoArray(part, partOff + 2 * VL);
        a10.intoArray(part, partOff + 3 * VL);
        a11.intoArray(part, partOff + 4 * VL);
        a12.intoArray(part, partOff + 5 * VL);
        a20.intoArray(part, partOff + 6 * VL);
        a21.intoArray(part, partOff + 7 * VL);
        a22.intoArray(part, partOff + 8 * VL);
        a30.intoArray(part, partOff + 9 * VL);
        a31.intoArray(part, partOff + 10 * VL);
        a32.intoArray(part, partOff + 11 * VL);
        a40.intoArray(part, partOff + 12 * VL);
        a41.intoArray(part, partOff + 13 * VL);
        a42.intoArray(part, partOff + 14 * VL);
        a50.intoArray(part, partOff + 15 * VL);
        a51.intoArray(part, partOff + 16 * VL);
        a52.intoArray(part, partOff + 17 * VL);
        a60.intoArray(part, partOff + 18 * VL);
        a61.intoArray(part, partOff + 19 * VL);
        a62.intoArray(part, partOff + 20 * VL);
        a70.intoArray(part, partOff + 21 * VL);
        a71.intoArray(part, partOff + 22 * VL);
        a72.intoArray(part, partOff + 23 * VL);
    }

    private static void block4(float[] g, int gOff, int gStride, int oh, int ow, float[] x, int xOff, int rowStep,
                               int colStep, int xt0, int xt1, int xt2, float[] part, int partOff) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a02 = z;
        FloatVector a10 = z, a11 = z, a12 = z;
        FloatVector a20 = z, a21 = z, a22 = z;
        FloatVector a30 = z, a31 = z, a32 = z;
        for (int oy = 0; oy < oh; oy++) {
            int gb = gOff + oy * ow, xb = xOff + oy * rowStep;
            for (int ox = 0; ox < ow; ox++, gb++, xb += colStep) {
                FloatVector x0 = FloatVector.fromArray(F, x, xb + xt0);
                FloatVector x1 = FloatVector.fromArray(F, x, xb + xt1);
                FloatVector x2 = FloatVector.fromArray(F, x, xb + xt2);
                FloatVector b;
                b = FloatVector.broadcast(F, g[gb]);
                a00 = madd(b, x0, a00);
                a01 = madd(b, x1, a01);
                a02 = madd(b, x2, a02);
                b = FloatVector.broadcast(F, g[gb + gStride]);
                a10 = madd(b, x0, a10);
                a11 = madd(b, x1, a11);
                a12 = madd(b, x2, a12);
                b = FloatVector.broadcast(F, g[gb + 2 * gStride]);
                a20 = madd(b, x0, a20);
                a21 = madd(b, x1, a21);
                a22 = madd(b, x2, a22);
                b = FloatVector.broadcast(F, g[gb + 3 * gStride]);
                a30 = madd(b, x0, a30);
                a31 = madd(b, x1, a31);
                a32 = madd(b, x2, a32);
            }
        }
        a00.intoArray(part, partOff);
        a01.intoArray(part, partOff + 1 * VL);
        a02.intoArray(part, partOff + 2 * VL);
        a10.intoArray(part, partOff + 3 * VL);
        a11.intoArray(part, partOff + 4 * VL);
        a12.intoArray(part, partOff + 5 * VL);
        a20.intoArray(part, partOff + 6 * VL);
        a21.intoArray(part, partOff + 7 * VL);
        a22.intoArray(part, partOff + 8 * VL);
        a30.intoArray(part, partOff + 9 * VL);
        a31.intoArray(part, partOff + 10 * VL);
        a32.intoArray(part, partOff + 11 * VL);
    }
}

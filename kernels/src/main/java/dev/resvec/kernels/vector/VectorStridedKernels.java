package dev.resvec.kernels.vector;

import static dev.resvec.kernels.vector.VectorConfig.F;
import static dev.resvec.kernels.vector.VectorConfig.FMA;
import static dev.resvec.kernels.vector.VectorConfig.VL;

import dev.resvec.kernels.internal.conv.StridedKernels;
import jdk.incubator.vector.FloatVector;

/**
 * The {@link StridedKernels} on the Vector API: a tile of 7 or 8 positions × two vectors of output channels, 14 or
 * 16 accumulators; per tap two vector loads of filters and one broadcast per position feed two FMAs per position.
 * Why not 14 positions (28 accumulators, half the filter loads per FMA): C2 spilled, and the prototype ran at 110
 * GFLOP/s against 200 (Xeon Emerald Rapids, 512-bit species). The loops over the 3×3 taps have constant bounds:
 * with the kernel size a variable the prototype fell from 200 to 125 GFLOP/s. The three tile methods (7 and 8
 * positions at stride 2, 7 at stride 1) are one template written out three times: the accumulators must be locals
 * to live in registers (as in {@code SgemmMicrokernels}), and the positions' input offsets constants.
 */
public final class VectorStridedKernels implements StridedKernels {
    /** Output channels per tile: two vectors. */
    private static final int B = 2 * VL;

    private VectorStridedKernels() {}

    /** @return the kernels at {@link VectorConfig#F}'s width */
    public static StridedKernels create() {
        return new VectorStridedKernels();
    }

    @Override
    public int blockChannels() {
        return B;
    }

    private static FloatVector madd(FloatVector a, FloatVector b, FloatVector c) {
        return FMA ? a.fma(b, c) : a.mul(b).add(c);
    }

    @Override
    public void tile(int stride, int positions, int channels, float[] x, int xOff, int plane, int rowStride,
                     float[] w, int wOff, float[] y, int yOff, boolean accumulate) {
        StridedKernels.checkTile(stride, positions);
        if (stride == 1) {
            tile7StrideOne(channels, x, xOff, plane, rowStride, w, wOff, y, yOff, accumulate);
        } else if (positions == 7) {
            tile7(channels, x, xOff, plane, rowStride, w, wOff, y, yOff, accumulate);
        } else {
            tile8(channels, x, xOff, plane, rowStride, w, wOff, y, yOff, accumulate);
        }
    }

    /**
     * Blocks of VL×VL floats transposed in registers ({@link VectorTranspose}; 16 or 8 lanes), the rows and columns
     * past the last whole block, and everything on narrower species, one float at a time. Packing ResNet-18's
     * 256→512 filters (1.2 M floats) with the scalar copy took 1.7 ms, more than the convolution of one image.
     */
    @Override
    public void transpose(float[] src, int sOff, int sStride, int rows, int cols, float[] dst, int dOff,
                          int dStride) {
        boolean blocks = VL == 16 || VL == 8;
        int fullRows = blocks ? rows - rows % VL : 0, fullCols = blocks ? cols - cols % VL : 0;
        for (int r = 0; r < fullRows; r += VL) {
            for (int c = 0; c < fullCols; c += VL) {
                if (VL == 16) {
                    VectorTranspose.interleave16(src, sOff + r * sStride + c, sStride, dst, dOff + c * dStride + r,
                            dStride);
                } else {
                    VectorTranspose.interleave8(src, sOff + r * sStride + c, sStride, dst, dOff + c * dStride + r,
                            dStride);
                }
            }
            for (int rr = r; rr < r + VL; rr++) {
                for (int c = fullCols; c < cols; c++) {
                    dst[dOff + c * dStride + rr] = src[sOff + rr * sStride + c];
                }
            }
        }
        for (int r = fullRows; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                dst[dOff + c * dStride + r] = src[sOff + r * sStride + c];
            }
        }
    }

    /** 7 positions × two vectors of channels: 14 accumulators. */
    private static void tile7(int channels, float[] x, int xOff, int plane, int rowStride, float[] w, int wOff,
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

    /** 8 positions × two vectors of channels: 16 accumulators. */
    private static void tile8(int channels, float[] x, int xOff, int plane, int rowStride, float[] w, int wOff,
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

    /** {@link #tile7} at stride 1: the seven positions read neighbouring input columns. */
    private static void tile7StrideOne(int channels, float[] x, int xOff, int plane, int rowStride, float[] w,
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
}

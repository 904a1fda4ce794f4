package dev.resvec.kernels.vector;

import static dev.resvec.kernels.vector.VectorConfig.F;
import static dev.resvec.kernels.vector.VectorConfig.VL;

import dev.resvec.kernels.internal.conv.WinogradGradientKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The {@link WinogradGradientKernels} on the Vector API, a vector of channels at a time. The transforms are written
 * out with named vectors: an array of vectors is an array of heap objects to C2 (a prototype that kept the sixteen
 * row sums in a {@code FloatVector[]} spent 5.8 ms on the transforms of a CIFAR 16@32×32 batch-64 layer, most of the
 * call). The channels-last copy transposes VL×VL blocks in registers ({@link VectorTranspose}).
 */
public final class VectorWinogradGradientKernels implements WinogradGradientKernels {
    private VectorWinogradGradientKernels() {}

    /** @return the kernels at {@link VectorConfig#F}'s width */
    public static WinogradGradientKernels create() {
        return new VectorWinogradGradientKernels();
    }

    @Override
    public int lanes() {
        return VL;
    }

    @Override
    public void channelsLast(float[] src, int off, int plane, int channels, int h, int w, float[] dst, int dOff,
                             int rowLen, int cp) {
        int fullChannels = VL == 8 || VL == 16 ? channels - channels % VL : 0;
        int fullColumns = w - w % VL;
        for (int c = 0; c < fullChannels; c += VL) {
            for (int y = 0; y < h; y++) {
                int s = off + c * plane + y * w, d = dOff + y * rowLen * cp + c;
                for (int x = 0; x < fullColumns; x += VL) {
                    if (VL == 16) {
                        VectorTranspose.interleave16(src, s + x, plane, dst, d + x * cp, cp);
                    } else {
                        VectorTranspose.interleave8(src, s + x, plane, dst, d + x * cp, cp);
                    }
                }
                for (int x = fullColumns; x < w; x++) {
                    for (int r = 0; r < VL; r++) {
                        dst[d + x * cp + r] = src[s + r * plane + x];
                    }
                }
            }
        }
        WinogradGradientKernels.super.channelsLast(src, off + fullChannels * plane, plane, channels - fullChannels,
                h, w, dst, dOff + fullChannels, rowLen, cp);
    }

    @Override
    public void inputTiles(float[] d, int dOff, int rowStride, int cp, int tiles, float[] v, int vOff,
                           int pointStride) {
        int rs = rowStride, ps = pointStride;
        for (int tile = 0; tile < tiles; tile++) {
            for (int c = 0; c < cp; c += VL) {
                int o = dOff + 2 * tile * cp + c;
                // Bᵀ along each window row: (d0 − d2, d1 + d2, d2 − d1, d1 − d3)
                FloatVector x0 = FloatVector.fromArray(F, d, o), x1 = FloatVector.fromArray(F, d, o + cp);
                FloatVector x2 = FloatVector.fromArray(F, d, o + 2 * cp), x3 = FloatVector.fromArray(F, d, o + 3 * cp);
                FloatVector t00 = x0.sub(x2), t01 = x1.add(x2), t02 = x2.sub(x1), t03 = x1.sub(x3);
                o += rs;
                x0 = FloatVector.fromArray(F, d, o);
                x1 = FloatVector.fromArray(F, d, o + cp);
                x2 = FloatVector.fromArray(F, d, o + 2 * cp);
                x3 = FloatVector.fromArray(F, d, o + 3 * cp);
                FloatVector t10 = x0.sub(x2), t11 = x1.add(x2), t12 = x2.sub(x1), t13 = x1.sub(x3);
                o += rs;
                x0 = FloatVector.fromArray(F, d, o);
                x1 = FloatVector.fromArray(F, d, o + cp);
                x2 = FloatVector.fromArray(F, d, o + 2 * cp);
                x3 = FloatVector.fromArray(F, d, o + 3 * cp);
                FloatVector t20 = x0.sub(x2), t21 = x1.add(x2), t22 = x2.sub(x1), t23 = x1.sub(x3);
                o += rs;
                x0 = FloatVector.fromArray(F, d, o);
                x1 = FloatVector.fromArray(F, d, o + cp);
                x2 = FloatVector.fromArray(F, d, o + 2 * cp);
                x3 = FloatVector.fromArray(F, d, o + 3 * cp);
                FloatVector t30 = x0.sub(x2), t31 = x1.add(x2), t32 = x2.sub(x1), t33 = x1.sub(x3);
                // then down the columns: point 4i + j
                int at = vOff + tile * cp + c;
                t00.sub(t20).intoArray(v, at);
                t01.sub(t21).intoArray(v, at + ps);
                t02.sub(t22).intoArray(v, at + 2 * ps);
                t03.sub(t23).intoArray(v, at + 3 * ps);
                t10.add(t20).intoArray(v, at + 4 * ps);
                t11.add(t21).intoArray(v, at + 5 * ps);
                t12.add(t22).intoArray(v, at + 6 * ps);
                t13.add(t23).intoArray(v, at + 7 * ps);
                t20.sub(t10).intoArray(v, at + 8 * ps);
                t21.sub(t11).intoArray(v, at + 9 * ps);
                t22.sub(t12).intoArray(v, at + 10 * ps);
                t23.sub(t13).intoArray(v, at + 11 * ps);
                t10.sub(t30).intoArray(v, at + 12 * ps);
                t11.sub(t31).intoArray(v, at + 13 * ps);
                t12.sub(t32).intoArray(v, at + 14 * ps);
                t13.sub(t33).intoArray(v, at + 15 * ps);
            }
        }
    }

    @Override
    public void gradientTiles(float[] g, int gOff, int rowStride, int kp, int tiles, float[] m, int mOff,
                              int pointStride) {
        int ps = pointStride;
        for (int tile = 0; tile < tiles; tile++) {
            for (int k = 0; k < kp; k += VL) {
                int o = gOff + 2 * tile * kp + k;
                FloatVector y00 = FloatVector.fromArray(F, g, o), y01 = FloatVector.fromArray(F, g, o + kp);
                FloatVector y10 = FloatVector.fromArray(F, g, o + rowStride);
                FloatVector y11 = FloatVector.fromArray(F, g, o + rowStride + kp);
                // A along each row: (y0, y0 + y1, y0 − y1, −y1); then the rows combined the same way
                FloatVector a1 = y00.add(y01), a2 = y00.sub(y01), b1 = y10.add(y11), b2 = y10.sub(y11);
                int at = mOff + tile * kp + k;
                y00.intoArray(m, at);
                a1.intoArray(m, at + ps);
                a2.intoArray(m, at + 2 * ps);
                y01.neg().intoArray(m, at + 3 * ps);
                y00.add(y10).intoArray(m, at + 4 * ps);
                a1.add(b1).intoArray(m, at + 5 * ps);
                a2.add(b2).intoArray(m, at + 6 * ps);
                y01.neg().sub(y11).intoArray(m, at + 7 * ps);
                y00.sub(y10).intoArray(m, at + 8 * ps);
                a1.sub(b1).intoArray(m, at + 9 * ps);
                a2.sub(b2).intoArray(m, at + 10 * ps);
                y11.sub(y01).intoArray(m, at + 11 * ps);
                y10.neg().intoArray(m, at + 12 * ps);
                b1.neg().intoArray(m, at + 13 * ps);
                b2.neg().intoArray(m, at + 14 * ps);
                y11.intoArray(m, at + 15 * ps);
            }
        }
    }

    private static final ThreadLocal<float[]> FOLD_TILE = ThreadLocal.withInitial(() -> new float[9 * VL]);

    @Override
    public void filterFold(float[] u, int uOff, int pointStride, int channels, float[] gradW, int wOff) {
        float[] tile = FOLD_TILE.get();
        FloatVector half = FloatVector.broadcast(F, 0.5f);
        int ps = pointStride;
        for (int c = 0; c < channels; c += VL) {
            VectorMask<Float> lanes = F.indexInRange(c, channels);
            int o = uOff + c;
            // Gᵀ down the columns j: (a0 + ½(a1 + a2), ½(a1 − a2), ½(a1 + a2) + a3) of points (0..3)·4 + j
            FloatVector r00, r01, r02, r03, r10, r11, r12, r13, r20, r21, r22, r23;
            {
                FloatVector a0 = FloatVector.fromArray(F, u, o, lanes);
                FloatVector a1 = FloatVector.fromArray(F, u, o + 4 * ps, lanes);
                FloatVector a2 = FloatVector.fromArray(F, u, o + 8 * ps, lanes);
                FloatVector a3 = FloatVector.fromArray(F, u, o + 12 * ps, lanes);
                FloatVector p = a1.add(a2).mul(half);
                r00 = a0.add(p);
                r10 = a1.sub(a2).mul(half);
                r20 = p.add(a3);
            }
            {
                FloatVector a0 = FloatVector.fromArray(F, u, o + ps, lanes);
                FloatVector a1 = FloatVector.fromArray(F, u, o + 5 * ps, lanes);
                FloatVector a2 = FloatVector.fromArray(F, u, o + 9 * ps, lanes);
                FloatVector a3 = FloatVector.fromArray(F, u, o + 13 * ps, lanes);
                FloatVector p = a1.add(a2).mul(half);
                r01 = a0.add(p);
                r11 = a1.sub(a2).mul(half);
                r21 = p.add(a3);
            }
            {
                FloatVector a0 = FloatVector.fromArray(F, u, o + 2 * ps, lanes);
                FloatVector a1 = FloatVector.fromArray(F, u, o + 6 * ps, lanes);
                FloatVector a2 = FloatVector.fromArray(F, u, o + 10 * ps, lanes);
                FloatVector a3 = FloatVector.fromArray(F, u, o + 14 * ps, lanes);
                FloatVector p = a1.add(a2).mul(half);
                r02 = a0.add(p);
                r12 = a1.sub(a2).mul(half);
                r22 = p.add(a3);
            }
            {
                FloatVector a0 = FloatVector.fromArray(F, u, o + 3 * ps, lanes);
                FloatVector a1 = FloatVector.fromArray(F, u, o + 7 * ps, lanes);
                FloatVector a2 = FloatVector.fromArray(F, u, o + 11 * ps, lanes);
                FloatVector a3 = FloatVector.fromArray(F, u, o + 15 * ps, lanes);
                FloatVector p = a1.add(a2).mul(half);
                r03 = a0.add(p);
                r13 = a1.sub(a2).mul(half);
                r23 = p.add(a3);
            }
            // then along each row r: taps (r, 0..2), into a 9×VL tile (tap-major) for the interleaved store
            FloatVector p = r01.add(r02).mul(half);
            r00.add(p).intoArray(tile, 0);
            r01.sub(r02).mul(half).intoArray(tile, VL);
            p.add(r03).intoArray(tile, 2 * VL);
            p = r11.add(r12).mul(half);
            r10.add(p).intoArray(tile, 3 * VL);
            r11.sub(r12).mul(half).intoArray(tile, 4 * VL);
            p.add(r13).intoArray(tile, 5 * VL);
            p = r21.add(r22).mul(half);
            r20.add(p).intoArray(tile, 6 * VL);
            r21.sub(r22).mul(half).intoArray(tile, 7 * VL);
            p.add(r23).intoArray(tile, 8 * VL);
            int valid = Math.min(VL, channels - c);
            for (int l = 0; l < valid; l++) {
                int dst = wOff + (c + l) * 9;
                for (int q = 0; q < 9; q++) {
                    gradW[dst + q] = tile[q * VL + l];
                }
            }
        }
    }
}

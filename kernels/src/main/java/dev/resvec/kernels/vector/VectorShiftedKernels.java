package dev.resvec.kernels.vector;

import static dev.resvec.kernels.vector.VectorConfig.F;
import static dev.resvec.kernels.vector.VectorConfig.FMA;
import static dev.resvec.kernels.vector.VectorConfig.VL;

import dev.resvec.kernels.internal.conv.ShiftedKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The {@link ShiftedKernels} on the Vector API.
 *
 * <p><b>Filter gradient</b> ({@link #filterBlock}): 24 accumulators, one per (output channel, tap) of the block, each
 * holding VL partial sums over positions (kept in memory between calls); per step 8 loads of the output gradient and
 * 3 of the taps feed 24 FMAs, with no packing. The partials are added up once per filter element at the end, by the
 * interface's scalar {@link ShiftedKernels#filterFold}: a vector folding network there ran so rarely that C2 had not
 * compiled it after many calls, and the interpreted vector code took 40 ms and 540 MB per layer.
 */
public final class VectorShiftedKernels implements ShiftedKernels {
    /** Floats from one channel's planes to the next in {@link #directTileSmall}'s operand. */
    private static final int SMALL_STEP = PLANES * PLANE_SMALL;
    /** Floats from one channel's planes to the next in {@link #directTileLarge}'s operand. */
    private static final int LARGE_STEP = PLANES * PLANE_LARGE;

    private VectorShiftedKernels() {}

    /** @return the kernels at {@link VectorConfig#F}'s width */
    public static ShiftedKernels create() {
        if (VL < 4 || VL > 16) {
            throw new IllegalStateException("VectorShiftedKernels supports 4 to 16 float lanes, not " + VL);
        }
        return new VectorShiftedKernels();
    }

    @Override
    public int lanes() {
        return VL;
    }

    private static FloatVector madd(FloatVector a, FloatVector b, FloatVector c) {
        return FMA ? a.fma(b, c) : a.mul(b).add(c);
    }

    @Override
    public void filterBlock(float[] g, int gOff, int gStride, float[] x, int xOff, int xt0, int xt1, int xt2, int len,
                            float[] part, int partOff, float[] sums) {
        int full = len - len % VL;
        accumulate(g, gOff, gStride, x, xOff + xt0, xOff + xt1, xOff + xt2, full, sums);
        if (full < len) {
            // into the run's own sums, before they meet the partials: one rounding into part per run
            addLast(g, gOff + full, gStride, x, xOff + full, xt0, xt1, xt2, len - full, sums, 0);
        }
        addTo(sums, part, partOff);
    }

    /**
     * Three or two vectors of positions (the caller, {@code ShiftedForward}, chooses): 8 rows × 3 or 2 vectors = 24
     * or 16 accumulators, per tap and channel 3 or 2 loads and 8 broadcasts feed 24 or 16 FMAs (the filter
     * gradient's {@link #accumulate} turned around), the channels in the inner loop at the constant step
     * {@link #SMALL_STEP} (see {@link ShiftedKernels#directTileSmall} for why). Another length runs
     * {@link #smallVector} per vector, the last under a mask. Measured (a prototype of the three-vector loop, batch
     * 64, 1 thread, Zen 5): 141–167 GFLOP/s on the CIFAR ResNet widths.
     */
    @Override
    public void directTileSmall(float[] x, int[] tapOffsets, int taps, int channels, int j, float[] w, int wOff,
                                int len, float[] out, int outOff, int outStride) {
        if (len == 3 * VL) {
            smallBlock3(x, tapOffsets, taps, channels, j, w, wOff, out, outOff, outStride);
            return;
        }
        if (len == 2 * VL) {
            smallBlock2(x, tapOffsets, taps, channels, j, w, wOff, out, outOff, outStride);
            return;
        }
        for (int p = 0; p < len; p += VL) {
            smallVector(x, tapOffsets, taps, channels, j + p, w, wOff, F.indexInRange(p, len), out, outOff + p,
                    outStride);
        }
    }

    private static void smallBlock2(float[] x, int[] tapOffsets, int taps, int channels, int j, float[] w,
                                    int wOff, float[] out, int o, int st) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a10 = z, a11 = z, a20 = z, a21 = z, a30 = z, a31 = z;
        FloatVector a40 = z, a41 = z, a50 = z, a51 = z, a60 = z, a61 = z, a70 = z, a71 = z;
        for (int t = 0, wt = wOff; t < taps; t++) {
            for (int c = 0, xi = tapOffsets[t] + j, wi = wt; c < channels; c++, xi += SMALL_STEP, wi += DIRECT_K) {
                FloatVector x0 = FloatVector.fromArray(F, x, xi);
                FloatVector x1 = FloatVector.fromArray(F, x, xi + VL);
                FloatVector b = FloatVector.broadcast(F, w[wi]);
                a00 = madd(b, x0, a00);
                a01 = madd(b, x1, a01);
                b = FloatVector.broadcast(F, w[wi + 1]);
                a10 = madd(b, x0, a10);
                a11 = madd(b, x1, a11);
                b = FloatVector.broadcast(F, w[wi + 2]);
                a20 = madd(b, x0, a20);
                a21 = madd(b, x1, a21);
                b = FloatVector.broadcast(F, w[wi + 3]);
                a30 = madd(b, x0, a30);
                a31 = madd(b, x1, a31);
                b = FloatVector.broadcast(F, w[wi + 4]);
                a40 = madd(b, x0, a40);
                a41 = madd(b, x1, a41);
                b = FloatVector.broadcast(F, w[wi + 5]);
                a50 = madd(b, x0, a50);
                a51 = madd(b, x1, a51);
                b = FloatVector.broadcast(F, w[wi + 6]);
                a60 = madd(b, x0, a60);
                a61 = madd(b, x1, a61);
                b = FloatVector.broadcast(F, w[wi + 7]);
                a70 = madd(b, x0, a70);
                a71 = madd(b, x1, a71);
            }
            wt += channels * DIRECT_K;
        }
        a00.intoArray(out, o);
        a01.intoArray(out, o + VL);
        a10.intoArray(out, o + st);
        a11.intoArray(out, o + st + VL);
        a20.intoArray(out, o + 2 * st);
        a21.intoArray(out, o + 2 * st + VL);
        a30.intoArray(out, o + 3 * st);
        a31.intoArray(out, o + 3 * st + VL);
        a40.intoArray(out, o + 4 * st);
        a41.intoArray(out, o + 4 * st + VL);
        a50.intoArray(out, o + 5 * st);
        a51.intoArray(out, o + 5 * st + VL);
        a60.intoArray(out, o + 6 * st);
        a61.intoArray(out, o + 6 * st + VL);
        a70.intoArray(out, o + 7 * st);
        a71.intoArray(out, o + 7 * st + VL);
    }

    private static void smallBlock3(float[] x, int[] tapOffsets, int taps, int channels, int j, float[] w,
                                    int wOff, float[] out, int o, int st) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a02 = z, a10 = z, a11 = z, a12 = z, a20 = z, a21 = z, a22 = z;
        FloatVector a30 = z, a31 = z, a32 = z, a40 = z, a41 = z, a42 = z, a50 = z, a51 = z, a52 = z;
        FloatVector a60 = z, a61 = z, a62 = z, a70 = z, a71 = z, a72 = z;
        for (int t = 0, wt = wOff; t < taps; t++) {
            for (int c = 0, xi = tapOffsets[t] + j, wi = wt; c < channels; c++, xi += SMALL_STEP, wi += DIRECT_K) {
                FloatVector x0 = FloatVector.fromArray(F, x, xi);
                FloatVector x1 = FloatVector.fromArray(F, x, xi + VL);
                FloatVector x2 = FloatVector.fromArray(F, x, xi + 2 * VL);
                FloatVector b = FloatVector.broadcast(F, w[wi]);
                a00 = madd(b, x0, a00);
                a01 = madd(b, x1, a01);
                a02 = madd(b, x2, a02);
                b = FloatVector.broadcast(F, w[wi + 1]);
                a10 = madd(b, x0, a10);
                a11 = madd(b, x1, a11);
                a12 = madd(b, x2, a12);
                b = FloatVector.broadcast(F, w[wi + 2]);
                a20 = madd(b, x0, a20);
                a21 = madd(b, x1, a21);
                a22 = madd(b, x2, a22);
                b = FloatVector.broadcast(F, w[wi + 3]);
                a30 = madd(b, x0, a30);
                a31 = madd(b, x1, a31);
                a32 = madd(b, x2, a32);
                b = FloatVector.broadcast(F, w[wi + 4]);
                a40 = madd(b, x0, a40);
                a41 = madd(b, x1, a41);
                a42 = madd(b, x2, a42);
                b = FloatVector.broadcast(F, w[wi + 5]);
                a50 = madd(b, x0, a50);
                a51 = madd(b, x1, a51);
                a52 = madd(b, x2, a52);
                b = FloatVector.broadcast(F, w[wi + 6]);
                a60 = madd(b, x0, a60);
                a61 = madd(b, x1, a61);
                a62 = madd(b, x2, a62);
                b = FloatVector.broadcast(F, w[wi + 7]);
                a70 = madd(b, x0, a70);
                a71 = madd(b, x1, a71);
                a72 = madd(b, x2, a72);
            }
            wt += channels * DIRECT_K;
        }
        a00.intoArray(out, o);
        a01.intoArray(out, o + VL);
        a02.intoArray(out, o + 2 * VL);
        a10.intoArray(out, o + st);
        a11.intoArray(out, o + st + VL);
        a12.intoArray(out, o + st + 2 * VL);
        a20.intoArray(out, o + 2 * st);
        a21.intoArray(out, o + 2 * st + VL);
        a22.intoArray(out, o + 2 * st + 2 * VL);
        a30.intoArray(out, o + 3 * st);
        a31.intoArray(out, o + 3 * st + VL);
        a32.intoArray(out, o + 3 * st + 2 * VL);
        a40.intoArray(out, o + 4 * st);
        a41.intoArray(out, o + 4 * st + VL);
        a42.intoArray(out, o + 4 * st + 2 * VL);
        a50.intoArray(out, o + 5 * st);
        a51.intoArray(out, o + 5 * st + VL);
        a52.intoArray(out, o + 5 * st + 2 * VL);
        a60.intoArray(out, o + 6 * st);
        a61.intoArray(out, o + 6 * st + VL);
        a62.intoArray(out, o + 6 * st + 2 * VL);
        a70.intoArray(out, o + 7 * st);
        a71.intoArray(out, o + 7 * st + VL);
        a72.intoArray(out, o + 7 * st + 2 * VL);
    }

    @Override
    public void epilogueRow(float[] tile, int t, float bias, float[] res, int r, boolean relu, float[] out, int o,
                            int len) {
        for (int p = 0; p < len; p += VL) {
            VectorMask<Float> m = F.indexInRange(p, len);
            FloatVector v = FloatVector.fromArray(F, tile, t + p, m).add(bias);
            if (res != null) {
                v = v.add(FloatVector.fromArray(F, res, r + p, m));
            }
            if (relu) {
                v = v.max(0f);
            }
            v.intoArray(out, o + p, m);
        }
    }

    /**
     * One vector of positions under a mask. Eight named accumulators: held in an array of vectors they stayed
     * objects in C2's code (the prototype's partial tiles ran at 8–52 GFLOP/s that way).
     */
    private static void smallVector(float[] x, int[] tapOffsets, int taps, int channels, int j, float[] w,
                                    int wOff, VectorMask<Float> m, float[] out, int o, int st) {
        FloatVector z = FloatVector.zero(F), a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, a5 = z, a6 = z, a7 = z;
        for (int t = 0, wi = wOff; t < taps; t++) {
            for (int c = 0, xi = tapOffsets[t] + j; c < channels; c++, xi += SMALL_STEP, wi += DIRECT_K) {
                FloatVector v = FloatVector.fromArray(F, x, xi, m);
                a0 = madd(FloatVector.broadcast(F, w[wi]), v, a0);
                a1 = madd(FloatVector.broadcast(F, w[wi + 1]), v, a1);
                a2 = madd(FloatVector.broadcast(F, w[wi + 2]), v, a2);
                a3 = madd(FloatVector.broadcast(F, w[wi + 3]), v, a3);
                a4 = madd(FloatVector.broadcast(F, w[wi + 4]), v, a4);
                a5 = madd(FloatVector.broadcast(F, w[wi + 5]), v, a5);
                a6 = madd(FloatVector.broadcast(F, w[wi + 6]), v, a6);
                a7 = madd(FloatVector.broadcast(F, w[wi + 7]), v, a7);
            }
        }
        a0.intoArray(out, o, m);
        a1.intoArray(out, o + st, m);
        a2.intoArray(out, o + 2 * st, m);
        a3.intoArray(out, o + 3 * st, m);
        a4.intoArray(out, o + 4 * st, m);
        a5.intoArray(out, o + 5 * st, m);
        a6.intoArray(out, o + 6 * st, m);
        a7.intoArray(out, o + 7 * st, m);
    }

    /**
     * {@link #directTileSmall}'s loops with the step {@link #LARGE_STEP} written in them. Copies, not one method
     * taking the step: C2 drops the range checks only where the step is a constant in the compiled loop itself, and
     * these methods are too large for it to inline into a caller that passes one.
     */
    @Override
    public void directTileLarge(float[] x, int[] tapOffsets, int taps, int channels, int j, float[] w, int wOff,
                                int len, float[] out, int outOff, int outStride) {
        if (len == 3 * VL) {
            largeBlock3(x, tapOffsets, taps, channels, j, w, wOff, out, outOff, outStride);
            return;
        }
        if (len == 2 * VL) {
            largeBlock2(x, tapOffsets, taps, channels, j, w, wOff, out, outOff, outStride);
            return;
        }
        for (int p = 0; p < len; p += VL) {
            largeVector(x, tapOffsets, taps, channels, j + p, w, wOff, F.indexInRange(p, len), out, outOff + p,
                    outStride);
        }
    }

    private static void largeBlock2(float[] x, int[] tapOffsets, int taps, int channels, int j, float[] w,
                                    int wOff, float[] out, int o, int st) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a10 = z, a11 = z, a20 = z, a21 = z, a30 = z, a31 = z;
        FloatVector a40 = z, a41 = z, a50 = z, a51 = z, a60 = z, a61 = z, a70 = z, a71 = z;
        for (int t = 0, wt = wOff; t < taps; t++) {
            for (int c = 0, xi = tapOffsets[t] + j, wi = wt; c < channels; c++, xi += LARGE_STEP, wi += DIRECT_K) {
                FloatVector x0 = FloatVector.fromArray(F, x, xi);
                FloatVector x1 = FloatVector.fromArray(F, x, xi + VL);
                FloatVector b = FloatVector.broadcast(F, w[wi]);
                a00 = madd(b, x0, a00);
                a01 = madd(b, x1, a01);
                b = FloatVector.broadcast(F, w[wi + 1]);
                a10 = madd(b, x0, a10);
                a11 = madd(b, x1, a11);
                b = FloatVector.broadcast(F, w[wi + 2]);
                a20 = madd(b, x0, a20);
                a21 = madd(b, x1, a21);
                b = FloatVector.broadcast(F, w[wi + 3]);
                a30 = madd(b, x0, a30);
                a31 = madd(b, x1, a31);
                b = FloatVector.broadcast(F, w[wi + 4]);
                a40 = madd(b, x0, a40);
                a41 = madd(b, x1, a41);
                b = FloatVector.broadcast(F, w[wi + 5]);
                a50 = madd(b, x0, a50);
                a51 = madd(b, x1, a51);
                b = FloatVector.broadcast(F, w[wi + 6]);
                a60 = madd(b, x0, a60);
                a61 = madd(b, x1, a61);
                b = FloatVector.broadcast(F, w[wi + 7]);
                a70 = madd(b, x0, a70);
                a71 = madd(b, x1, a71);
            }
            wt += channels * DIRECT_K;
        }
        a00.intoArray(out, o);
        a01.intoArray(out, o + VL);
        a10.intoArray(out, o + st);
        a11.intoArray(out, o + st + VL);
        a20.intoArray(out, o + 2 * st);
        a21.intoArray(out, o + 2 * st + VL);
        a30.intoArray(out, o + 3 * st);
        a31.intoArray(out, o + 3 * st + VL);
        a40.intoArray(out, o + 4 * st);
        a41.intoArray(out, o + 4 * st + VL);
        a50.intoArray(out, o + 5 * st);
        a51.intoArray(out, o + 5 * st + VL);
        a60.intoArray(out, o + 6 * st);
        a61.intoArray(out, o + 6 * st + VL);
        a70.intoArray(out, o + 7 * st);
        a71.intoArray(out, o + 7 * st + VL);
    }

    private static void largeBlock3(float[] x, int[] tapOffsets, int taps, int channels, int j, float[] w,
                                    int wOff, float[] out, int o, int st) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a02 = z, a10 = z, a11 = z, a12 = z, a20 = z, a21 = z, a22 = z;
        FloatVector a30 = z, a31 = z, a32 = z, a40 = z, a41 = z, a42 = z, a50 = z, a51 = z, a52 = z;
        FloatVector a60 = z, a61 = z, a62 = z, a70 = z, a71 = z, a72 = z;
        for (int t = 0, wt = wOff; t < taps; t++) {
            for (int c = 0, xi = tapOffsets[t] + j, wi = wt; c < channels; c++, xi += LARGE_STEP, wi += DIRECT_K) {
                FloatVector x0 = FloatVector.fromArray(F, x, xi);
                FloatVector x1 = FloatVector.fromArray(F, x, xi + VL);
                FloatVector x2 = FloatVector.fromArray(F, x, xi + 2 * VL);
                FloatVector b = FloatVector.broadcast(F, w[wi]);
                a00 = madd(b, x0, a00);
                a01 = madd(b, x1, a01);
                a02 = madd(b, x2, a02);
                b = FloatVector.broadcast(F, w[wi + 1]);
                a10 = madd(b, x0, a10);
                a11 = madd(b, x1, a11);
                a12 = madd(b, x2, a12);
                b = FloatVector.broadcast(F, w[wi + 2]);
                a20 = madd(b, x0, a20);
                a21 = madd(b, x1, a21);
                a22 = madd(b, x2, a22);
                b = FloatVector.broadcast(F, w[wi + 3]);
                a30 = madd(b, x0, a30);
                a31 = madd(b, x1, a31);
                a32 = madd(b, x2, a32);
                b = FloatVector.broadcast(F, w[wi + 4]);
                a40 = madd(b, x0, a40);
                a41 = madd(b, x1, a41);
                a42 = madd(b, x2, a42);
                b = FloatVector.broadcast(F, w[wi + 5]);
                a50 = madd(b, x0, a50);
                a51 = madd(b, x1, a51);
                a52 = madd(b, x2, a52);
                b = FloatVector.broadcast(F, w[wi + 6]);
                a60 = madd(b, x0, a60);
                a61 = madd(b, x1, a61);
                a62 = madd(b, x2, a62);
                b = FloatVector.broadcast(F, w[wi + 7]);
                a70 = madd(b, x0, a70);
                a71 = madd(b, x1, a71);
                a72 = madd(b, x2, a72);
            }
            wt += channels * DIRECT_K;
        }
        a00.intoArray(out, o);
        a01.intoArray(out, o + VL);
        a02.intoArray(out, o + 2 * VL);
        a10.intoArray(out, o + st);
        a11.intoArray(out, o + st + VL);
        a12.intoArray(out, o + st + 2 * VL);
        a20.intoArray(out, o + 2 * st);
        a21.intoArray(out, o + 2 * st + VL);
        a22.intoArray(out, o + 2 * st + 2 * VL);
        a30.intoArray(out, o + 3 * st);
        a31.intoArray(out, o + 3 * st + VL);
        a32.intoArray(out, o + 3 * st + 2 * VL);
        a40.intoArray(out, o + 4 * st);
        a41.intoArray(out, o + 4 * st + VL);
        a42.intoArray(out, o + 4 * st + 2 * VL);
        a50.intoArray(out, o + 5 * st);
        a51.intoArray(out, o + 5 * st + VL);
        a52.intoArray(out, o + 5 * st + 2 * VL);
        a60.intoArray(out, o + 6 * st);
        a61.intoArray(out, o + 6 * st + VL);
        a62.intoArray(out, o + 6 * st + 2 * VL);
        a70.intoArray(out, o + 7 * st);
        a71.intoArray(out, o + 7 * st + VL);
        a72.intoArray(out, o + 7 * st + 2 * VL);
    }

    private static void largeVector(float[] x, int[] tapOffsets, int taps, int channels, int j, float[] w,
                                    int wOff, VectorMask<Float> m, float[] out, int o, int st) {
        FloatVector z = FloatVector.zero(F), a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, a5 = z, a6 = z, a7 = z;
        for (int t = 0, wi = wOff; t < taps; t++) {
            for (int c = 0, xi = tapOffsets[t] + j; c < channels; c++, xi += LARGE_STEP, wi += DIRECT_K) {
                FloatVector v = FloatVector.fromArray(F, x, xi, m);
                a0 = madd(FloatVector.broadcast(F, w[wi]), v, a0);
                a1 = madd(FloatVector.broadcast(F, w[wi + 1]), v, a1);
                a2 = madd(FloatVector.broadcast(F, w[wi + 2]), v, a2);
                a3 = madd(FloatVector.broadcast(F, w[wi + 3]), v, a3);
                a4 = madd(FloatVector.broadcast(F, w[wi + 4]), v, a4);
                a5 = madd(FloatVector.broadcast(F, w[wi + 5]), v, a5);
                a6 = madd(FloatVector.broadcast(F, w[wi + 6]), v, a6);
                a7 = madd(FloatVector.broadcast(F, w[wi + 7]), v, a7);
            }
        }
        a0.intoArray(out, o, m);
        a1.intoArray(out, o + st, m);
        a2.intoArray(out, o + 2 * st, m);
        a3.intoArray(out, o + 3 * st, m);
        a4.intoArray(out, o + 4 * st, m);
        a5.intoArray(out, o + 5 * st, m);
        a6.intoArray(out, o + 6 * st, m);
        a7.intoArray(out, o + 7 * st, m);
    }

    /**
     * The last {@code rest < VL} positions: sums[o + a·VL] += g·x for the 24 sums, the taps loaded under a mask (so
     * nothing past the run is read, and a lane past it holds 0 times the zero padding of g: exactly 0). A separate
     * small method with a loop, not a 25th step of {@link #accumulate}: that one stays within C2's inlining budget.
     */
    private static void addLast(float[] g, int gOff, int gStride, float[] x, int xOff, int xt0, int xt1, int xt2,
                                int rest, float[] sums, int o) {
        VectorMask<Float> m = F.indexInRange(0, rest);
        FloatVector w0 = FloatVector.fromArray(F, x, xOff + xt0, m);
        FloatVector w1 = FloatVector.fromArray(F, x, xOff + xt1, m);
        FloatVector w2 = FloatVector.fromArray(F, x, xOff + xt2, m);
        for (int i = 0; i < BLOCK_K; i++) {
            FloatVector v = FloatVector.fromArray(F, g, gOff + i * gStride);
            int p = o + i * BLOCK_T * VL;
            madd(v, w0, FloatVector.fromArray(F, sums, p)).intoArray(sums, p);
            madd(v, w1, FloatVector.fromArray(F, sums, p + VL)).intoArray(sums, p + VL);
            madd(v, w2, FloatVector.fromArray(F, sums, p + 2 * VL)).intoArray(sums, p + 2 * VL);
        }
    }

    /**
     * part[o + i] += sums[i] for the 24 vectors of a block. The accumulators start from zero and meet the partials
     * here: loading the 24 partials into them instead pushed {@link #accumulate} past C2's node budget for inlining
     * (NodeCountInliningCutoff), 8 of its FMA helpers were left as calls, every vector crossing them was boxed, and
     * a layer took 46 ms and 540 MB instead of 3 ms.
     */
    private static void addTo(float[] sums, float[] part, int o) {
        for (int i = 0; i < 24 * VL; i += VL) {
            FloatVector.fromArray(F, sums, i).add(FloatVector.fromArray(F, part, o + i)).intoArray(part, o + i);
        }
    }

    /**
     * The 24 sums (8 rows × 3 taps) over one run of positions, stored at p[a·VL] (a = 3·i + t). Per
     * step 3 tap loads and 8 row loads feed 24 FMAs: 24 accumulators + 3 taps + the row in use fit AVX-512's 32
     * registers. Measured on a Zen 5 core, data in L1: 8 rows × 3 taps 203 GFLOP/s, 4 × 3 135–183, 4 × 6 160–173
     * (FMA peak ≈ 218); with 768 positions and more per row the rows left L1 and all of them fell below 170. One run
     * per call: with a loop over several runs around this one, C2's code ran at half that speed (96 against 161).
     */
    private static void accumulate(float[] g, int gOff, int gStride, float[] x, int x0, int x1, int x2, int len,
                                   float[] p) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector a00 = zero, a01 = zero, a02 = zero, a10 = zero, a11 = zero, a12 = zero;
        FloatVector a20 = zero, a21 = zero, a22 = zero, a30 = zero, a31 = zero, a32 = zero;
        FloatVector a40 = zero, a41 = zero, a42 = zero, a50 = zero, a51 = zero, a52 = zero;
        FloatVector a60 = zero, a61 = zero, a62 = zero, a70 = zero, a71 = zero, a72 = zero;
        for (int j = 0; j < len; j += VL) {
            FloatVector w0 = FloatVector.fromArray(F, x, x0 + j);
            FloatVector w1 = FloatVector.fromArray(F, x, x1 + j);
            FloatVector w2 = FloatVector.fromArray(F, x, x2 + j);
            int gj = gOff + j;
            FloatVector v = FloatVector.fromArray(F, g, gj);
            a00 = madd(v, w0, a00);
            a01 = madd(v, w1, a01);
            a02 = madd(v, w2, a02);
            v = FloatVector.fromArray(F, g, gj + gStride);
            a10 = madd(v, w0, a10);
            a11 = madd(v, w1, a11);
            a12 = madd(v, w2, a12);
            v = FloatVector.fromArray(F, g, gj + 2 * gStride);
            a20 = madd(v, w0, a20);
            a21 = madd(v, w1, a21);
            a22 = madd(v, w2, a22);
            v = FloatVector.fromArray(F, g, gj + 3 * gStride);
            a30 = madd(v, w0, a30);
            a31 = madd(v, w1, a31);
            a32 = madd(v, w2, a32);
            v = FloatVector.fromArray(F, g, gj + 4 * gStride);
            a40 = madd(v, w0, a40);
            a41 = madd(v, w1, a41);
            a42 = madd(v, w2, a42);
            v = FloatVector.fromArray(F, g, gj + 5 * gStride);
            a50 = madd(v, w0, a50);
            a51 = madd(v, w1, a51);
            a52 = madd(v, w2, a52);
            v = FloatVector.fromArray(F, g, gj + 6 * gStride);
            a60 = madd(v, w0, a60);
            a61 = madd(v, w1, a61);
            a62 = madd(v, w2, a62);
            v = FloatVector.fromArray(F, g, gj + 7 * gStride);
            a70 = madd(v, w0, a70);
            a71 = madd(v, w1, a71);
            a72 = madd(v, w2, a72);
        }
        a00.intoArray(p, 0);
        a01.intoArray(p, VL);
        a02.intoArray(p, 2 * VL);
        a10.intoArray(p, 3 * VL);
        a11.intoArray(p, 4 * VL);
        a12.intoArray(p, 5 * VL);
        a20.intoArray(p, 6 * VL);
        a21.intoArray(p, 7 * VL);
        a22.intoArray(p, 8 * VL);
        a30.intoArray(p, 9 * VL);
        a31.intoArray(p, 10 * VL);
        a32.intoArray(p, 11 * VL);
        a40.intoArray(p, 12 * VL);
        a41.intoArray(p, 13 * VL);
        a42.intoArray(p, 14 * VL);
        a50.intoArray(p, 15 * VL);
        a51.intoArray(p, 16 * VL);
        a52.intoArray(p, 17 * VL);
        a60.intoArray(p, 18 * VL);
        a61.intoArray(p, 19 * VL);
        a62.intoArray(p, 20 * VL);
        a70.intoArray(p, 21 * VL);
        a71.intoArray(p, 22 * VL);
        a72.intoArray(p, 23 * VL);
    }
}

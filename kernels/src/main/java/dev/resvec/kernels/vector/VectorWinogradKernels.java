package dev.resvec.kernels.vector;

import static dev.resvec.kernels.vector.VectorConfig.F;
import static dev.resvec.kernels.vector.VectorConfig.FMA;
import static dev.resvec.kernels.vector.VectorConfig.VL;

import dev.resvec.kernels.internal.GemmBlocking;
import dev.resvec.kernels.internal.GemmWriteBack;
import dev.resvec.kernels.internal.conv.WinogradKernels;
import dev.resvec.kernels.internal.conv.WinogradPhases;
import dev.resvec.kernels.internal.conv.WinogradVariant;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The Winograd transforms on the Vector API, one tile per lane: from phase-split rows (see {@link WinogradKernels})
 * the same pixel of VL consecutive tiles is one contiguous vector, so a transform is plain vector loads, adds and
 * stores, with no gathers. Each 2-D transform is two passes of the 1-D one (rows into a small L1 scratch, then
 * columns), in the factored forms of {@link WinogradVariant#applyBt} and {@link WinogradVariant#applyAt}: the
 * multiplications by ±2, ±4, ±8 are exact, and only F(4,3)'s ×5 rounds, so every term of a 1-D transform goes through
 * at most 2 roundings (Bᵀ) or 3 (Aᵀ of F(4,3)), with or without FMA. The helpers take array offsets rather than
 * vectors, so no vector crosses a call that C2 might not inline; and each helper has one call site (the row and
 * column passes share it), since C2 inlines each call site separately and two copies of the vector code exceeded
 * its node budget, after which it boxed a vector on every call (4 MB allocated per 64×56×56 forward).
 *
 * <p>The phase split of the input rows and the merge of the output rows (see {@code WinogradPhases}) are lane
 * shuffles: m vectors of a row are deinterleaved into its m phases (m = 4: two rounds of even/odd selection from
 * vector pairs, 8 two-vector selections ({@link TwoVectorIndex}) for 4·VL floats), and the output phases are zipped back the same way into a
 * row buffer, from which the epilogue writes contiguous output vectors. Measured (rough) on a Zen 3 core for a
 * 64-channel 56×56 layer, F(4×4), AVX2: the split took 0.32 ms scalar and 0.14 ms with shuffles; the merge 0.38 ms
 * scalar (0.58 with bias, residual and ReLU) and 0.10 ms (0.11) with shuffles; each transform about 0.15 ms.
 *
 * <p>The transformed-domain GEMMs run on {@link VectorSgemm}'s microkernel and its vector B packing.
 */
public final class VectorWinogradKernels implements WinogradKernels {
    private static final FloatVector EVEN = TwoVectorIndex.EVEN;
    private static final FloatVector ODD = TwoVectorIndex.ODD;
    /**
     * The low half of a vector's lanes, for {@link #copyHalfRuns} where the species is 512 bits wide: masked loads and
     * stores, which AVX-512 predicates in hardware, and not a 256-bit species, since the kernels keep to one species
     * (see {@link VectorConfig#F}). On a Zen 5 core, copying runs of up to 8 floats with 16-lane vectors whose stores
     * overlapped made a CIFAR layer 10–13% slower than 8-lane copies.
     */
    private static final VectorMask<Float> LOW_HALF = F.indexInRange(0, VL / 2);
    private static final int HALF_VL = VL / 2;
    private static final FloatVector[] WINDOW4 = windowLanes(4);
    private static final FloatVector[] WINDOW2 = windowLanes(2);
    private static final FloatVector ZIP_LO = VectorTranspose.ZIP_LO;
    private static final FloatVector ZIP_HI = VectorTranspose.ZIP_HI;

    private final VectorSgemm sgemm = new VectorSgemm();

    private VectorWinogradKernels() {}

    /** @return the vector Winograd kernels at {@link VectorConfig#F}'s width */
    public static WinogradKernels create() {
        return new VectorWinogradKernels();
    }

    @Override
    public int lanes() {
        return VL;
    }

    @Override
    public GemmBlocking blocking() {
        return sgemm.blocking();
    }

    @Override
    public void microkernel(int kc, float[] ap, int aOff, float[] bp, int bOff, GemmWriteBack wb, int i, int j,
                            int mr, int nr, boolean first, boolean last, float[] tile) {
        sgemm.microkernel(kc, ap, aOff, bp, bOff, wb, i, j, mr, nr, first, last, tile);
    }

    @Override
    public void packB(float[] b, int offB, int ldb, int pc, int kc, int jc, int nc, float[] bp) {
        sgemm.packB(false, b, offB, ldb, pc, kc, jc, nc, bp, 0);
    }

    @Override
    public void packATransposed(float[] a, int offA, int lda, int ic, int mc, int pc, int kc, float[] ap) {
        sgemm.packA(true, a, offA, lda, ic, mc, pc, kc, ap, 0);
    }

    /**
     * A row of up to 16/m tiles holds 16 output columns per row of pixels: blocks of 16 channels are transposed in
     * registers ({@link VectorTranspose#interleave16}) row by row, and each channel's vector takes the epilogue and is
     * one store of the row's pixels (through a mask where the row is cropped or shorter than 16), its residual one
     * load. The channels past the last whole block and narrower species take the scalar merge. Each element gets the
     * scalar merge's operations, so the bits are the same. Before, a tile at a time: four masked stores of 4 lanes
     * per channel and tile, and four masked loads for the residual (figures at WinogradForward's outputByTiles).
     * Earlier still, the scalar merge took 10 % of a prepared 256@14×14 F(4×4) forward at batch 1 (Xeon Emerald
     * Rapids, perf). The row's mask is made in the method: 12 fresh JVMs ran at full speed (an older note found one
     * JVM in four or five slower with masks made in a merge method; static masks were its cure).
     */
    @Override
    public void mergeChannels(float[] o, int ok, int m, int rowSlots, int tiles, int k0, int count, float[] out,
                              int offOut, int outHeight, int outWidth, int y0, int x0, float[] bias, int offBias,
                              float[] res, int offRes, boolean relu, float[] block) {
        int whole = VL == 16 && rowSlots == VL ? count / VL * VL : 0;
        if (whole > 0) {
            int rows = Math.min(m, outHeight - y0), pixels = Math.min(m * tiles, outWidth - x0);
            int plane = outHeight * outWidth, corner = y0 * outWidth + x0;
            boolean full = pixels == VL;
            VectorMask<Float> run = F.indexInRange(0, pixels);
            for (int l = 0; l < whole; l += VL) {
                for (int i = 0; i < rows; i++) {
                    // block[ch·16 + c] = o[(i·16 + c)·ok + l + ch]: row i of the tiles, channel by channel
                    VectorTranspose.interleave16(o, i * VL * ok + l, ok, block, 0, VL);
                    for (int ch = 0; ch < VL; ch++) {
                        int k = k0 + l + ch, at = k * plane + corner + i * outWidth;
                        FloatVector v = FloatVector.fromArray(F, block, ch * VL);
                        if (bias != null) {
                            v = v.add(bias[offBias + k]);
                        }
                        if (res != null) {
                            v = v.add(full ? FloatVector.fromArray(F, res, offRes + at)
                                    : FloatVector.fromArray(F, res, offRes + at, run));
                        }
                        if (relu) {
                            v = v.max(0f);
                        }
                        if (full) {
                            v.intoArray(out, offOut + at);
                        } else {
                            v.intoArray(out, offOut + at, run);
                        }
                    }
                }
            }
        }
        if (whole < count) {
            WinogradPhases.mergeChannels(o, whole, ok, m, rowSlots, tiles, k0 + whole, count - whole, out, offOut,
                    outHeight, outWidth, y0, x0, bias, offBias, res, offRes, relu);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // filter transform U = G g Gᵀ, one filter per lane, in float

    @Override
    public void filterTransform(WinogradVariant variant, float[] taps, int tapOff, int tapStride, int count,
                                float[] out, int outOff, int pointStride, float[] tmp) {
        int a = variant.alpha();
        int end = F.loopBound(count);
        for (int e = 0; e < end; e += VL) {
            // 3 column passes (tmp[ξr][s] = Σ_r G[ξr][r]·g[r][s]), then α row passes (U[ξr][ξs] = Σ_s
            // G[ξs][s]·tmp[ξr][s]), through one call site of the 1-D transform (see inputF4)
            for (int step = 0; step < 3 + a; step++) {
                boolean column = step < 3;
                int r = step - 3;
                int o0 = column ? tapOff + step * tapStride + e : 3 * r * VL;
                int o1 = column ? tapOff + (3 + step) * tapStride + e : (3 * r + 1) * VL;
                int o2 = column ? tapOff + (6 + step) * tapStride + e : (3 * r + 2) * VL;
                if (a == 6) {
                    g6(column ? taps : tmp, o0, o1, o2, column ? tmp : out,
                            column ? step * VL : outOff + 6 * r * pointStride + e, column ? 3 * VL : pointStride);
                } else {
                    g4(column ? taps : tmp, o0, o1, o2, column ? tmp : out,
                            column ? step * VL : outOff + 4 * r * pointStride + e, column ? 3 * VL : pointStride);
                }
            }
        }
        if (end < count) {                              // the last filters: the scalar twin (double)
            WinogradKernels.super.filterTransform(variant, taps, tapOff + end, tapStride, count - end, out,
                    outOff + end, pointStride, tmp);
        }
    }

    /**
     * G of F(4,3), factored: {@code (x0/4, −(x0 + x2 + x1)/6, −(x0 + x2 − x1)/6, (x0/4 + x2 + x1/2)/6,
     * (x0/4 + x2 − x1/2)/6, x2)}, ×1/4 and ×1/2 exact.
     */
    private static void g6(float[] src, int o0, int o1, int o2, float[] dst, int off, int stride) {
        FloatVector x0 = FloatVector.fromArray(F, src, o0);
        FloatVector x1 = FloatVector.fromArray(F, src, o1);
        FloatVector x2 = FloatVector.fromArray(F, src, o2);
        FloatVector quarter = x0.mul(0.25f);
        FloatVector t = x0.add(x2), q = quarter.add(x2), h = x1.mul(0.5f);
        quarter.intoArray(dst, off);
        t.add(x1).mul(-1f / 6).intoArray(dst, off + stride);
        t.sub(x1).mul(-1f / 6).intoArray(dst, off + 2 * stride);
        q.add(h).mul(1f / 6).intoArray(dst, off + 3 * stride);
        q.sub(h).mul(1f / 6).intoArray(dst, off + 4 * stride);
        x2.intoArray(dst, off + 5 * stride);
    }

    /** G of F(2,3), factored: {@code (x0, (x0 + x2 + x1)/2, (x0 + x2 − x1)/2, x2)}, ×1/2 exact. */
    private static void g4(float[] src, int o0, int o1, int o2, float[] dst, int off, int stride) {
        FloatVector x0 = FloatVector.fromArray(F, src, o0);
        FloatVector x1 = FloatVector.fromArray(F, src, o1);
        FloatVector x2 = FloatVector.fromArray(F, src, o2);
        FloatVector t = x0.add(x2);
        x0.intoArray(dst, off);
        t.add(x1).mul(0.5f).intoArray(dst, off + stride);
        t.sub(x1).mul(0.5f).intoArray(dst, off + 2 * stride);
        x2.intoArray(dst, off + 3 * stride);
    }

    // ---------------------------------------------------------------------------------------------------------
    // phase split and merge

    /**
     * Each row is copied between zero borders in a per-thread buffer (the borders are zeroed once per call: every row
     * has the same width), then split in whole steps of VL phase columns (the last one overlapping the one before:
     * the same values again), so the padding costs neither scalar edge columns nor masks. Measured against the split
     * it replaced (scalar edge columns, half-vector steps on rows of 8 to 15 columns at 16 lanes), both in separate
     * methods alternated in one JVM: 64 channels of a 56-wide F(4×4) split 108 → 70 µs (Zen 5, 512-bit species);
     * a prepared 64@56×56 F(4×4) forward on 1 thread, fresh JVMs of the two builds in turn, 0.91–0.97 →
     * 0.71–0.88 ms at batch 1 and 6.1–8.4 → 5.6–5.9 at batch 8.
     * Not kept: the same split from masked loads (60 µs alone), with which C2 left vector code to its Java fallbacks
     * in 3 of 5 JVMs (64@56×56 on 2 threads: 1.3–24 ms a call instead of 0.4).
     */
    @Override
    public void split(float[] in, int plane, int height, int width, int m, int padLeft, int yLo, int rows, int qw,
                      int jNeed, float[] q) {
        int rowStride = m * qw;
        int last = Math.max(0, jNeed - VL);
        int base = Math.max(0, padLeft), from = base - padLeft;          // column x at base + x, the padded row at from
        int size = Math.max(base + width, from + m * (last + VL)) + VL;
        float[] row = splitRow(size);
        Arrays.fill(row, 0, base, 0f);
        Arrays.fill(row, base + width, size, 0f);
        for (int r = 0; r < rows; r++) {
            int y = yLo + r, dst = r * rowStride;
            if (y < 0 || y >= height) {
                WinogradPhases.zeroRow(q, dst, m, qw, jNeed);
                continue;
            }
            int src = plane + y * width;
            if (width >= VL) {
                for (int x = 0; ; x += VL) {
                    int xx = Math.min(x, width - VL);
                    FloatVector.fromArray(F, in, src + xx).intoArray(row, base + xx);
                    if (xx == width - VL) {
                        break;
                    }
                }
            } else {
                System.arraycopy(in, src, row, base, width);
            }
            for (int j = 0; ; j += VL) {
                int jj = Math.min(j, last);
                if (m == 4) {
                    deinterleave4(row, from + 4 * jj, q, dst + jj, qw);
                } else {
                    deinterleave2(row, from + 2 * jj, q, dst + jj, qw);
                }
                if (jj == last) {
                    break;
                }
            }
        }
    }

    private static final ThreadLocal<float[][]> SPLIT_ROW = ThreadLocal.withInitial(() -> new float[1][0]);

    /** @return this thread's row buffer for {@link #split}, at least {@code size} floats */
    private static float[] splitRow(int size) {
        float[][] holder = SPLIT_ROW.get();
        return holder[0].length >= size ? holder[0] : (holder[0] = new float[size]);
    }

    /** 4·VL floats from {@code s} into their 4 phases at {@code dst + φ·qw}. */
    private static void deinterleave4(float[] in, int s, float[] q, int dst, int qw) {
        FloatVector a0 = FloatVector.fromArray(F, in, s);
        FloatVector a1 = FloatVector.fromArray(F, in, s + VL);
        FloatVector a2 = FloatVector.fromArray(F, in, s + 2 * VL);
        FloatVector a3 = FloatVector.fromArray(F, in, s + 3 * VL);
        FloatVector e01 = EVEN.selectFrom(a0, a1);    // x[2i]
        FloatVector o01 = ODD.selectFrom(a0, a1);     // x[2i + 1]
        FloatVector e23 = EVEN.selectFrom(a2, a3);    // x[2·VL + 2i]
        FloatVector o23 = ODD.selectFrom(a2, a3);
        EVEN.selectFrom(e01, e23).intoArray(q, dst);             // x[4i]
        EVEN.selectFrom(o01, o23).intoArray(q, dst + qw);        // x[4i + 1]
        ODD.selectFrom(e01, e23).intoArray(q, dst + 2 * qw);     // x[4i + 2]
        ODD.selectFrom(o01, o23).intoArray(q, dst + 3 * qw);     // x[4i + 3]
    }

    /** 2·VL floats from {@code s} into their 2 phases at {@code dst + φ·qw}. */
    private static void deinterleave2(float[] in, int s, float[] q, int dst, int qw) {
        FloatVector a0 = FloatVector.fromArray(F, in, s);
        FloatVector a1 = FloatVector.fromArray(F, in, s + VL);
        EVEN.selectFrom(a0, a1).intoArray(q, dst);
        ODD.selectFrom(a0, a1).intoArray(q, dst + qw);
    }

    @Override
    public void merge(float[] o, int oOff, int ow, int m, int count, float[] out, int plane, int outHeight,
                      int outWidth, int y0, int x0, boolean hasBias, float bias, float[] res, int resPlane,
                      boolean relu, float[] row) {
        int rows = Math.min(m, outHeight - y0);
        int pixels = Math.min(outWidth - x0, m * count);
        int group = m * VL;                          // output pixels of VL tiles
        for (int i = 0; i < rows; i++) {
            int oRow = oOff + i * m * ow;
            // zip the phases into a row buffer (whole groups, past the last pixel), then the epilogue into the
            // output: the residual may be the output itself, so nothing is stored there before it is read
            for (int p = 0; p < pixels; p += group) {
                if (m == 4) {
                    interleave4(o, oRow + p / 4, ow, row, p);
                } else {
                    interleave2(o, oRow + p / 2, ow, row, p);
                }
            }
            epilogue(row, pixels, out, plane + (y0 + i) * outWidth + x0, hasBias, bias, res,
                    resPlane + (y0 + i) * outWidth + x0, relu);
        }
    }

    /**
     * The deinterleave of {@link #split} along the whole span, VL slots at a time (the last step overlapping the one
     * before); spans shorter than VL slots go scalar.
     */
    @Override
    public void splitPlane(float[] src, int at, int m, int count, float[] ps, int phaseLen) {
        splitSpan(src, at, m, count, ps, 0, phaseLen);
    }

    /**
     * {@code ps[psOff + φ·phaseLen + j] = src[at + m·j + φ]} for j &lt; count and m = 2 or 4: {@link #splitPlane}
     * with the phases at an offset, shared with the stride-2 column gather ({@link VectorColumnGather#splitPairs}).
     */
    static void splitSpan(float[] src, int at, int m, int count, float[] ps, int psOff, int phaseLen) {
        if (count < VL) {
            for (int j = 0; j < count; j++) {
                for (int phase = 0; phase < m; phase++) {
                    ps[psOff + phase * phaseLen + j] = src[at + m * j + phase];
                }
            }
            return;
        }
        for (int j = 0; ; j += VL) {
            int jj = Math.min(j, count - VL);
            if (m == 4) {
                deinterleave4(src, at + 4 * jj, ps, psOff + jj, phaseLen);
            } else {
                deinterleave2(src, at + 2 * jj, ps, psOff + jj, phaseLen);
            }
            if (jj == count - VL) {
                break;
            }
        }
    }

    /**
     * Rows whose windows lie within two vectors: lane i of element (r, s) is lane m·i + s of a row's first 2·VL
     * floats, one two-vector permute per element (F(4×4) rows up to 7 tiles on 16 lanes, F(2×2) up to 15). This
     * replaced the phase split and one masked copy per element and tile row, which took three quarters of the
     * stacked input transform (Zen 5, 512-bit species, prepared F(4×4) at batch 1, old and new alternated in one
     * JVM, medians of 7 rounds: 128@28×28 1.085× as fast on 1 and on 2 threads, 256@14×14 1.11× and 1.07×; whole
     * predictors on 1 thread: ResNet-18 1.027×, ResNet-50 1.014×).
     */
    @Override
    public boolean gathersWindows(int m, int alpha, int width) {
        return (m == 4 || m == 2) && alpha == m + 2 && m * (width - 1) + alpha <= 2 * VL;
    }

    @Override
    public void gatherWindows(float[] padded, int src, int wp, int rowStep, int runLen, int runs, int alpha, int m,
                              float[] dst, int dstOff, int dstStride) {
        if (m == 4) {
            gatherWindows6(padded, src, wp, rowStep, runLen, runs, dst, dstOff, dstStride);
        } else {
            gatherWindows4(padded, src, wp, rowStep, runLen, runs, dst, dstOff, dstStride);
        }
    }

    /** F(4×4): α = 6 rows of 6 elements per tile row; the runs in increasing order, so overflow is overwritten. */
    private static void gatherWindows6(float[] p, int src, int wp, int rowStep, int runLen, int runs, float[] dst,
                                       int dstOff, int ds) {
        FloatVector i0 = WINDOW4[0], i1 = WINDOW4[1], i2 = WINDOW4[2], i3 = WINDOW4[3], i4 = WINDOW4[4];
        FloatVector i5 = WINDOW4[5];
        for (int j = 0; j < runs; j++) {
            for (int r = 0, row = src + j * rowStep, d = dstOff + j * runLen; r < 6; r++, row += wp, d += 6 * ds) {
                FloatVector lo = FloatVector.fromArray(F, p, row), hi = FloatVector.fromArray(F, p, row + VL);
                i0.selectFrom(lo, hi).intoArray(dst, d);
                i1.selectFrom(lo, hi).intoArray(dst, d + ds);
                i2.selectFrom(lo, hi).intoArray(dst, d + 2 * ds);
                i3.selectFrom(lo, hi).intoArray(dst, d + 3 * ds);
                i4.selectFrom(lo, hi).intoArray(dst, d + 4 * ds);
                i5.selectFrom(lo, hi).intoArray(dst, d + 5 * ds);
            }
        }
    }

    /** F(2×2): α = 4 rows of 4 elements per tile row. */
    private static void gatherWindows4(float[] p, int src, int wp, int rowStep, int runLen, int runs, float[] dst,
                                       int dstOff, int ds) {
        FloatVector i0 = WINDOW2[0], i1 = WINDOW2[1], i2 = WINDOW2[2], i3 = WINDOW2[3];
        for (int j = 0; j < runs; j++) {
            for (int r = 0, row = src + j * rowStep, d = dstOff + j * runLen; r < 4; r++, row += wp, d += 4 * ds) {
                FloatVector lo = FloatVector.fromArray(F, p, row), hi = FloatVector.fromArray(F, p, row + VL);
                i0.selectFrom(lo, hi).intoArray(dst, d);
                i1.selectFrom(lo, hi).intoArray(dst, d + ds);
                i2.selectFrom(lo, hi).intoArray(dst, d + 2 * ds);
                i3.selectFrom(lo, hi).intoArray(dst, d + 3 * ds);
            }
        }
    }

    /** Lane i of element s: lane m·i + s of two vectors, clamped for the lanes past any run that fits. */
    private static FloatVector[] windowLanes(int m) {
        FloatVector[] lanes = new FloatVector[m + 2];
        for (int q = 0; q < lanes.length; q++) {
            int s = q;
            lanes[q] = TwoVectorIndex.of(F, i -> Math.min(m * i + s, 2 * VL - 1));
        }
        return lanes;
    }

    /**
     * One vector copy per run (a masked low half where the species is 512 bits wide and the run fits in it); the
     * floats an unmasked copy writes past its run are overwritten by the next run (the runs go in increasing order)
     * or land in the caller's slack.
     */
    @Override
    public void copyWindows(float[] ps, int phaseLen, int srcOff, int rowStep, int srcStride, int runLen, int runs,
                            int alpha, int m, float[] dst, int dstOff, int dstStride) {
        for (int r = 0; r < alpha; r++) {
            for (int q = 0; q < alpha; q++) {
                int src = q % m * phaseLen + srcOff + r * rowStep + q / m, d = dstOff + (r * alpha + q) * dstStride;
                if (runLen <= HALF_VL && VL >= 16) {
                    copyHalfRuns(ps, src, srcStride, runLen, runs, dst, d);
                } else {
                    for (int i = 0; i < runs; i++, src += srcStride, d += runLen) {
                        for (int e = 0; e < runLen; e += VL) {
                            FloatVector.fromArray(F, ps, src + e).intoArray(dst, d + e);
                        }
                    }
                }
            }
        }
    }

    /** Runs of at most HALF_VL floats, one masked copy of the low half each (512-bit species only). */
    private static void copyHalfRuns(float[] ps, int src, int srcStride, int runLen, int runs, float[] dst, int d) {
        for (int i = 0; i < runs; i++, src += srcStride, d += runLen) {
            FloatVector.fromArray(F, ps, src, LOW_HALF).intoArray(dst, d, LOW_HALF);
        }
    }

    /** Zips 4 phase vectors from {@code o[src + φ·ow]} into 4·VL output pixels at {@code row[dst]}. */
    private static void interleave4(float[] o, int src, int ow, float[] row, int dst) {
        FloatVector p0 = FloatVector.fromArray(F, o, src);
        FloatVector p1 = FloatVector.fromArray(F, o, src + ow);
        FloatVector p2 = FloatVector.fromArray(F, o, src + 2 * ow);
        FloatVector p3 = FloatVector.fromArray(F, o, src + 3 * ow);
        FloatVector e01 = ZIP_LO.selectFrom(p0, p2);   // x[2i]
        FloatVector e23 = ZIP_HI.selectFrom(p0, p2);   // x[2·VL + 2i]
        FloatVector o01 = ZIP_LO.selectFrom(p1, p3);   // x[2i + 1]
        FloatVector o23 = ZIP_HI.selectFrom(p1, p3);
        ZIP_LO.selectFrom(e01, o01).intoArray(row, dst);
        ZIP_HI.selectFrom(e01, o01).intoArray(row, dst + VL);
        ZIP_LO.selectFrom(e23, o23).intoArray(row, dst + 2 * VL);
        ZIP_HI.selectFrom(e23, o23).intoArray(row, dst + 3 * VL);
    }

    /** Zips 2 phase vectors into 2·VL output pixels at {@code row[dst]}. */
    private static void interleave2(float[] o, int src, int ow, float[] row, int dst) {
        FloatVector p0 = FloatVector.fromArray(F, o, src);
        FloatVector p1 = FloatVector.fromArray(F, o, src + ow);
        ZIP_LO.selectFrom(p0, p1).intoArray(row, dst);
        ZIP_HI.selectFrom(p0, p1).intoArray(row, dst + VL);
    }

    /**
     * {@code out[dst + p] = relu?(row[p] + bias + res[rsrc + p])} for p in [0, pixels), the scalar twin's order of
     * operations; the last pixels scalar.
     */
    private static void epilogue(float[] row, int pixels, float[] out, int dst, boolean hasBias, float bias,
                                 float[] res, int rsrc, boolean relu) {
        int p = 0;
        for (int end = F.loopBound(pixels); p < end; p += VL) {
            FloatVector v = FloatVector.fromArray(F, row, p);
            if (hasBias) {
                v = v.add(bias);
            }
            if (res != null) {
                v = v.add(FloatVector.fromArray(F, res, rsrc + p));
            }
            if (relu) {
                v = v.max(0f);
            }
            v.intoArray(out, dst + p);
        }
        for (; p < pixels; p++) {
            out[dst + p] = WinogradPhases.finish(row[p], hasBias, bias, res, rsrc + p, relu);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // input transform V = Bᵀ d B

    @Override
    public void inputTransform(WinogradVariant variant, float[] q, int qBase, int rowStride, int phaseStride,
                               int count, float[] v, int vBase, int planeStride, float[] tmp) {
        if (variant == WinogradVariant.F4X4_3X3) {
            inputF4(q, qBase, rowStride, phaseStride, 1, count, v, vBase, planeStride, tmp);
        } else {
            inputF2(q, qBase, rowStride, phaseStride, 1, count, v, vBase, planeStride, tmp);
        }
    }

    /** The transform of {@link #inputTransform}, reading column s of a window row at s·windowStride. */
    @Override
    public void inputTransformWindows(WinogradVariant variant, float[] d, int dBase, int windowStride, int count,
                                      float[] v, int vBase, int planeStride, float[] tmp) {
        int a = variant.alpha(), m = variant.m();
        if (m == 4) {
            inputF4(d, dBase, a * windowStride, windowStride, m * windowStride, count, v, vBase, planeStride, tmp);
        } else {
            inputF2(d, dBase, a * windowStride, windowStride, m * windowStride, count, v, vBase, planeStride, tmp);
        }
    }

    /**
     * F(4×4): 6 row transforms (tmp[r][j] = Σ_s Bᵀ[j][s]·d[r][s], column s of the tile being phase s%4 at
     * {@code (s/4)·xs} past it: xs = 1 in phase-split rows), then 6 column transforms
     * (V[i][j] = Σ_r Bᵀ[i][r]·tmp[r][j]). One call site of {@link #bt6} for both
     * passes: C2 inlines each call site separately, and two copies of the vector code exceed its node budget, after
     * which a vector is boxed on every call.
     */
    private static void inputF4(float[] q, int qBase, int rowStride, int ps, int xs, int count, float[] v,
                                int vBase, int planeStride, float[] tmp) {
        for (int t = 0; t < count; t += VL) {
            for (int step = 0; step < 12; step++) {
                float[] src, dst;
                int o0, o1, o2, o3, o4, o5, off, stride;
                if (step < 6) {
                    int b = qBase + step * rowStride + t;
                    src = q;
                    o0 = b;
                    o1 = b + ps;
                    o2 = b + 2 * ps;
                    o3 = b + 3 * ps;
                    o4 = b + xs;
                    o5 = b + ps + xs;
                    dst = tmp;
                    off = step * 6 * VL;
                    stride = VL;
                } else {
                    int b = (step - 6) * VL;
                    src = tmp;
                    o0 = b;
                    o1 = b + 6 * VL;
                    o2 = b + 12 * VL;
                    o3 = b + 18 * VL;
                    o4 = b + 24 * VL;
                    o5 = b + 30 * VL;
                    dst = v;
                    off = vBase + (step - 6) * planeStride + t;
                    stride = 6 * planeStride;
                }
                bt6(src, o0, o1, o2, o3, o4, o5, dst, off, stride);
            }
        }
    }

    /** F(2×2): as {@link #inputF4}, 4 rows (column s is phase s%2 at (s/2)·xs past it) then 4 columns. */
    private static void inputF2(float[] q, int qBase, int rowStride, int ps, int xs, int count, float[] v,
                                int vBase, int planeStride, float[] tmp) {
        for (int t = 0; t < count; t += VL) {
            for (int step = 0; step < 8; step++) {
                float[] src, dst;
                int o0, o1, o2, o3, off, stride;
                if (step < 4) {
                    int b = qBase + step * rowStride + t;
                    src = q;
                    o0 = b;
                    o1 = b + ps;
                    o2 = b + xs;
                    o3 = b + ps + xs;
                    dst = tmp;
                    off = step * 4 * VL;
                    stride = VL;
                } else {
                    int b = (step - 4) * VL;
                    src = tmp;
                    o0 = b;
                    o1 = b + 4 * VL;
                    o2 = b + 8 * VL;
                    o3 = b + 12 * VL;
                    dst = v;
                    off = vBase + (step - 4) * planeStride + t;
                    stride = 4 * planeStride;
                }
                bt4(src, o0, o1, o2, o3, dst, off, stride);
            }
        }
    }

    /** Bᵀ of F(4,3) on six vectors at the given offsets, into {@code dst[off + i·stride]}. */
    private static void bt6(float[] src, int o0, int o1, int o2, int o3, int o4, int o5, float[] dst, int off,
                            int stride) {
        FloatVector d0 = FloatVector.fromArray(F, src, o0);
        FloatVector d1 = FloatVector.fromArray(F, src, o1);
        FloatVector d2 = FloatVector.fromArray(F, src, o2);
        FloatVector d3 = FloatVector.fromArray(F, src, o3);
        FloatVector d4 = FloatVector.fromArray(F, src, o4);
        FloatVector d5 = FloatVector.fromArray(F, src, o5);
        FloatVector a = d4.sub(d2.mul(4f));          // exact ×4, one rounding
        FloatVector b = d3.sub(d1.mul(4f));
        FloatVector c = d4.sub(d2);
        FloatVector e = d3.sub(d1).mul(2f);
        madd(d2, -5f, d4.add(d0.mul(4f))).intoArray(dst, off);
        a.add(b).intoArray(dst, off + stride);
        a.sub(b).intoArray(dst, off + 2 * stride);
        c.add(e).intoArray(dst, off + 3 * stride);
        c.sub(e).intoArray(dst, off + 4 * stride);
        madd(d3, -5f, d5.add(d1.mul(4f))).intoArray(dst, off + 5 * stride);
    }

    /** Bᵀ of F(2,3) on four vectors at the given offsets, into {@code dst[off + i·stride]}. */
    private static void bt4(float[] src, int o0, int o1, int o2, int o3, float[] dst, int off, int stride) {
        FloatVector d0 = FloatVector.fromArray(F, src, o0);
        FloatVector d1 = FloatVector.fromArray(F, src, o1);
        FloatVector d2 = FloatVector.fromArray(F, src, o2);
        FloatVector d3 = FloatVector.fromArray(F, src, o3);
        d0.sub(d2).intoArray(dst, off);
        d1.add(d2).intoArray(dst, off + stride);
        d2.sub(d1).intoArray(dst, off + 2 * stride);
        d1.sub(d3).intoArray(dst, off + 3 * stride);
    }

    // ---------------------------------------------------------------------------------------------------------
    // output transform Y = Aᵀ M A

    @Override
    public void outputTransform(WinogradVariant variant, float[] mm, int mBase, int planeStride, int count,
                                float[] o, int oBase, int rowStride, int phaseStride, float[] tmp) {
        if (variant == WinogradVariant.F4X4_3X3) {
            outputF4(mm, mBase, planeStride, count, o, oBase, rowStride, phaseStride, tmp);
        } else {
            outputF2(mm, mBase, planeStride, count, o, oBase, rowStride, phaseStride, tmp);
        }
    }

    /**
     * F(4×4): 6 row transforms (tmp[r][j] = Σ_s Aᵀ[j][s]·M[r][s]), then 4 column transforms (Y[i][j] = Σ_r
     * Aᵀ[i][r]·tmp[r][j]), through one call site of {@link #at6} (see {@link #inputF4}).
     */
    private static void outputF4(float[] mm, int mBase, int planeStride, int count, float[] o, int oBase,
                                 int rowStride, int phaseStride, float[] tmp) {
        for (int t = 0; t < count; t += VL) {
            for (int step = 0; step < 10; step++) {
                boolean rows = step < 6;
                at6(rows ? mm : tmp, rows ? mBase + 6 * step * planeStride + t : (step - 6) * VL,
                        rows ? planeStride : 4 * VL, rows ? tmp : o,
                        rows ? step * 4 * VL : oBase + (step - 6) * phaseStride + t, rows ? VL : rowStride);
            }
        }
    }

    /** F(2×2): 4 row transforms, then 2 column transforms. */
    private static void outputF2(float[] mm, int mBase, int planeStride, int count, float[] o, int oBase,
                                 int rowStride, int phaseStride, float[] tmp) {
        for (int t = 0; t < count; t += VL) {
            for (int step = 0; step < 6; step++) {
                boolean rows = step < 4;
                at4(rows ? mm : tmp, rows ? mBase + 4 * step * planeStride + t : (step - 4) * VL,
                        rows ? planeStride : 2 * VL, rows ? tmp : o,
                        rows ? step * 2 * VL : oBase + (step - 4) * phaseStride + t, rows ? VL : rowStride);
            }
        }
    }

    /** Aᵀ of F(4,3) on six vectors {@code src[o + s·stride]}, into {@code dst[off + i·dstStride]}. */
    private static void at6(float[] src, int o, int stride, float[] dst, int off, int dstStride) {
        FloatVector m0 = FloatVector.fromArray(F, src, o);
        FloatVector m1 = FloatVector.fromArray(F, src, o + stride);
        FloatVector m2 = FloatVector.fromArray(F, src, o + 2 * stride);
        FloatVector m3 = FloatVector.fromArray(F, src, o + 3 * stride);
        FloatVector m4 = FloatVector.fromArray(F, src, o + 4 * stride);
        FloatVector m5 = FloatVector.fromArray(F, src, o + 5 * stride);
        FloatVector s12 = m1.add(m2), d12 = m1.sub(m2), s34 = m3.add(m4), d34 = m3.sub(m4);
        m0.add(s12).add(s34).intoArray(dst, off);
        d12.add(d34.mul(2f)).intoArray(dst, off + dstStride);            // ×2, ×4, ×8 exact: one rounding each
        s12.add(s34.mul(4f)).intoArray(dst, off + 2 * dstStride);
        d12.add(d34.mul(8f)).add(m5).intoArray(dst, off + 3 * dstStride);
    }

    /** Aᵀ of F(2,3) on four vectors {@code src[o + s·stride]}, into {@code dst[off + i·dstStride]}. */
    private static void at4(float[] src, int o, int stride, float[] dst, int off, int dstStride) {
        FloatVector m0 = FloatVector.fromArray(F, src, o);
        FloatVector m1 = FloatVector.fromArray(F, src, o + stride);
        FloatVector m2 = FloatVector.fromArray(F, src, o + 2 * stride);
        FloatVector m3 = FloatVector.fromArray(F, src, o + 3 * stride);
        m0.add(m1).add(m2).intoArray(dst, off);
        m1.sub(m2).sub(m3).intoArray(dst, off + dstStride);
    }

    /** {@code a·c + b}: one rounding with FMA, two without. */
    private static FloatVector madd(FloatVector a, float c, FloatVector b) {
        return FMA ? a.fma(FloatVector.broadcast(F, c), b) : a.mul(c).add(b);
    }
}

package dev.resvec.kernels.vector;

import static dev.resvec.kernels.vector.VectorConfig.F;
import static dev.resvec.kernels.vector.VectorConfig.FMA;
import static dev.resvec.kernels.vector.VectorConfig.VL;

import dev.resvec.kernels.internal.GemmBlocking;
import dev.resvec.kernels.internal.GemmWriteBack;
import dev.resvec.kernels.internal.conv.WinogradKernels;
import dev.resvec.kernels.internal.conv.WinogradVariant;
import jdk.incubator.vector.FloatVector;

/**
 * The Winograd transforms on the Vector API, one tile per lane: from phase-split rows (see {@link WinogradKernels})
 * the same pixel of VL consecutive tiles is one contiguous vector, so a transform is plain vector loads, adds and
 * stores, with no gathers. Each 2-D transform is two passes of the 1-D one (rows into a small L1 scratch, then
 * columns), in the factored forms of {@link WinogradVariant#applyBt} and {@link WinogradVariant#applyAt}: the
 * multiplications by ±2, ±4, ±8 are exact, and only F(4,3)'s ×5 rounds, so every term of a 1-D transform goes through
 * at most 2 roundings (Bᵀ) or 3 (Aᵀ of F(4,3)), with or without FMA. The helpers take array offsets rather than
 * vectors, so no vector crosses a call that C2 might not inline.
 *
 * <p>The transformed-domain GEMMs run on {@link VectorSgemm}'s 3×(3·VL) microkernel and its vector B packing.
 */
public final class VectorWinogradKernels implements WinogradKernels {
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
        sgemm.packB(false, b, offB, ldb, pc, kc, jc, nc, bp);
    }

    @Override
    public void packATransposed(float[] a, int offA, int lda, int ic, int mc, int pc, int kc, float[] ap) {
        sgemm.packA(true, a, offA, lda, ic, mc, pc, kc, ap);
    }

    // ---------------------------------------------------------------------------------------------------------
    // input transform V = Bᵀ d B

    @Override
    public void inputTransform(WinogradVariant variant, float[] q, int qBase, int rowStride, int phaseStride,
                               int count, float[] v, int vBase, int planeStride, float[] tmp) {
        if (variant == WinogradVariant.F4X4_3X3) {
            inputF4(q, qBase, rowStride, phaseStride, count, v, vBase, planeStride, tmp);
        } else {
            inputF2(q, qBase, rowStride, phaseStride, count, v, vBase, planeStride, tmp);
        }
    }

    /**
     * F(4×4): 6 row transforms (tmp[r][j] = Σ_s Bᵀ[j][s]·d[r][s], column s of the tile being phase s%4 at index
     * +s/4), then 6 column transforms (V[i][j] = Σ_r Bᵀ[i][r]·tmp[r][j]). One call site of {@link #bt6} for both
     * passes: C2 inlines each call site separately, and two copies of the vector code exceed its node budget, after
     * which a vector is boxed on every call.
     */
    private static void inputF4(float[] q, int qBase, int rowStride, int ps, int count, float[] v, int vBase,
                                int planeStride, float[] tmp) {
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
                    o4 = b + 1;
                    o5 = b + ps + 1;
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

    /** F(2×2): as {@link #inputF4}, 4 rows (column s is phase s%2 at index +s/2) then 4 columns. */
    private static void inputF2(float[] q, int qBase, int rowStride, int ps, int count, float[] v, int vBase,
                                int planeStride, float[] tmp) {
        for (int t = 0; t < count; t += VL) {
            for (int step = 0; step < 8; step++) {
                float[] src, dst;
                int o0, o1, o2, o3, off, stride;
                if (step < 4) {
                    int b = qBase + step * rowStride + t;
                    src = q;
                    o0 = b;
                    o1 = b + ps;
                    o2 = b + 1;
                    o3 = b + ps + 1;
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

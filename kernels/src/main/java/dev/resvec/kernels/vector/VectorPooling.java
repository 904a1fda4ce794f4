package dev.resvec.kernels.vector;

import static dev.resvec.kernels.vector.VectorConfig.F;
import static dev.resvec.kernels.vector.VectorConfig.VL;

import dev.resvec.kernels.PoolShape;
import dev.resvec.kernels.internal.pool.MaxPooling;
import dev.resvec.kernels.internal.pool.PoolKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max pooling forward on {@link VectorConfig#F}: VL neighbouring outputs of a row at once. For each tap
 * {@code (y, q)} of the window, lane j reads input column {@code (ox + j)·strideW − padW + q}: strides 1 and 2
 * (the ones of a ResNet), by contiguous loads. Each lane keeps its running maximum and
 * index and replaces them where the tap is greater, or NaN: the scalar kernel's rule ({@link MaxPooling}), so the
 * taps, taken in the same row-major order, give bitwise the same output and indices (the first of equal maxima, the
 * last NaN, −0 kept before +0). Outputs whose window crosses the left or right edge run the scalar
 * {@link MaxPooling#window}, and so does a row with fewer than VL outputs inside the edges; but without indices,
 * stride 2 (a ResNet stem's pooling) takes the first VL outputs of a row as one vector block, its taps left of the
 * image read as −∞.
 *
 * <p>Stride 2 without indices reduces each window row in its own chain and then takes the rows in order: the rule
 * (greater, or NaN) applied to the rows' results gives what it gives tap by tap (the last NaN is in the last row
 * that has one; the first of equal maxima in the first row that reaches the maximum), and three short chains
 * overlap where one long one waited on each comparison. Zen 5, 1 thread, 64×112×112 3×3/2 with padding 1, in
 * quick timings: 0.36 ms before these two changes, 0.25–0.28 after (without padding 0.26 → 0.22).
 *
 * <p>Where no tap of a block is NaN, "greater, or NaN" is "greater": the stride-2 blocks without indices first run
 * with one ordered comparison per tap (two comparisons and an or before) and a running sum of the taps, which is
 * NaN wherever a tap is (or where infinities of both signs meet); only then is the block run again by the rule. And
 * the left-edge block loads whole vectors (the elements before column 0 are read, then replaced by −∞) where the
 * masked loads per tap took a third of the time for a quarter of the blocks. Same harness, alternated in one JVM:
 * 0.287 → 0.225 ms, bitwise the same output.
 *
 * <p>Why: the scalar loop branches on every tap (is it a new maximum?), which random data mispredicts. On the 3×3/2
 * pooling of a ResNet stem (64×112×112, one image) the scalar kernel took 15–20 ms and this one 3–10 ms, in quick
 * timings on the shared 2-vCPU development VM under a load average of about 9 (so only the ratio means anything,
 * and only roughly; a JMH benchmark in {@code bench} is still to be written).
 */
public final class VectorPooling implements PoolKernels {
    /** Ints with as many lanes as {@link VectorConfig#F}: the argmax indices. */
    private static final VectorSpecies<Integer> I = F.withLanes(int.class);
    /** The even lanes of two concatenated vectors: every second element of 2·VL contiguous ones. */
    private static final FloatVector EVEN = TwoVectorIndex.EVEN;
    /** The odd lanes of two concatenated vectors. */
    private static final FloatVector ODD = TwoVectorIndex.ODD;

    private VectorPooling() {}

    /** @return the vector pooling kernels (call only where the vector backend runs) */
    public static PoolKernels create() {
        return new VectorPooling();
    }

    @Override
    public void maxForward(PoolShape s, float[] in, int offIn, float[] out, int offOut, int[] indices, int offIdx) {
        int h = s.height();
        int w = s.width();
        int oh = s.outHeight();
        int ow = s.outWidth();
        int sw = s.strideW();
        int pw = s.padW();
        int kw = s.kernelW();
        // Interior outputs: the window's columns ox·sw − pw .. ox·sw − pw + kw − 1 all inside [0, w). Strides above
        // 2 (rare in max pooling) have no vector path.
        int oxLo = Math.min(ow, (pw + sw - 1) / sw);
        int oxHi = sw > 2 ? oxLo : Math.max(oxLo, Math.min(ow, Math.floorDiv(w + pw - kw, sw) + 1));
        int o = 0;
        for (int p = 0; p < s.planes(); p++) {
            int plane = offIn + p * h * w;
            for (int oy = 0; oy < oh; oy++, o += ow) {
                int y0 = oy * s.strideH() - s.padH();
                int y1 = Math.min(y0 + s.kernelH(), h);
                y0 = Math.max(y0, 0);
                int ox = 0;
                if (indices == null && sw == 2 && oxLo > 0 && oxHi >= VL) {
                    // The first VL outputs, whose windows cross the left edge: the taps left of column 0 read as
                    // −∞ (blended), so they never win, as in the scalar window.
                    int at = plane + y0 * w - pw;
                    if (at + (y1 - 1 - y0) * w + kw - 1 + 2 * VL <= in.length) {
                        if (!maxBlock2LeftOrdered(in, at, w, y1 - y0, kw, pw, out, offOut + o)) {
                            maxBlock2Left(in, at, w, y1 - y0, kw, pw, out, offOut + o);
                        }
                        ox = VL;
                    }
                }
                for (; ox < oxLo; ox++) {
                    MaxPooling.window(s, in, plane, y0, y1, ox, out, offOut + o + ox, indices, offIdx + o + ox);
                }
                while (ox < oxHi && oxHi - oxLo >= VL) {
                    // The last block ends at oxHi, overlapping the previous one: its outputs are recomputed,
                    // bitwise the same, instead of leaving up to VL − 1 of them to the scalar loop.
                    int block = Math.min(ox, oxHi - VL);
                    int x0 = block * sw - pw;
                    int at = plane + y0 * w + x0;
                    if (sw == 2 && at + (y1 - 1 - y0) * w + kw - 1 + 2 * VL > in.length) {
                        break; // the unzip's second load would pass the array's end: finish the row in scalar
                    }
                    if (indices == null) {
                        if (sw == 1) {
                            maxBlock1(in, at, w, y1 - y0, kw, out, offOut + o + block);
                        } else if (!(y1 - y0 == 3 && kw == 3 ? maxBlock3x3Ordered(in, at, w, out, offOut + o + block)
                                : maxBlock2Ordered(in, at, w, y1 - y0, kw, out, offOut + o + block))) {
                            maxBlock2(in, at, w, y1 - y0, kw, out, offOut + o + block);
                        }
                    } else if (sw == 1) {
                        argmaxBlock1(in, at, w, y1 - y0, kw, y0 * w + x0, out, offOut + o + block, indices,
                                offIdx + o + block);
                    } else {
                        argmaxBlock2(in, at, w, y1 - y0, kw, y0 * w + x0, out, offOut + o + block, indices,
                                offIdx + o + block);
                    }
                    ox = block + VL;
                }
                for (; ox < ow; ox++) {
                    MaxPooling.window(s, in, plane, y0, y1, ox, out, offOut + o + ox, indices, offIdx + o + ox);
                }
            }
        }
    }

    // One method per case (stride 1 or 2, with or without indices), each with its loads written out: a helper that
    // returns a vector is not always inlined by C2 (once compiled on its own it can exceed InlineSmallCode), and then
    // every vector it returns is boxed on the heap: measured 50 MB allocated per 64×112×112 pooling, 20× slower.

    /** VL outputs, stride 1: {@code rows} rows from {@code in[at]} (lane 0's first tap), {@code kw} taps per row. */
    private static void maxBlock1(float[] in, int at, int w, int rows, int kw, float[] out, int outAt) {
        FloatVector max = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        for (int y = 0; y < rows; y++) {
            int row = at + y * w;
            for (int q = 0; q < kw; q++) {
                FloatVector v = FloatVector.fromArray(F, in, row + q);
                max = max.blend(v, v.compare(VectorOperators.GT, max).or(v.test(VectorOperators.IS_NAN)));
            }
        }
        max.intoArray(out, outAt);
    }

    /**
     * VL outputs, stride 2: each tap is two contiguous loads and the even lanes of their concatenation (the second
     * load reaches one element past the last one used; the caller keeps it inside the array). Not a gather: that
     * measured about ten times slower than the two loads and the unzip on AVX2.
     */
    private static void maxBlock2(float[] in, int at, int w, int rows, int kw, float[] out, int outAt) {
        FloatVector max = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        for (int y = 0; y < rows; y++) {
            int row = at + y * w;
            FloatVector rowMax = EVEN.selectFrom(FloatVector.fromArray(F, in, row),
                    FloatVector.fromArray(F, in, row + VL));
            for (int q = 1; q < kw; q++) {
                FloatVector v = EVEN.selectFrom(FloatVector.fromArray(F, in, row + q),
                        FloatVector.fromArray(F, in, row + q + VL));
                rowMax = rowMax.blend(v, v.compare(VectorOperators.GT, rowMax).or(v.test(VectorOperators.IS_NAN)));
            }
            max = max.blend(rowMax, rowMax.compare(VectorOperators.GT, max).or(rowMax.test(VectorOperators.IS_NAN)));
        }
        max.intoArray(out, outAt);
    }

    /**
     * {@link #maxBlock2} with one ordered comparison per tap, for blocks without NaN: the taps' sum is NaN wherever a
     * tap is (or where infinities of both signs meet), and then nothing is stored and the caller runs
     * {@link #maxBlock2}. Without NaN, "greater" picks what "greater, or NaN" picks.
     *
     * @return false where a lane's sum is NaN (nothing stored)
     */
    private static boolean maxBlock2Ordered(float[] in, int at, int w, int rows, int kw, float[] out, int outAt) {
        FloatVector max = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        FloatVector sum = FloatVector.zero(F);
        for (int y = 0; y < rows; y++) {
            int row = at + y * w;
            FloatVector rowMax = EVEN.selectFrom(FloatVector.fromArray(F, in, row),
                    FloatVector.fromArray(F, in, row + VL));
            FloatVector rowSum = rowMax;
            for (int q = 1; q < kw; q++) {
                FloatVector v = EVEN.selectFrom(FloatVector.fromArray(F, in, row + q),
                        FloatVector.fromArray(F, in, row + q + VL));
                rowSum = rowSum.add(v);
                rowMax = rowMax.blend(v, v.compare(VectorOperators.GT, rowMax));
            }
            sum = sum.add(rowSum);
            max = max.blend(rowMax, rowMax.compare(VectorOperators.GT, max));
        }
        if (sum.test(VectorOperators.IS_NAN).anyTrue()) {
            return false;
        }
        max.intoArray(out, outAt);
        return true;
    }

    /**
     * {@link #maxBlock2Ordered} for three rows of three taps (a ResNet stem's 3×3/2 pooling away from its top and
     * bottom edges): the same operations in the same order, so the same bits, with bounds C2 sees (the generic
     * block's rows and taps are arguments), and each row's first two taps, the even and odd columns, from the same
     * two loads. Zen 5, 1 thread, 64×112×112 3×3/2 with padding 1, the two builds' JVMs in turn, six pairs
     * in a noisy phase of the VM (the old kernel took 0.26 ms in a calm one), median ms: 0.62, 0.75, 0.38, 0.53, 0.45,
     * 0.64 → 0.45, 0.29, 0.30, 0.37, 0.36, 0.57, the same output bits.
     */
    private static boolean maxBlock3x3Ordered(float[] in, int at, int w, float[] out, int outAt) {
        FloatVector max = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        FloatVector sum = FloatVector.zero(F);
        for (int y = 0, row = at; y < 3; y++, row += w) {
            FloatVector a = FloatVector.fromArray(F, in, row), b = FloatVector.fromArray(F, in, row + VL);
            FloatVector v0 = EVEN.selectFrom(a, b), v1 = ODD.selectFrom(a, b);
            FloatVector v2 = EVEN.selectFrom(FloatVector.fromArray(F, in, row + 2),
                    FloatVector.fromArray(F, in, row + 2 + VL));
            FloatVector rowMax = v0.blend(v1, v1.compare(VectorOperators.GT, v0));
            rowMax = rowMax.blend(v2, v2.compare(VectorOperators.GT, rowMax));
            sum = sum.add(v0.add(v1).add(v2));
            max = max.blend(rowMax, rowMax.compare(VectorOperators.GT, max));
        }
        if (sum.test(VectorOperators.IS_NAN).anyTrue()) {
            return false;
        }
        max.intoArray(out, outAt);
        return true;
    }

    /**
     * {@link #maxBlock2} for outputs 0 … VL − 1 of a row with left padding {@code pw}: tap q's raw elements before
     * column 0 (the first pw − q) are not loaded (they may lie before the array), and its lanes whose column is
     * negative are −∞.
     */
    private static void maxBlock2Left(float[] in, int at, int w, int rows, int kw, int pw, float[] out, int outAt) {
        FloatVector max = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        for (int y = 0; y < rows; y++) {
            int row = at + y * w;
            for (int q = 0; q < kw; q++) {
                int before = Math.max(0, pw - q);
                FloatVector v = EVEN.selectFrom(
                        FloatVector.fromArray(F, in, row + q, F.indexInRange(-before, VL - before)),
                        FloatVector.fromArray(F, in, row + q + VL));
                if (before > 0) {
                    v = v.blend(Float.NEGATIVE_INFINITY, F.indexInRange(0, (before + 1) / 2));
                }
                max = max.blend(v, v.compare(VectorOperators.GT, max).or(v.test(VectorOperators.IS_NAN)));
            }
        }
        max.intoArray(out, outAt);
    }

    /**
     * {@link #maxBlock2Left} as {@link #maxBlock2Ordered}: plain loads (the elements before column 0 are the previous
     * row's, or the array's before the plane, read and then replaced by −∞), one ordered comparison per tap.
     *
     * @return false where the first load would start before the array, or a lane's sum is NaN (nothing stored)
     */
    private static boolean maxBlock2LeftOrdered(float[] in, int at, int w, int rows, int kw, int pw, float[] out,
                                                int outAt) {
        if (at < 0) {
            return false;
        }
        FloatVector max = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        FloatVector sum = FloatVector.zero(F);
        for (int y = 0; y < rows; y++) {
            int row = at + y * w;
            FloatVector rowMax = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
            for (int q = 0; q < kw; q++) {
                FloatVector v = EVEN.selectFrom(FloatVector.fromArray(F, in, row + q),
                        FloatVector.fromArray(F, in, row + q + VL));
                if (q < pw) {
                    v = v.blend(Float.NEGATIVE_INFINITY, F.indexInRange(0, (pw - q + 1) / 2));
                }
                sum = sum.add(v);
                rowMax = rowMax.blend(v, v.compare(VectorOperators.GT, rowMax));
            }
            max = max.blend(rowMax, rowMax.compare(VectorOperators.GT, max));
        }
        if (sum.test(VectorOperators.IS_NAN).anyTrue()) {
            return false;
        }
        max.intoArray(out, outAt);
        return true;
    }

    /** As {@link #maxBlock1}, with the indices: {@code first} is lane 0's first tap's index in the plane. */
    private static void argmaxBlock1(float[] in, int at, int w, int rows, int kw, int first, float[] out, int outAt,
                                     int[] indices, int idxAt) {
        IntVector lanes = IntVector.zero(I).addIndex(1);
        FloatVector max = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        IntVector best = lanes.add(first);
        for (int y = 0; y < rows; y++) {
            int row = at + y * w;
            int pos = first + y * w;
            for (int q = 0; q < kw; q++) {
                FloatVector v = FloatVector.fromArray(F, in, row + q);
                VectorMask<Float> take = v.compare(VectorOperators.GT, max).or(v.test(VectorOperators.IS_NAN));
                max = max.blend(v, take);
                best = best.blend(lanes.add(pos + q), take.cast(I));
            }
        }
        max.intoArray(out, outAt);
        best.intoArray(indices, idxAt);
    }

    /** As {@link #maxBlock2}, with the indices: {@code first} is lane 0's first tap's index in the plane. */
    private static void argmaxBlock2(float[] in, int at, int w, int rows, int kw, int first, float[] out, int outAt,
                                     int[] indices, int idxAt) {
        IntVector lanes = IntVector.zero(I).addIndex(2);
        FloatVector max = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        IntVector best = lanes.add(first);
        for (int y = 0; y < rows; y++) {
            int row = at + y * w;
            int pos = first + y * w;
            for (int q = 0; q < kw; q++) {
                FloatVector v = EVEN.selectFrom(FloatVector.fromArray(F, in, row + q),
                        FloatVector.fromArray(F, in, row + q + VL));
                VectorMask<Float> take = v.compare(VectorOperators.GT, max).or(v.test(VectorOperators.IS_NAN));
                max = max.blend(v, take);
                best = best.blend(lanes.add(pos + q), take.cast(I));
            }
        }
        max.intoArray(out, outAt);
        best.intoArray(indices, idxAt);
    }
}

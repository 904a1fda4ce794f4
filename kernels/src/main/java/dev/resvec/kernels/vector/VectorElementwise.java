package dev.resvec.kernels.vector;

import static dev.resvec.kernels.vector.VectorConfig.F;
import static dev.resvec.kernels.vector.VectorConfig.FMA;
import static dev.resvec.kernels.vector.VectorConfig.VL;

import dev.resvec.kernels.internal.ElementwiseKernels;
import dev.resvec.kernels.internal.VmFlags;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The elementwise kernels on {@link VectorConfig#F}: a vector loop to {@code F.loopBound(n)} and a scalar tail
 * (no masked tails: they are slow without hardware predication, as on AVX2). The scalar tail does the same float
 * operations as a lane, fused or not as the vector body, so an element's result does not depend on where the loop
 * bound falls (and so not on how a caller splits the array).
 *
 * <p>The residual add ({@link #add}, {@link #addRelu}) is a plain one-vector loop, which C2 unrolls itself (hand
 * unrolling by 2 or 4 measured 20-40 % slower on a Zen 5 from 16 KiB up), after a few scalar elements that put its
 * stores on cache-line boundaries where it can tell them ({@link #lead}); below 16 KiB per operand on AVX-512 it
 * is {@link #addShort}. Arrays larger than L2 once ran on 256-bit vectors where the
 * species is 512 bits wide (faster from L3 and memory on a Zen 5: half as many of its vectors straddle two lines),
 * but no kernel uses a second species: see {@link VectorConfig#F}.
 *
 * <p>Reductions (maxima, sums) keep four independent accumulators so that consecutive vector adds do not wait on
 * each other. Sums are accumulated in float vectors over blocks of {@link #SUM_BLOCK} elements, and each block's
 * partial sum is reduced across lanes and added in double: one horizontal reduction per block, none inside the
 * vector loop, and a rounding error bounded by the block (about {@code (SUM_BLOCK / (4·VL) + log2(VL) + 3)} float
 * roundings of the block's absolute sum) instead of growing with the row length.
 */
final class VectorElementwise implements ElementwiseKernels {
    /** Elements summed in float vector registers before the partial sum is moved to double (4 KiB: L1-resident). */
    static final int SUM_BLOCK = 1024;
    /** Elements per step of the four-accumulator loops. */
    private static final int STEP4 = 4 * VL;

    /** Floats per 64-byte cache line. */
    private static final int LINE_FLOATS = 64 / Float.BYTES;
    /**
     * The index, modulo {@link #LINE_FLOATS}, of the {@code float[]} elements that start a cache line when the array
     * object starts one (element 12 with HotSpot's 16-byte array header).
     */
    private static final int LINE_START = Math.floorMod(-VmFlags.floatArrayBaseOffset() / Float.BYTES, LINE_FLOATS);
    /** From this array length on, element {@link #LINE_START} of a {@code float[]} starts a cache line. */
    private static final int LINES_KNOWN_FROM = VmFlags.floatArraysOnCacheLinesFrom();

    /**
     * Elements a streaming loop runs scalar before its vector loop, so that its stores start on a cache line. Java
     * does not tell where an array lies, but it does tell when the JVM places arrays on lines
     * ({@link VmFlags#floatArraysOnCacheLinesFrom()}: every array with {@code -XX:ObjectAlignmentInBytes=64}, under
     * G1, the default collector, those of half a region or more), and a 64-byte vector that straddles two lines
     * costs two accesses: on a Zen 5 core, 16 MiB operands, the 512-bit residual add ran at 77–79 GB/s in place and
     * 47–52 out of place with its stores on line starts, 50–52 and 38–45 at the three other 16-byte offsets; on an
     * Emerald Rapids core, 16-256 KiB operands in L1 and L2, 14-50 % faster. Where the placement is unknown the
     * loop straddles lines as it would anyway.
     */
    static int lead(float[] out, int offOut) {
        return out.length < LINES_KNOWN_FROM ? 0 : Math.floorMod(LINE_START - offOut, LINE_FLOATS);
    }

    @Override
    public void add(int n, float[] a, int offA, float[] b, int offB, float[] out, int offOut) {
        int i = Math.min(n, lead(out, offOut));
        if (SHORT_STREAM_PATH && n < SHORT_STREAM) {
            addShort(false, n, a, offA, b, offB, out, offOut, i);
            return;
        }
        for (int j = 0; j < i; j++) {
            out[offOut + j] = a[offA + j] + b[offB + j];
        }
        int bound = i + F.loopBound(n - i);
        for (; i < bound; i += VL) {
            FloatVector va = FloatVector.fromArray(F, a, offA + i);
            FloatVector vb = FloatVector.fromArray(F, b, offB + i);
            va.add(vb).intoArray(out, offOut + i);
        }
        for (; i < n; i++) {
            out[offOut + i] = a[offA + i] + b[offB + i];
        }
    }

    @Override
    public void addRelu(int n, float[] a, int offA, float[] b, int offB, float[] out, int offOut) {
        int i = Math.min(n, lead(out, offOut));
        if (SHORT_STREAM_PATH && n < SHORT_STREAM) {
            addShort(true, n, a, offA, b, offB, out, offOut, i);
            return;
        }
        for (int j = 0; j < i; j++) {
            out[offOut + j] = Math.max(a[offA + j] + b[offB + j], 0f);
        }
        int bound = i + F.loopBound(n - i);
        for (; i < bound; i += VL) {
            FloatVector va = FloatVector.fromArray(F, a, offA + i);
            FloatVector vb = FloatVector.fromArray(F, b, offB + i);
            va.add(vb).max(0f).intoArray(out, offOut + i);
        }
        for (; i < n; i++) {
            out[offOut + i] = Math.max(a[offA + i] + b[offB + i], 0f);
        }
    }

    /**
     * Below this length (16 KiB per operand) the residual add takes {@link #addShort} where
     * {@link #SHORT_STREAM_PATH} says so: at 4 and 8 KiB it measured faster than the plain loop; at 16 KiB and up
     * the plain loop passes the C loop already.
     */
    static final int SHORT_STREAM = 4096;
    /**
     * Whether short residual adds take {@link #addShort}: measured faster with 512-bit vectors only (Emerald Rapids,
     * 256-bit species, 4 KiB: 53–56 ns a call against the plain loop's 56–58 out of place, 52–54 against 48 in place).
     */
    private static final boolean SHORT_STREAM_PATH = F.vectorBitSize() >= 512;

    /**
     * The residual add (with ReLU where {@code relu}) of a short stream, without scalar loops: the first and the
     * last vector of the stream are computed before anything is stored and stored last, over the elements the
     * aligned body (from {@code lead}, modulo VL) also writes; an overlapped element gets the same value twice,
     * computed from the same inputs, so this holds in place too (out exactly a or b: the first and last vectors
     * read the inputs before the body overwrites them). The body runs four vectors at a time with all loads before
     * the stores (C2 cannot move a load above a store to what may be the same array, so its own unrolling of the
     * one-vector loop interleaves them). Each element gets one float add (and max), so the bits are those of the
     * other paths. Measured (Xeon Emerald Rapids, 512-bit species, 64-byte aligned objects, operands in one array at
     * the C loop's offsets, ns a call, plain loop / this): 4 KiB out of place 40.1–72.1 (two call sites in four JVMs)
     * / 34.3–34.8 (the C loop: 34.4), in place 33.5–34.6 / 34.2–36.7; 8 KiB 63.5–65.7 / 58.5, in place 58.6 / 56.2.
     * Masked first and last vectors ran as fast, but in one JVM of three C2 left them boxed (704 bytes, 120 ns a
     * call).
     */
    static void addShort(boolean relu, int n, float[] a, int offA, float[] b, int offB, float[] out, int offOut,
                         int lead) {
        if (n < VL) {
            for (int j = 0; j < n; j++) {
                float s = a[offA + j] + b[offB + j];
                out[offOut + j] = relu ? Math.max(s, 0f) : s;
            }
            return;
        }
        int last = n - VL;
        FloatVector head = sum(relu, FloatVector.fromArray(F, a, offA), FloatVector.fromArray(F, b, offB));
        FloatVector tail = sum(relu, FloatVector.fromArray(F, a, offA + last),
                FloatVector.fromArray(F, b, offB + last));
        int i = lead % VL;
        for (int bound = i + ((n - i) & -STEP4); i < bound; i += STEP4) {
            FloatVector a0 = FloatVector.fromArray(F, a, offA + i);
            FloatVector a1 = FloatVector.fromArray(F, a, offA + i + VL);
            FloatVector a2 = FloatVector.fromArray(F, a, offA + i + 2 * VL);
            FloatVector a3 = FloatVector.fromArray(F, a, offA + i + 3 * VL);
            FloatVector b0 = FloatVector.fromArray(F, b, offB + i);
            FloatVector b1 = FloatVector.fromArray(F, b, offB + i + VL);
            FloatVector b2 = FloatVector.fromArray(F, b, offB + i + 2 * VL);
            FloatVector b3 = FloatVector.fromArray(F, b, offB + i + 3 * VL);
            sum(relu, a0, b0).intoArray(out, offOut + i);
            sum(relu, a1, b1).intoArray(out, offOut + i + VL);
            sum(relu, a2, b2).intoArray(out, offOut + i + 2 * VL);
            sum(relu, a3, b3).intoArray(out, offOut + i + 3 * VL);
        }
        for (int bound = i + F.loopBound(n - i); i < bound; i += VL) {
            sum(relu, FloatVector.fromArray(F, a, offA + i), FloatVector.fromArray(F, b, offB + i))
                    .intoArray(out, offOut + i);
        }
        head.intoArray(out, offOut);
        tail.intoArray(out, offOut + last);
    }

    private static FloatVector sum(boolean relu, FloatVector a, FloatVector b) {
        FloatVector s = a.add(b);
        return relu ? s.max(0f) : s;
    }

    @Override
    public void relu(int n, float[] x, int offX, float[] out, int offOut) {
        int bound = F.loopBound(n);
        int i = 0;
        for (; i < bound; i += VL) {
            FloatVector.fromArray(F, x, offX + i).max(0f).intoArray(out, offOut + i);
        }
        for (; i < n; i++) {
            out[offOut + i] = Math.max(x[offX + i], 0f);
        }
    }

    @Override
    public void reluBackward(int n, float[] x, int offX, float[] gradOut, int offG, float[] gradIn, int offGradIn) {
        FloatVector zero = FloatVector.zero(F);
        int bound = F.loopBound(n);
        int i = 0;
        for (; i < bound; i += VL) {
            VectorMask<Float> positive = FloatVector.fromArray(F, x, offX + i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(F, gradOut, offG + i), positive).intoArray(gradIn, offGradIn + i);
        }
        for (; i < n; i++) {
            gradIn[offGradIn + i] = x[offX + i] > 0f ? gradOut[offG + i] : 0f;
        }
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int offX, float[] y, int offY) {
        FloatVector va = FloatVector.broadcast(F, alpha);
        int bound = F.loopBound(n);
        int i = 0;
        for (; i < bound; i += VL) {
            FloatVector vx = FloatVector.fromArray(F, x, offX + i);
            FloatVector vy = FloatVector.fromArray(F, y, offY + i);
            madd(vx, va, vy).intoArray(y, offY + i);
        }
        for (; i < n; i++) {
            y[offY + i] = madd(alpha, x[offX + i], y[offY + i]);
        }
    }

    @Override
    public void scale(int n, float alpha, float[] x, int offX, float[] out, int offOut) {
        int bound = F.loopBound(n);
        int i = 0;
        for (; i < bound; i += VL) {
            FloatVector.fromArray(F, x, offX + i).mul(alpha).intoArray(out, offOut + i);
        }
        for (; i < n; i++) {
            out[offOut + i] = alpha * x[offX + i];
        }
    }

    @Override
    public void channelBias(int batch, int channels, int spatial, float[] x, int offX, float[] bias, int offBias,
                            float[] out, int offOut) {
        if (spatial == 1) {
            // [N, C, 1, 1]: every row is one element, so vectorise along the channels instead.
            for (int b = 0; b < batch; b++) {
                add(channels, x, offX + b * channels, bias, offBias, out, offOut + b * channels);
            }
            return;
        }
        int bound = F.loopBound(spatial);
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                int row = (b * channels + c) * spatial;
                int xi = offX + row;
                int oi = offOut + row;
                float bc = bias[offBias + c];
                int s = 0;
                for (; s < bound; s += VL) {
                    FloatVector.fromArray(F, x, xi + s).add(bc).intoArray(out, oi + s);
                }
                for (; s < spatial; s++) {
                    out[oi + s] = x[xi + s] + bc;
                }
            }
        }
    }

    @Override
    public void channelAffine(int batch, int channels, int spatial, float[] x, int offX, float[] scale, int offScale,
                              float[] shift, int offShift, float[] out, int offOut) {
        if (spatial == 1) {
            // [N, C, 1, 1]: vectorise along the channels, with scale and shift loaded as vectors.
            int bound = F.loopBound(channels);
            for (int b = 0; b < batch; b++) {
                int xi = offX + b * channels;
                int oi = offOut + b * channels;
                int c = 0;
                for (; c < bound; c += VL) {
                    FloatVector vx = FloatVector.fromArray(F, x, xi + c);
                    FloatVector sc = FloatVector.fromArray(F, scale, offScale + c);
                    FloatVector sh = FloatVector.fromArray(F, shift, offShift + c);
                    madd(vx, sc, sh).intoArray(out, oi + c);
                }
                for (; c < channels; c++) {
                    out[oi + c] = madd(x[xi + c], scale[offScale + c], shift[offShift + c]);
                }
            }
            return;
        }
        int bound = F.loopBound(spatial);
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                int row = (b * channels + c) * spatial;
                int xi = offX + row;
                int oi = offOut + row;
                float scv = scale[offScale + c];
                float shv = shift[offShift + c];
                FloatVector sc = FloatVector.broadcast(F, scv);
                FloatVector sh = FloatVector.broadcast(F, shv);
                int s = 0;
                for (; s < bound; s += VL) {
                    madd(FloatVector.fromArray(F, x, xi + s), sc, sh).intoArray(out, oi + s);
                }
                for (; s < spatial; s++) {
                    out[oi + s] = madd(x[xi + s], scv, shv);
                }
            }
        }
    }

    @Override
    public void channelSums(int batch, int channels, int spatial, float[] x, int offX, double[] sum, int offSum,
                            double[] sumSq, int offSumSq) {
        for (int c = 0; c < channels; c++) {
            double s = 0;
            double q = 0;
            for (int b = 0; b < batch; b++) {
                int row = offX + (b * channels + c) * spatial;
                for (int start = 0; start < spatial; start += SUM_BLOCK) {
                    int len = Math.min(SUM_BLOCK, spatial - start);
                    s += blockSum(x, row + start, len);
                    if (sumSq != null) {
                        q += blockSumOfSquares(x, row + start, len); // the block is still in L1
                    }
                }
            }
            sum[offSum + c] = s;
            if (sumSq != null) {
                sumSq[offSumSq + c] = q;
            }
        }
    }

    @Override
    public void rowMax(int rows, int cols, float[] x, int offX, int ldx, float[] out, int offOut) {
        for (int r = 0; r < rows; r++) {
            out[offOut + r] = max(x, offX + r * ldx, cols);
        }
    }

    @Override
    public void softmax(int rows, int cols, float[] x, int offX, int ldx, float[] out, int offOut, int ldOut) {
        for (int r = 0; r < rows; r++) {
            int xi = offX + r * ldx;
            int oi = offOut + r * ldOut;
            float m = max(x, xi, cols);
            double sum = 0;
            for (int start = 0; start < cols; start += SUM_BLOCK) {
                sum += blockExpSum(x, xi + start, m, Math.min(SUM_BLOCK, cols - start), out, oi + start);
            }
            float inv = (float) (1.0 / sum);
            int bound = F.loopBound(cols);
            int j = 0;
            for (; j < bound; j += VL) {
                FloatVector.fromArray(F, out, oi + j).mul(inv).intoArray(out, oi + j);
            }
            for (; j < cols; j++) {
                out[oi + j] *= inv;
            }
        }
    }

    @Override
    public void logSoftmax(int rows, int cols, float[] x, int offX, int ldx, float[] out, int offOut, int ldOut) {
        for (int r = 0; r < rows; r++) {
            int xi = offX + r * ldx;
            int oi = offOut + r * ldOut;
            float m = max(x, xi, cols);
            double sum = 0;
            for (int start = 0; start < cols; start += SUM_BLOCK) {
                sum += blockExpSum(x, xi + start, m, Math.min(SUM_BLOCK, cols - start), null, 0);
            }
            float logSum = (float) Math.log(sum);
            // (x - m) - logSum, not x - (m + logSum): x - m is exact near the maximum, where the result is small.
            int bound = F.loopBound(cols);
            int j = 0;
            for (; j < bound; j += VL) {
                FloatVector.fromArray(F, x, xi + j).sub(m).sub(logSum).intoArray(out, oi + j);
            }
            for (; j < cols; j++) {
                out[oi + j] = (x[xi + j] - m) - logSum;
            }
        }
    }

    private static FloatVector madd(FloatVector a, FloatVector b, FloatVector c) {
        return FMA ? a.fma(b, c) : a.mul(b).add(c);
    }

    /** The scalar twin of {@link #madd(FloatVector, FloatVector, FloatVector)}: the same rounding as a lane. */
    private static float madd(float a, float b, float c) {
        return FMA ? Math.fma(a, b, c) : a * b + c;
    }

    /** @return the maximum of {@code x[from .. from + len)} (-∞ when len = 0) */
    private static float max(float[] x, int from, int len) {
        int i = 0;
        float m = Float.NEGATIVE_INFINITY;
        if (len >= VL) {
            FloatVector m0 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
            FloatVector m1 = m0;
            FloatVector m2 = m0;
            FloatVector m3 = m0;
            int bound4 = len - len % STEP4;
            for (; i < bound4; i += STEP4) {
                m0 = m0.max(FloatVector.fromArray(F, x, from + i));
                m1 = m1.max(FloatVector.fromArray(F, x, from + i + VL));
                m2 = m2.max(FloatVector.fromArray(F, x, from + i + 2 * VL));
                m3 = m3.max(FloatVector.fromArray(F, x, from + i + 3 * VL));
            }
            int bound = F.loopBound(len);
            for (; i < bound; i += VL) {
                m0 = m0.max(FloatVector.fromArray(F, x, from + i));
            }
            m = m0.max(m1).max(m2.max(m3)).reduceLanes(VectorOperators.MAX);
        }
        for (; i < len; i++) {
            m = Math.max(m, x[from + i]);
        }
        return m;
    }

    /** @return the sum of {@code x[from .. from + len)}, len ≤ {@link #SUM_BLOCK}, summed in float vectors */
    private static double blockSum(float[] x, int from, int len) {
        int i = 0;
        double s = 0;
        if (len >= VL) {
            FloatVector s0 = FloatVector.zero(F);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            int bound4 = len - len % STEP4;
            for (; i < bound4; i += STEP4) {
                s0 = s0.add(FloatVector.fromArray(F, x, from + i));
                s1 = s1.add(FloatVector.fromArray(F, x, from + i + VL));
                s2 = s2.add(FloatVector.fromArray(F, x, from + i + 2 * VL));
                s3 = s3.add(FloatVector.fromArray(F, x, from + i + 3 * VL));
            }
            int bound = F.loopBound(len);
            for (; i < bound; i += VL) {
                s0 = s0.add(FloatVector.fromArray(F, x, from + i));
            }
            s = VectorConfig.sumLanes(s0.add(s1).add(s2.add(s3)));
        }
        for (; i < len; i++) {
            s += x[from + i];
        }
        return s;
    }

    /** @return the sum of the squares of {@code x[from .. from + len)}, len ≤ {@link #SUM_BLOCK} */
    private static double blockSumOfSquares(float[] x, int from, int len) {
        int i = 0;
        double s = 0;
        if (len >= VL) {
            FloatVector s0 = FloatVector.zero(F);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            int bound4 = len - len % STEP4;
            for (; i < bound4; i += STEP4) {
                FloatVector v0 = FloatVector.fromArray(F, x, from + i);
                FloatVector v1 = FloatVector.fromArray(F, x, from + i + VL);
                FloatVector v2 = FloatVector.fromArray(F, x, from + i + 2 * VL);
                FloatVector v3 = FloatVector.fromArray(F, x, from + i + 3 * VL);
                s0 = madd(v0, v0, s0);
                s1 = madd(v1, v1, s1);
                s2 = madd(v2, v2, s2);
                s3 = madd(v3, v3, s3);
            }
            int bound = F.loopBound(len);
            for (; i < bound; i += VL) {
                FloatVector v = FloatVector.fromArray(F, x, from + i);
                s0 = madd(v, v, s0);
            }
            s = VectorConfig.sumLanes(s0.add(s1).add(s2.add(s3)));
        }
        for (; i < len; i++) {
            double v = x[from + i];
            s += v * v;
        }
        return s;
    }

    /**
     * Sums {@code exp(x[j] - m)} over {@code x[from .. from + len)}, len ≤ {@link #SUM_BLOCK}, and stores each
     * exponential to {@code out[outFrom + j]} unless out is null.
     *
     * @return the block's sum
     */
    private static double blockExpSum(float[] x, int from, float m, int len, float[] out, int outFrom) {
        int i = 0;
        double s = 0;
        if (len >= VL) {
            FloatVector vm = FloatVector.broadcast(F, m);
            FloatVector s0 = FloatVector.zero(F);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            int bound4 = len - len % STEP4;
            int bound = F.loopBound(len);
            if (out != null) {
                for (; i < bound4; i += STEP4) {
                    FloatVector e0 = FloatVector.fromArray(F, x, from + i).sub(vm).lanewise(VectorOperators.EXP);
                    FloatVector e1 = FloatVector.fromArray(F, x, from + i + VL).sub(vm).lanewise(VectorOperators.EXP);
                    FloatVector e2 = FloatVector.fromArray(F, x, from + i + 2 * VL).sub(vm).lanewise(VectorOperators.EXP);
                    FloatVector e3 = FloatVector.fromArray(F, x, from + i + 3 * VL).sub(vm).lanewise(VectorOperators.EXP);
                    e0.intoArray(out, outFrom + i);
                    e1.intoArray(out, outFrom + i + VL);
                    e2.intoArray(out, outFrom + i + 2 * VL);
                    e3.intoArray(out, outFrom + i + 3 * VL);
                    s0 = s0.add(e0);
                    s1 = s1.add(e1);
                    s2 = s2.add(e2);
                    s3 = s3.add(e3);
                }
                for (; i < bound; i += VL) {
                    FloatVector e = FloatVector.fromArray(F, x, from + i).sub(vm).lanewise(VectorOperators.EXP);
                    e.intoArray(out, outFrom + i);
                    s0 = s0.add(e);
                }
            } else {
                for (; i < bound4; i += STEP4) {
                    s0 = s0.add(FloatVector.fromArray(F, x, from + i).sub(vm).lanewise(VectorOperators.EXP));
                    s1 = s1.add(FloatVector.fromArray(F, x, from + i + VL).sub(vm).lanewise(VectorOperators.EXP));
                    s2 = s2.add(FloatVector.fromArray(F, x, from + i + 2 * VL).sub(vm).lanewise(VectorOperators.EXP));
                    s3 = s3.add(FloatVector.fromArray(F, x, from + i + 3 * VL).sub(vm).lanewise(VectorOperators.EXP));
                }
                for (; i < bound; i += VL) {
                    s0 = s0.add(FloatVector.fromArray(F, x, from + i).sub(vm).lanewise(VectorOperators.EXP));
                }
            }
            s = VectorConfig.sumLanes(s0.add(s1).add(s2.add(s3)));
        }
        for (; i < len; i++) {
            float e = (float) Math.exp(x[from + i] - m);
            if (out != null) {
                out[outFrom + i] = e;
            }
            s += e;
        }
        return s;
    }
}

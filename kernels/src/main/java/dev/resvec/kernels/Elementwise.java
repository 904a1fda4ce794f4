package dev.resvec.kernels;

import static dev.resvec.kernels.ElementwiseChecks.len;

import dev.resvec.kernels.internal.Backends;
import dev.resvec.kernels.internal.ElementwiseKernels;
import dev.resvec.kernels.scalar.DoubleElementwise;

/**
 * Elementwise and reduction kernels on flat arrays with offsets (and leading dimensions for row-wise ones), in the
 * style of BLAS: residual add, ReLU and its gradient, axpy, scaling, the per-channel operations of batch norm on
 * NCHW data, and row-wise max, softmax and log-softmax.
 *
 * <ul>
 *   <li>The float entries run on the provider of {@link Kernels#provider()}; the double entries are the plain
 *       double-precision reference (the test oracle, and what float64 tensors run).</li>
 *   <li>Every entry validates its arguments first and throws {@link IllegalArgumentException} naming the argument
 *       and the values: arrays non-null, sizes and offsets {@code >= 0}, leading dimensions {@code >= cols}, and
 *       every index the call touches inside its array. Sizes of 0 are legal (nothing is touched).</li>
 *   <li>In place: where an entry says so, an output may be exactly an input (the same array, offset and extent;
 *       for row-wise entries the same leading dimension too). Any other shared element between an output and an
 *       input, or between two outputs, is an {@link IllegalArgumentException} naming both element ranges: the
 *       kernels load a few elements ahead of what they store, so a shifted overlap would give a result that
 *       depends on the vector width.</li>
 *   <li>Per-channel entries see NCHW data as {@code batch × channels × spatial} contiguous values
 *       ({@code spatial = H·W}): element {@code (b, c, s)} is {@code x[offX + (b·channels + c)·spatial + s]}.</li>
 *   <li>Row-wise entries see a row-major {@code rows × cols} matrix: element {@code (r, j)} is
 *       {@code x[offX + r·ldx + j]}.</li>
 * </ul>
 *
 * <p>Calls run on the calling thread, except the overloads of {@link #add(int, float[], int, float[], int, float[],
 * int, Parallelism) add} and {@link #addRelu(int, float[], int, float[], int, float[], int, Parallelism) addRelu}
 * that take a {@link Parallelism}: those may split long arrays into contiguous chunks, one per thread. On a caller's
 * executor they split from {@link #PARALLEL_THRESHOLD} on; on the library's pool they split there only where
 * splitting has been measured to be faster, per calling thread and size (see {@code SplitChooser}: a hand-off to
 * another core costs 0.3 µs on one machine and 1.1 on another). Every element is computed by the same operations
 * whatever the split, so results are bitwise the same for every thread count and either choice.
 */
public final class Elementwise {
    private Elementwise() {}

    /**
     * Below this many elements the parallel {@code add} and {@code addRelu} never split the work (from here on, on
     * the library's pool, they split where that has been measured to be faster): 2<sup>13</sup> floats, 32 KiB per
     * operand. Handing a share to a spinning helper and learning that it is done costs 0.3-0.4
     * µs here (several cache-line transfers between the cores); split at 32 KiB, each core adds its half from its
     * own L1 call after call, and that pays (Xeon Emerald Rapids, two threads, {@code ElementwiseBenchmark}, two
     * builds alternated: in place 605-607 ns whole, 509-525 split; out of place 730 and 611-641), at 16 KiB it
     * would not (one core: 120 ns in place, 200 out of place). Each share then gets at least {@link #MIN_SHARE}
     * elements.
     */
    public static final int PARALLEL_THRESHOLD = 1 << 13;

    /** The fewest elements one thread's share of a parallel {@code add} or {@code addRelu} gets: 16 KiB. */
    public static final int MIN_SHARE = PARALLEL_THRESHOLD / 2;

    /** Shares are multiples of this many floats (256 bytes): neighbouring threads share at most one cache line. */
    private static final int SHARE_ALIGN = 64;

    private static ElementwiseKernels kernels() {
        return Backends.active().elementwise();
    }

    // ---------------------------------------------------------------------------------------------------------
    // float

    /**
     * {@code out[offOut + i] = a[offA + i] + b[offB + i]} for {@code i < n}: the residual add. Exact (one float
     * rounding). In place: out may be a, b or both. Single-threaded.
     */
    public static void add(int n, float[] a, int offA, float[] b, int offB, float[] out, int offOut) {
        ElementwiseChecks.binary(n, len(a), offA, len(b), offB, len(out), offOut);
        ElementwiseOverlaps.binary("add", n, a, offA, b, offB, out, offOut);
        kernels().add(n, a, offA, b, offB, out, offOut);
    }

    /**
     * As {@link #add(int, float[], int, float[], int, float[], int)}, split across the threads of
     * {@code parallelism} in contiguous chunks when {@code n >= }{@link #PARALLEL_THRESHOLD} (on the library's pool,
     * where splitting is measured to be faster; see the class comment); bitwise the same result for every thread
     * count. In place: out may be a, b or both.
     */
    public static void add(int n, float[] a, int offA, float[] b, int offB, float[] out, int offOut,
                           Parallelism parallelism) {
        ElementwiseChecks.binary(n, len(a), offA, len(b), offB, len(out), offOut);
        ElementwiseOverlaps.binary("add", n, a, offA, b, offB, out, offOut);
        ElementwiseChecks.parallelism(parallelism);
        splitBinary(false, n, parallelism, a, offA, b, offB, out, offOut);
    }

    /**
     * {@code out[offOut + i] = max(a[offA + i] + b[offB + i], 0)}: the residual add fused with ReLU. In place: out
     * may be a, b or both. Single-threaded.
     */
    public static void addRelu(int n, float[] a, int offA, float[] b, int offB, float[] out, int offOut) {
        ElementwiseChecks.binary(n, len(a), offA, len(b), offB, len(out), offOut);
        ElementwiseOverlaps.binary("addRelu", n, a, offA, b, offB, out, offOut);
        kernels().addRelu(n, a, offA, b, offB, out, offOut);
    }

    /**
     * As {@link #addRelu(int, float[], int, float[], int, float[], int)}, split across the threads of
     * {@code parallelism} like {@link #add(int, float[], int, float[], int, float[], int, Parallelism) add}; bitwise
     * the same result for every thread count. In place: out may be a, b or both.
     */
    public static void addRelu(int n, float[] a, int offA, float[] b, int offB, float[] out, int offOut,
                               Parallelism parallelism) {
        ElementwiseChecks.binary(n, len(a), offA, len(b), offB, len(out), offOut);
        ElementwiseOverlaps.binary("addRelu", n, a, offA, b, offB, out, offOut);
        ElementwiseChecks.parallelism(parallelism);
        splitBinary(true, n, parallelism, a, offA, b, offB, out, offOut);
    }

    /** The residual add, or add + ReLU, in one piece or split into contiguous chunks (timed: SplitChooser). */
    private static void splitBinary(boolean relu, int n, Parallelism parallelism, float[] a, int offA, float[] b,
                                    int offB, float[] out, int offOut) {
        ElementwiseKernels kernels = kernels();
        int shares = shares(n, parallelism);
        if (shares == 1) {
            whole(kernels, relu, n, a, offA, b, offB, out, offOut);
        } else if (!parallelism.onLibraryPool()) { // a caller's executor: split as asked
            int chunk = chunk(n, shares);
            BinarySplit.run(kernels, relu, n, shares, chunk, chunk, false, parallelism, a, offA, b, offB, out, offOut);
        } else {
            SplitChooser chooser = SplitChooser.forThisThread();
            boolean inPlace = out == a && offOut == offA || out == b && offOut == offB;
            int way = chooser.next(n, inPlace);
            boolean timed = (way & SplitChooser.TIMED) != 0;
            long start = timed ? System.nanoTime() : 0;
            boolean helperRan = false;
            if ((way & SplitChooser.SPLIT) != 0) {
                // Two shares: the caller's is sized by the chooser's balance (see SplitChooser), the rest is the
                // helper's; more shares are equal.
                int equal = chunk(n, shares);
                int first = shares == 2 ? callerShare(n, chooser.callerPart(n, inPlace)) : equal;
                int chunk = shares == 2 ? n - first : equal;
                boolean timeEnds = timed && shares == 2;
                BinarySplit split = BinarySplit.run(kernels, relu, n, shares, first, chunk, timeEnds, parallelism, a,
                        offA, b, offB, out, offOut);
                helperRan = split.helperRan();
                if (timeEnds && helperRan) {
                    chooser.balance(n, inPlace, split.helperEndedLast());
                }
            } else {
                whole(kernels, relu, n, a, offA, b, offB, out, offOut);
            }
            chooser.done(n, inPlace, way, helperRan, timed ? System.nanoTime() - start : 0);
        }
    }

    private static void whole(ElementwiseKernels kernels, boolean relu, int n, float[] a, int offA, float[] b,
                              int offB, float[] out, int offOut) {
        if (relu) {
            kernels.addRelu(n, a, offA, b, offB, out, offOut);
        } else {
            kernels.add(n, a, offA, b, offB, out, offOut);
        }
    }

    /** {@code out[offOut + i] = max(x[offX + i], 0)} for {@code i < n}. In place: out may be x. */
    public static void relu(int n, float[] x, int offX, float[] out, int offOut) {
        ElementwiseChecks.unary(n, "x", len(x), "offX", offX, "out", len(out), "offOut", offOut);
        ElementwiseOverlaps.unary("relu", n, x, offX, "out", out, offOut);
        kernels().relu(n, x, offX, out, offOut);
    }

    /**
     * {@code gradIn[offGradIn + i] = x[offX + i] > 0 ? gradOut[offG + i] : 0} for {@code i < n}, where x is the
     * ReLU's input or its output (both are positive at the same places). In place: gradIn may be gradOut or x.
     */
    public static void reluBackward(int n, float[] x, int offX, float[] gradOut, int offG, float[] gradIn,
                                    int offGradIn) {
        ElementwiseChecks.reluBackward(n, len(x), offX, len(gradOut), offG, len(gradIn), offGradIn);
        ElementwiseOverlaps.reluBackward(n, x, offX, gradOut, offG, gradIn, offGradIn);
        kernels().reluBackward(n, x, offX, gradOut, offG, gradIn, offGradIn);
    }

    /**
     * {@code y[offY + i] += alpha·x[offX + i]} for {@code i < n} (fused multiply-add where the provider uses FMA).
     * y may be x itself ({@code y := (1 + alpha)·y}), but not a shifted part of it.
     */
    public static void axpy(int n, float alpha, float[] x, int offX, float[] y, int offY) {
        ElementwiseChecks.unary(n, "x", len(x), "offX", offX, "y", len(y), "offY", offY);
        ElementwiseOverlaps.unary("axpy", n, x, offX, "y", y, offY);
        kernels().axpy(n, alpha, x, offX, y, offY);
    }

    /** {@code out[offOut + i] = alpha·x[offX + i]} for {@code i < n}. In place: out may be x. */
    public static void scale(int n, float alpha, float[] x, int offX, float[] out, int offOut) {
        ElementwiseChecks.unary(n, "x", len(x), "offX", offX, "out", len(out), "offOut", offOut);
        ElementwiseOverlaps.unary("scale", n, x, offX, "out", out, offOut);
        kernels().scale(n, alpha, x, offX, out, offOut);
    }

    /**
     * {@code out[b,c,s] = x[b,c,s] + bias[offBias + c]} over {@code batch × channels × spatial} NCHW data (a
     * convolution's bias). In place: out may be x; it must not share elements with bias.
     */
    public static void channelBias(int batch, int channels, int spatial, float[] x, int offX, float[] bias,
                                   int offBias, float[] out, int offOut) {
        long total = ElementwiseChecks.channelData(batch, channels, spatial, len(x), offX);
        ElementwiseChecks.perChannel("bias", len(bias), "offBias", offBias, channels);
        ElementwiseChecks.channelOut(batch, channels, spatial, total, len(out), offOut);
        ElementwiseOverlaps.channel("channelBias", total, channels, x, offX, out, offOut, "bias", bias, offBias, null,
                null, 0);
        kernels().channelBias(batch, channels, spatial, x, offX, bias, offBias, out, offOut);
    }

    /**
     * {@code out[b,c,s] = x[b,c,s]·scale[offScale + c] + shift[offShift + c]} over {@code batch × channels ×
     * spatial} NCHW data (batch norm applied with folded statistics). In place: out may be x; it must not share
     * elements with scale or shift.
     */
    public static void channelAffine(int batch, int channels, int spatial, float[] x, int offX, float[] scale,
                                     int offScale, float[] shift, int offShift, float[] out, int offOut) {
        long total = ElementwiseChecks.channelData(batch, channels, spatial, len(x), offX);
        ElementwiseChecks.perChannel("scale", len(scale), "offScale", offScale, channels);
        ElementwiseChecks.perChannel("shift", len(shift), "offShift", offShift, channels);
        ElementwiseChecks.channelOut(batch, channels, spatial, total, len(out), offOut);
        ElementwiseOverlaps.channel("channelAffine", total, channels, x, offX, out, offOut, "scale", scale,
                offScale, "shift", shift, offShift);
        kernels().channelAffine(batch, channels, spatial, x, offX, scale, offScale, shift, offShift, out, offOut);
    }

    /**
     * {@code sum[offSum + c] = Σ_{b,s} x[b,c,s]} and, unless {@code sumSq} is null,
     * {@code sumSq[offSumSq + c] = Σ_{b,s} x[b,c,s]²}, over {@code batch × channels × spatial} NCHW data (batch-norm
     * statistics, bias gradients). The outputs are overwritten, not added to; sums are accumulated in double (the
     * vector provider sums blocks of 1024 values in float, then adds the blocks in double). sum and sumSq must not
     * share elements.
     */
    public static void channelSums(int batch, int channels, int spatial, float[] x, int offX, double[] sum,
                                   int offSum, double[] sumSq, int offSumSq) {
        long total = ElementwiseChecks.channelData(batch, channels, spatial, len(x), offX);
        ElementwiseChecks.perChannel("sum", len(sum), "offSum", offSum, channels);
        if (sumSq != null) {
            ElementwiseChecks.perChannel("sumSq", sumSq.length, "offSumSq", offSumSq, channels);
        }
        ElementwiseOverlaps.channelSums(total, channels, x, offX, sum, offSum, sumSq, offSumSq);
        kernels().channelSums(batch, channels, spatial, x, offX, sum, offSum, sumSq, offSumSq);
    }

    /**
     * {@code out[offOut + r] = max_j x[offX + r·ldx + j]} for each of {@code rows} rows of {@code cols ≥ 1}
     * values (cols may be 0 only when rows is 0). out must not share elements with x.
     */
    public static void rowMax(int rows, int cols, float[] x, int offX, int ldx, float[] out, int offOut) {
        ElementwiseChecks.rowsCols(rows, cols, 1);
        ElementwiseChecks.matrix("x", len(x), "offX", offX, "ldx", ldx, rows, cols);
        ElementwiseChecks.spanOf("out", len(out), "offOut", offOut, "rows", rows);
        ElementwiseOverlaps.rowMax(rows, cols, x, offX, ldx, out, offOut);
        kernels().rowMax(rows, cols, x, offX, ldx, out, offOut);
    }

    /**
     * Row-wise softmax of a {@code rows × cols} matrix: {@code out[r, j] = exp(x[r, j] - m_r) / Σ_k exp(x[r, k] -
     * m_r)} with {@code m_r} the row's maximum, so large values do not overflow. In place: out may be x (same
     * offset and leading dimension).
     */
    public static void softmax(int rows, int cols, float[] x, int offX, int ldx, float[] out, int offOut,
                               int ldOut) {
        ElementwiseChecks.rowsCols(rows, cols, 0);
        ElementwiseChecks.matrix("x", len(x), "offX", offX, "ldx", ldx, rows, cols);
        ElementwiseChecks.matrix("out", len(out), "offOut", offOut, "ldOut", ldOut, rows, cols);
        ElementwiseOverlaps.rows("softmax", rows, cols, x, offX, ldx, out, offOut, ldOut);
        kernels().softmax(rows, cols, x, offX, ldx, out, offOut, ldOut);
    }

    /**
     * Row-wise log-softmax of a {@code rows × cols} matrix: {@code out[r, j] = x[r, j] - m_r - log Σ_k exp(x[r, k]
     * - m_r)} with {@code m_r} the row's maximum. In place: out may be x (same offset and leading dimension).
     */
    public static void logSoftmax(int rows, int cols, float[] x, int offX, int ldx, float[] out, int offOut,
                                  int ldOut) {
        ElementwiseChecks.rowsCols(rows, cols, 0);
        ElementwiseChecks.matrix("x", len(x), "offX", offX, "ldx", ldx, rows, cols);
        ElementwiseChecks.matrix("out", len(out), "offOut", offOut, "ldOut", ldOut, rows, cols);
        ElementwiseOverlaps.rows("logSoftmax", rows, cols, x, offX, ldx, out, offOut, ldOut);
        kernels().logSoftmax(rows, cols, x, offX, ldx, out, offOut, ldOut);
    }

    // ---------------------------------------------------------------------------------------------------------
    // double: the scalar reference, same argument rules

    /** Double-precision {@code out[i] = a[i] + b[i]}. In place: out may be a, b or both. */
    public static void add(int n, double[] a, int offA, double[] b, int offB, double[] out, int offOut) {
        ElementwiseChecks.binary(n, len(a), offA, len(b), offB, len(out), offOut);
        ElementwiseOverlaps.binary("add", n, a, offA, b, offB, out, offOut);
        DoubleElementwise.add(n, a, offA, b, offB, out, offOut);
    }

    /** Double-precision {@code out[i] = max(a[i] + b[i], 0)}. In place: out may be a, b or both. */
    public static void addRelu(int n, double[] a, int offA, double[] b, int offB, double[] out, int offOut) {
        ElementwiseChecks.binary(n, len(a), offA, len(b), offB, len(out), offOut);
        ElementwiseOverlaps.binary("addRelu", n, a, offA, b, offB, out, offOut);
        DoubleElementwise.addRelu(n, a, offA, b, offB, out, offOut);
    }

    /** Double-precision {@code out[i] = max(x[i], 0)}. In place: out may be x. */
    public static void relu(int n, double[] x, int offX, double[] out, int offOut) {
        ElementwiseChecks.unary(n, "x", len(x), "offX", offX, "out", len(out), "offOut", offOut);
        ElementwiseOverlaps.unary("relu", n, x, offX, "out", out, offOut);
        DoubleElementwise.relu(n, x, offX, out, offOut);
    }

    /** Double-precision {@code gradIn[i] = x[i] > 0 ? gradOut[i] : 0}. In place: gradIn may be gradOut or x. */
    public static void reluBackward(int n, double[] x, int offX, double[] gradOut, int offG, double[] gradIn,
                                    int offGradIn) {
        ElementwiseChecks.reluBackward(n, len(x), offX, len(gradOut), offG, len(gradIn), offGradIn);
        ElementwiseOverlaps.reluBackward(n, x, offX, gradOut, offG, gradIn, offGradIn);
        DoubleElementwise.reluBackward(n, x, offX, gradOut, offG, gradIn, offGradIn);
    }

    /** Double-precision {@code y[i] += alpha·x[i]}; y may be x itself. */
    public static void axpy(int n, double alpha, double[] x, int offX, double[] y, int offY) {
        ElementwiseChecks.unary(n, "x", len(x), "offX", offX, "y", len(y), "offY", offY);
        ElementwiseOverlaps.unary("axpy", n, x, offX, "y", y, offY);
        DoubleElementwise.axpy(n, alpha, x, offX, y, offY);
    }

    /** Double-precision {@code out[i] = alpha·x[i]}. In place: out may be x. */
    public static void scale(int n, double alpha, double[] x, int offX, double[] out, int offOut) {
        ElementwiseChecks.unary(n, "x", len(x), "offX", offX, "out", len(out), "offOut", offOut);
        ElementwiseOverlaps.unary("scale", n, x, offX, "out", out, offOut);
        DoubleElementwise.scale(n, alpha, x, offX, out, offOut);
    }

    /** Double-precision {@code out[b,c,s] = x[b,c,s] + bias[c]} over NCHW data. In place: out may be x. */
    public static void channelBias(int batch, int channels, int spatial, double[] x, int offX, double[] bias,
                                   int offBias, double[] out, int offOut) {
        long total = ElementwiseChecks.channelData(batch, channels, spatial, len(x), offX);
        ElementwiseChecks.perChannel("bias", len(bias), "offBias", offBias, channels);
        ElementwiseChecks.channelOut(batch, channels, spatial, total, len(out), offOut);
        ElementwiseOverlaps.channel("channelBias", total, channels, x, offX, out, offOut, "bias", bias, offBias, null,
                null, 0);
        DoubleElementwise.channelBias(batch, channels, spatial, x, offX, bias, offBias, out, offOut);
    }

    /** Double-precision {@code out[b,c,s] = x[b,c,s]·scale[c] + shift[c]} over NCHW data. In place: out may be x. */
    public static void channelAffine(int batch, int channels, int spatial, double[] x, int offX, double[] scale,
                                     int offScale, double[] shift, int offShift, double[] out, int offOut) {
        long total = ElementwiseChecks.channelData(batch, channels, spatial, len(x), offX);
        ElementwiseChecks.perChannel("scale", len(scale), "offScale", offScale, channels);
        ElementwiseChecks.perChannel("shift", len(shift), "offShift", offShift, channels);
        ElementwiseChecks.channelOut(batch, channels, spatial, total, len(out), offOut);
        ElementwiseOverlaps.channel("channelAffine", total, channels, x, offX, out, offOut, "scale", scale,
                offScale, "shift", shift, offShift);
        DoubleElementwise.channelAffine(batch, channels, spatial, x, offX, scale, offScale, shift, offShift, out,
                offOut);
    }

    /**
     * Double-precision {@code sum[c] = Σ_{b,s} x[b,c,s]} and, unless sumSq is null, {@code sumSq[c] = Σ x²} over
     * NCHW data; the outputs are overwritten, and share no element with x or with each other.
     */
    public static void channelSums(int batch, int channels, int spatial, double[] x, int offX, double[] sum,
                                   int offSum, double[] sumSq, int offSumSq) {
        long total = ElementwiseChecks.channelData(batch, channels, spatial, len(x), offX);
        ElementwiseChecks.perChannel("sum", len(sum), "offSum", offSum, channels);
        if (sumSq != null) {
            ElementwiseChecks.perChannel("sumSq", sumSq.length, "offSumSq", offSumSq, channels);
        }
        ElementwiseOverlaps.channelSums(total, channels, x, offX, sum, offSum, sumSq, offSumSq);
        DoubleElementwise.channelSums(batch, channels, spatial, x, offX, sum, offSum, sumSq, offSumSq);
    }

    /**
     * Double-precision row maxima of a {@code rows × cols} matrix, {@code cols ≥ 1} when rows &gt; 0; out must not
     * share elements with x.
     */
    public static void rowMax(int rows, int cols, double[] x, int offX, int ldx, double[] out, int offOut) {
        ElementwiseChecks.rowsCols(rows, cols, 1);
        ElementwiseChecks.matrix("x", len(x), "offX", offX, "ldx", ldx, rows, cols);
        ElementwiseChecks.spanOf("out", len(out), "offOut", offOut, "rows", rows);
        ElementwiseOverlaps.rowMax(rows, cols, x, offX, ldx, out, offOut);
        DoubleElementwise.rowMax(rows, cols, x, offX, ldx, out, offOut);
    }

    /** Double-precision row-wise softmax, the row maximum subtracted first. In place: out may be x. */
    public static void softmax(int rows, int cols, double[] x, int offX, int ldx, double[] out, int offOut,
                               int ldOut) {
        ElementwiseChecks.rowsCols(rows, cols, 0);
        ElementwiseChecks.matrix("x", len(x), "offX", offX, "ldx", ldx, rows, cols);
        ElementwiseChecks.matrix("out", len(out), "offOut", offOut, "ldOut", ldOut, rows, cols);
        ElementwiseOverlaps.rows("softmax", rows, cols, x, offX, ldx, out, offOut, ldOut);
        DoubleElementwise.softmax(rows, cols, x, offX, ldx, out, offOut, ldOut);
    }

    /** Double-precision row-wise log-softmax, {@code x - max - log Σ exp(x - max)}. In place: out may be x. */
    public static void logSoftmax(int rows, int cols, double[] x, int offX, int ldx, double[] out, int offOut,
                                  int ldOut) {
        ElementwiseChecks.rowsCols(rows, cols, 0);
        ElementwiseChecks.matrix("x", len(x), "offX", offX, "ldx", ldx, rows, cols);
        ElementwiseChecks.matrix("out", len(out), "offOut", offOut, "ldOut", ldOut, rows, cols);
        ElementwiseOverlaps.rows("logSoftmax", rows, cols, x, offX, ldx, out, offOut, ldOut);
        DoubleElementwise.logSoftmax(rows, cols, x, offX, ldx, out, offOut, ldOut);
    }

    // ---------------------------------------------------------------------------------------------------------

    /** @return how many shares to split n elements into: 1 below the threshold, else at most one per thread */
    static int shares(int n, Parallelism parallelism) {
        if (n < PARALLEL_THRESHOLD) {
            return 1;
        }
        return Math.max(1, Math.min(parallelism.threadCount(), n / MIN_SHARE));
    }

    /**
     * @param part the caller's part of the work in {@link SplitChooser#PARTS}ths
     * @return the caller's share of a split in two: that part of n, rounded to a multiple of {@link #SHARE_ALIGN},
     *         leaving the helper at least one aligned chunk
     */
    static int callerShare(int n, int part) {
        int share = (int) ((long) n * part / SplitChooser.PARTS / SHARE_ALIGN * SHARE_ALIGN);
        return Math.clamp(share, Math.min(n, SHARE_ALIGN), Math.max(SHARE_ALIGN, n - SHARE_ALIGN));
    }

    /** @return the elements per share: n / shares rounded up to a multiple of {@link #SHARE_ALIGN} */
    static int chunk(int n, int shares) {
        int perShare = (int) (((long) n + shares - 1) / shares);
        return (int) Math.min(n, ((long) perShare + SHARE_ALIGN - 1) / SHARE_ALIGN * SHARE_ALIGN);
    }
}

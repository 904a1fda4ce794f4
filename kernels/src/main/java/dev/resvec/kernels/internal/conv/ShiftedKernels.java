package dev.resvec.kernels.internal.conv;

/**
 * A provider's kernels for convolutions on {@link ShiftedRows} (every filter tap's operand a contiguous run): the
 * filter gradient as lane-wise partial sums, and the forward's tiles with their epilogue. The vector provider works
 * on {@link #lanes()} output positions at once; the scalar twin one at a time, summing in double.
 */
public interface ShiftedKernels {
    /** Output channels of a {@link #filterBlock}. */
    int BLOCK_K = 8;
    /** Taps of a {@link #filterBlock}. */
    int BLOCK_T = 3;
    /** @return positions per step (the vector length; 1 for the scalar twin) */
    int lanes();

    /** @return floats of one block's partial sums: {@value #BLOCK_K}·{@value #BLOCK_T}·{@link #lanes()} */
    default int partialSize() {
        return BLOCK_K * BLOCK_T * lanes();
    }

    /**
     * Adds a {@value #BLOCK_K}×{@value #BLOCK_T} block of the filter gradient (output channels × taps), over one run
     * of positions, to its partial sums {@code part[partOff …]} ({@link #partialSize()} floats, zero at first): the
     * sum for row i and tap t is
     * <pre>
     *   Σ_{j &lt; len} g[gOff + i·gStride + j] · x[xOff + xt_t + j]
     * </pre>
     * kept in {@link #lanes()} partial sums, position j going to partial j mod lanes. {@link #filterFold} then adds
     * the partials up. The order of the additions depends on the arguments only.
     *
     * @param g    the output gradient, rows {@code gStride} apart, each row readable (and zero) up to the next
     *             multiple of {@link #lanes()} past {@code len}
     * @param x    the taps' operands ({@link ShiftedRows} planes), read only inside the {@code len} positions
     * @param len  positions, any count
     * @param tmp  scratch of {@link #partialSize()} floats
     */
    void filterBlock(float[] g, int gOff, int gStride, float[] x, int xOff, int xt0, int xt1, int xt2, int len,
                     float[] part, int partOff, float[] tmp);

    /** Output channels of a {@link #directTileSmall}. */
    int DIRECT_K = 8;

    /** Floats from one {@link ShiftedRows} plane to the next for {@link #directTileSmall}: planes up to this size. */
    int PLANE_SMALL = 272;
    /** Floats from one plane to the next for {@link #directTileLarge}: planes up to this size. */
    int PLANE_LARGE = 1168;
    /** Most planes (kernel columns) per channel in both layouts. */
    int PLANES = 3;

    /**
     * A tile of a convolution by its definition on {@link ShiftedRows} planes ({@link ShiftedForward}) that lie
     * {@value #PLANE_SMALL} floats apart, {@value #PLANES} per channel: for {@code i < }{@value #DIRECT_K} and
     * {@code p < len},
     * <pre>
     *   out[outOff + i·outStride + p] := Σ_{t &lt; taps} Σ_{c &lt; channels}
     *       w[wOff + (t·channels + c)·DIRECT_K + i] · x[tapOffsets[t] + c·PLANES·PLANE_SMALL + j + p]
     * </pre>
     * summed taps outer, channels inner (the vector kernels in one float chain per element; the scalar twin in
     * double, rounded once).
     *
     * <p>Why fixed strides: the channel loop then steps x by a compile-time constant, and C2 takes the loads' range
     * checks out of the loop, which it does not for an index scaled by a variable (with the planes' own size as the
     * step the checks stayed, one per load and step). The tile loop alone, batch 64, Xeon Emerald Rapids, 1 thread,
     * a variable and a constant channel stride: 16@32×32 138 → 180 GFLOP/s (three vectors), 32@16×16 147 → 172,
     * 64@8×8 158 → 190. Why two strides: one large enough for a 32×32 image's planes (34·32 = 1088 floats under a
     * 3-row kernel) spreads an 8×8 image's 80-float planes over many pages (64@8×8 ran 5 % slower at a stride of
     * 1168 than on packed planes, 10 % faster at 272), and bands of rows of the large images at the small stride
     * re-lower the rows between bands (16@32×32 ran 20 % slower in bands of 6 rows). Neither is a multiple of 64
     * floats, so that consecutive channels' planes do not share L1 sets (at 1152, 64@8×8 ran 15 % slower). Why taps
     * outer, channels inner: a table of every channel's tap offsets kept range checks in the loop too (the
     * 8×3-vector tile of then, 156–161 against 172–183 GFLOP/s).
     *
     * @param tapOffsets the offset of each tap's run for channel 0
     * @param taps       taps per channel
     * @param channels   input channels
     * @param j          the tile's first position in the planes
     * @param len        positions, 1 to three vectors ({@code 3·}{@link #lanes()}); x is read only inside them
     */
    default void directTileSmall(float[] x, int[] tapOffsets, int taps, int channels, int j, float[] w, int wOff,
                                 int len, float[] out, int outOff, int outStride) {
        directSums(x, tapOffsets, taps, channels, PLANES * PLANE_SMALL, j, w, wOff, len, out, outOff, outStride);
    }

    /** {@link #directTileSmall} on planes {@value #PLANE_LARGE} floats apart. */
    default void directTileLarge(float[] x, int[] tapOffsets, int taps, int channels, int j, float[] w, int wOff,
                                 int len, float[] out, int outOff, int outStride) {
        directSums(x, tapOffsets, taps, channels, PLANES * PLANE_LARGE, j, w, wOff, len, out, outOff, outStride);
    }

    private void directSums(float[] x, int[] tapOffsets, int taps, int channels, int channelStride, int j, float[] w,
                            int wOff, int len, float[] out, int outOff, int outStride) {
        for (int i = 0; i < DIRECT_K; i++) {
            for (int p = 0; p < len; p++) {
                double sum = 0;
                for (int t = 0; t < taps; t++) {
                    for (int c = 0; c < channels; c++) {
                        sum += (double) w[wOff + (t * channels + c) * DIRECT_K + i]
                                * x[tapOffsets[t] + c * channelStride + j + p];
                    }
                }
                out[outOff + i * outStride + p] = (float) sum;
            }
        }
    }

    /**
     * The epilogue of one row of a {@link #directTileSmall} written to scratch: for {@code p < len},
     * {@code out[o + p] := v} with {@code v = tile[t + p] + bias}, plus {@code res[r + p]} where {@code res} is not
     * null, then {@code max(v, 0)} with {@code relu} (the GEMM epilogue's ReLU; a missing bias is passed as −0, which
     * leaves every float as it is). {@code res} may be {@code out} itself. The same float operations in both twins,
     * so the same bits. Why a kernel: a scalar loop with the data-dependent branch {@code v < 0 ? 0 : v} was
     * mispredicted on about half of the elements (the 3→16 CIFAR stem at batch 64, 1 thread, Xeon Emerald Rapids:
     * 5.0 ms with bias and ReLU against 0.44 without), and a branch-free one still took 1.6.
     */
    default void epilogueRow(float[] tile, int t, float bias, float[] res, int r, boolean relu, float[] out, int o,
                             int len) {
        for (int p = 0; p < len; p++) {
            float v = tile[t + p] + bias;
            if (res != null) {
                v += res[r + p];
            }
            out[o + p] = relu ? Math.max(v, 0f) : v;
        }
    }

    /**
     * {@code out[outOff + i·outStride + t] := } the sum of the {@link #lanes()} partials of row i and tap t of the
     * block at {@code part[partOff]}, for {@code i < validK} and {@code t < validT}: added in lane order in double
     * and rounded once. Plain Java: it runs once per filter element, too rarely for C2 to compile vector code early.
     */
    default void filterFold(float[] part, int partOff, float[] out, int outOff, int outStride, int validK,
                            int validT) {
        int lanes = lanes();
        for (int i = 0; i < validK; i++) {
            for (int t = 0; t < validT; t++) {
                int p = partOff + (i * BLOCK_T + t) * lanes;
                double sum = 0;
                for (int l = 0; l < lanes; l++) {
                    sum += part[p + l];
                }
                out[outOff + i * outStride + t] = (float) sum;
            }
        }
    }
}

package dev.resvec.kernels.internal.conv;

/**
 * A provider's kernels for {@link StridedForward}: 3×3 convolutions computed by their definition with output
 * channels along the vector lanes, reading a zero-padded copy of the image in place — the stride-2 layers, and at
 * stride 1 the 7-wide ones (where a batch-1 Winograd call reads more transformed filter bytes than it saves work).
 *
 * <p>A tile is {@code positions} output positions of one row (7 or 8 at stride 2, 7 at stride 1) ×
 * {@link #blockChannels()} output channels. For every tap (c, r, s) it loads the block's filter values (contiguous,
 * packed by {@link StridedForward}) as vectors and broadcasts one input pixel per position,
 * {@code x[q + stride·i]}: a row is read where it lies, with no gather and no packing of columns, which is what the
 * im2col GEMM pays for on these layers.
 */
public interface StridedKernels {
    /** Kernel rows and columns of the tiles. */
    int KERNEL = 3;
    /** Output positions of a stride-1 tile (one row of a 7×7 output). */
    int STRIDE_ONE_POSITIONS = 7;

    /** @return output channels of one tile (two vectors; 8 for a scalar twin built so) */
    int blockChannels();

    /**
     * One tile, summed in one float chain per element over the channels, then the kernel rows, then the kernel
     * columns: for {@code i < positions} and {@code j < }{@link #blockChannels()} (B),
     * <pre>
     *   y[yOff + i·B + j] := (accumulate ? y[yOff + i·B + j] : 0)
     *       + Σ_{c &lt; channels} Σ_{r &lt; 3} Σ_{s &lt; 3} w[wOff + ((c·3 + r)·3 + s)·B + j]
     *                                                  · x[xOff + c·plane + r·rowStride + s + stride·i]
     * </pre>
     * each product fused into the running sum where the provider uses FMA.
     *
     * @param stride    input columns between neighbouring output positions: 1 or 2
     * @param positions 7 or 8 at stride 2, {@value #STRIDE_ONE_POSITIONS} at stride 1
     * @throws IllegalArgumentException for any other stride or number of positions
     */
    void tile(int stride, int positions, int channels, float[] x, int xOff, int plane, int rowStride, float[] w,
              int wOff, float[] y, int yOff, boolean accumulate);

    /**
     * @throws IllegalArgumentException unless {@code stride} and {@code positions} make a tile {@link #tile} has
     */
    static void checkTile(int stride, int positions) {
        boolean ok = stride == 2 ? positions == 7 || positions == 8
                : stride == 1 && positions == STRIDE_ONE_POSITIONS;
        if (!ok) {
            throw new IllegalArgumentException("a strided tile has 7 or 8 positions at stride 2 and "
                    + STRIDE_ONE_POSITIONS + " at stride 1, not " + positions + " at stride " + stride);
        }
    }

    /**
     * {@code dst[dOff + c·dStride + r] := src[sOff + r·sStride + c]} for {@code r < rows}, {@code c < cols}: a
     * rows×cols matrix transposed. The tiles' position-major sums go to channel planes by it (rows = positions,
     * cols = B), and the filters' rows of taps to the tiles' order (rows = B, cols = taps).
     */
    void transpose(float[] src, int sOff, int sStride, int rows, int cols, float[] dst, int dOff, int dStride);
}

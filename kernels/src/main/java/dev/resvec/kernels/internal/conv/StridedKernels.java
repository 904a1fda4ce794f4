package dev.resvec.kernels.internal.conv;

/**
 * A provider's kernels for {@link StridedForward}: stride-2 3×3 convolutions computed by their definition with
 * output channels along the vector lanes, reading a zero-padded copy of the image in place.
 *
 * <p>A tile is {@code positions} output positions of one row (7 or 8) × {@link #blockChannels()} output channels.
 * For every tap (c, r, s) it loads the block's filter values (contiguous, packed by {@link StridedForward}) as
 * vectors and broadcasts one input pixel per position, {@code x[q + 2i]}: a stride-2 row is read where it lies, with
 * no gather and no packing of columns, which is what the im2col GEMM pays for on these layers.
 */
public interface StridedKernels {
    /** Kernel rows and columns of the tiles. */
    int KERNEL = 3;
    /** Input columns between neighbouring output positions. */
    int STRIDE = 2;

    /** @return output channels of one tile (two vectors; 8 for a scalar twin built so) */
    int blockChannels();

    /**
     * One tile, summed in one float chain per element over the channels, then the kernel rows, then the kernel
     * columns: for {@code i < positions} and {@code j < }{@link #blockChannels()} (B),
     * <pre>
     *   y[yOff + i·B + j] := (accumulate ? y[yOff + i·B + j] : 0)
     *       + Σ_{c &lt; channels} Σ_{r &lt; 3} Σ_{s &lt; 3} w[wOff + ((c·3 + r)·3 + s)·B + j]
     *                                                  · x[xOff + c·plane + r·rowStride + s + 2i]
     * </pre>
     * each product fused into the running sum where the provider uses FMA.
     *
     * @param positions 7 or 8
     */
    void tile(int positions, int channels, float[] x, int xOff, int plane, int rowStride, float[] w, int wOff,
              float[] y, int yOff, boolean accumulate);

    /**
     * {@code dst[dOff + c·dStride + r] := src[sOff + r·sStride + c]} for {@code r < rows}, {@code c < cols}: a
     * rows×cols matrix transposed. The tiles' position-major sums go to channel planes by it (rows = positions,
     * cols = B), and the filters' rows of taps to the tiles' order (rows = B, cols = taps).
     */
    void transpose(float[] src, int sOff, int sStride, int rows, int cols, float[] dst, int dOff, int dStride);
}

package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.ConvShape;

/**
 * The im2col matrix of a convolution read from a padded, phase-split copy of the image ({@link PhaseImage}), so
 * that it can be gathered with plain loads (see {@link ImplicitColumns}). With the image zero-padded and split into
 * strideH·strideW phases (phase (a, b) holds the padded pixels (u·strideH + a, v·strideW + b)), filter tap
 * t = (c, r, q) at output position j = (y, x) reads
 * <pre>
 *   padded(c, y·strideH + r, x·strideW + q) = phase(c, r mod strideH, q mod strideW)[y + r div strideH][x + q div strideW]
 *                                           = prepared[tapOffset[t] + pixelOffset[j]]
 * </pre>
 * with {@code pixelOffset[j] = y·rowStride + x}: no bounds test (the padding is in the copy), and the output
 * positions of one output row are consecutive floats, so a run of positions is one vector load per tap. For stride
 * 1 and 2 and no dilation (every ResNet layer); other convolutions lower their columns with {@link Im2col}.
 * Depends on the shape only (not the batch), except {@link #batchedPointwise}'s, which spans images; immutable.
 */
public final class ColumnIndex {
    /** Rows of the column matrix: Cg·R·S taps. */
    public final int taps;
    /** Columns of the column matrix: outH·outW output positions (times the images, for {@link #batchedPointwise}). */
    public final int pixels;
    /** Output width: positions j and j + 1 are adjacent floats unless j + 1 starts a new output row. */
    public final int outWidth;
    /** Floats between consecutive rows of a phase (of images, for {@link #batchedPointwise}). */
    public final int rowStride;
    /** Per tap, where it starts in the prepared image. */
    public final int[] tapOffset;
    /** Per output position (padded to a multiple of 64 entries), where it is relative to a tap's start. */
    public final int[] pixelOffset;
    /** The prepared copy's layout; null for {@link #batchedPointwise}, which reads the input where it lies. */
    final PhaseImage layout;

    /** @return whether this path takes the shape (groups 1, no dilation, stride 1 or 2) */
    static boolean accepts(ConvShape s) {
        return s.groups() == 1 && s.dilationH() == 1 && s.dilationW() == 1 && s.strideH() <= 2 && s.strideW() <= 2;
    }

    /** @param s the convolution, {@link #accepts accepted} (its batch does not matter) */
    public ColumnIndex(ConvShape s) {
        int kh = s.kernelH(), kw = s.kernelW(), sh = s.strideH(), sw = s.strideW();
        layout = new PhaseImage(s);
        taps = s.inChannels() * kh * kw;
        pixels = s.outHeight() * s.outWidth();
        outWidth = s.outWidth();
        rowStride = layout.rowStride();
        tapOffset = new int[taps];
        for (int t = 0; t < taps; t++) {
            int c = t / (kh * kw), r = t / kw % kh, q = t % kw;
            tapOffset[t] = layout.phaseOffset(c, r % sh, q % sw) + (r / sh) * rowStride + q / sw;
        }
        pixelOffset = new int[(pixels + 63) / 64 * 64];
        for (int j = 0; j < pixels; j++) {
            pixelOffset[j] = j / outWidth * rowStride + j % outWidth;
        }
        // positions past the last read the last one's inputs (in range, and never stored as results)
        java.util.Arrays.fill(pixelOffset, pixels, pixelOffset.length, pixels == 0 ? 0 : pixelOffset[pixels - 1]);
    }

    private ColumnIndex(int taps, int pixels, int outWidth, int rowStride, int[] tapOffset, int[] pixelOffset) {
        this.taps = taps;
        this.pixels = pixels;
        this.outWidth = outWidth;
        this.rowStride = rowStride;
        this.tapOffset = tapOffset;
        this.pixelOffset = pixelOffset;
        this.layout = null;
    }

    /**
     * The right operand of a 1×1 stride-1 convolution of a whole batch, read from the NCHW input where it lies (no
     * prepared copy): row c is input channel c, column j = n·plane + p is pixel p of image n, at
     * {@code c·plane + n·channels·plane + p}. Each image is one "output row" of {@code plane} consecutive floats, so
     * the gather copies whole vectors except where a strip crosses from one image into the next.
     *
     * @param channels input channels
     * @param plane    pixels of one image plane
     * @param batch    images
     */
    static ColumnIndex batchedPointwise(int channels, int plane, int batch) {
        int pixels = Math.multiplyExact(plane, batch), imageStride = Math.multiplyExact(channels, plane);
        int[] tapOffset = new int[channels];
        for (int c = 0; c < channels; c++) {
            tapOffset[c] = c * plane;
        }
        int[] pixelOffset = new int[(pixels + 63) / 64 * 64];
        for (int j = 0; j < pixels; j++) {
            pixelOffset[j] = j / plane * imageStride + j % plane;
        }
        java.util.Arrays.fill(pixelOffset, pixels, pixelOffset.length, pixels == 0 ? 0 : pixelOffset[pixels - 1]);
        return new ColumnIndex(channels, pixels, plane, imageStride, tapOffset, pixelOffset);
    }

    /** @return element (t, j) of the column matrix, read from the prepared image starting at {@code base} */
    public float element(float[] prepared, int base, int t, int j) {
        return prepared[base + tapOffset[t] + pixelOffset[j]];
    }
}

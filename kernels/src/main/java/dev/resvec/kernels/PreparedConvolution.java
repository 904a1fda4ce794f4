package dev.resvec.kernels;

import dev.resvec.kernels.internal.PackedPanels;
import dev.resvec.kernels.internal.conv.ColumnIndex;
import dev.resvec.kernels.internal.conv.ConvContext;
import dev.resvec.kernels.internal.conv.GemmConvolution;
import dev.resvec.kernels.internal.conv.ShiftedBackends;
import dev.resvec.kernels.internal.conv.ShiftedForward;
import dev.resvec.kernels.internal.conv.StridedForward;
import dev.resvec.kernels.internal.conv.WinogradConvolution;
import dev.resvec.kernels.internal.conv.WinogradFilter;

/**
 * Filters prepared once for a convolution geometry and algorithm ({@link Convolution#prepare}): for Winograd the
 * filters already in the transformed domain, for the GEMM algorithms packed as the GEMM's left operand (per group),
 * in the micro-panels its microkernel reads, with the index that gathers im2col columns straight from the image
 * (but where {@code IM2COL_GEMM}'s plain call runs on shifted rows, {@link ShiftedForward#pays}, or on channel
 * tiles, {@link StridedForward#pays}, packed for that path, so that prepared filters compute the plain call's
 * bits); for {@code DIRECT} a private copy. Prepared with {@code AUTO}, a 7-wide stride-1 layer holds two forms,
 * Winograd's for calls of several images and the channel tiles' for a call of one ({@link #algorithm(int)}); each
 * call computes the bits of a plain call of the algorithm it runs.
 * Immutable and safe to share between threads; {@link #forward} then does no filter work.
 */
public final class PreparedConvolution {
    private final ConvShape shape;
    private final ConvAlgorithm algorithm;
    private final float[] filters;         // DIRECT: K×(C/g)·R·S copy
    private final PackedPanels[] packed;   // GEMM algorithms: per group
    private final ColumnIndex columns;     // GEMM algorithms that gather columns from the image
    private final WinogradFilter winograd; // Winograd algorithms
    private final float[] shifted;         // IM2COL_GEMM on shifted rows
    private final float[] strided;         // IM2COL_GEMM on channel tiles
    private final PreparedConvolution oneImage; // AUTO's filters for a call of one image, where they differ

    PreparedConvolution(ConvShape shape, ConvAlgorithm algorithm, float[] w, int offW, PreparedConvolution oneImage) {
        this.shape = shape;
        this.algorithm = algorithm;
        this.oneImage = oneImage;
        float[] copy = null;
        PackedPanels[] panels = null;
        WinogradFilter transformed = null;
        float[] shiftedFilters = null;
        float[] stridedFilters = null;
        if (algorithm == ConvAlgorithm.WINOGRAD_F2X2_3X3 || algorithm == ConvAlgorithm.WINOGRAD_F4X4_3X3) {
            transformed = WinogradConvolution.transformFilter(algorithm, shape, w, offW);
        } else if (algorithm == ConvAlgorithm.IM2COL_GEMM && ShiftedForward.pays(shape)) {
            shiftedFilters = ShiftedForward.prepare(shape, w, offW);
        } else if (algorithm == ConvAlgorithm.IM2COL_GEMM && StridedForward.pays(shape)) {
            stridedFilters = StridedForward.prepare(shape, w, offW);
        } else if (algorithm == ConvAlgorithm.DIRECT) {
            copy = java.util.Arrays.copyOfRange(w, offW, offW + shape.filterSize());
        } else {
            panels = GemmConvolution.packFilters(ConvContext.active(), shape, w, offW);
        }
        this.columns = panels == null ? null : GemmConvolution.columnIndex(shape, algorithm);
        this.filters = copy;
        this.packed = panels;
        this.winograd = transformed;
        this.shifted = shiftedFilters;
        this.strided = stridedFilters;
    }

    /** @return the geometry (with the batch given to {@link Convolution#prepare}) */
    public ConvShape shape() {
        return shape;
    }

    /** @return the algorithm the filters were prepared for (for a call of one image, see {@link #algorithm(int)}) */
    public ConvAlgorithm algorithm() {
        return algorithm;
    }

    /**
     * @param batch images in a call
     * @return the algorithm a call of {@code batch} images runs: {@link #algorithm()}, but where {@code AUTO}
     * prepared a second form for one image (see {@link Convolution#prepare}), that one's at batch 1
     */
    public ConvAlgorithm algorithm(int batch) {
        return batch == 1 && oneImage != null ? oneImage.algorithm : algorithm;
    }

    /**
     * {@code out := epilogue(conv(in, w))} for {@code batch} images.
     *
     * @param batch images in this call (any positive number)
     */
    public void forward(int batch, float[] in, int offIn, float[] out, int offOut, ConvEpilogue epilogue,
                        Parallelism parallelism) {
        if (batch == 1 && oneImage != null) {
            oneImage.forward(batch, in, offIn, out, offOut, epilogue, parallelism);
            return;
        }
        ConvShape s = batch == shape.batch() ? shape : shape.withBatch(batch);
        ConvChecks.forward(s, in, offIn, null, shape.filterSize(), 0, out, offOut, epilogue, parallelism);
        if (winograd != null) {
            WinogradConvolution.forward(s, winograd, in, offIn, out, offOut, epilogue, parallelism);
        } else if (shifted != null) {
            ShiftedForward.forward(ShiftedBackends.active(), s, in, offIn, shifted, out, offOut, epilogue, parallelism);
        } else if (strided != null) {
            StridedForward.forwardPrepared(s, in, offIn, strided, out, offOut, epilogue, parallelism);
        } else if (packed != null) {
            GemmConvolution.forward(ConvContext.active(), s, algorithm, in, offIn, packed, columns, out, offOut,
                    epilogue, parallelism);
        } else {
            GemmConvolution.forward(s, algorithm, in, offIn, filters, 0, out, offOut, epilogue, parallelism);
        }
    }
}

package dev.resvec.kernels.internal.conv;

import dev.resvec.kernels.ConvAlgorithm;
import dev.resvec.kernels.ConvShape;

/**
 * Which algorithm {@code AUTO} runs. Two cases differ because of the Winograd filter transform (U = G·g·Gᵀ for all
 * K·C filters, then packed for the GEMMs): prepared filters ({@code Convolution.prepare}, inference) pay it once;
 * a plain call (training: the forward and the data gradient, whose filters change every step) pays it every time.
 *
 * <p>Common to both: 1×1 without padding, dilation or groups is {@code POINTWISE_GEMM} (a GEMM on the input itself,
 * the cheapest lowering there is); Winograd needs 3×3, stride 1, no dilation, one group and at least
 * {@value #WINOGRAD_MIN_CHANNELS} input and output channels (below that, an RGB input layer, the transformed-domain
 * GEMMs are too thin to amortise the input and output transforms); everything else is {@code IM2COL_GEMM}.
 *
 * <p>Measured with {@code bench/compare-conv.sh} on the ResNet 3×3 layers (Zen 3, 1 thread; see the README's
 * convolution table):
 * <ul>
 *   <li>Per call, the filter transform's share of the work is about 1 / (output tiles of the call): on 512@7×7 with
 *       F(4×4), batch 1 (4 tiles) took 21 ms per call against 9.4 for im2col, batch 8 (32 tiles) 32.7 ms against
 *       81.9 (and 37.6 for F(2×2)); on 64@56×56, batch 1 (196 tiles), 3.3 ms against 5.9. So a plain call picks
 *       F(4×4,3×3) when it has at least {@value #MIN_TILES_PER_CALL} 4×4 output tiles over its batch, else
 *       F(2×2,3×3) when it has that many 2×2 tiles, else im2col.</li>
 *   <li>Narrow stride-1 layers (at most 64 channels in and out, at most 1024 output positions an image: the CIFAR
 *       ResNets; {@link ShiftedForward#pays} for the rest) where {@link ShiftedForward} runs both the forward and
 *       the data gradient: {@code IM2COL_GEMM},
 *       whose forward and data gradient then run there, by definition on shifted rows (Zen 5, batch 64, 1 thread:
 *       1.24–1.66× faster than F(4×4,3×3), see {@link ShiftedForward}).</li>
 *   <li>With prepared filters, batch 1, F(4×4,3×3) was faster than F(2×2,3×3) from 14×14 on and slower at 7×7,
 *       where a batch-1 call has only 4 tiles of 4×4 (16 of 2×2), too few columns for the transformed-domain GEMMs
 *       (Zen 5, ResNet-18's 256@14×14, 1 / 2 threads: 0.61 / 0.45 ms against 0.83 / 0.56, and with 256-bit vectors
 *       1.00 / 0.52 against 1.54 / 0.80; 512@7×7: 1.85 / 0.74 against 0.95 / 0.60). So F(4×4) from a
 *       {@value #PREPARED_F4_MIN_SIZE}×{@value #PREPARED_F4_MIN_SIZE} output, F(2×2) from 2×2. (At batch 8 F(4×4)
 *       was faster at 7×7 too, 7.2 ms against 8.2; prepared filters serve every batch, so the rule is batch 1's,
 *       where latency matters.)</li>
 *   <li>But a batch-1 call of a 7-wide stride-1 layer that {@link StridedForward} takes (ResNet's 512@7×7) runs
 *       {@code IM2COL_GEMM} on channel tiles ({@link #preparedSingleImage}): with 16 tiles of 2×2 its F(2×2) GEMMs
 *       stream 16·K·C transformed filter floats for 16 columns, 1.8 times the filter bytes of the direct sum, and in
 *       a network (filters from DRAM) the direct sum was as fast on 1 thread and faster on 2 (Zen 5, ResNet-18 batch
 *       1, `resvec profile`, the two builds alternated, ms per layer: 1.40–1.47 against 1.38–1.47 on 1 thread,
 *       0.77–0.80 against 0.71 on 2). From 2 images on, F(2×2) reads its filters once for all of them and the
 *       direct sum would read them per image (batch 8: 7.8 ms against about 10).</li>
 * </ul>
 */
public final class ConvHeuristics {
    private ConvHeuristics() {}

    /** Fewest input and output channels for which Winograd is chosen. */
    static final int WINOGRAD_MIN_CHANNELS = 8;
    /** Fewest output tiles of one call for which a per-call filter transform pays off. */
    static final int MIN_TILES_PER_CALL = 32;
    /** Smallest output side for which prepared filters use F(4×4,3×3). */
    static final int PREPARED_F4_MIN_SIZE = 12;

    /** @return the algorithm of a call that transforms its filters itself (training) */
    public static ConvAlgorithm perCall(ConvShape s) {
        ConvAlgorithm common = common(s);
        if (common != null) {
            return common;
        }
        if (ShiftedForward.pays(s) && ShiftedForward.paysData(s)) {
            return ConvAlgorithm.IM2COL_GEMM;   // its forward and data gradient then run on shifted rows
        }
        if (tiles(s, 4) >= MIN_TILES_PER_CALL) {
            return ConvAlgorithm.WINOGRAD_F4X4_3X3;
        }
        if (tiles(s, 2) >= MIN_TILES_PER_CALL) {
            return ConvAlgorithm.WINOGRAD_F2X2_3X3;
        }
        return ConvAlgorithm.IM2COL_GEMM;
    }

    /** @return the algorithm of prepared filters (inference) */
    public static ConvAlgorithm prepared(ConvShape s) {
        ConvAlgorithm common = common(s);
        if (common != null) {
            return common;
        }
        if (s.outHeight() >= PREPARED_F4_MIN_SIZE && s.outWidth() >= PREPARED_F4_MIN_SIZE) {
            return ConvAlgorithm.WINOGRAD_F4X4_3X3;
        }
        if (s.outHeight() >= 2 && s.outWidth() >= 2) {
            return ConvAlgorithm.WINOGRAD_F2X2_3X3;
        }
        return ConvAlgorithm.IM2COL_GEMM;
    }

    /**
     * @return the algorithm of prepared filters for a call of one image: {@link #prepared}'s, but {@code IM2COL_GEMM}
     * (on {@link StridedForward}'s channel tiles) for a stride-1 layer that those take, and shifted rows do not,
     * where {@link #prepared} picks F(2×2,3×3) (see the class comment)
     */
    public static ConvAlgorithm preparedSingleImage(ConvShape s) {
        ConvAlgorithm many = prepared(s);
        return many == ConvAlgorithm.WINOGRAD_F2X2_3X3 && s.strideW() == 1 && StridedForward.pays(s)
                && !ShiftedForward.pays(s) ? ConvAlgorithm.IM2COL_GEMM : many;
    }

    /** @return POINTWISE or IM2COL where Winograd is out of the question, else null */
    private static ConvAlgorithm common(ConvShape s) {
        if (s.isPointwise() && s.dilationH() == 1 && s.dilationW() == 1) {
            return ConvAlgorithm.POINTWISE_GEMM;
        }
        if (!s.isWinogradShape() || s.inChannels() < WINOGRAD_MIN_CHANNELS
                || s.outChannels() < WINOGRAD_MIN_CHANNELS) {
            return ConvAlgorithm.IM2COL_GEMM;
        }
        return null;
    }

    /** Output tiles of side {@code m} over the whole batch. */
    private static long tiles(ConvShape s, int m) {
        return (long) s.batch() * ((s.outHeight() + m - 1) / m) * ((s.outWidth() + m - 1) / m);
    }
}

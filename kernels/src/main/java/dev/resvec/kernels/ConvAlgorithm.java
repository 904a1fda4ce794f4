package dev.resvec.kernels;

/**
 * How {@link Convolution} computes a convolution. {@link #AUTO} picks one by the documented heuristic
 * ({@link Convolution#choose(ConvShape)}); the others force an algorithm, for tests and benchmarks, and throw
 * {@link IllegalArgumentException} for a shape they do not accept ({@link #accepts(ConvShape)}).
 *
 * <h2>Error bounds ({@link ConvErrorBound})</h2>
 * Against the exact convolution, per element y with {@code M = Σ|terms|} (the absolute values of the products its
 * definition sums), u = 2<sup>-24</sup>, {@code |ŷ − y| ≤ ε·M} with ε = {@link ConvErrorBound#relative}:
 * <ul>
 *   <li>{@link #IM2COL_GEMM}, {@link #POINTWISE_GEMM}: proven (Higham's γ<sub>n</sub>), 1.01·n·u with n = k + nb + 3
 *       forward (k = Cg·R·S, nb the GEMM's depth blocks), Kg + nb + R·S + 1 for the data gradient, the filter
 *       gradient's block count for the filter gradient;</li>
 *   <li>{@link #DIRECT}: the double result rounded once, u + 2.02·(terms + 3)·2<sup>-53</sup>;</li>
 *   <li>{@link #WINOGRAD_F2X2_3X3}: (112 + C + nb)·u forward, (112 + K + nb)·u data gradient;</li>
 *   <li>{@link #WINOGRAD_F4X4_3X3}: (160 + C + nb)·u forward, (8192 + K + nb)·u data gradient: its points spread to
 *       ±2, its transforms' constants reach 10 (Bᵀ) and 19 (Aᵀ), and the error grows with them;</li>
 *   <li>the filter gradient of every algorithm but {@code DIRECT} runs the same way: on 3×3 stride-1 layers with 32
 *       channels or more and enough tiles in the F(2×2,3×3) domain ({@code WinogradFilterGradient}; its roundings
 *       plus a measured 16, see {@link ConvErrorBound#WINOGRAD_FILTER_TRANSFORMS}), else on im2col or the
 *       shifted-rows sums, within the GEMM's bound.</li>
 * </ul>
 * Where they come from: the GEMM bounds are proven. Winograd's proven bound is on Φ, the magnitude of everything
 * its tile sums (up to κ² ≈ 16 or 860 times M, see {@code WinogradConvolution}); relative to M alone no bound can be
 * proven (a border tile holds data the element's window does not), so the constants 112, 160 and 8192 are twice
 * the largest transforms' share measured on the property tests' shapes ({@code ConvErrorBoundTest}, 150–300 tries
 * per algorithm, batch 1–3, channels 1–70, sizes 1–40, data uniform in [−1, 1], 512-bit vector provider). The
 * measured worst {@code err/(u·M)} there, forward / data gradient / filter gradient:
 * <pre>
 *   IM2COL_GEMM          4.6 /    3.6 / 2.8
 *   POINTWISE_GEMM       4.3 /    3.8 / 2.2
 *   WINOGRAD_F2X2_3X3   50.2 /   56.2 / 1.7
 *   WINOGRAD_F4X4_3X3   85.8 / 4010   / 2.2
 * </pre>
 * F(4×4,3×3)'s data gradient is the outlier: its worst elements are inputs at a border whose few gradient terms are
 * small while their 6×6 tile holds large ones. On ResNet's layers (C = K = 64–512) the forward's worst is about 38 u
 * for F(4×4) and 2 u for F(2×2) ({@code WinogradConvolution}'s Javadoc).
 */
public enum ConvAlgorithm {
    /** Chosen per shape by {@link Convolution#choose(ConvShape)}. */
    AUTO,
    /**
     * The convolution by its definition, one sum per output element: no speed, for tests. In double precision it is
     * the reference every algorithm is checked against, and what {@code AUTO} runs on double arrays.
     */
    DIRECT,
    /**
     * Lower the input into columns (im2col) and multiply by the filters with one GEMM per image and group; for
     * narrow stride-1 layers (at most 64 channels in and out, 1024 output positions an image) the forward pass,
     * the data gradient and the filter gradient run on a partial im2col instead, column-shifted copies of the
     * input whose taps are contiguous runs, summed without a GEMM; and on the vector provider the forward pass of
     * 3×3 stride-2 layers whose output rows 7 or 8 divide runs by its definition with output channels along the
     * lanes, reading a padded copy of the image in place (ResNet's downsampling 3×3 layers; the same bound).
     */
    IM2COL_GEMM,
    /** A 1×1 convolution as a GEMM straight on the input (stride &gt; 1: a strided gather first), no im2col. */
    POINTWISE_GEMM,
    /** Winograd F(2×2,3×3) (Lavin &amp; Gray 2016): 16 GEMMs in the transformed domain; 3×3 stride 1 only. */
    WINOGRAD_F2X2_3X3,
    /** Winograd F(4×4,3×3) (Lavin &amp; Gray 2016): 36 GEMMs in the transformed domain; 3×3 stride 1 only. */
    WINOGRAD_F4X4_3X3;

    /** @return whether this algorithm can compute the given convolution ({@link #AUTO} accepts every shape) */
    public boolean accepts(ConvShape shape) {
        return switch (this) {
            case AUTO, DIRECT, IM2COL_GEMM -> true;
            case POINTWISE_GEMM -> shape.isPointwise() && shape.dilationH() == 1 && shape.dilationW() == 1;
            case WINOGRAD_F2X2_3X3, WINOGRAD_F4X4_3X3 -> shape.isWinogradShape();
        };
    }
}

package dev.resvec.kernels;

/**
 * How {@link Convolution} computes a convolution. {@link #AUTO} picks one by the documented heuristic
 * ({@link Convolution#choose(ConvShape)}); the others force an algorithm, for tests and benchmarks, and throw
 * {@link IllegalArgumentException} for a shape they do not accept ({@link #accepts(ConvShape)}).
 */
public enum ConvAlgorithm {
    /** Chosen per shape by {@link Convolution#choose(ConvShape)}. */
    AUTO,
    /**
     * The convolution by its definition, one sum per output element: no speed, for tests. In double precision it is
     * the reference every algorithm is checked against, and what {@code AUTO} runs on double arrays.
     */
    DIRECT,
    /** Lower the input into columns (im2col) and multiply by the filters with one GEMM per image and group. */
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

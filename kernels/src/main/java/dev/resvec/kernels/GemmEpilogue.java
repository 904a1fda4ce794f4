package dev.resvec.kernels;

/**
 * Work fused into the write-back of a GEMM, so that a convolution or linear layer needs no extra pass over C:
 * <pre>  C := relu?( alpha·op(A)·op(B) + beta·C + bias + R )</pre>
 * where {@code bias} is per row ({@code bias[offset + i]}, e.g. one per output channel of a convolution) or per
 * column ({@code bias[offset + j]}, e.g. one per output feature of a linear layer), and {@code R} is a residual
 * matrix ({@code r[offR + i·ldr + j]}) added element by element. Each part is optional; instances are immutable
 * and may be shared between threads and calls.
 */
public final class GemmEpilogue {
    /** Bias orientation. */
    public enum BiasKind { NONE, PER_ROW, PER_COLUMN }

    private static final GemmEpilogue NONE = new GemmEpilogue(BiasKind.NONE, null, 0, null, 0, 0, false);

    private final BiasKind biasKind;
    private final float[] bias;
    private final int biasOffset;
    private final float[] residual;
    private final int residualOffset;
    private final int residualLd;
    private final boolean relu;

    private GemmEpilogue(BiasKind biasKind, float[] bias, int biasOffset, float[] residual, int residualOffset,
                         int residualLd, boolean relu) {
        this.biasKind = biasKind;
        this.bias = bias;
        this.biasOffset = biasOffset;
        this.residual = residual;
        this.residualOffset = residualOffset;
        this.residualLd = residualLd;
        this.relu = relu;
    }

    /** @return the empty epilogue (plain BLAS semantics) */
    public static GemmEpilogue none() {
        return NONE;
    }

    /**
     * @param bias   one value per row of C, read from {@code bias[offset .. offset + m)}
     * @param offset index of row 0's value
     * @return this epilogue with a per-row bias (replacing any bias it had)
     */
    public GemmEpilogue withRowBias(float[] bias, int offset) {
        return new GemmEpilogue(BiasKind.PER_ROW, requireArray(bias, "bias"), offset, residual, residualOffset,
                residualLd, relu);
    }

    /**
     * @param bias   one value per column of C, read from {@code bias[offset .. offset + n)}
     * @param offset index of column 0's value
     * @return this epilogue with a per-column bias (replacing any bias it had)
     */
    public GemmEpilogue withColumnBias(float[] bias, int offset) {
        return new GemmEpilogue(BiasKind.PER_COLUMN, requireArray(bias, "bias"), offset, residual, residualOffset,
                residualLd, relu);
    }

    /**
     * The residual must share no element with C, not even be C itself (the call rejects it): it is read in the last
     * depth block, after the earlier ones have written partial sums over C. To add C's old value, pass
     * {@code beta = 1} instead.
     *
     * @param r      the residual matrix, m×n row-major
     * @param offset index of its element (0, 0)
     * @param ld     its leading dimension (≥ n)
     * @return this epilogue with a residual matrix added to C
     */
    public GemmEpilogue withResidual(float[] r, int offset, int ld) {
        return new GemmEpilogue(biasKind, bias, biasOffset, requireArray(r, "residual"), offset, ld, relu);
    }

    /** @return this epilogue with ReLU applied last */
    public GemmEpilogue withRelu() {
        return new GemmEpilogue(biasKind, bias, biasOffset, residual, residualOffset, residualLd, true);
    }

    /** @return true when there is nothing to fuse */
    public boolean isNone() {
        return biasKind == BiasKind.NONE && residual == null && !relu;
    }

    /** @return the bias orientation */
    public BiasKind biasKind() { return biasKind; }
    /** @return the bias array, or null */
    public float[] bias() { return bias; }
    /** @return the bias offset */
    public int biasOffset() { return biasOffset; }
    /** @return the residual array, or null */
    public float[] residual() { return residual; }
    /** @return the residual offset */
    public int residualOffset() { return residualOffset; }
    /** @return the residual leading dimension */
    public int residualLd() { return residualLd; }
    /** @return whether ReLU is applied */
    public boolean relu() { return relu; }

    private static float[] requireArray(float[] a, String what) {
        if (a == null) {
            throw new IllegalArgumentException("GemmEpilogue: " + what + " array is null");
        }
        return a;
    }

    @Override
    public String toString() {
        return "GemmEpilogue[bias=" + biasKind + (residual != null ? ", residual" : "") + (relu ? ", relu" : "") + "]";
    }
}

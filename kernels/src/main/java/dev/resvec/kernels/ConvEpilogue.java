package dev.resvec.kernels;

/**
 * Work fused into the write-back of a convolution's output, so a layer needs no extra pass over memory:
 * <pre>  out[n,k,y,x] := relu?( conv(in, w)[n,k,y,x] + bias[k] + residual[n,k,y,x] )</pre>
 * Each part is optional. The residual has the output's shape (N×K×outH×outW, contiguous, from its offset) and may be
 * the output array itself at the same offset (the result is then added in place). Instances are immutable and may
 * be shared between threads and calls.
 */
public final class ConvEpilogue {
    private static final ConvEpilogue NONE = new ConvEpilogue(null, 0, null, 0, false);

    private final float[] bias;
    private final int biasOffset;
    private final float[] residual;
    private final int residualOffset;
    private final boolean relu;

    private ConvEpilogue(float[] bias, int biasOffset, float[] residual, int residualOffset, boolean relu) {
        this.bias = bias;
        this.biasOffset = biasOffset;
        this.residual = residual;
        this.residualOffset = residualOffset;
        this.relu = relu;
    }

    /** @return the empty epilogue */
    public static ConvEpilogue none() {
        return NONE;
    }

    /**
     * @param bias   one value per output channel, read from {@code bias[offset .. offset + K)}
     * @param offset index of channel 0's value
     * @return this epilogue with a per-channel bias
     */
    public ConvEpilogue withBias(float[] bias, int offset) {
        return new ConvEpilogue(require(bias, "bias"), offset, residual, residualOffset, relu);
    }

    /**
     * @param r      the residual, shaped like the output, contiguous
     * @param offset index of its first element
     * @return this epilogue with a residual added
     */
    public ConvEpilogue withResidual(float[] r, int offset) {
        return new ConvEpilogue(bias, biasOffset, require(r, "residual"), offset, relu);
    }

    /** @return this epilogue with ReLU applied last */
    public ConvEpilogue withRelu() {
        return new ConvEpilogue(bias, biasOffset, residual, residualOffset, true);
    }

    /** @return true when there is nothing to fuse */
    public boolean isNone() {
        return bias == null && residual == null && !relu;
    }

    /** @return the bias array, or null */
    public float[] bias() { return bias; }
    /** @return the bias offset */
    public int biasOffset() { return biasOffset; }
    /** @return the residual array, or null */
    public float[] residual() { return residual; }
    /** @return the residual offset */
    public int residualOffset() { return residualOffset; }
    /** @return whether ReLU is applied */
    public boolean relu() { return relu; }

    private static float[] require(float[] a, String what) {
        if (a == null) {
            throw new IllegalArgumentException("ConvEpilogue: " + what + " array is null");
        }
        return a;
    }

    @Override
    public String toString() {
        return "ConvEpilogue[" + (bias != null ? "bias" : "") + (residual != null ? " residual" : "")
                + (relu ? " relu" : "") + "]";
    }
}

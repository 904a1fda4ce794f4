package dev.resvec.nn.predict;

/**
 * One operation of a compiled {@link Program}, independent of the input size: it reads value {@link #input()}
 * (and {@link #residual()} when there is one) and writes value {@link #output()}. {@link #bind(Dims)} turns it
 * into a {@link Step} for one input size.
 */
sealed interface Node permits ConvNode, AffineNode, ReluNode, PoolNode, GlobalAvgNode, LinearNode, CopyNode {
    /** @return the dotted name of the layer in the model (for messages) */
    String name();

    /** @return the value read */
    int input();

    /** @return the value written */
    int output();

    /** @return a second value read (the residual of a fused add), or -1 */
    default int residual() {
        return -1;
    }

    /**
     * @return a value whose buffer the output may take over when this node is its last reader (elementwise work
     * in place, a residual added in place), or -1 when input and output must not overlap
     */
    default int inPlace() {
        return -1;
    }

    /**
     * @param in the input's per-image shape
     * @return the output's per-image shape
     * @throws IllegalArgumentException naming the layer when the input does not fit it (too small, wrong channels)
     */
    Dims outDims(Dims in);

    /**
     * @param in the input's per-image shape (already accepted by {@link #outDims})
     * @return the operation for this size, with whatever it prepares once (transformed filters)
     */
    Step bind(Dims in);
}

package dev.resvec.nn;

import dev.resvec.core.Tensor;

/**
 * Merges dims {@code startDim..endDim} into one (a view), PyTorch's {@code nn.Flatten}; by default every dim after
 * the batch dim (N×C×1×1 → N×C before a classifier).
 */
public final class Flatten extends Module {
    private final int startDim;
    private final int endDim;

    /** Flattens dims 1 to the last. */
    public Flatten() {
        this(1, -1);
    }

    /** Flattens dims {@code startDim..endDim} (inclusive; negative dims count from the end). */
    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.flatten(startDim, endDim);
    }

    /** @return the first merged dim (negative: from the end) */
    public int startDim() {
        return startDim;
    }

    /** @return the last merged dim, inclusive (negative: from the end) */
    public int endDim() {
        return endDim;
    }

    @Override
    protected String extraRepr() {
        return "startDim=" + startDim + ", endDim=" + endDim;
    }
}

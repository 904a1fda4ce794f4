package dev.resvec.nn;

import dev.resvec.core.Functional;
import dev.resvec.core.Tensor;

/**
 * Average pooling over square windows of N×C×H×W input, PyTorch's {@code nn.AvgPool2d(kernel, stride, padding,
 * ceil_mode=False, count_include_pad)}.
 */
public final class AvgPool2d extends Module {
    private final int kernel;
    private final int stride;
    private final int padding;
    private final boolean countIncludePad;

    /** Non-overlapping windows: stride = kernel, no padding. */
    public AvgPool2d(int kernel) {
        this(kernel, kernel, 0, true);
    }

    /**
     * @param kernel          window size, positive
     * @param stride          positive
     * @param padding         non-negative, at most half the window
     * @param countIncludePad whether padded zeros count in the average (PyTorch's default: true)
     */
    public AvgPool2d(int kernel, int stride, int padding, boolean countIncludePad) {
        MaxPool2d.checkPool("AvgPool2d", kernel, stride, padding);
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.countIncludePad = countIncludePad;
    }

    @Override
    public Tensor forward(Tensor input) {
        MaxPool2d.checkInput("AvgPool2d", input);
        return Functional.avgPool2d(input, kernel, stride, padding, countIncludePad);
    }

    /** @return the window size (square) */
    public int kernel() {
        return kernel;
    }

    /** @return the step between windows */
    public int stride() {
        return stride;
    }

    /** @return the padding on each side */
    public int padding() {
        return padding;
    }

    /** @return whether padded zeros count in the average */
    public boolean countIncludePad() {
        return countIncludePad;
    }

    @Override
    protected String extraRepr() {
        return "kernel=" + kernel + ", stride=" + stride + ", padding=" + padding + ", countIncludePad="
                + countIncludePad;
    }
}

package dev.resvec.nn;

import dev.resvec.core.Functional;
import dev.resvec.core.Tensor;
import java.util.Arrays;

/**
 * Max pooling over square windows of N×C×H×W input, PyTorch's {@code nn.MaxPool2d(kernel, stride, padding)} (floor
 * mode; padding counts as −∞). The ResNet stem uses 3×3, stride 2, padding 1.
 */
public final class MaxPool2d extends Module {
    private final int kernel;
    private final int stride;
    private final int padding;

    /**
     * @param kernel  window size, positive
     * @param stride  positive
     * @param padding non-negative and at most half the window (PyTorch's rule)
     */
    public MaxPool2d(int kernel, int stride, int padding) {
        checkPool("MaxPool2d", kernel, stride, padding);
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    static void checkPool(String name, int kernel, int stride, int padding) {
        if (kernel <= 0 || stride <= 0 || padding < 0 || 2 * padding > kernel) {
            throw new IllegalArgumentException(name + ": expected kernel > 0, stride > 0 and 0 <= padding <= kernel/2,"
                    + " got kernel=" + kernel + ", stride=" + stride + ", padding=" + padding);
        }
    }

    static void checkInput(String name, Tensor input) {
        if (input.rank() != 4) {
            throw new IllegalArgumentException(name + ": expected an N×C×H×W input, got shape "
                    + Arrays.toString(input.shape()));
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        checkInput("MaxPool2d", input);
        return Functional.maxPool2d(input, kernel, stride, padding);
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

    @Override
    protected String extraRepr() {
        return "kernel=" + kernel + ", stride=" + stride + ", padding=" + padding;
    }
}

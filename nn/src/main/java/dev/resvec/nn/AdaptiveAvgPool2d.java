package dev.resvec.nn;

import dev.resvec.core.Functional;
import dev.resvec.core.Tensor;

/**
 * Global average pooling, PyTorch's {@code nn.AdaptiveAvgPool2d((1, 1))}: N×C×H×W → N×C×1×1, whatever H and W, so
 * a ResNet accepts any input size. Only the output size 1 is supported (the one ResNets use).
 */
public final class AdaptiveAvgPool2d extends Module {
    /** Pools to 1×1. */
    public AdaptiveAvgPool2d() {
        this(1);
    }

    /**
     * @param outputSize must be 1
     * @throws IllegalArgumentException for any other size
     */
    public AdaptiveAvgPool2d(int outputSize) {
        if (outputSize != 1) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d: expected output size 1 (global average pooling,"
                    + " the only size supported), got " + outputSize);
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        MaxPool2d.checkInput("AdaptiveAvgPool2d", input);
        return Functional.adaptiveAvgPool2d(input, 1);
    }

    @Override
    protected String extraRepr() {
        return "1";
    }
}

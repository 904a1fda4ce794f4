package dev.resvec.nn;

import dev.resvec.core.Tensor;

/** The rectifier {@code max(x, 0)}, element by element, PyTorch's {@code nn.ReLU}. */
public final class ReLU extends Module {
    /** Creates the (parameter-free) layer. */
    public ReLU() {}

    @Override
    public Tensor forward(Tensor input) {
        return input.relu();
    }
}

package dev.resvec.nn;

import dev.resvec.core.Tensor;

/** Returns its input, PyTorch's {@code nn.Identity}: a placeholder where a layer is optional. */
public final class Identity extends Module {
    /** Creates the (parameter-free) layer. */
    public Identity() {}

    @Override
    public Tensor forward(Tensor input) {
        return input;
    }
}

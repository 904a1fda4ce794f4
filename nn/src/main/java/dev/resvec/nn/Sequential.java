package dev.resvec.nn;

import dev.resvec.core.Tensor;
import java.util.List;

/**
 * Modules applied one after the other, PyTorch's {@code nn.Sequential}: the children are named {@code "0"},
 * {@code "1"}, … in order, so that their state-dict keys are PyTorch's ({@code downsample.1.running_var}).
 */
public final class Sequential extends Module {
    private final Module[] layers;

    /**
     * @param layers the modules, in the order of application (none: the identity)
     * @throws IllegalArgumentException when a layer is null
     */
    public Sequential(Module... layers) {
        this.layers = layers.clone();
        for (int i = 0; i < this.layers.length; i++) {
            if (this.layers[i] == null) {
                throw new IllegalArgumentException("Sequential: expected a module at position " + i + ", got null");
            }
            registerModule(Integer.toString(i), this.layers[i]);
        }
    }

    /** @return the modules, in order (unmodifiable) */
    public List<Module> layers() {
        return List.of(layers);
    }

    /** @return the module at position {@code i} (the child named {@code "i"}) */
    public Module get(int i) {
        if (i < 0 || i >= layers.length) {
            throw new IllegalArgumentException("Sequential: expected a position in [0, " + layers.length + "), got "
                    + i);
        }
        return layers[i];
    }

    /** @return the number of modules */
    public int size() {
        return layers.length;
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module m : layers) {
            x = m.forward(x);
        }
        return x;
    }
}

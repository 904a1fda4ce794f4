package dev.resvec.core;

import dev.resvec.kernels.Elementwise;

/** ReLU: the relu kernel forward, the reluBackward kernel (on the saved output) backward. */
final class Relu extends Function {
    @Override
    protected String name() {
        return "relu";
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor x = in[0];
        Tensor out = x.outputLike();
        if (x.f != null) {
            Elementwise.relu(x.numel, x.f, 0, out.f, 0);
        } else {
            Elementwise.relu(x.numel, x.d, 0, out.d, 0);
        }
        saveForBackward(out);
        return out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {reluBackward(savedTensors()[0], g)};
    }

    /** @return g where out &gt; 0, else 0: the reluBackward kernel */
    static Tensor reluBackward(Tensor out, Tensor g) {
        Tensor gi = g.outputLike();
        if (g.f != null) {
            Elementwise.reluBackward(g.numel, out.f, 0, g.f, 0, gi.f, 0);
        } else {
            Elementwise.reluBackward(g.numel, out.d, 0, g.d, 0, gi.d, 0);
        }
        return gi;
    }
}

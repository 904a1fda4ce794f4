package dev.resvec.core;

import dev.resvec.kernels.Elementwise;
import dev.resvec.kernels.Parallelism;
import java.util.Arrays;

/** The residual add fused with ReLU, {@code max(a + b, 0)}: the addRelu kernel; both inputs get one gradient. */
final class AddRelu extends Function {
    @Override
    protected String name() {
        return "addRelu";
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor a = in[0];
        Tensor b = in[1];
        BinaryOp.checkDtypes(name(), a, b);
        if (!Arrays.equals(a.shape, b.shape)) {
            throw new IllegalArgumentException("addRelu: shapes " + Shapes.str(a.shape) + " and "
                    + Shapes.str(b.shape) + " must be equal (the fused residual add does not broadcast)");
        }
        Tensor out = a.outputLike();
        if (a.f != null) {
            Elementwise.addRelu(a.numel, a.f, 0, b.f, 0, out.f, 0, Parallelism.defaults());
        } else {
            Elementwise.addRelu(a.numel, a.d, 0, b.d, 0, out.d, 0);
        }
        saveForBackward(out);
        return out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor gi = Relu.reluBackward(savedTensors()[0], g);
        return new Tensor[] {needsInputGrad(0) ? gi : null, needsInputGrad(1) ? gi : null};
    }
}

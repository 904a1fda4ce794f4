package dev.resvec.core;

import dev.resvec.kernels.PoolShape;
import dev.resvec.kernels.Pooling;

/**
 * Max pooling ({@code Functional.maxPool2d}): {@code Pooling.maxForward}, which records the argmax indices when a
 * gradient will be needed, and {@code Pooling.maxBackward}, the scatter of the gradient to them.
 */
final class MaxPool2d extends Function {
    private final int kernel;
    private final int stride;
    private final int padding;
    private PoolShape shape;
    private int[] indices;
    private int[] inputShape;

    MaxPool2d(int kernel, int stride, int padding) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    @Override
    protected String name() {
        return "maxPool2d";
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor x = in[0];
        shape = PoolingShapes.pool(name(), x, kernel, stride, padding);
        inputShape = x.shape;
        Tensor out = Tensor.output(x.dtype, PoolingShapes.pooledShape(shape));
        indices = needsInputGrad(0) ? new int[shape.outputSize()] : null;
        if (x.f != null) {
            Pooling.maxForward(shape, x.f, 0, out.f, 0, indices, 0);
        } else {
            Pooling.maxForward(shape, x.d, 0, out.d, 0, indices, 0);
        }
        return out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor gi = Tensor.output(g.dtype, inputShape);
        if (g.f != null) {
            Pooling.maxBackward(shape, g.f, 0, indices, 0, gi.f, 0);
        } else {
            Pooling.maxBackward(shape, g.d, 0, indices, 0, gi.d, 0);
        }
        indices = null;
        return new Tensor[] {gi};
    }
}

package dev.resvec.core;

import dev.resvec.kernels.PoolShape;
import dev.resvec.kernels.Pooling;

/** Average pooling ({@code Functional.avgPool2d}): {@code Pooling.avgForward} and {@code Pooling.avgBackward}. */
final class AvgPool2d extends Function {
    private final int kernel;
    private final int stride;
    private final int padding;
    private final boolean countIncludePad;
    private PoolShape shape;
    private int[] inputShape;

    AvgPool2d(int kernel, int stride, int padding, boolean countIncludePad) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.countIncludePad = countIncludePad;
    }

    @Override
    protected String name() {
        return "avgPool2d";
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor x = in[0];
        shape = PoolingShapes.pool(name(), x, kernel, stride, padding);
        inputShape = x.shape;
        Tensor out = Tensor.output(x.dtype, PoolingShapes.pooledShape(shape));
        if (x.f != null) {
            Pooling.avgForward(shape, countIncludePad, x.f, 0, out.f, 0);
        } else {
            Pooling.avgForward(shape, countIncludePad, x.d, 0, out.d, 0);
        }
        return out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor gi = Tensor.output(g.dtype, inputShape);
        if (g.f != null) {
            Pooling.avgBackward(shape, countIncludePad, g.f, 0, gi.f, 0);
        } else {
            Pooling.avgBackward(shape, countIncludePad, g.d, 0, gi.d, 0);
        }
        return new Tensor[] {gi};
    }
}

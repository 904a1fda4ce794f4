package dev.resvec.core;

import dev.resvec.kernels.Pooling;

/**
 * Global average pooling, {@code N×C×H×W → N×C×1×1} ({@code Functional.adaptiveAvgPool2d(x, 1)}):
 * {@code Pooling.globalAvgForward} and {@code Pooling.globalAvgBackward}.
 */
final class GlobalAvgPool extends Function {
    private int[] inputShape;

    @Override
    protected String name() {
        return "adaptiveAvgPool2d";
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor x = in[0];
        PoolingShapes.rank4(name(), x);
        inputShape = x.shape;
        int n = x.shape[0];
        int c = x.shape[1];
        int spatial = x.shape[2] * x.shape[3];
        if (spatial == 0 && n * c > 0) {
            throw new IllegalArgumentException(name() + ": the input " + Shapes.str(x.shape) + " has empty planes "
                    + "(H·W = 0), whose average is undefined");
        }
        Tensor out = Tensor.output(x.dtype, new int[] {n, c, 1, 1});
        if (x.f != null) {
            Pooling.globalAvgForward(n, c, spatial, x.f, 0, out.f, 0);
        } else {
            Pooling.globalAvgForward(n, c, spatial, x.d, 0, out.d, 0);
        }
        return out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor gi = Tensor.output(g.dtype, inputShape);
        int n = inputShape[0];
        int c = inputShape[1];
        int spatial = inputShape[2] * inputShape[3];
        if (g.f != null) {
            Pooling.globalAvgBackward(n, c, spatial, g.f, 0, gi.f, 0);
        } else {
            Pooling.globalAvgBackward(n, c, spatial, g.d, 0, gi.d, 0);
        }
        return new Tensor[] {gi};
    }
}

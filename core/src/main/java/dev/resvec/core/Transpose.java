package dev.resvec.core;

/** transpose of two dims: a copy (storage stays contiguous), plain loop; backward transposes the gradient back. */
final class Transpose extends Function {
    private final int dim0;
    private final int dim1;
    private int d0;
    private int d1;

    Transpose(int dim0, int dim1) {
        this.dim0 = dim0;
        this.dim1 = dim1;
    }

    @Override
    protected String name() {
        return "transpose";
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor x = in[0];
        d0 = Shapes.dim(name(), dim0, x.shape.length);
        d1 = Shapes.dim(name(), dim1, x.shape.length);
        return TensorMath.swapDims(x, d0, d1);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {TensorMath.swapDims(g, d0, d1)};
    }
}

package dev.resvec.core;

/** Conversion between FLOAT32 and FLOAT64; backward converts the gradient back. */
final class Cast extends Function {
    private final DType target;

    Cast(DType target) {
        this.target = target;
    }

    @Override
    protected String name() {
        return "to" + (target == DType.FLOAT32 ? "Float32" : "Float64");
    }

    static Tensor convert(Tensor x, DType dtype) {
        if (x.dtype == dtype) {
            return x;
        }
        return dtype == DType.FLOAT32 ? new Tensor(x.shape, x.toFloatArray()) : new Tensor(x.shape, x.toDoubleArray());
    }

    @Override
    protected Tensor forward(Tensor... in) {
        return convert(in[0], target);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {convert(g, target == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32)};
    }
}

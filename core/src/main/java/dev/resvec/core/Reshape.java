package dev.resvec.core;

/** reshape / view / flatten: a view on the same storage; backward reshapes the gradient back (also a view). */
final class Reshape extends Function {
    private final int[] requested;
    private int[] inShape;

    Reshape(int[] shape) {
        this.requested = shape;
    }

    @Override
    protected String name() {
        return "reshape";
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor x = in[0];
        inShape = x.shape;
        int[] shape = requested.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1 && infer < 0) {
                infer = i;
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException("reshape: invalid shape " + Shapes.str(requested)
                        + " (one dim may be -1, the others must be >= 0)");
            } else {
                known *= shape[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || x.numel % known != 0) {
                throw new IllegalArgumentException("reshape: cannot reshape " + Shapes.str(x.shape) + " ("
                        + x.numel + " elements) to " + Shapes.str(requested));
            }
            shape[infer] = (int) (x.numel / known);
            known *= shape[infer];
        }
        if (known != x.numel) {
            throw new IllegalArgumentException("reshape: cannot reshape " + Shapes.str(x.shape) + " (" + x.numel
                    + " elements) to " + Shapes.str(requested) + " (" + known + " elements)");
        }
        return x.withShape(shape);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.withShape(inShape)};
    }
}

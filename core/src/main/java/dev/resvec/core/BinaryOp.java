package dev.resvec.core;

import dev.resvec.core.TensorMath.Binary;

/** add, sub, mul and div with NumPy broadcasting; the gradient of a broadcast operand is summed back to its shape. */
final class BinaryOp extends Function {
    enum Kind { ADD, SUB, MUL, DIV }

    private final Kind kind;
    private int[] shapeA;
    private int[] shapeB;

    BinaryOp(Kind kind) {
        this.kind = kind;
    }

    @Override
    protected String name() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    static void checkDtypes(String op, Tensor a, Tensor b) {
        if (a.dtype != b.dtype) {
            throw new IllegalArgumentException(op + ": dtypes differ (" + a.dtype + " " + Shapes.str(a.shape) + " and "
                    + b.dtype + " " + Shapes.str(b.shape) + "); convert one with to(DType)");
        }
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor a = in[0];
        Tensor b = in[1];
        checkDtypes(name(), a, b);
        int[] out = Shapes.broadcast(name(), a.shape, b.shape);
        shapeA = a.shape;
        shapeB = b.shape;
        if (kind == Kind.MUL || kind == Kind.DIV) {
            saveForBackward(a, b);
        }
        return TensorMath.binary(Binary.valueOf(kind.name()), a, b, out);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor ga = null;
        Tensor gb = null;
        switch (kind) {
            case ADD -> {
                ga = needsInputGrad(0) ? TensorMath.reduceTo(g, shapeA) : null;
                gb = needsInputGrad(1) ? TensorMath.reduceTo(g, shapeB) : null;
            }
            case SUB -> {
                ga = needsInputGrad(0) ? TensorMath.reduceTo(g, shapeA) : null;
                gb = needsInputGrad(1) ? TensorMath.scale(TensorMath.reduceTo(g, shapeB), -1) : null;
            }
            case MUL -> {
                Tensor a = savedTensors()[0];
                Tensor b = savedTensors()[1];
                if (needsInputGrad(0)) {
                    ga = TensorMath.reduceTo(TensorMath.binary(Binary.MUL, g, b, g.shape), shapeA);
                }
                if (needsInputGrad(1)) {
                    gb = TensorMath.reduceTo(TensorMath.binary(Binary.MUL, g, a, g.shape), shapeB);
                }
            }
            case DIV -> {
                Tensor a = savedTensors()[0];
                Tensor b = savedTensors()[1];
                Tensor gOverB = TensorMath.binary(Binary.DIV, g, b, g.shape);
                if (needsInputGrad(0)) {
                    ga = TensorMath.reduceTo(gOverB, shapeA);
                }
                if (needsInputGrad(1)) { // -g·a/b² = -(g/b)·a/b
                    Tensor t = TensorMath.binary(Binary.DIV, TensorMath.binary(Binary.MUL, gOverB, a, g.shape), b,
                            g.shape);
                    gb = TensorMath.scale(TensorMath.reduceTo(t, shapeB), -1);
                }
            }
        }
        return new Tensor[] {ga, gb};
    }
}

package dev.resvec.core;

import java.util.Locale;

/** A tensor and a scalar: {@code x + s} (plain loop), {@code x·s} and neg (scale kernel), {@code x / s} (plain loop). */
final class ScalarOp extends Function {
    enum Kind { ADD, MUL, DIV }

    private final Kind kind;
    private final double s;

    ScalarOp(Kind kind, double s) {
        this.kind = kind;
        this.s = s;
    }

    @Override
    protected String name() {
        return kind.name().toLowerCase(Locale.ROOT) + "Scalar";
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor x = in[0];
        return switch (kind) {
            case MUL -> TensorMath.scale(x, s);
            case ADD, DIV -> {
                Tensor out = x.emptyLike();
                if (x.f != null) {
                    float v = (float) s;
                    for (int i = 0; i < x.numel; i++) {
                        out.f[i] = kind == Kind.ADD ? x.f[i] + v : x.f[i] / v;
                    }
                } else {
                    for (int i = 0; i < x.numel; i++) {
                        out.d[i] = kind == Kind.ADD ? x.d[i] + s : x.d[i] / s;
                    }
                }
                yield out;
            }
        };
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {switch (kind) {
            case ADD -> g;
            case MUL -> TensorMath.scale(g, s);
            case DIV -> new ScalarOp(Kind.DIV, s).forward(g);
        }};
    }
}

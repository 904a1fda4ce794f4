package dev.resvec.core;

import dev.resvec.core.TensorMath.Binary;
import java.util.Locale;

/** exp and log, element by element: plain loops over {@link Math#exp} and {@link Math#log} (no kernel yet). */
final class UnaryMath extends Function {
    enum Kind { EXP, LOG }

    private final Kind kind;

    UnaryMath(Kind kind) {
        this.kind = kind;
    }

    @Override
    protected String name() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor x = in[0];
        Tensor out = x.emptyLike();
        if (x.f != null) {
            for (int i = 0; i < x.numel; i++) {
                out.f[i] = (float) (kind == Kind.EXP ? Math.exp(x.f[i]) : Math.log(x.f[i]));
            }
        } else {
            for (int i = 0; i < x.numel; i++) {
                out.d[i] = kind == Kind.EXP ? Math.exp(x.d[i]) : Math.log(x.d[i]);
            }
        }
        saveForBackward(kind == Kind.EXP ? out : x); // d exp = exp; d log = 1/x
        return out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor s = savedTensors()[0];
        return new Tensor[] {TensorMath.binary(kind == Kind.EXP ? Binary.MUL : Binary.DIV, g, s, g.shape)};
    }
}

package dev.resvec.nn.optim;

import dev.resvec.core.DType;
import dev.resvec.core.Tensor;
import dev.resvec.nn.Module;
import dev.resvec.nn.TensorSlot;

/**
 * A model that is only parameters, for optimizer tests: {@code w} and {@code u}, whose gradients the test sets by
 * a backward through {@code sum(w·gw) + sum(u·gu)} (so d/dw = gw exactly).
 */
final class Params extends Module {
    final TensorSlot w;
    final TensorSlot u;

    Params(DType dtype, double[] w0, double[] u0) {
        w = registerParameter("w", Tensor.fromArray(w0, w0.length).to(dtype));
        u = registerParameter("u", Tensor.fromArray(u0, u0.length).to(dtype));
    }

    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("Params has no forward");
    }

    /** Sets the gradients to {@code gw} and {@code gu} (null: that parameter gets no gradient). */
    void backward(double[] gw, double[] gu) {
        Tensor loss = null;
        if (gw != null) {
            loss = w.get().mul(Tensor.fromArray(gw, gw.length).to(w.dtype())).sum();
        }
        if (gu != null) {
            Tensor lu = u.get().mul(Tensor.fromArray(gu, gu.length).to(u.dtype())).sum();
            loss = loss == null ? lu : loss.add(lu);
        }
        loss.backward();
    }

    double[] w() {
        return w.get().toDoubleArray();
    }

    double[] u() {
        return u.get().toDoubleArray();
    }
}

package dev.resvec.nn.optim;

import dev.resvec.kernels.Elementwise;
import dev.resvec.nn.Module;
import java.util.List;

/**
 * Stochastic gradient descent with momentum, dampening, Nesterov momentum and (L2) weight decay, exactly as
 * PyTorch's {@code torch.optim.SGD} documents its algorithm
 * (https://pytorch.org/docs/stable/generated/torch.optim.SGD.html): at step t, with gradient g, learning rate γ,
 * momentum μ, dampening τ and weight decay λ,
 * <pre>
 *   g ← g + λ·θ                              (when λ ≠ 0)
 *   b ← g                    at t = 1        (when μ ≠ 0)
 *   b ← μ·b + (1 − τ)·g      at t &gt; 1
 *   g ← g + μ·b  (Nesterov)  or  g ← b
 *   θ ← θ − γ·g
 * </pre>
 * The vector updates run through {@link Elementwise#axpy} and {@link Elementwise#scale} (the float kernels for
 * FLOAT32 models, the double reference for FLOAT64). State: one momentum buffer per parameter
 * ({@code momentum_buffer}), created at its first step.
 *
 * <pre>{@code
 * SGD sgd = SGD.builder(model, 0.1).momentum(0.9).nesterov(true).weightDecay(5e-4).build();
 * }</pre>
 */
public final class SGD extends Optimizer {
    private final double momentum;
    private final double dampening;
    private final boolean nesterov;
    private final double weightDecay;

    private SGD(Builder b) {
        super("SGD", b.model, b.lr, List.of("momentum_buffer"));
        this.momentum = b.momentum;
        this.dampening = b.dampening;
        this.nesterov = b.nesterov;
        this.weightDecay = b.weightDecay;
    }

    /**
     * @param model the model whose parameters to train
     * @param lr    the learning rate, finite and {@code >= 0}
     * @return a builder with PyTorch's defaults: no momentum, no dampening, no Nesterov, no weight decay
     */
    public static Builder builder(Module model, double lr) {
        return new Builder(model, lr);
    }

    /** @return μ */
    public double momentum() {
        return momentum;
    }

    /** @return τ */
    public double dampening() {
        return dampening;
    }

    /** @return whether the step uses Nesterov momentum */
    public boolean nesterov() {
        return nesterov;
    }

    /** @return λ */
    public double weightDecay() {
        return weightDecay;
    }

    @Override
    void update(float[] p, float[] g, ParamState s) {
        int n = p.length;
        if (weightDecay != 0) {
            Elementwise.axpy(n, (float) weightDecay, p, 0, g, 0);
        }
        float[] direction = g;
        if (momentum != 0) {
            float[] buf = s.f(0);
            if (buf == null) {
                buf = g.clone();
                s.set(0, buf);
            } else {
                Elementwise.scale(n, (float) momentum, buf, 0, buf, 0);
                Elementwise.axpy(n, (float) (1 - dampening), g, 0, buf, 0);
            }
            if (nesterov) {
                Elementwise.axpy(n, (float) momentum, buf, 0, g, 0);
            } else {
                direction = buf;
            }
        }
        Elementwise.axpy(n, (float) -lr(), direction, 0, p, 0);
    }

    @Override
    void update(double[] p, double[] g, ParamState s) {
        int n = p.length;
        if (weightDecay != 0) {
            Elementwise.axpy(n, weightDecay, p, 0, g, 0);
        }
        double[] direction = g;
        if (momentum != 0) {
            double[] buf = s.d(0);
            if (buf == null) {
                buf = g.clone();
                s.set(0, buf);
            } else {
                Elementwise.scale(n, momentum, buf, 0, buf, 0);
                Elementwise.axpy(n, 1 - dampening, g, 0, buf, 0);
            }
            if (nesterov) {
                Elementwise.axpy(n, momentum, buf, 0, g, 0);
            } else {
                direction = buf;
            }
        }
        Elementwise.axpy(n, -lr(), direction, 0, p, 0);
    }

    @Override
    boolean savesStepCount() {
        return false;
    }

    @Override
    void checkLoaded(String param, ParamState s) {
        // any subset is valid: a parameter without a momentum buffer starts one at its next step
    }

    @Override
    public String toString() {
        return "SGD(lr=" + lr() + ", momentum=" + momentum + ", dampening=" + dampening + ", nesterov=" + nesterov
                + ", weightDecay=" + weightDecay + ")";
    }

    /** Settings of an {@link SGD}, checked as PyTorch checks them. */
    public static final class Builder {
        private final Module model;
        private final double lr;
        private double momentum;
        private double dampening;
        private boolean nesterov;
        private double weightDecay;

        private Builder(Module model, double lr) {
            this.model = model;
            this.lr = lr;
        }

        /** @param momentum μ, finite and {@code >= 0} (default 0: plain SGD); @return this builder */
        public Builder momentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        /** @param dampening τ, finite (default 0); @return this builder */
        public Builder dampening(double dampening) {
            this.dampening = dampening;
            return this;
        }

        /** @param nesterov Nesterov momentum (needs μ &gt; 0 and τ = 0; default false); @return this builder */
        public Builder nesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        /** @param weightDecay λ, the L2 penalty, finite and {@code >= 0} (default 0); @return this builder */
        public Builder weightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /**
         * @return the optimizer
         * @throws IllegalArgumentException naming the setting when one is out of range (as above)
         */
        public SGD build() {
            Checks.nonNegative("SGD", "momentum", momentum);
            Checks.finite("SGD", "dampening", dampening);
            Checks.nonNegative("SGD", "weightDecay", weightDecay);
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException("SGD: Nesterov momentum expected momentum > 0 and dampening = 0,"
                        + " got momentum=" + momentum + ", dampening=" + dampening);
            }
            return new SGD(this);
        }
    }
}

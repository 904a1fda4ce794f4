package dev.resvec.nn.optim;

import dev.resvec.kernels.Elementwise;
import dev.resvec.nn.Module;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter, "Decoupled Weight Decay Regularization", 2019), as
 * PyTorch's {@code torch.optim.AdamW} (https://pytorch.org/docs/stable/generated/torch.optim.AdamW.html): at
 * step t (counted per parameter, from 1), with gradient g, learning rate γ, betas β₁ β₂, ε and weight decay λ,
 * <pre>
 *   θ ← θ·(1 − γλ)
 *   m ← β₁·m + (1 − β₁)·g
 *   v ← β₂·v + (1 − β₂)·g²
 *   v̄ ← max(v̄, v)   with AMSGrad, else v̄ = v
 *   θ ← θ − (γ / (1 − β₁ᵗ)) · m / (√v̄ / √(1 − β₂ᵗ) + ε)
 * </pre>
 * that is {@code θ − γ·m̂/(√v̂ + ε)} with the bias-corrected moments m̂ = m/(1 − β₁ᵗ), v̂ = v̄/(1 − β₂ᵗ), grouped
 * as PyTorch's implementation groups them. With AMSGrad, PyTorch's implementation (and this class) keeps the
 * maximum of the raw second moments and divides it by the current bias correction; the pseudo-code of its
 * documentation takes the maximum of bias-corrected values, which differs slightly in the first steps.
 *
 * <p>The first moment and the decay run through {@link Elementwise#scale} and {@link Elementwise#axpy}; the second
 * moment and the update are one plain loop (computed in double, stored in the parameter's dtype). State per
 * parameter: {@code exp_avg}, {@code exp_avg_sq}, {@code max_exp_avg_sq} (AMSGrad) and the step count.
 *
 * <pre>{@code
 * AdamW adamw = AdamW.builder(model).lr(1e-3).weightDecay(0.05).build();
 * }</pre>
 */
public final class AdamW extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean amsgrad;

    private AdamW(Builder b) {
        super("AdamW", b.model, b.lr, b.amsgrad
                ? List.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq")
                : List.of("exp_avg", "exp_avg_sq"));
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.eps = b.eps;
        this.weightDecay = b.weightDecay;
        this.amsgrad = b.amsgrad;
    }

    /**
     * @param model the model whose parameters to train
     * @return a builder with PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 1e-2, no
     * AMSGrad
     */
    public static Builder builder(Module model) {
        return new Builder(model);
    }

    /** @return β₁ */
    public double beta1() {
        return beta1;
    }

    /** @return β₂ */
    public double beta2() {
        return beta2;
    }

    /** @return ε */
    public double eps() {
        return eps;
    }

    /** @return λ, the decoupled weight decay */
    public double weightDecay() {
        return weightDecay;
    }

    /** @return whether AMSGrad's maximum of second moments is used */
    public boolean amsgrad() {
        return amsgrad;
    }

    @Override
    void update(float[] p, float[] g, ParamState s) {
        int n = p.length;
        double lr = lr();
        if (weightDecay != 0) {
            Elementwise.scale(n, (float) (1 - lr * weightDecay), p, 0, p, 0);
        }
        float[] m = s.f(0);
        float[] v = s.f(1);
        if (m == null) {
            m = new float[n];
            v = new float[n];
            s.set(0, m);
            s.set(1, v);
        }
        float[] vMax = null;
        if (amsgrad) {
            vMax = s.f(2);
            if (vMax == null) {
                vMax = new float[n];
                s.set(2, vMax);
            }
        }
        Elementwise.scale(n, (float) beta1, m, 0, m, 0);
        Elementwise.axpy(n, (float) (1 - beta1), g, 0, m, 0);
        double stepSize = lr / (1 - Math.pow(beta1, s.step));
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, s.step));
        for (int i = 0; i < n; i++) {
            double gi = g[i];
            float vi = (float) (beta2 * v[i] + (1 - beta2) * gi * gi);
            v[i] = vi;
            if (vMax != null) {
                vi = Math.max(vMax[i], vi);
                vMax[i] = vi;
            }
            p[i] = (float) (p[i] - stepSize * m[i] / (Math.sqrt(vi) / bc2Sqrt + eps));
        }
    }

    @Override
    void update(double[] p, double[] g, ParamState s) {
        int n = p.length;
        double lr = lr();
        if (weightDecay != 0) {
            Elementwise.scale(n, 1 - lr * weightDecay, p, 0, p, 0);
        }
        double[] m = s.d(0);
        double[] v = s.d(1);
        if (m == null) {
            m = new double[n];
            v = new double[n];
            s.set(0, m);
            s.set(1, v);
        }
        double[] vMax = null;
        if (amsgrad) {
            vMax = s.d(2);
            if (vMax == null) {
                vMax = new double[n];
                s.set(2, vMax);
            }
        }
        Elementwise.scale(n, beta1, m, 0, m, 0);
        Elementwise.axpy(n, 1 - beta1, g, 0, m, 0);
        double stepSize = lr / (1 - Math.pow(beta1, s.step));
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, s.step));
        for (int i = 0; i < n; i++) {
            double gi = g[i];
            double vi = beta2 * v[i] + (1 - beta2) * gi * gi;
            v[i] = vi;
            if (vMax != null) {
                vi = Math.max(vMax[i], vi);
                vMax[i] = vi;
            }
            p[i] = p[i] - stepSize * m[i] / (Math.sqrt(vi) / bc2Sqrt + eps);
        }
    }

    @Override
    boolean savesStepCount() {
        return true;
    }

    @Override
    void checkLoaded(String param, ParamState s) {
        boolean complete = s.has(0) && s.has(1) && (!amsgrad || s.has(2)) && s.step > 0;
        if (!complete) {
            throw new IllegalArgumentException("AdamW.loadStateDict: parameter '" + param + "' expected exp_avg, "
                    + "exp_avg_sq" + (amsgrad ? ", max_exp_avg_sq" : "") + " and a step > 0 together, got "
                    + (s.has(0) ? "exp_avg " : "") + (s.has(1) ? "exp_avg_sq " : "")
                    + (amsgrad && s.has(2) ? "max_exp_avg_sq " : "") + "step " + s.step);
        }
    }

    @Override
    public String toString() {
        return "AdamW(lr=" + lr() + ", betas=(" + beta1 + ", " + beta2 + "), eps=" + eps + ", weightDecay="
                + weightDecay + ", amsgrad=" + amsgrad + ")";
    }

    /** Settings of an {@link AdamW}, checked as PyTorch checks them. */
    public static final class Builder {
        private final Module model;
        private double lr = 1e-3;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double eps = 1e-8;
        private double weightDecay = 1e-2;
        private boolean amsgrad;

        private Builder(Module model) {
            this.model = model;
        }

        /** @param lr γ, finite and {@code >= 0} (default 1e-3); @return this builder */
        public Builder lr(double lr) {
            this.lr = lr;
            return this;
        }

        /** @param beta1 β₁ in [0, 1) (default 0.9); @param beta2 β₂ in [0, 1) (default 0.999); @return this */
        public Builder betas(double beta1, double beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        /** @param eps ε, finite and {@code >= 0} (default 1e-8); @return this builder */
        public Builder eps(double eps) {
            this.eps = eps;
            return this;
        }

        /** @param weightDecay λ, finite and {@code >= 0} (default 1e-2); @return this builder */
        public Builder weightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** @param amsgrad whether to use AMSGrad (default false); @return this builder */
        public Builder amsgrad(boolean amsgrad) {
            this.amsgrad = amsgrad;
            return this;
        }

        /**
         * @return the optimizer
         * @throws IllegalArgumentException naming the setting when one is out of range (as above)
         */
        public AdamW build() {
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("AdamW: expected betas in [0, 1), got (" + beta1 + ", " + beta2
                        + ")");
            }
            Checks.nonNegative("AdamW", "eps", eps);
            Checks.nonNegative("AdamW", "weightDecay", weightDecay);
            return new AdamW(this);
        }
    }
}

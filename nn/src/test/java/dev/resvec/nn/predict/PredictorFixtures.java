package dev.resvec.nn.predict;

import dev.resvec.core.DType;
import dev.resvec.core.NoGrad;
import dev.resvec.core.Tensor;
import dev.resvec.nn.BatchNorm2d;
import dev.resvec.nn.Module;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/** Models with non-trivial batch-norm statistics, and their eval-mode outputs, for the predictor tests. */
final class PredictorFixtures {
    private PredictorFixtures() {}

    /**
     * Loads every batch norm of {@code model} with values far from the identity (γ ∈ [0.5, 1.5], β ∈ [−0.3, 0.3],
     * μ ∈ [−0.5, 0.5], var ∈ [0.5, 2]), through {@code loadStateDict}, as a trained checkpoint would arrive.
     * The ranges keep activations of order one through a deep network, so float tolerances stay meaningful.
     */
    static <M extends Module> M withStatistics(M model, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        LinkedHashMap<String, Tensor> state = model.stateDict();
        for (Map.Entry<String, Module> e : model.namedModules().entrySet()) {
            if (e.getValue() instanceof BatchNorm2d bn) {
                String p = e.getKey().isEmpty() ? "" : e.getKey() + ".";
                int c = bn.numFeatures();
                state.put(p + "weight", uniform(r, c, 0.5, 1.5));
                state.put(p + "bias", uniform(r, c, -0.3, 0.3));
                state.put(p + "running_mean", uniform(r, c, -0.5, 0.5));
                state.put(p + "running_var", uniform(r, c, 0.5, 2.0));
            }
        }
        model.loadStateDict(state, true);
        return model;
    }

    private static Tensor uniform(SplittableRandom r, int n, double lo, double hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextDouble(lo, hi);
        }
        return Tensor.fromArray(v, n);
    }

    /** @return N×C×H×W images from N(0, 1), seeded */
    static Tensor images(long seed, int n, int c, int h, int w) {
        return Tensor.randn(DType.FLOAT32, seed, n, c, h, w);
    }

    /** @return the model's eval-mode output, without recording a graph (the model is left in eval mode) */
    static Tensor evaluate(Module model, Tensor x) {
        model.eval();
        try (NoGrad ignored = NoGrad.enter()) {
            return model.apply(x);
        }
    }

    /**
     * The exact yardstick: the same model (same factory, same state) converted to float64, which runs the
     * double-precision reference kernels.
     */
    static double[] reference(Supplier<? extends Module> factory, Module trained, Tensor x) {
        Module m64 = factory.get();
        m64.loadStateDict(trained.stateDict(), true);
        m64.to(DType.FLOAT64);
        return evaluate(m64, x.to(DType.FLOAT64)).toDoubleArray();
    }

    /** @return max |a − b| */
    static double maxAbsDiff(float[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    /** @return max |v| */
    static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}

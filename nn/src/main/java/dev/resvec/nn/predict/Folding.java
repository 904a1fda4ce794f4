package dev.resvec.nn.predict;

import dev.resvec.core.Tensor;
import dev.resvec.nn.BatchNorm2d;
import dev.resvec.nn.Conv2d;
import dev.resvec.nn.Linear;
import dev.resvec.nn.TensorSlot;

/**
 * Batch norm in its inference form, folded. With {@code s = γ/√(var + ε)}, batch norm after a convolution is
 * {@code s·(w∗x + b − μ) + β}, the convolution with filters {@code w' = w·s} (per output channel) and bias
 * {@code b' = β + (b − μ)·s}; without a convolution before it, the per-channel affine {@code x·s + (β − μ·s)}.
 *
 * <p>Everything is computed in double from the module's values (float32 or float64) and rounded to float once,
 * so a folded weight is within half an ulp of the exact product. Folded values below the smallest normal float
 * become zero: subnormal operands slow every kernel down and the JVM cannot flush them, while the change is below
 * 2^-126 per weight.
 */
final class Folding {
    private Folding() {}

    /** Folded filters and bias (the bias null when neither the convolution nor a batch norm gives one). */
    record FoldedConv(float[] weight, float[] bias) {}

    /** Per-channel scale and shift of a batch norm on its own. */
    record Affine(float[] scale, float[] shift) {}

    /**
     * @param name the convolution's dotted name (for messages)
     * @param conv the convolution
     * @param bn   the batch norm after it, or null
     */
    static FoldedConv conv(String name, Conv2d conv, BatchNorm2d bn, String bnName) {
        double[] w = values(conv.weight());
        double[] b = conv.bias() == null ? null : values(conv.bias());
        int k = conv.outChannels();
        int perFilter = w.length / k;
        float[] weight = new float[w.length];
        if (bn == null) {
            for (int i = 0; i < w.length; i++) {
                weight[i] = flush(w[i]);
            }
            return new FoldedConv(weight, b == null ? null : round(b));
        }
        requireFeatures(bnName, bn, k, name);
        double[] s = scales(bnName, bn);
        double[] beta = values(bn.bias());
        double[] mean = values(bn.runningMean());
        float[] bias = new float[k];
        for (int o = 0; o < k; o++) {
            for (int i = o * perFilter; i < (o + 1) * perFilter; i++) {
                weight[i] = flush(w[i] * s[o]);
            }
            bias[o] = flush(beta[o] + ((b == null ? 0 : b[o]) - mean[o]) * s[o]);
        }
        return new FoldedConv(weight, bias);
    }

    /** @return the batch norm as {@code x·scale + shift} */
    static Affine affine(String name, BatchNorm2d bn) {
        double[] s = scales(name, bn);
        double[] beta = values(bn.bias());
        double[] mean = values(bn.runningMean());
        float[] scale = new float[s.length];
        float[] shift = new float[s.length];
        for (int c = 0; c < s.length; c++) {
            scale[c] = flush(s[c]);
            shift[c] = flush(beta[c] - mean[c] * s[c]);
        }
        return new Affine(scale, shift);
    }

    /** @return the linear layer's weight (out×in) and bias, rounded to float */
    static FoldedConv linear(Linear fc) {
        return new FoldedConv(round(values(fc.weight())), fc.bias() == null ? null : round(values(fc.bias())));
    }

    /**
     * @return {@code γ/√(var + ε)} per channel
     * @throws IllegalArgumentException when a running variance is not finite or {@code var + ε ≤ 0} (a state dict
     *                                  with broken statistics would otherwise give NaN logits with no hint why)
     */
    private static double[] scales(String name, BatchNorm2d bn) {
        double[] gamma = values(bn.weight());
        double[] var = values(bn.runningVar());
        double eps = bn.eps();
        double[] s = new double[gamma.length];
        for (int c = 0; c < s.length; c++) {
            if (!(var[c] + eps > 0) || !Double.isFinite(var[c])) {
                throw new IllegalArgumentException("Predictor: batch norm '" + name + "' has running_var[" + c
                        + "] = " + var[c] + "; expected a finite value with running_var + eps > 0 (eps = " + eps
                        + ")");
            }
            s[c] = gamma[c] / Math.sqrt(var[c] + eps);
        }
        return s;
    }

    private static void requireFeatures(String bnName, BatchNorm2d bn, int channels, String convName) {
        if (bn.numFeatures() != channels) {
            throw new IllegalArgumentException("Predictor: batch norm '" + bnName + "' has " + bn.numFeatures()
                    + " features but follows '" + convName + "' with " + channels + " output channels");
        }
    }

    private static double[] values(TensorSlot slot) {
        Tensor t = slot.get();
        return t.toDoubleArray();
    }

    private static float[] round(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = flush(v[i]);
        }
        return out;
    }

    private static float flush(double v) {
        float f = (float) v;
        return Math.abs(f) < Float.MIN_NORMAL ? 0f : f;
    }
}

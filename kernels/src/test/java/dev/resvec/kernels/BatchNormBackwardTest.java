package dev.resvec.kernels;

import static dev.resvec.kernels.BatchNormTestSupport.E;
import static dev.resvec.kernels.BatchNormTestSupport.FLOAT_DEPTH;
import static dev.resvec.kernels.BatchNormTestSupport.U;
import static dev.resvec.kernels.BatchNormTestSupport.assertClose;
import static dev.resvec.kernels.BatchNormTestSupport.assertOutsideUnchanged;
import static dev.resvec.kernels.BatchNormTestSupport.toDouble;
import static dev.resvec.kernels.ElementwiseTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.resvec.kernels.BatchNormTestSupport.Batches;
import dev.resvec.kernels.BatchNormTestSupport.Channels;
import dev.resvec.kernels.BatchNormTestSupport.FloatImpl;
import dev.resvec.kernels.BatchNormTestSupport.Spatials;
import dev.resvec.kernels.BatchNormTestSupport.Stats;
import dev.resvec.kernels.ElementwiseTestSupport.Offsets;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The training backward of batch norm (every float backend, the facade, the double reference kernel) against the
 * gradients computed here from the definitions, with the saved statistics taken from the reference (exact mean and
 * invStd in double, so the test isolates the backward):
 * {@code gradBeta = Σg}, {@code gradGamma = Σg·x̂}, {@code gradIn = γ·s/n·(n·g − Σg − x̂·Σg·x̂)}, {@code x̂ = (x − m)·s}.
 *
 * <p>Bounds, float kernels (D = {@link BatchNormTestSupport#FLOAT_DEPTH}, u = 2^-24): the shift is the saved mean
 * rounded to float, {@code |shift − m| ≤ u·|m| =: σ}. {@code Σg} errs by {@code D·u·Σ|g|}; {@code Σg·(x − shift)}
 * by {@code (D + 2)·u·Σ|g|·(|x − m| + σ)} (a difference and a product per term, then the tree), so
 * {@code Σg·x̂ = s·(Σg·(x − shift) + (shift − m)·Σg)} errs by {@code Δ = s·(that + σ·D·u·Σ|g|)}. The input gradient
 * is {@code A·g + B·(x − shift) + K} with {@code A = γs}, {@code B = −A·s·Σg·x̂/n}, {@code K = −A·Σg/n + B·(shift −
 * m)}: B errs by {@code ΔB = |A|·s·Δ/n}, K by {@code ΔK = |A|·D·u·Σ|g|/n + ΔB·σ}, and evaluating it in float
 * (coefficients rounded, a difference, two multiply-adds; at most five roundings) adds
 * {@code 5u·(|A·g| + |B|·(|x − m| + σ) + |K|)}.
 *
 * <p>Double kernel (ε = 2^-53): the sums carry {@code (n + 3)·ε} of their absolute sums, and the element formula
 * {@code k·(n·g − Σg − x̂·Σg·x̂)}, {@code k = γs/n}, six roundings of its terms.
 */
class BatchNormBackwardTest {

    /** One try's data and reference: the saved statistics and the exact gradients. */
    private record Case(int batch, int channels, int spatial, float[] x, float[] g, int off, float[] gamma,
                        int offPer, double[] mean, double[] invStd, double[] sumG, double[] sumAbsG,
                        double[] sumGXhat, double[] sumAbsGD, double[] gradIn) {}

    private static Case generate(int batch, int channels, int spatial, int off, int offPer, long seed,
                                 boolean affine, boolean shifted, double eps) {
        Random r = new Random(seed);
        int total = batch * channels * spatial;
        float[] x = randomFloats(r, off + total + 2, r.nextBoolean() ? 1f : 50f);
        if (shifted) {
            for (int c = 0; c < channels; c++) {
                float m = (r.nextFloat() * 2 - 1) * 1000f;
                for (int b = 0; b < batch; b++) {
                    for (int s = 0; s < spatial; s++) {
                        x[off + (b * channels + c) * spatial + s] += m;
                    }
                }
            }
        }
        float[] g = randomFloats(r, off + total + 2, r.nextBoolean() ? 1f : 0.01f);
        float[] gamma = affine ? randomFloats(r, offPer + channels + 1, 3f) : null;
        Stats st = new Stats(batch, channels, spatial, toDouble(x), off);
        double[] mean = new double[offPer + channels];
        double[] invStd = new double[offPer + channels];
        double[] sumG = new double[channels];
        double[] sumAbsG = new double[channels];
        double[] sumGXhat = new double[channels];
        double[] sumAbsGD = new double[channels];
        double[] gradIn = new double[total];
        double n = st.n;
        for (int c = 0; c < channels; c++) {
            double m = st.mean[c];
            double s = 1 / Math.sqrt(st.var[c] + eps);
            mean[offPer + c] = m;
            invStd[offPer + c] = s;
            for (int b = 0; b < batch; b++) {
                for (int sp = 0; sp < spatial; sp++) {
                    int i = off + (b * channels + c) * spatial + sp;
                    sumG[c] += g[i];
                    sumAbsG[c] += Math.abs(g[i]);
                    sumGXhat[c] += g[i] * (x[i] - m) * s;
                    sumAbsGD[c] += Math.abs(g[i] * (x[i] - m));
                }
            }
            double gm = gamma == null ? 1 : gamma[offPer + c];
            for (int b = 0; b < batch; b++) {
                for (int sp = 0; sp < spatial; sp++) {
                    int i = (b * channels + c) * spatial + sp;
                    double xhat = (x[off + i] - m) * s;
                    gradIn[i] = gm * s / n * (n * g[off + i] - sumG[c] - xhat * sumGXhat[c]);
                }
            }
        }
        return new Case(batch, channels, spatial, x, g, off, gamma, offPer, mean, invStd, sumG, sumAbsG, sumGXhat,
                sumAbsGD, gradIn);
    }

    @Property(tries = 120, seed = TestSeeds.SEED)
    void floatBackward(@ForAll(supplier = Batches.class) int batch, @ForAll(supplier = Channels.class) int channels,
                       @ForAll(supplier = Spatials.class) int spatial, @ForAll(supplier = Offsets.class) int off,
                       @ForAll(supplier = Offsets.class) int offOut, @ForAll(supplier = Offsets.class) int offPer,
                       @ForAll long seed, @ForAll boolean affine, @ForAll boolean shifted, @ForAll boolean inPlace,
                       @ForAll @IntRange(min = 0, max = 7) int wanted, @ForAll @IntRange(min = 0, max = 2) int epsPick) {
        Assume.that((long) batch * spatial >= 2);
        double eps = new double[] {1e-5, 1e-3, 0.1}[epsPick];
        Case k = generate(batch, channels, spatial, off, offPer, seed, affine, shifted, eps);
        boolean wantIn = (wanted & 1) != 0 || wanted == 0;
        boolean wantGamma = (wanted & 2) != 0;
        boolean wantBeta = (wanted & 4) != 0;
        int total = batch * channels * spatial;
        Random r = new Random(seed + 7);
        float[] init = randomFloats(r, offOut + total + 3, 1f);
        for (FloatImpl t : BatchNormTestSupport.targets()) {
            float[] g = k.g.clone();
            float[] gradIn = wantIn ? (inPlace ? g : init.clone()) : null;
            int oi = inPlace ? off : offOut;
            float[] before = wantIn ? gradIn.clone() : null;
            float[] gradGamma = wantGamma ? new float[offPer + channels + 1] : null;
            float[] gradBeta = wantBeta ? new float[offPer + channels + 1] : null;
            t.backward(batch, channels, spatial, k.x.clone(), off, g, off, k.mean, offPer, k.invStd, offPer, k.gamma,
                    offPer, gradIn, oi, gradGamma, offPer, gradBeta, offPer);
            String what = t.name() + " backward " + batch + "x" + channels + "x" + spatial + (shifted ? " shifted"
                    : "");
            check(what, k, true, gradIn == null ? null : toDouble(gradIn), oi,
                    gradGamma == null ? null : toDouble(gradGamma), gradBeta == null ? null : toDouble(gradBeta));
            if (wantIn) {
                assertOutsideUnchanged(what + " gradIn", before, gradIn, oi, total);
            }
            if (wantGamma) {
                assertOutsideUnchanged(what + " gradGamma", new float[gradGamma.length], gradGamma, offPer, channels);
            }
        }
    }

    @Property(tries = 60, seed = TestSeeds.SEED)
    void doubleBackward(@ForAll(supplier = Batches.class) int batch, @ForAll(supplier = Channels.class) int channels,
                        @ForAll(supplier = Spatials.class) int spatial, @ForAll(supplier = Offsets.class) int off,
                        @ForAll(supplier = Offsets.class) int offPer, @ForAll long seed, @ForAll boolean affine,
                        @ForAll boolean shifted) {
        Assume.that((long) batch * spatial >= 2);
        Case k = generate(batch, channels, spatial, off, offPer, seed, affine, shifted, 1e-5);
        int total = batch * channels * spatial;
        double[] gradIn = new double[off + total];
        double[] gradGamma = new double[offPer + channels];
        double[] gradBeta = new double[offPer + channels];
        BatchNorm.backward(batch, channels, spatial, toDouble(k.x), off, toDouble(k.g), off, k.mean, offPer,
                k.invStd, offPer, k.gamma == null ? null : toDouble(k.gamma), offPer, gradIn, off, gradGamma, offPer,
                gradBeta, offPer);
        check("double backward " + batch + "x" + channels + "x" + spatial, k, false, gradIn, off, gradGamma,
                gradBeta);
    }

    private static void check(String what, Case k, boolean floatKernel, double[] gradIn, int offIn,
                              double[] gradGamma, double[] gradBeta) {
        double n = (double) k.batch * k.spatial;
        for (int c = 0; c < k.channels; c++) {
            double m = k.mean[k.offPer + c];
            double s = k.invStd[k.offPer + c];
            double gm = k.gamma == null ? 1 : k.gamma[k.offPer + c];
            double sigma = floatKernel ? U * Math.abs(m) : 0;
            double depth = floatKernel ? FLOAT_DEPTH : n + 3;
            double unit = floatKernel ? U : E;
            double errSumG = depth * unit * k.sumAbsG[c];
            double errSumGD = (depth + 2) * unit * (k.sumAbsGD[c] + sigma * k.sumAbsG[c]);
            double errSumGXhat = s * (errSumGD + sigma * errSumG) + 4 * E * s * k.sumAbsGD[c];
            if (gradBeta != null) {
                assertClose(what + " gradBeta", c, k.sumG[c], gradBeta[k.offPer + c],
                        errSumG + unit * Math.abs(k.sumG[c]));
            }
            if (gradGamma != null) {
                assertClose(what + " gradGamma", c, k.sumGXhat[c], gradGamma[k.offPer + c],
                        errSumGXhat + unit * Math.abs(k.sumGXhat[c]));
            }
            if (gradIn == null) {
                continue;
            }
            double a = gm * s;
            double bCoef = a * s * k.sumGXhat[c] / n;
            double dB = Math.abs(a) * s * errSumGXhat / n;
            double kCoef = Math.abs(a) * Math.abs(k.sumG[c]) / n + Math.abs(bCoef) * sigma;
            double dK = Math.abs(a) * errSumG / n + dB * sigma;
            for (int b = 0; b < k.batch; b++) {
                for (int sp = 0; sp < k.spatial; sp++) {
                    int i = (b * k.channels + c) * k.spatial + sp;
                    double g = k.g[k.off + i];
                    double dx = Math.abs(k.x[k.off + i] - m) + sigma;
                    double tol;
                    if (floatKernel) {
                        tol = dB * dx + dK + 5 * U * (Math.abs(a * g) + Math.abs(bCoef) * dx + kCoef);
                    } else {
                        double xhat = (k.x[k.off + i] - m) * s;
                        tol = Math.abs(gm * s / n) * (errSumG + Math.abs(xhat) * errSumGXhat
                                + 6 * E * (n * Math.abs(g) + Math.abs(k.sumG[c]) + Math.abs(xhat * k.sumGXhat[c])));
                    }
                    assertClose(what + " gradIn", i, k.gradIn[i], gradIn[offIn + i], tol + Double.MIN_VALUE);
                }
            }
        }
    }

    /** The gradient of a loss that ignores the output's normalised part: g = const gives gradIn = 0 exactly-ish. */
    @Test
    void constantOutputGradientGivesNoInputGradient() {
        // d/dx of Σ_i c·y_i is c·γ·s·(1 − 1 − x̂·Σx̂/n) = 0, since Σx̂ = 0: the normalisation removes any shift.
        int n = 64;
        float[] x = new float[n];
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (i * 7919 % 64) * 0.25f - 3;
            g[i] = 0.5f;
        }
        Stats st = new Stats(1, 1, n, toDouble(x), 0);
        double[] mean = {st.mean[0]};
        double[] invStd = {1 / Math.sqrt(st.var[0] + 1e-5)};
        for (FloatImpl t : BatchNormTestSupport.targets()) {
            float[] gradIn = new float[n];
            float[] gradBeta = new float[1];
            t.backward(1, 1, n, x, 0, g, 0, mean, 0, invStd, 0, null, 0, gradIn, 0, null, 0, gradBeta, 0);
            assertEquals(32.0, gradBeta[0], 0, t.name());
            for (int i = 0; i < n; i++) {
                assertEquals(0.0, gradIn[i], 1e-6, t.name() + " gradIn " + i);
            }
        }
    }
}

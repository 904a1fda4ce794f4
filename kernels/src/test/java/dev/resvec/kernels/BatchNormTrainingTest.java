package dev.resvec.kernels;

import static dev.resvec.kernels.BatchNormTestSupport.E;
import static dev.resvec.kernels.BatchNormTestSupport.U;
import static dev.resvec.kernels.BatchNormTestSupport.assertClose;
import static dev.resvec.kernels.BatchNormTestSupport.assertOutsideUnchanged;
import static dev.resvec.kernels.BatchNormTestSupport.toDouble;
import static dev.resvec.kernels.ElementwiseTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * The training forward of batch norm (every float backend, the facade, and the double reference kernel) against
 * batch statistics computed here from their definitions: output, saved mean and invStd, and the running-statistics
 * update (PyTorch's rule, with the sample variance {@code Σ(x − mean)²/(n − 1)} computed directly here). Bounds:
 * see {@link BatchNormTestSupport} and the comments below.
 */
class BatchNormTrainingTest {

    private static final double[] MOMENTA = {0.1, 0.0, 1.0, 0.3};
    private static final double[] EPSILONS = {1e-5, 1e-3, 0.1};

    /** The case of one try: data, parameters and running statistics, all float-representable. */
    private record Case(int batch, int channels, int spatial, float[] x, int offX, float[] gamma, float[] beta,
                        int offPer, float[] runningMean, float[] runningVar, double eps, double momentum) {}

    private static Case generate(int batch, int channels, int spatial, int offX, int offPer, long seed,
                                 boolean affine, boolean running, boolean shifted, int pick) {
        Random r = new Random(seed);
        int total = batch * channels * spatial;
        float scale = r.nextBoolean() ? 1f : 100f;
        float[] x = randomFloats(r, offX + total + r.nextInt(5), scale);
        if (shifted) { // a large mean per channel against the spread: where E[x²] − E[x]² would cancel
            for (int c = 0; c < channels; c++) {
                float m = (r.nextFloat() * 2 - 1) * 1000f * scale;
                for (int b = 0; b < batch; b++) {
                    for (int s = 0; s < spatial; s++) {
                        x[offX + (b * channels + c) * spatial + s] += m;
                    }
                }
            }
        }
        float[] gamma = affine ? randomFloats(r, offPer + channels + 2, 3f) : null;
        float[] beta = affine && r.nextBoolean() ? randomFloats(r, offPer + channels + 2, 10f) : null;
        float[] rm = running ? randomFloats(r, offPer + channels + 2, 10f) : null;
        float[] rv = null;
        if (running) {
            rv = new float[offPer + channels + 2];
            for (int i = 0; i < rv.length; i++) {
                rv[i] = 0.1f + 5 * r.nextFloat();
            }
        }
        return new Case(batch, channels, spatial, x, offX, gamma, beta, offPer, rm, rv, EPSILONS[pick % 3],
                MOMENTA[pick % 4]);
    }

    @Property(tries = 120, seed = TestSeeds.SEED)
    void floatTrainingForward(@ForAll(supplier = Batches.class) int batch,
                              @ForAll(supplier = Channels.class) int channels,
                              @ForAll(supplier = Spatials.class) int spatial,
                              @ForAll(supplier = Offsets.class) int offX, @ForAll(supplier = Offsets.class) int offOut,
                              @ForAll(supplier = Offsets.class) int offPer, @ForAll long seed,
                              @ForAll boolean affine, @ForAll boolean running, @ForAll boolean shifted,
                              @ForAll boolean inPlace, @ForAll @IntRange(min = 0, max = 11) int pick) {
        Assume.that((long) batch * spatial >= 2);
        Case k = generate(batch, channels, spatial, offX, offPer, seed, affine, running, shifted, pick);
        Stats st = new Stats(batch, channels, spatial, toDouble(k.x), offX);
        int total = batch * channels * spatial;
        Random r = new Random(seed + 1);
        float[] outInit = randomFloats(r, offOut + total + 3, 1f);
        for (FloatImpl t : BatchNormTestSupport.targets()) {
            float[] x = k.x.clone();
            float[] out = inPlace ? x : outInit.clone();
            int oo = inPlace ? offX : offOut;
            float[] outBefore = out.clone();
            double[] mean = new double[offPer + channels + 2];
            double[] invStd = new double[offPer + channels + 2];
            double[] meanBefore = mean.clone();
            float[] rm = k.runningMean == null ? null : k.runningMean.clone();
            float[] rv = k.runningVar == null ? null : k.runningVar.clone();
            t.trainingForward(batch, channels, spatial, x, offX, k.gamma, offPer, k.beta, offPer, k.eps, out, oo,
                    mean, offPer, invStd, offPer, rm, offPer, rv, offPer, k.momentum);
            String what = t.name() + " training " + batch + "x" + channels + "x" + spatial + (shifted ? " shifted"
                    : "");
            checkOutputs(what, k, st, true, toDouble(out), oo, mean, invStd, rm == null ? null : toDouble(rm),
                    rv == null ? null : toDouble(rv));
            assertOutsideUnchanged(what + " out", outBefore, out, oo, total);
            assertOutsideUnchanged(what + " saveMean", meanBefore, mean, offPer, channels);
            if (rm != null) {
                assertOutsideUnchanged(what + " runningMean", k.runningMean, rm, offPer, channels);
                assertOutsideUnchanged(what + " runningVar", k.runningVar, rv, offPer, channels);
            }
        }
    }

    @Property(tries = 60, seed = TestSeeds.SEED)
    void doubleTrainingForward(@ForAll(supplier = Batches.class) int batch,
                               @ForAll(supplier = Channels.class) int channels,
                               @ForAll(supplier = Spatials.class) int spatial,
                               @ForAll(supplier = Offsets.class) int offX, @ForAll(supplier = Offsets.class) int offPer,
                               @ForAll long seed, @ForAll boolean affine, @ForAll boolean running,
                               @ForAll boolean shifted, @ForAll @IntRange(min = 0, max = 11) int pick) {
        Assume.that((long) batch * spatial >= 2);
        Case k = generate(batch, channels, spatial, offX, offPer, seed, affine, running, shifted, pick);
        double[] x = toDouble(k.x);
        Stats st = new Stats(batch, channels, spatial, x, offX);
        int total = batch * channels * spatial;
        double[] out = new double[offX + total + 2];
        double[] mean = new double[offPer + channels];
        double[] invStd = new double[offPer + channels];
        double[] rm = k.runningMean == null ? null : toDouble(k.runningMean);
        double[] rv = k.runningVar == null ? null : toDouble(k.runningVar);
        BatchNorm.trainingForward(batch, channels, spatial, x, offX, k.gamma == null ? null : toDouble(k.gamma),
                offPer, k.beta == null ? null : toDouble(k.beta), offPer, k.eps, out, offX, mean, offPer, invStd,
                offPer, rm, offPer, rv, offPer, k.momentum);
        checkOutputs("double training " + batch + "x" + channels + "x" + spatial, k, st, false, out, offX, mean,
                invStd, rm, rv);
    }

    /**
     * Checks a kernel's results against the reference statistics.
     *
     * <p>Output: with reference mean m, variance v, invStd s, the kernel's mean errs by Δm and its variance by Δv
     * ({@link Stats}); {@code invStd = (v + eps)^(-1/2)} then errs relatively by at most {@code Δv/(v + eps)} (as
     * {@code |(1 + t)^(-1/2) − 1| ≤ |t|} for {@code |t| ≤ 1/2}) plus two double roundings, so the normalised value
     * errs by {@code |γ|·s·(Δm + |x − m|·(Δv/(v + eps) + 2ε))}. The float kernels then apply {@code x·scale + shift}
     * with scale and shift rounded to float (u each) by {@code channelAffine} (2u): {@code 3u·(|x·scale| +
     * |shift|)}; the double kernel computes {@code (x − m)·s·γ + β} with four roundings: {@code 4ε·(|x̂·γ| + |β|)}.
     */
    private static void checkOutputs(String what, Case k, Stats st, boolean floatKernel, double[] out, int offOut,
                                     double[] mean, double[] invStd, double[] rm, double[] rv) {
        int off = k.offPer;
        for (int c = 0; c < k.channels; c++) {
            double m = st.mean[c];
            double v = st.var[c];
            double s = 1 / Math.sqrt(v + k.eps);
            double dm = st.meanError(c, floatKernel);
            double dv = st.varError(c, floatKernel);
            double relInvStd = dv / (v + k.eps) + 2 * E;
            assertTrue(dv / (v + k.eps) <= 0.5, what + ": the bounds assume a small relative variance error");
            double g = k.gamma == null ? 1 : k.gamma[off + c];
            double b = k.beta == null ? 0 : k.beta[off + c];
            double scale = g * s;
            double shift = b - m * scale;
            assertClose(what + " saveMean", c, m, mean[off + c], dm);
            assertClose(what + " saveInvStd", c, s, invStd[off + c], s * relInvStd);
            for (int bi = 0; bi < k.batch; bi++) {
                for (int sp = 0; sp < k.spatial; sp++) {
                    int i = (bi * k.channels + c) * k.spatial + sp;
                    double xv = k.x[k.offX + i];
                    double xhat = (xv - m) * s;
                    double expected = xhat * g + b;
                    double tol = Math.abs(g) * s * (dm + Math.abs(xv - m) * relInvStd)
                            + (floatKernel ? 3 * U * (Math.abs(xv * scale) + Math.abs(shift))
                                    : 4 * E * (Math.abs(xhat * g) + Math.abs(b)));
                    assertClose(what + " out", i, expected, out[offOut + i], tol + Double.MIN_VALUE);
                }
            }
            if (rm != null) {
                // PyTorch's rule from its definition: (1 − momentum)·running + momentum·statistic, with the sample
                // variance for running_var. Float results are rounded once (u), double ones carry ε-sized errors.
                double mo = k.momentum;
                double rm0 = k.runningMean[off + c];
                double rv0 = k.runningVar[off + c];
                double expMean = (1 - mo) * rm0 + mo * m;
                double expVar = (1 - mo) * rv0 + mo * st.sampleVar[c];
                double unit = floatKernel ? U : E;
                double n = st.n;
                assertClose(what + " runningMean", c, expMean, rm[off + c],
                        unit * Math.abs(expMean) + mo * dm + 4 * E * (Math.abs(rm0) + Math.abs(m)));
                assertClose(what + " runningVar", c, expVar, rv[off + c],
                        unit * Math.abs(expVar) + mo * dv * n / (n - 1) + 6 * E * (rv0 + st.sampleVar[c]));
            }
        }
    }

    /** A worked example: one channel of 1, 2, 3, 4, momentum 0.1, running statistics 0 and 1. */
    @Test
    void runningStatisticsByHand() {
        float[] x = {1, 2, 3, 4};
        for (FloatImpl t : BatchNormTestSupport.targets()) {
            float[] out = new float[4];
            double[] mean = new double[1];
            double[] invStd = new double[1];
            float[] rm = {0f};
            float[] rv = {1f};
            t.trainingForward(1, 1, 4, x, 0, null, 0, null, 0, 1e-5, out, 0, mean, 0, invStd, 0, rm, 0, rv, 0, 0.1);
            // mean 2.5, biased variance 1.25 (normalises), unbiased variance 5/3 (the running variance).
            assertEquals(2.5, mean[0], 0, t.name());
            assertEquals(1 / Math.sqrt(1.25 + 1e-5), invStd[0], 1e-15, t.name());
            assertEquals((float) 0.25, rm[0], t.name());
            assertEquals((float) (0.9 + 0.1 * 5.0 / 3.0), rv[0], t.name());
            for (int i = 0; i < 4; i++) {
                assertEquals((x[i] - 2.5) / Math.sqrt(1.25 + 1e-5), out[i], 3e-7, t.name() + " out " + i);
            }
        }
    }

    /**
     * A channel with mean 10^4 and spread 10^-2: E[x²] − E[x]² in float would lose every digit of the variance
     * (E[x²] ≈ 10^8 has a float ulp of 8, the variance is 10^-4); the shifted sums keep its relative accuracy.
     */
    @Test
    void largeMeanSmallSpreadKeepsTheVariance() {
        int n = 2048;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = 10000f + ((i * 37) % 11 - 5) * 0.0029f; // float spacing at 10^4 is 2^-10 ≈ 0.001
        }
        Stats st = new Stats(1, 1, n, toDouble(x), 0);
        assertTrue(st.var[0] > 1e-5 && st.var[0] < 1e-3, "the data should have a variance near 1e-4: " + st.var[0]);
        for (FloatImpl t : BatchNormTestSupport.targets()) {
            double[] invStd = new double[1];
            t.trainingForward(1, 1, n, x, 0, null, 0, null, 0, 0.0, new float[n], 0, new double[1], 0, invStd, 0,
                    null, 0, null, 0, 0.1);
            double var = 1 / (invStd[0] * invStd[0]);
            assertEquals(st.var[0], var, 1e-3 * st.var[0], t.name() + ": variance from the saved invStd");
        }
    }
}

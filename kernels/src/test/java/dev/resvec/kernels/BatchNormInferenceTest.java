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
import dev.resvec.kernels.ElementwiseTestSupport.Offsets;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Inference-mode batch norm (forward, backward, and the folded scale and shift) on every float backend, the facade
 * and the double reference kernel, against {@code (x − runningMean)·γ/sqrt(runningVar + eps) + β} and its
 * derivatives computed here.
 *
 * <p>Bounds. Fold: scale and shift are computed in double (a few ε) and rounded once: {@code u·|value| + 4ε·(|β| +
 * |mean·scale|)}. Forward: the float kernels apply {@code x·scale + shift} with the rounded fold (u each) in
 * {@code channelAffine} (2u): {@code 3u·(|x·scale| + |shift|)}; the double kernel {@code 4ε} of the same.
 * Backward: {@code gradIn = g·scale}, {@code 2u·|g·scale|} (the rounded scale, the product); {@code gradBeta = Σg}
 * and {@code gradGamma = s·Σg·(x − mean)} carry the summation bounds of {@link BatchNormBackwardTest} (the shift is
 * the running mean itself, exact), plus one rounding.
 */
class BatchNormInferenceTest {

    private record Case(int batch, int channels, int spatial, float[] x, float[] g, int off, float[] gamma,
                        float[] beta, float[] mean, float[] var, int offPer, double eps) {}

    private static Case generate(int batch, int channels, int spatial, int off, int offPer, long seed,
                                 boolean affine) {
        Random r = new Random(seed);
        int total = batch * channels * spatial;
        float[] x = randomFloats(r, off + total + 2, 20f);
        float[] g = randomFloats(r, off + total + 2, 1f);
        float[] gamma = affine ? randomFloats(r, offPer + channels + 1, 3f) : null;
        float[] beta = affine && r.nextBoolean() ? randomFloats(r, offPer + channels + 1, 10f) : null;
        float[] mean = randomFloats(r, offPer + channels + 1, 20f);
        float[] var = new float[offPer + channels + 1];
        for (int i = 0; i < var.length; i++) {
            var[i] = r.nextInt(8) == 0 ? 0f : 50 * r.nextFloat() * r.nextFloat();
        }
        return new Case(batch, channels, spatial, x, g, off, gamma, beta, mean, var, offPer,
                r.nextBoolean() ? 1e-5 : 1e-3);
    }

    @Property(tries = 100, seed = TestSeeds.SEED)
    void inference(@ForAll(supplier = Batches.class) int batch, @ForAll(supplier = Channels.class) int channels,
                   @ForAll(supplier = Spatials.class) int spatial, @ForAll(supplier = Offsets.class) int off,
                   @ForAll(supplier = Offsets.class) int offOut, @ForAll(supplier = Offsets.class) int offPer,
                   @ForAll long seed, @ForAll boolean affine, @ForAll boolean inPlace) {
        Case k = generate(batch, channels, spatial, off, offPer, seed, affine);
        int total = batch * channels * spatial;
        for (FloatImpl t : BatchNormTestSupport.targets()) {
            String what = t.name() + " inference " + batch + "x" + channels + "x" + spatial;
            float[] x = k.x.clone();
            float[] out = inPlace ? x : new float[offOut + total + 2];
            int oo = inPlace ? off : offOut;
            float[] before = out.clone();
            t.inferenceForward(batch, channels, spatial, x, off, k.gamma, offPer, k.beta, offPer, k.mean, offPer,
                    k.var, offPer, k.eps, out, oo);
            checkForward(what, k, toDouble(out), oo, true);
            assertOutsideUnchanged(what + " out", before, out, oo, total);

            float[] g = k.g.clone();
            float[] gradIn = inPlace ? g : new float[offOut + total + 2];
            float[] gradGamma = new float[offPer + channels];
            float[] gradBeta = new float[offPer + channels];
            t.inferenceBackward(batch, channels, spatial, k.x, off, g, off, k.gamma, offPer, k.mean, offPer, k.var,
                    offPer, k.eps, gradIn, oo, gradGamma, offPer, gradBeta, offPer);
            checkBackward(what, k, toDouble(gradIn), oo, toDouble(gradGamma), toDouble(gradBeta), true);
        }
        double[] out = new double[off + total];
        double[] gradIn = new double[off + total];
        double[] gradGamma = new double[offPer + channels];
        double[] gradBeta = new double[offPer + channels];
        double[] gamma = k.gamma == null ? null : toDouble(k.gamma);
        BatchNorm.inferenceForward(batch, channels, spatial, toDouble(k.x), off, gamma, offPer,
                k.beta == null ? null : toDouble(k.beta), offPer, toDouble(k.mean), offPer, toDouble(k.var), offPer,
                k.eps, out, off);
        checkForward("double inference", k, out, off, false);
        BatchNorm.inferenceBackward(batch, channels, spatial, toDouble(k.x), off, toDouble(k.g), off, gamma, offPer,
                toDouble(k.mean), offPer, toDouble(k.var), offPer, k.eps, gradIn, off, gradGamma, offPer, gradBeta,
                offPer);
        checkBackward("double inference", k, gradIn, off, gradGamma, gradBeta, false);
    }

    private static void checkForward(String what, Case k, double[] out, int offOut, boolean floatKernel) {
        for (int c = 0; c < k.channels; c++) {
            double gm = k.gamma == null ? 1 : k.gamma[k.offPer + c];
            double bt = k.beta == null ? 0 : k.beta[k.offPer + c];
            double m = k.mean[k.offPer + c];
            double s = 1 / Math.sqrt(k.var[k.offPer + c] + k.eps);
            double scale = gm * s;
            double shift = bt - m * scale;
            for (int b = 0; b < k.batch; b++) {
                for (int sp = 0; sp < k.spatial; sp++) {
                    int i = (b * k.channels + c) * k.spatial + sp;
                    double xv = k.x[k.off + i];
                    double expected = (xv - m) * s * gm + bt;
                    double size = Math.abs(xv * scale) + Math.abs(shift) + Math.abs(m * scale) + Math.abs(bt);
                    double tol = (floatKernel ? 3 * U * (Math.abs(xv * scale) + Math.abs(shift)) : 0) + 6 * E * size;
                    assertClose(what + " out", i, expected, out[offOut + i], tol + Double.MIN_VALUE);
                }
            }
        }
    }

    private static void checkBackward(String what, Case k, double[] gradIn, int offIn, double[] gradGamma,
                                      double[] gradBeta, boolean floatKernel) {
        double n = (double) k.batch * k.spatial;
        double depth = floatKernel ? FLOAT_DEPTH : n + 3;
        double unit = floatKernel ? U : E;
        for (int c = 0; c < k.channels; c++) {
            double gm = k.gamma == null ? 1 : k.gamma[k.offPer + c];
            double m = k.mean[k.offPer + c];
            double s = 1 / Math.sqrt(k.var[k.offPer + c] + k.eps);
            double sumG = 0;
            double sumAbsG = 0;
            double sumGD = 0;
            double sumAbsGD = 0;
            for (int b = 0; b < k.batch; b++) {
                for (int sp = 0; sp < k.spatial; sp++) {
                    int i = (b * k.channels + c) * k.spatial + sp;
                    double g = k.g[k.off + i];
                    double d = k.x[k.off + i] - m;
                    sumG += g;
                    sumAbsG += Math.abs(g);
                    sumGD += g * d;
                    sumAbsGD += Math.abs(g * d);
                    assertClose(what + " gradIn", i, g * gm * s, gradIn[offIn + i],
                            2 * unit * Math.abs(g * gm * s) + 4 * E * Math.abs(g * gm * s) + Double.MIN_VALUE);
                }
            }
            assertClose(what + " gradBeta", c, sumG, gradBeta[k.offPer + c], depth * unit * sumAbsG
                    + unit * Math.abs(sumG));
            assertClose(what + " gradGamma", c, s * sumGD, gradGamma[k.offPer + c],
                    s * (depth + 2) * unit * sumAbsGD + unit * Math.abs(s * sumGD) + 4 * E * s * sumAbsGD);
        }
    }

    @Property(tries = 100, seed = TestSeeds.SEED)
    void foldedScaleShift(@ForAll(supplier = Channels.class) int channels, @ForAll(supplier = Offsets.class) int off,
                          @ForAll(supplier = Offsets.class) int offOut, @ForAll long seed, @ForAll boolean affine,
                          @ForAll boolean inPlace) {
        Case k = generate(1, channels, 1, 0, off, seed, affine);
        // In place: scale written over (a copy of) gamma, shift over beta, at their offsets.
        boolean scaleInPlace = inPlace && k.gamma != null;
        boolean shiftInPlace = inPlace && k.beta != null;
        float[] gamma = scaleInPlace ? k.gamma.clone() : k.gamma;
        float[] beta = shiftInPlace ? k.beta.clone() : k.beta;
        float[] scale = scaleInPlace ? gamma : new float[offOut + channels + 1];
        float[] shift = shiftInPlace ? beta : new float[offOut + channels + 1];
        int os = scaleInPlace ? off : offOut;
        int oh = shiftInPlace ? off : offOut;
        BatchNorm.foldedScaleShift(channels, gamma, off, beta, off, k.mean, off, k.var, off, k.eps, scale, os, shift,
                oh);
        double[] dScale = new double[channels];
        double[] dShift = new double[channels];
        BatchNorm.foldedScaleShift(channels, k.gamma == null ? null : toDouble(k.gamma), off,
                k.beta == null ? null : toDouble(k.beta), off, toDouble(k.mean), off, toDouble(k.var), off, k.eps,
                dScale, 0, dShift, 0);
        for (int c = 0; c < channels; c++) {
            double gm = k.gamma == null ? 1 : k.gamma[off + c];
            double bt = k.beta == null ? 0 : k.beta[off + c];
            double sc = gm / Math.sqrt(k.var[off + c] + k.eps);
            double sh = bt - k.mean[off + c] * sc;
            double slack = 4 * E * (Math.abs(bt) + Math.abs(k.mean[off + c] * sc));
            assertClose("float scale", c, sc, scale[os + c], U * Math.abs(sc) + 4 * E * Math.abs(sc));
            assertClose("float shift", c, sh, shift[oh + c], U * Math.abs(sh) + slack);
            assertClose("double scale", c, sc, dScale[c], 4 * E * Math.abs(sc));
            assertClose("double shift", c, sh, dShift[c], slack);
        }
    }

    /** A worked example: running mean 1, variance 4 − eps, γ = 3, β = −1: scale 1.5, shift −2.5. */
    @Test
    void foldByHand() {
        float eps = 1e-5f;
        float[] scale = new float[1];
        float[] shift = new float[1];
        BatchNorm.foldedScaleShift(1, new float[] {3}, 0, new float[] {-1}, 0, new float[] {1}, 0,
                new float[] {(float) (4 - (double) eps)}, 0, eps, scale, 0, shift, 0);
        assertEquals(1.5f, scale[0], 1e-6f);
        assertEquals(-2.5f, shift[0], 1e-6f);
        for (FloatImpl t : BatchNormTestSupport.targets()) {
            float[] out = new float[2];
            t.inferenceForward(1, 1, 2, new float[] {1, 3}, 0, new float[] {3}, 0, new float[] {-1}, 0,
                    new float[] {1}, 0, new float[] {(float) (4 - (double) eps)}, 0, eps, out, 0);
            assertEquals(-1f, out[0], 1e-6f, t.name());
            assertEquals(2f, out[1], 1e-6f, t.name());
        }
    }
}

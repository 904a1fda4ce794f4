package dev.resvec.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.norm.FloatBatchNorm;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ArbitrarySupplier;
import net.jqwik.api.Tuple;

/**
 * Targets, generators, the double reference and the error bounds shared by the batch-norm kernel tests.
 *
 * <h2>Error bounds</h2>
 * Every bound is first order in the unit roundoff: {@code u = 2^-24} for the float kernels, {@code ε = 2^-53} for
 * the double ones. A sum of terms {@code t_i} whose every term passes through at most d roundings (the depth of
 * the summation tree, plus the roundings that formed the term) errs by at most {@code d·unit·Σ|t_i|} (Higham,
 * "Accuracy and Stability of Numerical Algorithms", 2nd ed., §4.2). The float kernels' trees have depth at most
 * {@link #FLOAT_DEPTH}; the double kernels sum sequentially, depth n. {@link Stats} turns these into bounds on the
 * kernels' means and variances; each test derives the rest in its comments.
 */
final class BatchNormTestSupport {
    private BatchNormTestSupport() {}

    /** Unit roundoff of float. */
    static final double U = 0x1p-24;
    /** Unit roundoff of double. */
    static final double E = 0x1p-53;
    /**
     * Depth of the float summation trees of the batch-norm passes, rounded up: {@code VectorNorm} sums blocks of 512
     * elements with two accumulators of VL ≥ 4 lanes, so a lane adds at most 512/8 = 64 values, then the two
     * accumulators (1) and the lanes (at most VL − 1 = 3 additions when VL = 4; with more lanes each lane adds
     * fewer values: 32 + 1 + 7 for VL = 8, 16 + 1 + 15 for VL = 16); {@code channelSums}' blocks of 1024 with four
     * accumulators have the same 64 + 2 + 3. 72 covers both with the addition of a block to the double total and a
     * float difference {@code x − shift} before the sum.
     */
    static final int FLOAT_DEPTH = 72;

    /** Spatial sizes (H·W): ResNet feature maps, vector edges, the 512 block of the passes, 1024 of channelSums. */
    static final class Spatials implements ArbitrarySupplier<Integer> {
        @Override
        public Arbitrary<Integer> get() {
            TreeSet<Integer> edges = new TreeSet<>(List.of(1, 2, 3, 5, 7, 13, 31, 37, 49, 196, 511, 512, 513, 1023,
                    1024, 1025));
            for (int vl : new int[] {4, 8, 16}) {
                for (int k : new int[] {1, 2, 4}) {
                    edges.add(k * vl - 1);
                    edges.add(k * vl);
                    edges.add(k * vl + 1);
                }
            }
            return Arbitraries.frequencyOf(
                    Tuple.of(3, Arbitraries.of(List.copyOf(edges))),
                    Tuple.of(2, Arbitraries.integers().between(1, 300)));
        }
    }

    /** Channel counts 1 to 9. */
    static final class Channels implements ArbitrarySupplier<Integer> {
        @Override
        public Arbitrary<Integer> get() {
            return Arbitraries.integers().between(1, 9);
        }
    }

    /** Batch sizes 1 to 3. */
    static final class Batches implements ArbitrarySupplier<Integer> {
        @Override
        public Arbitrary<Integer> get() {
            return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(1)), Tuple.of(3, Arbitraries.integers()
                    .between(1, 3)));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // targets

    /** One float implementation of batch norm: a backend's kernels called directly, or the public facade. */
    interface FloatImpl {
        String name();

        void trainingForward(int batch, int channels, int spatial, float[] x, int offX, float[] gamma, int offGamma,
                             float[] beta, int offBeta, double eps, float[] out, int offOut, double[] saveMean,
                             int offSaveMean, double[] saveInvStd, int offSaveInvStd, float[] runningMean,
                             int offRunningMean, float[] runningVar, int offRunningVar, double momentum);

        void backward(int batch, int channels, int spatial, float[] x, int offX, float[] gradOut, int offG,
                      double[] saveMean, int offSaveMean, double[] saveInvStd, int offSaveInvStd, float[] gamma,
                      int offGamma, float[] gradIn, int offGradIn, float[] gradGamma, int offGradGamma,
                      float[] gradBeta, int offGradBeta);

        void inferenceForward(int batch, int channels, int spatial, float[] x, int offX, float[] gamma, int offGamma,
                              float[] beta, int offBeta, float[] runningMean, int offRunningMean, float[] runningVar,
                              int offRunningVar, double eps, float[] out, int offOut);

        void inferenceBackward(int batch, int channels, int spatial, float[] x, int offX, float[] gradOut, int offG,
                               float[] gamma, int offGamma, float[] runningMean, int offRunningMean,
                               float[] runningVar, int offRunningVar, double eps, float[] gradIn, int offGradIn,
                               float[] gradGamma, int offGradGamma, float[] gradBeta, int offGradBeta);
    }

    /** @return every backend's batch norm (scalar, then vector where it runs), then the facade */
    static List<FloatImpl> targets() {
        List<FloatImpl> list = new ArrayList<>();
        for (Backend b : TestBackends.all()) {
            list.add(new Direct(b.provider().describe(), FloatBatchNorm.of(b)));
        }
        list.add(new Facade());
        return list;
    }

    private record Direct(String name, FloatBatchNorm bn) implements FloatImpl {
        @Override
        public void trainingForward(int batch, int channels, int spatial, float[] x, int offX, float[] gamma,
                                    int offGamma, float[] beta, int offBeta, double eps, float[] out, int offOut,
                                    double[] saveMean, int offSaveMean, double[] saveInvStd, int offSaveInvStd,
                                    float[] runningMean, int offRunningMean, float[] runningVar, int offRunningVar,
                                    double momentum) {
            bn.trainingForward(batch, channels, spatial, x, offX, gamma, offGamma, beta, offBeta, eps, out, offOut,
                    saveMean, offSaveMean, saveInvStd, offSaveInvStd, runningMean, offRunningMean, runningVar,
                    offRunningVar, momentum);
        }

        @Override
        public void backward(int batch, int channels, int spatial, float[] x, int offX, float[] gradOut, int offG,
                             double[] saveMean, int offSaveMean, double[] saveInvStd, int offSaveInvStd,
                             float[] gamma, int offGamma, float[] gradIn, int offGradIn, float[] gradGamma,
                             int offGradGamma, float[] gradBeta, int offGradBeta) {
            bn.backward(batch, channels, spatial, x, offX, gradOut, offG, saveMean, offSaveMean, saveInvStd,
                    offSaveInvStd, gamma, offGamma, gradIn, offGradIn, gradGamma, offGradGamma, gradBeta,
                    offGradBeta);
        }

        @Override
        public void inferenceForward(int batch, int channels, int spatial, float[] x, int offX, float[] gamma,
                                     int offGamma, float[] beta, int offBeta, float[] runningMean,
                                     int offRunningMean, float[] runningVar, int offRunningVar, double eps,
                                     float[] out, int offOut) {
            bn.inferenceForward(batch, channels, spatial, x, offX, gamma, offGamma, beta, offBeta, runningMean,
                    offRunningMean, runningVar, offRunningVar, eps, out, offOut);
        }

        @Override
        public void inferenceBackward(int batch, int channels, int spatial, float[] x, int offX, float[] gradOut,
                                      int offG, float[] gamma, int offGamma, float[] runningMean,
                                      int offRunningMean, float[] runningVar, int offRunningVar, double eps,
                                      float[] gradIn, int offGradIn, float[] gradGamma, int offGradGamma,
                                      float[] gradBeta, int offGradBeta) {
            bn.inferenceBackward(batch, channels, spatial, x, offX, gradOut, offG, gamma, offGamma, runningMean,
                    offRunningMean, runningVar, offRunningVar, eps, gradIn, offGradIn, gradGamma, offGradGamma,
                    gradBeta, offGradBeta);
        }
    }

    private record Facade() implements FloatImpl {
        @Override
        public String name() {
            return "BatchNorm facade on " + Kernels.provider().name();
        }

        @Override
        public void trainingForward(int batch, int channels, int spatial, float[] x, int offX, float[] gamma,
                                    int offGamma, float[] beta, int offBeta, double eps, float[] out, int offOut,
                                    double[] saveMean, int offSaveMean, double[] saveInvStd, int offSaveInvStd,
                                    float[] runningMean, int offRunningMean, float[] runningVar, int offRunningVar,
                                    double momentum) {
            BatchNorm.trainingForward(batch, channels, spatial, x, offX, gamma, offGamma, beta, offBeta, eps, out,
                    offOut, saveMean, offSaveMean, saveInvStd, offSaveInvStd, runningMean, offRunningMean,
                    runningVar, offRunningVar, momentum);
        }

        @Override
        public void backward(int batch, int channels, int spatial, float[] x, int offX, float[] gradOut, int offG,
                             double[] saveMean, int offSaveMean, double[] saveInvStd, int offSaveInvStd,
                             float[] gamma, int offGamma, float[] gradIn, int offGradIn, float[] gradGamma,
                             int offGradGamma, float[] gradBeta, int offGradBeta) {
            BatchNorm.backward(batch, channels, spatial, x, offX, gradOut, offG, saveMean, offSaveMean, saveInvStd,
                    offSaveInvStd, gamma, offGamma, gradIn, offGradIn, gradGamma, offGradGamma, gradBeta,
                    offGradBeta);
        }

        @Override
        public void inferenceForward(int batch, int channels, int spatial, float[] x, int offX, float[] gamma,
                                     int offGamma, float[] beta, int offBeta, float[] runningMean,
                                     int offRunningMean, float[] runningVar, int offRunningVar, double eps,
                                     float[] out, int offOut) {
            BatchNorm.inferenceForward(batch, channels, spatial, x, offX, gamma, offGamma, beta, offBeta,
                    runningMean, offRunningMean, runningVar, offRunningVar, eps, out, offOut);
        }

        @Override
        public void inferenceBackward(int batch, int channels, int spatial, float[] x, int offX, float[] gradOut,
                                      int offG, float[] gamma, int offGamma, float[] runningMean,
                                      int offRunningMean, float[] runningVar, int offRunningVar, double eps,
                                      float[] gradIn, int offGradIn, float[] gradGamma, int offGradGamma,
                                      float[] gradBeta, int offGradBeta) {
            BatchNorm.inferenceBackward(batch, channels, spatial, x, offX, gradOut, offG, gamma, offGamma,
                    runningMean, offRunningMean, runningVar, offRunningVar, eps, gradIn, offGradIn, gradGamma,
                    offGradGamma, gradBeta, offGradBeta);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // the reference, from the definitions

    /**
     * Per-channel statistics of {@code batch × channels × spatial} data, in double from the definitions: the mean
     * {@code Σx/n}, the biased variance {@code Σ(x − mean)²/n}, the sample (unbiased) variance
     * {@code Σ(x − mean)²/(n − 1)}, and for the error bounds the mean absolute value and deviation.
     */
    static final class Stats {
        final double n;
        final double[] mean;
        final double[] var;
        final double[] sampleVar;
        final double[] meanAbs;
        final double[] meanAbsDev;

        Stats(int batch, int channels, int spatial, double[] x, int offX) {
            n = (double) batch * spatial;
            mean = new double[channels];
            var = new double[channels];
            sampleVar = new double[channels];
            meanAbs = new double[channels];
            meanAbsDev = new double[channels];
            for (int c = 0; c < channels; c++) {
                double sum = 0;
                double abs = 0;
                for (int b = 0; b < batch; b++) {
                    for (int s = 0; s < spatial; s++) {
                        double v = x[offX + (b * channels + c) * spatial + s];
                        sum += v;
                        abs += Math.abs(v);
                    }
                }
                mean[c] = sum / n;
                meanAbs[c] = abs / n;
                double sq = 0;
                double dev = 0;
                for (int b = 0; b < batch; b++) {
                    for (int s = 0; s < spatial; s++) {
                        double d = x[offX + (b * channels + c) * spatial + s] - mean[c];
                        sq += d * d;
                        dev += Math.abs(d);
                    }
                }
                var[c] = sq / n;
                sampleVar[c] = n > 1 ? sq / (n - 1) : Double.NaN;
                meanAbsDev[c] = dev / n;
            }
        }

        /**
         * Bound on the error of a kernel's mean for channel c.
         *
         * <p>Float kernels: the shift (the first mean, from {@code channelSums}, rounded to float) is off the mean by
         * at most {@code δ = D·u·mean|x| + u·|mean|}; the mean {@code shift + Σ(x − shift)/n} then errs by the error
         * of that sum (one more rounding per term, the difference) over n: {@code (D + 1)·u·(mean|x − mean| + δ)},
         * since {@code |x − shift| ≤ |x − mean| + δ}.
         *
         * <p>Double kernel: {@code Σx/n} directly, {@code (n + 1)·ε·mean|x|}.
         */
        double meanError(int c, boolean floatKernel) {
            if (floatKernel) {
                return (FLOAT_DEPTH + 1) * U * (meanAbsDev[c] + shiftError(c)) + 4 * E * Math.abs(mean[c]);
            }
            return (n + 1) * E * meanAbs[c];
        }

        /** δ of {@link #meanError}: how far a float kernel's shift may be from the mean. */
        double shiftError(int c) {
            return FLOAT_DEPTH * U * meanAbs[c] + U * Math.abs(mean[c]);
        }

        /**
         * Bound on the error of a kernel's biased variance for channel c.
         *
         * <p>Float kernels compute {@code (Σd² − (Σd)²/n)/n} with {@code d = x − shift}. {@code Σd²/n = var +
         * (mean − shift)² ≤ var + δ²}, summed with D + 3 roundings per term (the difference, the square, the sum):
         * error {@code (D + 3)·u·(var + δ²)}; {@code (Σd/n)²} errs by {@code 2·|Σd/n|·Δ(Σd/n) ≤ 2·δ·(D + 1)·u·(mean|x −
         * mean| + δ)}.
         *
         * <p>Double kernel: {@code Σ(x − m')²/n} about its own mean {@code m' = mean + Δ}: that is exactly
         * {@code var + Δ²} (the cross term {@code Σ(x − mean)} vanishes), computed with n + 3 roundings per term.
         */
        double varError(int c, boolean floatKernel) {
            if (floatKernel) {
                double delta = shiftError(c);
                return (FLOAT_DEPTH + 3) * U * (var[c] + delta * delta)
                        + 2 * delta * (FLOAT_DEPTH + 1) * U * (meanAbsDev[c] + delta) + 4 * E * var[c];
            }
            double dm = meanError(c, false);
            return dm * dm + (n + 3) * E * (var[c] + dm * dm);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // assertions

    /** Fails unless {@code |actual − expected| ≤ tolerance} (so NaN always fails). */
    static void assertClose(String what, int i, double expected, double actual, double tolerance) {
        if (!(Math.abs(actual - expected) <= tolerance)) {
            fail(what + ": element " + i + " expected " + expected + " ± " + tolerance + ", got " + actual
                    + " (error " + Math.abs(actual - expected) + ", " + Math.abs(actual - expected) / tolerance
                    + " of the bound)");
        }
    }

    /** Fails if anything outside {@code [off, off + n)} changed. */
    static void assertOutsideUnchanged(String what, float[] before, float[] after, int off, int n) {
        for (int i = 0; i < before.length; i++) {
            boolean inside = i >= off && i < off + n;
            if (!inside && Float.floatToIntBits(before[i]) != Float.floatToIntBits(after[i])) {
                fail(what + ": wrote index " + i + " outside [" + off + ", " + (off + n) + ")");
            }
        }
    }

    /** Fails if anything outside {@code [off, off + n)} changed. */
    static void assertOutsideUnchanged(String what, double[] before, double[] after, int off, int n) {
        for (int i = 0; i < before.length; i++) {
            boolean inside = i >= off && i < off + n;
            if (!inside && Double.doubleToLongBits(before[i]) != Double.doubleToLongBits(after[i])) {
                fail(what + ": wrote index " + i + " outside [" + off + ", " + (off + n) + ")");
            }
        }
    }

    static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }
}

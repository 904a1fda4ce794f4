package dev.resvec.kernels;

import static dev.resvec.kernels.ElementwiseTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.kernels.BatchNormTestSupport.Batches;
import dev.resvec.kernels.BatchNormTestSupport.Channels;
import dev.resvec.kernels.BatchNormTestSupport.Spatials;
import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.ElementwiseKernels;
import dev.resvec.kernels.internal.norm.FloatBatchNorm;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The fused epilogue of batch norm ({@code relu(bn(x) + residual)}, forward and backward, training and inference)
 * against the operations it replaces, run one after another on the same backend: the plain batch norm, then the
 * backend's own {@code addRelu} / {@code add} / {@code relu}, and backward {@code reluBackward} then the plain
 * backward. The fused kernels promise the very same float operations, so the comparison is bitwise; the plain
 * kernels themselves are held to the double reference by {@link BatchNormTrainingTest}, {@link BatchNormBackwardTest}
 * and {@link BatchNormInferenceTest}. Threads take channel ranges: every thread count gives the same bits.
 */
class BatchNormFusedTest {
    private static final double EPS = 1e-5;
    private static final double MOMENTUM = 0.1;

    /** The epilogue variants: residual or not, ReLU or not. */
    private static final boolean[][] EPILOGUES = {{true, true}, {false, true}, {true, false}, {false, false}};

    /** What one fused or composed run produced. */
    private record Result(float[] out, float[] gradIn, float[] gradGamma, float[] gradBeta, float[] gradResidual,
                          float[] runningMean, float[] runningVar) {
        void assertSame(Result o, String what) {
            assertArrayEquals(out, o.out, what + ": out");
            assertArrayEquals(gradIn, o.gradIn, what + ": gradIn");
            assertArrayEquals(gradGamma, o.gradGamma, what + ": gradGamma");
            assertArrayEquals(gradBeta, o.gradBeta, what + ": gradBeta");
            assertArrayEquals(gradResidual, o.gradResidual, what + ": gradResidual");
            assertArrayEquals(runningMean, o.runningMean, what + ": runningMean");
            assertArrayEquals(runningVar, o.runningVar, what + ": runningVar");
        }
    }

    /** Inputs of one case. */
    private record Data(int batch, int channels, int spatial, float[] x, float[] gamma, float[] beta,
                        float[] residual, float[] g, float[] mean, float[] var) {
        static Data of(int batch, int channels, int spatial, long seed) {
            Random r = new Random(seed);
            int total = batch * channels * spatial;
            return new Data(batch, channels, spatial, randomFloats(r, total, 2f), randomFloats(r, channels, 2f),
                    randomFloats(r, channels, 1f), randomFloats(r, total, 1f), randomFloats(r, total, 1f),
                    randomFloats(r, channels, 1f), positive(randomFloats(r, channels, 1f)));
        }

        private static float[] positive(float[] v) {
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.abs(v[i]) + 0.5f;
            }
            return v;
        }
    }

    /** The fused kernels of one backend (training when {@code training}, else inference). */
    private static Result fused(FloatBatchNorm bn, Data d, boolean training, boolean residual, boolean relu,
                                Parallelism threads) {
        int total = d.batch * d.channels * d.spatial;
        float[] out = new float[total];
        float[] rm = d.mean.clone();
        float[] rv = d.var.clone();
        double[] saveMean = new double[d.channels];
        double[] saveInvStd = new double[d.channels];
        float[] res = residual ? d.residual : null;
        if (training) {
            bn.trainingForward(d.batch, d.channels, d.spatial, d.x, 0, d.gamma, 0, d.beta, 0, EPS, res, 0, relu, out,
                    0, saveMean, 0, saveInvStd, 0, rm, 0, rv, 0, MOMENTUM, threads);
        } else {
            bn.inferenceForward(d.batch, d.channels, d.spatial, d.x, 0, d.gamma, 0, d.beta, 0, rm, 0, rv, 0, EPS, res,
                    0, relu, out, 0, threads);
        }
        float[] gradIn = new float[total];
        float[] gradGamma = new float[d.channels];
        float[] gradBeta = new float[d.channels];
        float[] gradResidual = relu && residual ? new float[total] : null;
        float[] reluOut = relu ? out : null;
        if (training) {
            bn.backward(d.batch, d.channels, d.spatial, d.x, 0, d.g, 0, reluOut, 0, gradResidual, 0, saveMean, 0,
                    saveInvStd, 0, d.gamma, 0, gradIn, 0, gradGamma, 0, gradBeta, 0, threads);
        } else {
            bn.inferenceBackward(d.batch, d.channels, d.spatial, d.x, 0, d.g, 0, reluOut, 0, gradResidual, 0,
                    d.gamma, 0, rm, 0, rv, 0, EPS, gradIn, 0, gradGamma, 0, gradBeta, 0, threads);
        }
        if (residual && !relu) {
            gradResidual = d.g.clone(); // without a ReLU the residual's gradient is the output gradient itself
        }
        return new Result(out, gradIn, gradGamma, gradBeta, residual ? gradResidual : null, rm, rv);
    }

    /** The plain kernels, then the backend's element-wise operations, one after another. */
    private static Result composed(FloatBatchNorm bn, ElementwiseKernels ew, Data d, boolean training,
                                   boolean residual, boolean relu) {
        int total = d.batch * d.channels * d.spatial;
        float[] y = new float[total];
        float[] rm = d.mean.clone();
        float[] rv = d.var.clone();
        double[] saveMean = new double[d.channels];
        double[] saveInvStd = new double[d.channels];
        if (training) {
            bn.trainingForward(d.batch, d.channels, d.spatial, d.x, 0, d.gamma, 0, d.beta, 0, EPS, y, 0, saveMean, 0,
                    saveInvStd, 0, rm, 0, rv, 0, MOMENTUM);
        } else {
            bn.inferenceForward(d.batch, d.channels, d.spatial, d.x, 0, d.gamma, 0, d.beta, 0, rm, 0, rv, 0, EPS, y,
                    0);
        }
        float[] out = y.clone();
        if (residual && relu) {
            ew.addRelu(total, y, 0, d.residual, 0, out, 0);
        } else if (residual) {
            ew.add(total, y, 0, d.residual, 0, out, 0);
        } else if (relu) {
            ew.relu(total, y, 0, out, 0);
        }
        float[] m = d.g;
        if (relu) {
            m = new float[total];
            ew.reluBackward(total, out, 0, d.g, 0, m, 0);
        }
        float[] gradIn = new float[total];
        float[] gradGamma = new float[d.channels];
        float[] gradBeta = new float[d.channels];
        if (training) {
            bn.backward(d.batch, d.channels, d.spatial, d.x, 0, m, 0, saveMean, 0, saveInvStd, 0, d.gamma, 0, gradIn,
                    0, gradGamma, 0, gradBeta, 0);
        } else {
            bn.inferenceBackward(d.batch, d.channels, d.spatial, d.x, 0, m, 0, d.gamma, 0, rm, 0, rv, 0, EPS, gradIn,
                    0, gradGamma, 0, gradBeta, 0);
        }
        return new Result(out, gradIn, gradGamma, gradBeta, residual ? m.clone() : null, rm, rv);
    }

    @Property(tries = 80, seed = TestSeeds.SEED)
    void fusedEqualsTheComposedOperationsBitwise(@ForAll(supplier = Batches.class) int batch,
                                                 @ForAll(supplier = Channels.class) int channels,
                                                 @ForAll(supplier = Spatials.class) int spatial, @ForAll long seed) {
        if ((long) batch * spatial < 2) {
            spatial = 2; // training needs two values per channel
        }
        Data d = Data.of(batch, channels, spatial, seed);
        for (Backend b : TestBackends.all()) {
            FloatBatchNorm bn = FloatBatchNorm.of(b);
            for (boolean training : new boolean[] {true, false}) {
                for (boolean[] e : EPILOGUES) {
                    String what = b.provider().describe() + (training ? " training" : " inference") + " residual="
                            + e[0] + " relu=" + e[1] + " " + batch + "x" + channels + "x" + spatial;
                    fused(bn, d, training, e[0], e[1], Parallelism.singleThread())
                            .assertSame(composed(bn, b.elementwise(), d, training, e[0], e[1]), what);
                }
            }
        }
    }

    @Test
    void everyThreadCountGivesTheSameBits() {
        Data d = Data.of(8, 13, 1024, 7); // 106 496 values: above the parallel threshold, channels split unevenly
        for (Backend b : TestBackends.all()) {
            FloatBatchNorm bn = FloatBatchNorm.of(b);
            for (boolean training : new boolean[] {true, false}) {
                for (boolean[] e : EPILOGUES) {
                    Result one = fused(bn, d, training, e[0], e[1], Parallelism.singleThread());
                    for (int t : new int[] {2, 3, 16}) {
                        fused(bn, d, training, e[0], e[1], Parallelism.threads(t)).assertSame(one,
                                b.provider().describe() + " " + t + " threads, training=" + training + " residual="
                                        + e[0] + " relu=" + e[1]);
                    }
                }
            }
        }
    }

    @Test
    void facadeRunsTheFusedKernelsAndTheDoubleTwinComposesByDefinition() {
        Data d = Data.of(2, 3, 10, 11);
        int total = d.batch * d.channels * d.spatial;
        float[] out = new float[total];
        BatchNorm.trainingForward(d.batch, d.channels, d.spatial, d.x, 0, d.gamma, 0, d.beta, 0, EPS, d.residual, 0,
                true, out, 0, new double[3], 0, new double[3], 0, null, 0, null, 0, MOMENTUM,
                Parallelism.defaults());
        Result expected = fused(FloatBatchNorm.active(), d, true, true, true, Parallelism.singleThread());
        assertArrayEquals(expected.out, out);

        double[] x = toDouble(d.x);
        double[] r = toDouble(d.residual);
        double[] plain = new double[total];
        double[] mean = new double[3];
        double[] invStd = new double[3];
        BatchNorm.trainingForward(d.batch, d.channels, d.spatial, x, 0, toDouble(d.gamma), 0, toDouble(d.beta), 0,
                EPS, plain, 0, mean, 0, invStd, 0, null, 0, null, 0, MOMENTUM);
        double[] fusedOut = new double[total];
        BatchNorm.trainingForward(d.batch, d.channels, d.spatial, x, 0, toDouble(d.gamma), 0, toDouble(d.beta), 0,
                EPS, r, 0, true, fusedOut, 0, new double[3], 0, new double[3], 0, null, 0, null, 0, MOMENTUM);
        double[] mask = new double[total];
        for (int i = 0; i < total; i++) {
            assertTrue(fusedOut[i] == Math.max(plain[i] + r[i], 0.0), "double fused forward at " + i);
            mask[i] = fusedOut[i] > 0 ? d.g[i] : 0.0;
        }
        double[] gradFused = new double[total];
        double[] gradMasked = new double[total];
        BatchNorm.backward(d.batch, d.channels, d.spatial, x, 0, toDouble(d.g), 0, fusedOut, 0, gradMasked, 0, mean,
                0, invStd, 0, toDouble(d.gamma), 0, gradFused, 0, null, 0, null, 0);
        double[] gradPlain = new double[total];
        BatchNorm.backward(d.batch, d.channels, d.spatial, x, 0, mask, 0, mean, 0, invStd, 0, toDouble(d.gamma), 0,
                gradPlain, 0, null, 0, null, 0);
        assertArrayEquals(gradPlain, gradFused, 0);
        assertArrayEquals(mask, gradMasked, 0);
    }

    @Test
    void argumentErrorsNameTheArray() {
        float[] x = new float[12];
        float[] g = new float[12];
        double[] m = new double[3];
        var masked = assertThrows(IllegalArgumentException.class, () -> BatchNorm.backward(2, 3, 2, x, 0, g, 0, null,
                0, new float[12], 0, m, 0, m, 0, null, 0, new float[12], 0, null, 0, null, 0, Parallelism.defaults()));
        assertTrue(masked.getMessage().contains("gradMasked") && masked.getMessage().contains("reluOut"),
                masked.getMessage());
        var residual = assertThrows(IllegalArgumentException.class, () -> BatchNorm.trainingForward(2, 3, 2, x, 0,
                null, 0, null, 0, EPS, new float[5], 0, true, new float[12], 0, null, 0, null, 0, null, 0, null, 0,
                MOMENTUM, Parallelism.defaults()));
        assertTrue(residual.getMessage().contains("residual"), residual.getMessage());
        var reluOut = assertThrows(IllegalArgumentException.class, () -> BatchNorm.backward(2, 3, 2, x, 0, g, 0,
                new float[11], 0, null, 0, m, 0, m, 0, null, 0, new float[12], 0, null, 0, null, 0,
                Parallelism.defaults()));
        assertTrue(reluOut.getMessage().contains("reluOut"), reluOut.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BatchNorm.trainingForward(2, 3, 2, x, 0, null, 0, null, 0,
                EPS, null, 0, true, new float[12], 0, null, 0, null, 0, null, 0, null, 0, MOMENTUM, null));
    }

    private static double[] toDouble(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}

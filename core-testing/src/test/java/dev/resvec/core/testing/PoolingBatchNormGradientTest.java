package dev.resvec.core.testing;

import static dev.resvec.core.testing.PropertySeeds.SEED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.core.DType;
import dev.resvec.core.Functional;
import dev.resvec.core.GradCheck;
import dev.resvec.core.GradCheckReport;
import dev.resvec.core.Tensor;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The pooling and batch-norm ops of {@link Functional} over generated NCHW shapes and geometries: a gradient check in
 * float64 with PyTorch's defaults (eps 1e-6, atol 1e-5, rtol 1e-3), then the float32-vs-float64 agreement of the
 * same computation, outputs and gradients (so the float forward and backward kernels, vectorised or not, are held to
 * the double ones). Worst errors go to {@code target/gradcheck-summary-pooling-bn-*.txt}.
 *
 * <p>Max pooling gets tie-free inputs ({@link TensorArbitraries#distinctTensors}: values 1/32 apart, far more than
 * the 2·10^-6 a central difference moves one value), so every window's argmax is the same for the perturbed inputs
 * and in float32. Batch norm gets per-channel values at least 1/8 apart around a channel mean of at most 1/2: a
 * channel's spread is then at least 1/16 and its values at most about ten spreads from zero, which bounds the
 * float32 error of the folded affine {@code x·scale + shift} (a few u of {@code |x|·scale}) to well under the
 * agreement tolerance of 1e-5 of the output's scale.
 */
class PoolingBatchNormGradientTest {
    private static final GradCheck CHECK = GradCheck.defaults();
    private static final GradCheckStats GRADIENTS = new GradCheckStats();
    private static final GradCheckStats AGREEMENT = new GradCheckStats();
    private static final double SPACING = 1.0 / 32;

    @AfterContainer
    static void writeSummary() throws Exception {
        GRADIENTS.write("pooling-bn-gradients");
        AGREEMENT.write("pooling-bn-agreement");
    }

    /** Gradient check (float64), then float32 agreement; both reports recorded, a failure throws its report. */
    private static void verify(String op, GradCheck.Fn f, Tensor... inputs) {
        for (Tensor t : inputs) {
            t.requiresGrad(true);
        }
        GradCheckReport g = CHECK.check(f, inputs);
        GRADIENTS.record(op, g);
        g.assertPassed();
        GradCheckReport a = CHECK.agreement(f, inputs);
        AGREEMENT.record(op, a);
        a.assertPassed();
    }

    // ------------------------------------------------------------------------------------------------ generators

    /** A pooling geometry and a tie-free N×C×H×W input it fits. */
    record PoolCase(Tensor x, int kernel, int stride, int padding) {
        @Override
        public String toString() {
            return Arrays.toString(x.shape()) + " kernel " + kernel + " stride " + stride + " padding " + padding;
        }
    }

    @Provide
    Arbitrary<PoolCase> poolCases() {
        Arbitrary<Integer> small = Arbitraries.integers().between(1, 3);
        Arbitrary<Integer> side = Arbitraries.integers().between(1, 6);
        return Combinators.combine(List.of(Arbitraries.integers().between(1, 2), small, side, side, small, small,
                        Arbitraries.integers().between(0, 1)))
                .as(v -> new int[] {v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5),
                        Math.min(v.get(6), v.get(4) / 2)})
                .filter(v -> v[4] <= v[2] + 2 * v[6] && v[4] <= v[3] + 2 * v[6])
                .flatMap(v -> TensorArbitraries.distinctTensors(new int[] {v[0], v[1], v[2], v[3]}, SPACING)
                        .map(x -> new PoolCase(x, v[4], v[5], v[6])));
    }

    @Provide
    Arbitrary<Tensor> nchw() {
        return TensorArbitraries.tensors(TensorArbitraries.shapes(4, 4, 1, 5), Values.between(-2, 2));
    }

    /** Batch-norm input (see the class comment), weight (|γ| ≥ 1/4) and bias. */
    @Provide
    Arbitrary<Tensor[]> batchNormInputs() {
        Arbitrary<Integer> n = Arbitraries.integers().between(1, 3);
        Arbitrary<Integer> c = Arbitraries.integers().between(1, 3);
        Arbitrary<Integer> h = Arbitraries.integers().between(1, 3);
        Arbitrary<Integer> w = Arbitraries.integers().between(1, 4);
        return Combinators.combine(n, c, h, w).as((a, b, d, e) -> new int[] {a, b, d, e})
                .filter(s -> s[0] * s[2] * s[3] >= 2)
                .flatMap(s -> Combinators.combine(
                        TensorArbitraries.distinctTensors(s, 1.0 / 8),
                        Arbitraries.integers().between(-32, 32).array(int[].class).ofSize(s[1]),
                        TensorArbitraries.tensors(new int[] {s[1]}, Values.between(-2, 2).awayFromZero(0.25)),
                        TensorArbitraries.tensors(new int[] {s[1]}, Values.between(-1, 1)))
                        .as((x, offsets, weight, bias) -> new Tensor[] {centred(x, offsets), weight, bias}));
    }

    /** Moves each channel's mean to {@code offsets[c]/64} (within 1/128), keeping the values exact in float. */
    private static Tensor centred(Tensor x, int[] offsets) {
        int[] s = x.shape();
        int spatial = s[2] * s[3];
        double[] v = x.toDoubleArray();
        for (int c = 0; c < s[1]; c++) {
            double sum = 0;
            for (int b = 0; b < s[0]; b++) {
                for (int i = 0; i < spatial; i++) {
                    sum += v[(b * s[1] + c) * spatial + i];
                }
            }
            double shift = offsets[c] / 64.0 - Math.rint(sum / (s[0] * spatial) * 64) / 64;
            for (int b = 0; b < s[0]; b++) {
                for (int i = 0; i < spatial; i++) {
                    v[(b * s[1] + c) * spatial + i] += shift;
                }
            }
        }
        return Tensor.fromArray(v, s);
    }

    // ------------------------------------------------------------------------------------------------ pooling

    @Property(seed = SEED, tries = 80)
    void maxPool2d(@ForAll("poolCases") PoolCase p) {
        verify("maxPool2d (tie-free)", in -> Functional.maxPool2d(in[0], p.kernel, p.stride, p.padding), p.x);
    }

    @Property(seed = SEED, tries = 80)
    void avgPool2d(@ForAll("poolCases") PoolCase p, @ForAll boolean countIncludePad) {
        verify("avgPool2d", in -> Functional.avgPool2d(in[0], p.kernel, p.stride, p.padding, countIncludePad), p.x);
    }

    @Property(seed = SEED, tries = 60)
    void adaptiveAvgPool2d(@ForAll("nchw") Tensor x) {
        verify("adaptiveAvgPool2d(1)", in -> Functional.adaptiveAvgPool2d(in[0], 1), x);
    }

    // ------------------------------------------------------------------------------------------------ batch norm

    @Property(seed = SEED, tries = 60)
    void batchNormTraining(@ForAll("batchNormInputs") Tensor[] xwb, @ForAll boolean withRunning) {
        int c = xwb[0].shape()[1];
        verify("batchNorm2d training", in -> Functional.batchNorm2d(in[0],
                withRunning ? Tensor.zeros(in[0].dtype(), c) : null, withRunning ? Tensor.ones(in[0].dtype(), c) : null,
                in[1], in[2], true, 0.1, 1e-5), xwb);
    }

    @Property(seed = SEED, tries = 30)
    void batchNormTrainingWithoutAffine(@ForAll("batchNormInputs") Tensor[] xwb) {
        verify("batchNorm2d training, no affine", in -> Functional.batchNorm2d(in[0], null, null, null, null, true, 0.1,
                1e-5), xwb[0]);
    }

    @Property(seed = SEED, tries = 60)
    void batchNormInference(@ForAll("batchNormInputs") Tensor[] xwb, @ForAll long seed) {
        int c = xwb[0].shape()[1];
        double[] mean = new double[c];
        double[] var = new double[c];
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        for (int i = 0; i < c; i++) {
            mean[i] = (float) (r.nextDouble() * 2 - 1);
            var[i] = (float) (0.25 + r.nextDouble() * 1.75);
        }
        verify("batchNorm2d inference", in -> Functional.batchNorm2d(in[0],
                Tensor.fromArray(mean, c).to(in[0].dtype()), Tensor.fromArray(var, c).to(in[0].dtype()), in[1], in[2],
                false, 0.1, 1e-5), xwb);
    }

    // ------------------------------------------------------------------------------------------------ fused epilogue

    /**
     * The fused {@code relu(batchNorm2d(x) + residual)}. Away from the ReLU's kink: the residual is drawn as
     * {@code t − bn(x)} with {@code |t| ≥ 1/8} (t of either sign), so every pre-activation sits at ±t, far from 0
     * against the 10^-6 a central difference moves it.
     */
    @Property(seed = SEED, tries = 50)
    void batchNormResidualReluTraining(@ForAll("batchNormInputs") Tensor[] xwb, @ForAll long seed,
                                       @ForAll boolean relu) {
        Tensor y = Functional.batchNorm2d(xwb[0], null, null, xwb[1], xwb[2], true, 0.1, 1e-5);
        Tensor r = awayFromZero(y, seed).sub(y).detach();
        verify("batchNorm2d training + residual" + (relu ? " + relu" : ""), in -> Functional.batchNorm2d(in[0], null,
                null, in[1], in[2], true, 0.1, 1e-5, in[3], relu), xwb[0], xwb[1], xwb[2], r);
    }

    /** The fused {@code relu(batchNorm2d(x))}: the bias puts 0 midway between two neighbouring outputs per channel. */
    @Property(seed = SEED, tries = 50)
    void batchNormReluTraining(@ForAll("batchNormInputs") Tensor[] xwb) {
        Tensor bias = midwayBias(Functional.batchNorm2d(xwb[0], null, null, xwb[1], null, true, 0.1, 1e-5));
        verify("batchNorm2d training + relu", in -> Functional.batchNorm2d(in[0], null, null, in[1], in[2], true, 0.1,
                1e-5, null, true), xwb[0], xwb[1], bias);
    }

    @Property(seed = SEED, tries = 40)
    void batchNormResidualReluInference(@ForAll("batchNormInputs") Tensor[] xwb, @ForAll long seed) {
        int c = xwb[0].shape()[1];
        Tensor mean = Tensor.rand(DType.FLOAT64, seed, c).sub(0.5);
        Tensor var = Tensor.rand(DType.FLOAT64, seed + 1, c).add(0.25);
        Tensor y = Functional.batchNorm2d(xwb[0], mean, var, xwb[1], xwb[2], false, 0.1, 1e-5);
        Tensor r = awayFromZero(y, seed).sub(y).detach();
        verify("batchNorm2d inference + residual + relu", in -> Functional.batchNorm2d(in[0],
                mean.to(in[0].dtype()), var.to(in[0].dtype()), in[1], in[2], false, 0.1, 1e-5, in[3], true),
                xwb[0], xwb[1], xwb[2], r);
    }

    /** @return values of y's shape, each ±[1/8, 1) with a random sign */
    private static Tensor awayFromZero(Tensor y, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        double[] t = new double[y.numel()];
        for (int i = 0; i < t.length; i++) {
            double m = 0.125 + random.nextDouble() * 0.875;
            t[i] = random.nextBoolean() ? m : -m;
        }
        return Tensor.fromArray(t, y.shape());
    }

    /** @return a per-channel bias putting 0 midway between the two middle values of each channel of y */
    private static Tensor midwayBias(Tensor y) {
        int[] s = y.shape();
        int spatial = s[2] * s[3];
        double[] v = y.toDoubleArray();
        double[] bias = new double[s[1]];
        for (int c = 0; c < s[1]; c++) {
            double[] channel = new double[s[0] * spatial];
            for (int b = 0; b < s[0]; b++) {
                System.arraycopy(v, (b * s[1] + c) * spatial, channel, b * spatial, spatial);
            }
            Arrays.sort(channel);
            int k = channel.length / 2;
            bias[c] = -(channel[k - 1] + channel[k]) / 2;
        }
        return Tensor.fromArray(bias, s[1]);
    }

    // ------------------------------------------------------------------------------------------------ generator

    @Property(seed = SEED, tries = 50)
    void distinctTensorsHoldAShuffledGrid(@ForAll("poolCases") PoolCase p) {
        double[] v = p.x.toDoubleArray();
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals((i - sorted.length / 2) * SPACING, sorted[i], 0.0, "the grid, value " + i);
            assertEquals((float) v[i], v[i], 0.0, "float-exact");
        }
        assertTrue(p.x.dtype() == DType.FLOAT64);
    }
}

package dev.resvec.core.testing;

import static dev.resvec.core.testing.PropertySeeds.SEED;

import dev.resvec.core.DType;
import dev.resvec.core.GradCheck;
import dev.resvec.core.GradCheckReport;
import dev.resvec.core.Tensor;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Every operation of {@link Tensor}, over generated shapes (broadcasting pairs, size-1 dims, scalars): a gradient
 * check in float64 with PyTorch's defaults (eps 1e-6, atol 1e-5, rtol 1e-3), then the float32-vs-float64
 * agreement of the same computation (outputs and gradients), so the SIMD kernels are covered too. The worst
 * errors per operation go to {@code target/gradcheck-summary-*.txt}.
 */
class OpGradientPropertiesTest {
    private static final GradCheck CHECK = GradCheck.defaults();
    private static final GradCheckStats GRADIENTS = new GradCheckStats();
    private static final GradCheckStats AGREEMENT = new GradCheckStats();

    private static final Values ANY = Values.between(-2, 2);
    private static final Values AWAY_FROM_KINK = Values.between(-2, 2).awayFromZero(0.01);
    private static final Values DIVISORS = Values.between(-2, 2).awayFromZero(0.5);
    private static final Values POSITIVE = Values.between(0.2, 3);

    @AfterContainer
    static void writeSummary() throws Exception {
        GRADIENTS.write("gradients");
        AGREEMENT.write("agreement");
    }

    /** Gradient check (float64), then float32 agreement; both reports are recorded, a failure throws its report. */
    private static void verify(String op, GradCheck check, GradCheck.Fn f, Tensor... inputs) {
        for (Tensor t : inputs) {
            t.requiresGrad(true);
        }
        GradCheckReport g = check.check(f, inputs);
        GRADIENTS.record(op, g);
        g.assertPassed();
        GradCheckReport a = CHECK.agreement(f, inputs);
        AGREEMENT.record(op, a);
        a.assertPassed();
    }

    private static void verify(String op, GradCheck.Fn f, Tensor... inputs) {
        verify(op, CHECK, f, inputs);
    }

    // ------------------------------------------------------------------------------------------------ generators

    private static Arbitrary<Tensor[]> pair(Values a, Values b) {
        return TensorArbitraries.broadcastShapes(0, 3, 4).flatMap(s -> Combinators.combine(
                TensorArbitraries.tensors(s[0], a), TensorArbitraries.tensors(s[1], b)).as((x, y) -> new Tensor[] {x, y}));
    }

    @Provide
    Arbitrary<Tensor[]> broadcastPair() {
        return pair(ANY, ANY);
    }

    @Provide
    Arbitrary<Tensor[]> divisionPair() {
        return pair(ANY, DIVISORS);
    }

    @Provide
    Arbitrary<Tensor> anyTensor() {
        return TensorArbitraries.tensors(TensorArbitraries.shapes(0, 3, 1, 4), ANY);
    }

    @Provide
    Arbitrary<Tensor> awayFromKink() {
        return TensorArbitraries.tensors(TensorArbitraries.shapes(0, 3, 1, 4), AWAY_FROM_KINK);
    }

    @Provide
    Arbitrary<Tensor> positive() {
        return TensorArbitraries.tensors(TensorArbitraries.shapes(0, 3, 1, 4), POSITIVE);
    }

    @Provide
    Arbitrary<Tensor> atLeastRank1() {
        return TensorArbitraries.tensors(TensorArbitraries.shapes(1, 4, 1, 4), ANY);
    }

    @Provide
    Arbitrary<Tensor> atLeastRank2() {
        return TensorArbitraries.tensors(TensorArbitraries.shapes(2, 4, 1, 4), ANY);
    }

    @Provide
    Arbitrary<Tensor[]> samePair() {
        return TensorArbitraries.shapes(0, 3, 1, 4).flatMap(s -> Combinators.combine(
                TensorArbitraries.tensors(s, ANY), TensorArbitraries.tensors(s, ANY)).as((x, y) -> {
                    // keep a + b away from ReLU's kink: move b where |a + b| < 0.01
                    double[] a = x.toDoubleArray();
                    double[] b = y.toDoubleArray();
                    for (int i = 0; i < a.length; i++) {
                        if (Math.abs(a[i] + b[i]) < 0.01) {
                            b[i] = (float) (b[i] + (a[i] + b[i] >= 0 ? 0.02 : -0.02));
                        }
                    }
                    return new Tensor[] {x, Tensor.fromArray(b, y.shape())};
                }));
    }

    private static Arbitrary<Tensor[]> matmulOperands(int maxBatchRank, int maxBatch, int maxSize) {
        return TensorArbitraries.matmulShapes(maxBatchRank, maxBatch, maxSize).flatMap(s -> Combinators.combine(
                TensorArbitraries.tensors(s[0], ANY), TensorArbitraries.tensors(s[1], ANY))
                .as((a, b) -> new Tensor[] {a, b}));
    }

    @Provide
    Arbitrary<Tensor[]> smallMatmul() {
        return matmulOperands(2, 2, 6);
    }

    @Provide
    Arbitrary<Tensor[]> largerMatmul() {
        return matmulOperands(1, 3, 12);
    }

    /** Logits (N, C) and N targets. */
    @Provide
    Arbitrary<Object[]> classification() {
        Arbitrary<Integer> n = Arbitraries.integers().between(1, 5);
        Arbitrary<Integer> c = Arbitraries.integers().between(1, 6);
        return Combinators.combine(n, c).flatAs((rows, classes) -> Combinators.combine(
                TensorArbitraries.tensors(new int[] {rows, classes}, Values.between(-4, 4)),
                Arbitraries.integers().between(0, classes - 1).array(int[].class).ofSize(rows))
                .as((logits, targets) -> new Object[] {logits, targets}));
    }

    // ------------------------------------------------------------------------------------------------ arithmetic

    @Property(seed = SEED)
    void add(@ForAll("broadcastPair") Tensor[] ab) {
        verify("add (broadcast)", in -> in[0].add(in[1]), ab);
    }

    @Property(seed = SEED)
    void sub(@ForAll("broadcastPair") Tensor[] ab) {
        verify("sub (broadcast)", in -> in[0].sub(in[1]), ab);
    }

    @Property(seed = SEED)
    void mul(@ForAll("broadcastPair") Tensor[] ab) {
        verify("mul (broadcast)", in -> in[0].mul(in[1]), ab);
    }

    @Property(seed = SEED)
    void div(@ForAll("divisionPair") Tensor[] ab) {
        verify("div (broadcast)", in -> in[0].div(in[1]), ab);
    }

    @Property(seed = SEED)
    void neg(@ForAll("anyTensor") Tensor x) {
        verify("neg", in -> in[0].neg(), x);
    }

    @Property(seed = SEED)
    void scalarForms(@ForAll("anyTensor") Tensor x, @ForAll @DoubleRange(min = 0.5, max = 3) double s) {
        double c = (float) s;
        verify("add/sub/mul/div scalar", in -> in[0].add(c).mul(c).sub(c).div(c), x);
    }

    @Property(seed = SEED)
    void addRelu(@ForAll("samePair") Tensor[] ab) {
        verify("addRelu (fused)", in -> in[0].addRelu(in[1]), ab);
    }

    @Property(seed = SEED)
    void relu(@ForAll("awayFromKink") Tensor x) {
        verify("relu", in -> in[0].relu(), x);
    }

    @Property(seed = SEED)
    void exp(@ForAll("anyTensor") Tensor x) {
        verify("exp", in -> in[0].exp(), x);
    }

    @Property(seed = SEED)
    void log(@ForAll("positive") Tensor x) {
        verify("log", in -> in[0].log(), x);
    }

    // ------------------------------------------------------------------------------------------------ matmul

    @Property(seed = SEED)
    void matmul(@ForAll("smallMatmul") Tensor[] ab) {
        verify("matmul (batched, full)", in -> in[0].matmul(in[1]), ab);
    }

    /** Up to 12×12 with up to 3 broadcast batches: the fast (vᵀJu) gradient check. */
    @Property(seed = SEED)
    void matmulFast(@ForAll("largerMatmul") Tensor[] ab, @ForAll long seed) {
        verify("matmul (up to 12, fast)", CHECK.fast(seed), in -> in[0].matmul(in[1]), ab);
    }

    // ------------------------------------------------------------------------------------------------ reductions

    @Property(seed = SEED)
    void sum(@ForAll("anyTensor") Tensor x, @ForAll @Size(4) List<Boolean> mask, @ForAll boolean keepDim,
             @ForAll boolean negativeDims) {
        int[] dims = dims(x.rank(), mask, negativeDims);
        verify("sum (dims, keepDim)", in -> in[0].sum(dims, keepDim), x);
    }

    @Property(seed = SEED)
    void mean(@ForAll("anyTensor") Tensor x, @ForAll @Size(4) List<Boolean> mask, @ForAll boolean keepDim,
              @ForAll boolean negativeDims) {
        int[] dims = dims(x.rank(), mask, negativeDims);
        verify("mean (dims, keepDim)", in -> in[0].mean(dims, keepDim), x);
    }

    @Property(seed = SEED, tries = 30)
    void sumAndMeanOfAll(@ForAll("anyTensor") Tensor x) {
        verify("sum()/mean() of all", in -> in[0].sum().add(in[0].mean()), x);
    }

    private static int[] dims(int rank, List<Boolean> mask, boolean negative) {
        return java.util.stream.IntStream.range(0, rank).filter(mask::get).map(d -> negative ? d - rank : d).toArray();
    }

    // ------------------------------------------------------------------------------------------------ softmax, loss

    @Property(seed = SEED)
    void softmax(@ForAll("atLeastRank1") Tensor x, @ForAll @IntRange(min = 0, max = 7) int pick) {
        int dim = pick % x.rank() - (pick >= 4 ? x.rank() : 0);
        verify("softmax (any dim)", in -> in[0].softmax(dim), x);
    }

    @Property(seed = SEED)
    void logSoftmax(@ForAll("atLeastRank1") Tensor x, @ForAll @IntRange(min = 0, max = 7) int pick) {
        int dim = pick % x.rank() - (pick >= 4 ? x.rank() : 0);
        verify("logSoftmax (any dim)", in -> in[0].logSoftmax(dim), x);
    }

    @Property(seed = SEED)
    void crossEntropy(@ForAll("classification") Object[] sample) {
        Tensor logits = (Tensor) sample[0];
        int[] targets = (int[]) sample[1];
        verify("crossEntropy (fused)", in -> in[0].crossEntropy(targets), logits);
    }

    // ------------------------------------------------------------------------------------------------ shape ops

    @Property(seed = SEED)
    void reshapeAndFlatten(@ForAll("atLeastRank1") Tensor x) {
        int[] reversed = x.shape().clone();
        for (int i = 0; i < reversed.length / 2; i++) {
            int t = reversed[i];
            reversed[i] = reversed[reversed.length - 1 - i];
            reversed[reversed.length - 1 - i] = t;
        }
        Tensor w = Tensor.arange(DType.FLOAT64, 1, 1 + x.numel(), 1).reshape(reversed);
        // weights make every element's gradient distinct, so a misplaced gradient is caught
        verify("reshape/view/flatten", in -> in[0].reshape(reversed).mul(w.to(in[0].dtype())).flatten().view(-1, 1).flatten(0, 1), x);
    }

    @Property(seed = SEED)
    void transpose(@ForAll("atLeastRank2") Tensor x, @ForAll @IntRange(min = 0, max = 3) int p,
                   @ForAll @IntRange(min = 0, max = 3) int q) {
        int d0 = p % x.rank();
        int d1 = -1 - q % x.rank();
        Tensor w = Tensor.arange(DType.FLOAT64, 1, 1 + x.numel(), 1).reshape(x.transpose(d0, d1).shape());
        verify("transpose", in -> in[0].transpose(d0, d1).mul(w.to(in[0].dtype())), x);
    }

    // ------------------------------------------------------------------------------------------------ composition

    /** A residual block and a loss: {@code crossEntropy(relu(x·W + b + x)·V, targets)}, four inputs checked at once. */
    @Property(seed = SEED, tries = 50)
    void residualBlock(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 5) int d,
                       @ForAll long seed) {
        Tensor x = Tensor.randn(DType.FLOAT64, seed, n, d);
        Tensor w = Tensor.randn(DType.FLOAT64, seed + 1, d, d);
        Tensor b = Tensor.randn(DType.FLOAT64, seed + 2, d);
        Tensor v = Tensor.randn(DType.FLOAT64, seed + 3, d, 3);
        int[] targets = new int[n];
        for (int i = 0; i < n; i++) {
            targets[i] = Math.floorMod(seed + i, 3);
        }
        verify("residual block + loss", in -> in[0].matmul(in[1]).add(in[2]).add(in[0]).relu().matmul(in[3])
                .crossEntropy(targets), x.to(DType.FLOAT32).to(DType.FLOAT64), w, b, v);
    }
}

package dev.resvec.nn.resnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.core.DType;
import dev.resvec.core.NoGrad;
import dev.resvec.core.Tensor;
import dev.resvec.nn.Module;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link PreActBasicBlock} and {@link PreActBottleneck} against {@link PreActReference}, the units written out by hand
 * in double from the same state dict: in evaluation mode (running statistics) and in training mode (batch
 * statistics), in FLOAT64 (where the two must agree to rounding) and in FLOAT32 (the vector kernels).
 *
 * <p>The layer tests check each layer against its formula and the whole-network tests check shapes and modes; this
 * one checks the wiring of a unit, which neither sees: which tensor each batch norm reads, where the ReLUs and the
 * stride sit, that the projection starts from the activated input and the identity from the raw one, and that
 * nothing follows the addition. Every state-dict entry is drawn at random (γ, β and the running statistics too,
 * which a fresh module has at 1, 0, 0, 1), so that swapping two batch norms or two weights shows. The cases cover
 * the identity shortcut and a projection for each reason (stride, width, both); the input is 7×7, odd, so a strided
 * convolution's last row and column count.
 */
class PreActReferenceTest {
    private static final int N = 3;
    private static final int SIZE = 7;
    /**
     * FLOAT64 runs the scalar reference kernels in double: only the order of the sums differs from the loops.
     * Measured worst error 5.6e-16 of the output's scale (2026-12-03).
     */
    private static final double TOL64 = 1e-12;
    /**
     * FLOAT32 rounds every layer's output (Winograd for the stride-1 3×3 convolutions); measured worst error 2.2e-7
     * of the output's scale, in either mode, with the 512-bit kernels. The bar leaves a factor of 45 for other vector
     * widths and algorithms, and is still far below what a wiring mistake costs (order 1e-1).
     */
    private static final double TOL32 = 1e-5;

    @ParameterizedTest(name = "{0} in {1}, planes {2}, stride {3}")
    @CsvSource({
        "basic, 8, 8, 1", // identity shortcut
        "basic, 4, 8, 2", // projection: stride and width
        "basic, 4, 8, 1", // projection: width only
        "basic, 8, 8, 2", // projection: stride only
        "bottleneck, 16, 4, 1", // identity shortcut (4·planes = in)
        "bottleneck, 8, 4, 2",
        "bottleneck, 8, 4, 1",
        "bottleneck, 16, 4, 2"})
    void unitMatchesTheHandBuiltReference(String kind, int in, int planes, int stride) {
        for (DType dtype : DType.values()) {
            for (boolean training : new boolean[] {false, true}) {
                ResidualBlock block = kind.equals("basic") ? new PreActBasicBlock(in, planes, stride)
                        : new PreActBottleneck(in, planes, stride);
                randomiseState(block, 1000L * in + 10L * planes + stride);
                block.to(dtype);
                block.train(training);
                Tensor x = Tensor.randn(dtype, 5, N, in, SIZE, SIZE);

                // the reference reads the state as it is before the forward pass, which in training mode updates
                // the running statistics (not what the output uses)
                PreActReference ref = new PreActReference(doubles(block.stateDict()), training);
                PreActReference.Act input = new PreActReference.Act(x.toDoubleArray(), N, in, SIZE, SIZE);
                PreActReference.Act expected = kind.equals("basic") ? ref.basic(input, planes, stride)
                        : ref.bottleneck(input, planes, stride);

                Tensor y;
                try (NoGrad ignored = NoGrad.enter()) {
                    y = block.apply(x);
                }
                String what = kind + " " + dtype + (training ? " training" : " eval");
                assertArrayEquals(new int[] {N, expected.c(), expected.h(), expected.w()}, y.shape(), what);
                assertClose(expected.v(), y.toDoubleArray(), dtype == DType.FLOAT64 ? TOL64 : TOL32, what);
            }
        }
    }

    /**
     * Draws every parameter and buffer: convolution weights N(0, 2/fan-in) (He's scale, so that activations stay
     * near 1 through the unit), γ in [0.5, 1.5), β ~ 0.2·N(0, 1), running means ~ 0.3·N(0, 1), running variances
     * in [0.5, 1.5). Each entry has its own seed, so no two are equal.
     */
    private static void randomiseState(Module block, long seed) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        long s = seed;
        for (Map.Entry<String, Tensor> e : block.stateDict().entrySet()) {
            String key = e.getKey();
            int[] shape = e.getValue().shape();
            s++;
            Tensor v;
            if (key.endsWith("num_batches_tracked")) {
                continue;
            } else if (key.endsWith("running_var") || (key.startsWith("bn") && key.endsWith(".weight"))) {
                v = Tensor.rand(DType.FLOAT64, s, shape).add(0.5);
            } else if (key.endsWith(".bias") || key.endsWith("running_mean")) {
                v = Tensor.randn(DType.FLOAT64, s, shape).mul(key.endsWith(".bias") ? 0.2 : 0.3);
            } else {
                int fanIn = e.getValue().numel() / shape[0];
                v = Tensor.randn(DType.FLOAT64, s, shape).mul(Math.sqrt(2.0 / fanIn));
            }
            state.put(key, v);
        }
        block.loadStateDict(state, false);
    }

    private static Map<String, double[]> doubles(Map<String, Tensor> state) {
        Map<String, double[]> out = new LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, v.toDoubleArray()));
        return out;
    }

    /** |expected − actual| ≤ tol·max(1, max |expected|) everywhere. */
    private static void assertClose(double[] expected, double[] actual, double tol, String what) {
        double scale = 1;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(expected[i] - actual[i]);
            if (!(d <= worst)) {
                worst = d;
                at = i;
            }
        }
        assertTrue(worst <= tol * scale, what + ": element " + at + " is " + (at < 0 ? "?" : actual[at])
                + ", expected " + (at < 0 ? "?" : expected[at]) + " (tolerance " + tol * scale + ")");
    }
}

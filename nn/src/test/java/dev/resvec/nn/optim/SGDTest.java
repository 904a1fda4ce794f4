package dev.resvec.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.core.DType;
import dev.resvec.core.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SGD against hand-worked steps and against the algorithm of PyTorch's documentation ({@link Reference#sgd}). */
class SGDTest {
    private static final double[] ONES = {1, 1, 1};

    /** Three steps with gradient 1 from θ = 0, worked by hand from the documented algorithm. */
    @ParameterizedTest(name = "momentum {0}, dampening {1}, nesterov {2}, decay {3}")
    @CsvSource({
        // momentum, dampening, nesterov, weightDecay, θ after steps 1, 2, 3
        "0,   0,   false, 0,   -0.1,  -0.2,   -0.3",
        // b: 1, 1.9, 2.71 → θ: −0.1, −0.29, −0.561
        "0.9, 0,   false, 0,   -0.1,  -0.29,  -0.561",
        // b: 1, 1.9, 2.71; g + μb: 1.9, 2.71, 3.439 → θ: −0.19, −0.461, −0.8049
        "0.9, 0,   true,  0,   -0.19, -0.461, -0.8049",
        // b: 1 (no dampening at the first step), 0.9 + 0.5 = 1.4, 1.26 + 0.5 = 1.76 → θ: −0.1, −0.24, −0.416
        "0.9, 0.5, false, 0,   -0.1,  -0.24,  -0.416",
    })
    void handWorkedSteps(double momentum, double dampening, boolean nesterov, double weightDecay, double t1,
                         double t2, double t3) {
        Params model = new Params(DType.FLOAT64, new double[3], new double[] {5});
        SGD sgd = SGD.builder(model, 0.1).momentum(momentum).dampening(dampening).nesterov(nesterov)
                .weightDecay(weightDecay).build();
        double[] expected = {t1, t2, t3};
        for (int step = 0; step < 3; step++) {
            sgd.zeroGrad();
            model.backward(ONES, null);
            sgd.step();
            for (double v : model.w()) {
                assertEquals(expected[step], v, 1e-15, "θ after step " + (step + 1));
            }
        }
        assertArrayEquals(new double[] {5}, model.u(), "u had no gradient: untouched");
        assertEquals(3, sgd.stepCount());
    }

    /** Weight decay by hand: θ₀ = 2, g = 1, λ = 0.1: g' = 1.2 → 1.88; g' = 1.188 → 1.7612. */
    @Test
    void weightDecayAddsLambdaTheta() {
        Params model = new Params(DType.FLOAT64, new double[] {2}, new double[] {0});
        SGD sgd = SGD.builder(model, 0.1).weightDecay(0.1).build();
        model.backward(new double[] {1}, null);
        sgd.step();
        assertEquals(1.88, model.w()[0], 1e-15);
        model.backward(new double[] {1}, null);
        sgd.step();
        assertEquals(1.7612, model.w()[0], 1e-15);
    }

    @ParameterizedTest(name = "momentum {0}, dampening {1}, nesterov {2}, decay {3}")
    @CsvSource({
        "0,   0,   false, 0",
        "0,   0,   false, 0.01",
        "0.9, 0,   false, 0",
        "0.9, 0,   false, 0.05",
        "0.9, 0,   true,  0",
        "0.9, 0,   true,  0.05",
        "0.5, 0.3, false, 0.05",
    })
    void manyStepsMatchTheDocumentedAlgorithm(double momentum, double dampening, boolean nesterov,
                                              double weightDecay) {
        int n = 7;
        int steps = 6;
        SplittableRandom r = new SplittableRandom(11);
        double[] w0 = r.doubles(n, -1, 1).toArray();
        double[][] grads = new double[steps][];
        for (int t = 0; t < steps; t++) {
            grads[t] = r.doubles(n, -2, 2).toArray();
        }
        double[] expected = Reference.sgd(w0, grads, 0.05, momentum, dampening, nesterov, weightDecay);
        for (DType dtype : DType.values()) {
            Params model = new Params(dtype, w0, new double[] {0});
            SGD sgd = SGD.builder(model, 0.05).momentum(momentum).dampening(dampening).nesterov(nesterov)
                    .weightDecay(weightDecay).build();
            for (int t = 0; t < steps; t++) {
                sgd.zeroGrad();
                model.backward(grads[t], null);
                sgd.step();
            }
            double tol = dtype == DType.FLOAT64 ? 1e-14 : 2e-6;
            assertArrayEquals(expected, model.w(), tol, dtype.toString());
        }
    }

    @Test
    void stepLeavesLeavesThatRequireGradAndNoGradient() {
        for (DType dtype : DType.values()) {
            Params model = new Params(dtype, new double[] {1, 2}, new double[] {3});
            SGD sgd = SGD.builder(model, 0.1).momentum(0.9).build();
            Tensor before = model.w.get();
            model.backward(new double[] {1, 1}, new double[] {1});
            sgd.step();
            Tensor after = model.w.get();
            assertTrue(after.isLeaf() && after.requiresGrad(), "a leaf that requires grad");
            assertNull(after.grad(), "a fresh leaf");
            assertEquals(dtype, after.dtype());
            assertArrayEquals(new double[] {1, 2}, before.toDoubleArray(), "the old tensor is not written");
            // the next backward reaches the new leaves
            model.backward(new double[] {1, 1}, new double[] {1});
            assertTrue(model.w.get().grad() != null && model.u.get().grad() != null);
            sgd.zeroGrad();
            assertNull(model.w.get().grad());
        }
    }

    @Test
    void stateDictRoundTripContinuesTheSameRun() {
        SplittableRandom r = new SplittableRandom(5);
        double[] w0 = r.doubles(4).toArray();
        double[][] grads = new double[6][];
        for (int t = 0; t < grads.length; t++) {
            grads[t] = r.doubles(4, -1, 1).toArray();
        }
        Params straight = new Params(DType.FLOAT32, w0, new double[] {0});
        SGD a = SGD.builder(straight, 0.1).momentum(0.9).nesterov(true).build();
        Params resumed = new Params(DType.FLOAT32, w0, new double[] {0});
        SGD b = SGD.builder(resumed, 0.1).momentum(0.9).nesterov(true).build();
        for (int t = 0; t < 3; t++) {
            straight.backward(grads[t], null);
            a.step();
            resumed.backward(grads[t], null);
            b.step();
        }
        var saved = b.stateDict();
        assertEquals(java.util.List.of("w.momentum_buffer"), java.util.List.copyOf(saved.keySet()));
        SGD c = SGD.builder(resumed, 0.1).momentum(0.9).nesterov(true).build();
        c.loadStateDict(saved);
        for (int t = 3; t < grads.length; t++) {
            straight.backward(grads[t], null);
            a.step();
            resumed.backward(grads[t], null);
            c.step();
        }
        assertArrayEquals(straight.w(), resumed.w(), 0, "bitwise the same as the uninterrupted run");
    }

    @Test
    void loadStateDictNamesBadKeysAndShapes() {
        Params model = new Params(DType.FLOAT64, new double[2], new double[1]);
        SGD sgd = SGD.builder(model, 0.1).momentum(0.9).build();
        var e = assertThrows(IllegalArgumentException.class, () -> sgd.loadStateDict(java.util.Map.of(
                "v.momentum_buffer", Tensor.zeros(2), "w.exp_avg", Tensor.zeros(2),
                "u.momentum_buffer", Tensor.zeros(3))));
        assertTrue(e.getMessage().contains("v.momentum_buffer") && e.getMessage().contains("w.exp_avg")
                && e.getMessage().contains("u.momentum_buffer (expected [1], got [3])"), e.getMessage());
    }

    @Test
    void convertedModelConvertsTheState() {
        Params model = new Params(DType.FLOAT32, new double[] {1}, new double[] {0});
        SGD sgd = SGD.builder(model, 0.1).momentum(0.5).build();
        model.backward(new double[] {1}, null);
        sgd.step(); // b = 1, θ = 0.9
        model.to(DType.FLOAT64);
        model.backward(new double[] {1}, null);
        sgd.step(); // b = 1.5, θ = 0.75
        assertEquals(0.75, model.w()[0], 1e-7);
        assertEquals(DType.FLOAT64, sgd.stateDict().get("w.momentum_buffer").dtype());
        assertEquals(1.5, sgd.stateDict().get("w.momentum_buffer").item(), 1e-7);
    }

    @Test
    void badSettingsAreRejectedByName() {
        Params model = new Params(DType.FLOAT64, new double[1], new double[1]);
        assertMessage(() -> SGD.builder(model, -1).build(), "learning rate >= 0, got -1.0");
        assertMessage(() -> SGD.builder(model, Double.NaN).build(), "learning rate >= 0, got NaN");
        assertMessage(() -> SGD.builder(model, 0.1).momentum(-0.1).build(), "momentum >= 0, got -0.1");
        assertMessage(() -> SGD.builder(model, 0.1).weightDecay(-1).build(), "weightDecay >= 0, got -1.0");
        assertMessage(() -> SGD.builder(model, 0.1).nesterov(true).build(), "momentum > 0 and dampening = 0");
        assertMessage(() -> SGD.builder(model, 0.1).momentum(0.9).dampening(0.1).nesterov(true).build(),
                "momentum > 0 and dampening = 0");
        assertMessage(() -> SGD.builder(null, 0.1).build(), "expected a model, got null");
        SGD sgd = SGD.builder(model, 0.1).build();
        assertMessage(() -> sgd.setLr(Double.POSITIVE_INFINITY), "finite learning rate >= 0, got Infinity");
        assertFalse(sgd.nesterov());
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable call, String part) {
        var e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should contain '" + part + "'");
    }
}

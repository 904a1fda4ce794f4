package dev.resvec.nn.optim;

import static dev.resvec.nn.optim.SGDTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.core.DType;
import dev.resvec.core.Tensor;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** AdamW against hand-worked steps and the algorithm of PyTorch's documentation ({@link Reference#adamw}). */
class AdamWTest {

    /**
     * Step 1 by hand, g = 2, lr 0.1, betas (0.9, 0.999), λ = 0.01, θ₀ = 1: decay θ = 1·(1 − 0.001) = 0.999;
     * m = 0.2, v = 0.004; m̂ = 0.2/0.1 = 2, v̂ = 0.004/0.001 = 4; θ = 0.999 − 0.1·2/(2 + 1e-8).
     * Step 2, g = 2 again: m = 0.38, v = 0.007996; m̂ = 0.38/0.19 = 2, v̂ = 0.007996/0.001999 = 4: the bias
     * correction makes a constant gradient move θ by lr per step from the very first.
     */
    @Test
    void biasCorrectionByHand() {
        Params model = new Params(DType.FLOAT64, new double[] {1}, new double[] {0});
        AdamW adamw = AdamW.builder(model).lr(0.1).weightDecay(0.01).build();
        model.backward(new double[] {2}, null);
        adamw.step();
        double t1 = 0.999 - 0.1 * 2 / (2 + 1e-8);
        assertEquals(t1, model.w()[0], 1e-15);
        model.backward(new double[] {2}, null);
        adamw.step();
        assertEquals(t1 * 0.999 - 0.1 * 2 / (2 + 1e-8), model.w()[0], 1e-15);
        Map<String, Tensor> state = adamw.stateDict();
        assertEquals(List.of("w.exp_avg", "w.exp_avg_sq", "w.step"), List.copyOf(state.keySet()));
        assertEquals(0.38, state.get("w.exp_avg").item(), 1e-15);
        assertEquals(0.007996, state.get("w.exp_avg_sq").item(), 1e-15);
        assertEquals(2, state.get("w.step").item());
    }

    /**
     * AMSGrad by hand, betas (0.9, 0.5), lr 0.1, no decay, g = 10 then 1: m₁ = 1, v₁ = 50; m₂ = 0.9·1 + 0.1·1 = 1,
     * v₂ = 25 + 0.5 = 25.5 &lt; v₁, so step 2 divides m̂₂ = 1/0.19 by √max(v₁, v₂)/√(1 − 0.5²) = √50/√0.75.
     */
    @Test
    void amsgradKeepsTheLargestSecondMoment() {
        Params model = new Params(DType.FLOAT64, new double[] {0}, new double[] {0});
        AdamW adamw = AdamW.builder(model).lr(0.1).betas(0.9, 0.5).weightDecay(0).amsgrad(true).build();
        model.backward(new double[] {10}, null);
        adamw.step();
        // m₁ = 1, v₁ = 50: θ = −0.1·(1/0.1)/(√50/√0.5 + 1e-8) = −1/(10 + 1e-8)
        double t1 = -1 / (10 + 1e-8);
        assertEquals(t1, model.w()[0], 1e-15);
        model.backward(new double[] {1}, null);
        adamw.step();
        double t2 = t1 - 0.1 * (1.0 / 0.19) / (Math.sqrt(50) / Math.sqrt(0.75) + 1e-8);
        assertEquals(t2, model.w()[0], 1e-15);
        assertEquals(50, adamw.stateDict().get("w.max_exp_avg_sq").item(), 1e-12);
    }

    @ParameterizedTest(name = "decay {0}, amsgrad {1}")
    @CsvSource({"0, false", "0.01, false", "0.1, true", "0, true"})
    void manyStepsMatchTheDocumentedAlgorithm(double weightDecay, boolean amsgrad) {
        int n = 9;
        int steps = 8;
        SplittableRandom r = new SplittableRandom(3);
        double[] w0 = r.doubles(n, -1, 1).toArray();
        double[][] grads = new double[steps][];
        for (int t = 0; t < steps; t++) {
            // shrinking gradients make v fall, so AMSGrad's maximum matters
            double scale = 4.0 / (1 + t * t);
            grads[t] = r.doubles(n, -scale, scale).toArray();
        }
        double[] expected = Reference.adamw(w0, grads, 0.01, 0.9, 0.9, 1e-6, weightDecay, amsgrad);
        for (DType dtype : DType.values()) {
            Params model = new Params(dtype, w0, new double[] {7});
            AdamW adamw = AdamW.builder(model).lr(0.01).betas(0.9, 0.9).eps(1e-6).weightDecay(weightDecay)
                    .amsgrad(amsgrad).build();
            for (int t = 0; t < steps; t++) {
                adamw.zeroGrad();
                model.backward(grads[t], null);
                adamw.step();
            }
            double tol = dtype == DType.FLOAT64 ? 1e-14 : 2e-6;
            assertArrayEquals(expected, model.w(), tol, dtype.toString());
            assertArrayEquals(new double[] {7}, model.u(), "no gradient, no decay either");
        }
    }

    /** Parameters first stepped at different times count their own steps (bias correction per parameter). */
    @Test
    void stepCountsArePerParameter() {
        Params model = new Params(DType.FLOAT64, new double[] {0}, new double[] {0});
        AdamW adamw = AdamW.builder(model).lr(0.1).weightDecay(0).build();
        model.backward(new double[] {1}, null);
        adamw.step();
        model.backward(new double[] {1}, new double[] {3});
        adamw.step();
        assertEquals(2, adamw.stateDict().get("w.step").item());
        assertEquals(1, adamw.stateDict().get("u.step").item());
        assertArrayEquals(Reference.adamw(new double[] {0}, new double[][] {{3}}, 0.1, 0.9, 0.999, 1e-8, 0, false),
                model.u(), 1e-15, "u's first step has the first step's bias correction");
    }

    @Test
    void stateDictRoundTripContinuesTheSameRun() {
        double[] w0 = {0.5, -0.25, 1};
        double[][] grads = {{1, 2, 3}, {-1, 0.5, 2}, {0.1, 0.2, -3}, {2, -2, 1}};
        Params straight = new Params(DType.FLOAT64, w0, new double[] {0});
        AdamW a = AdamW.builder(straight).amsgrad(true).build();
        Params resumed = new Params(DType.FLOAT64, w0, new double[] {0});
        AdamW b = AdamW.builder(resumed).amsgrad(true).build();
        for (int t = 0; t < 2; t++) {
            straight.backward(grads[t], null);
            a.step();
            resumed.backward(grads[t], null);
            b.step();
        }
        AdamW c = AdamW.builder(resumed).amsgrad(true).build();
        c.loadStateDict(b.stateDict());
        for (int t = 2; t < grads.length; t++) {
            straight.backward(grads[t], null);
            a.step();
            resumed.backward(grads[t], null);
            c.step();
        }
        assertArrayEquals(straight.w(), resumed.w(), 0, "bitwise the same as the uninterrupted run");
    }

    @Test
    void incompleteStateIsRejected() {
        Params model = new Params(DType.FLOAT64, new double[2], new double[1]);
        AdamW adamw = AdamW.builder(model).build();
        assertMessage(() -> adamw.loadStateDict(Map.of("w.exp_avg", Tensor.zeros(2))),
                "parameter 'w' expected exp_avg, exp_avg_sq and a step > 0 together");
        assertMessage(() -> adamw.loadStateDict(Map.of("w.step", Tensor.zeros(3))), "w.step (expected [], got [3])");
        assertMessage(() -> adamw.loadStateDict(Map.of("w.momentum_buffer", Tensor.zeros(2))),
                "unexpected keys [w.momentum_buffer]");
    }

    @Test
    void badSettingsAreRejectedByName() {
        Params model = new Params(DType.FLOAT64, new double[1], new double[1]);
        assertMessage(() -> AdamW.builder(model).betas(1, 0.9).build(), "betas in [0, 1), got (1.0, 0.9)");
        assertMessage(() -> AdamW.builder(model).betas(0.9, -0.1).build(), "betas in [0, 1), got (0.9, -0.1)");
        assertMessage(() -> AdamW.builder(model).eps(-1).build(), "eps >= 0, got -1.0");
        assertMessage(() -> AdamW.builder(model).weightDecay(Double.NaN).build(), "weightDecay >= 0, got NaN");
        assertMessage(() -> AdamW.builder(model).lr(-0.5).build(), "learning rate >= 0, got -0.5");
        AdamW defaults = AdamW.builder(model).build();
        assertTrue(defaults.lr() == 1e-3 && defaults.beta1() == 0.9 && defaults.beta2() == 0.999
                && defaults.eps() == 1e-8 && defaults.weightDecay() == 1e-2 && !defaults.amsgrad(),
                "PyTorch's defaults: " + defaults);
    }
}

package dev.resvec.nn.optim;

import static dev.resvec.nn.optim.SGDTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The schedules against values worked out from PyTorch's documented formulas. */
class LrScheduleTest {

    private static void assertRates(LrSchedule s, double base, double... expected) {
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], s.lr(base, t), 1e-15, s + " at step " + t);
        }
    }

    @Test
    void stepLrDecaysEveryStepSizeSteps() {
        // PyTorch's example: lr = 0.05 for epochs < 30, 0.005 for 30 <= epoch < 60, 0.0005 for 60 <= epoch < 90
        StepLR s = new StepLR(30, 0.1);
        assertEquals(0.05, s.lr(0.05, 0));
        assertEquals(0.05, s.lr(0.05, 29));
        assertEquals(0.005, s.lr(0.05, 30), 1e-18);
        assertEquals(0.005, s.lr(0.05, 59), 1e-18);
        assertEquals(0.0005, s.lr(0.05, 60), 1e-18);
        assertEquals(0.0005, s.lr(0.05, 89), 1e-18);
        assertRates(new StepLR(2, 0.5), 1, 1, 1, 0.5, 0.5, 0.25, 0.25, 0.125);
    }

    @Test
    void multiStepLrDecaysAtEachMilestone() {
        // PyTorch's example: milestones [30, 80], gamma 0.1, lr 0.05
        MultiStepLR s = new MultiStepLR(0.1, 30, 80);
        assertEquals(0.05, s.lr(0.05, 0));
        assertEquals(0.05, s.lr(0.05, 29));
        assertEquals(0.005, s.lr(0.05, 30), 1e-18);
        assertEquals(0.005, s.lr(0.05, 79), 1e-18);
        assertEquals(0.0005, s.lr(0.05, 80), 1e-18);
        assertEquals(0.0005, s.lr(0.05, 1000), 1e-18);
        assertRates(new MultiStepLR(0.5, 1, 3), 2, 2, 1, 1, 0.5, 0.5);
    }

    @Test
    void cosineHitsItsLandmarks() {
        CosineAnnealingLR s = new CosineAnnealingLR(10, 0.001);
        assertEquals(0.1, s.lr(0.1, 0), 1e-17, "starts at the base rate");
        assertEquals((0.1 + 0.001) / 2, s.lr(0.1, 5), 1e-17, "half way: the mean");
        assertEquals(0.001, s.lr(0.1, 10), 1e-17, "tMax: eta_min");
        // cos(π/4) = √2/2: lr = 0.001 + 0.099·(1 + √2/2)/2
        assertEquals(0.001 + 0.099 * (1 + Math.sqrt(0.5)) / 2, new CosineAnnealingLR(8, 0.001).lr(0.1, 2), 1e-17);
        assertEquals(0.0, new CosineAnnealingLR(4).lr(1, 4), 1e-16, "eta_min defaults to 0");
    }

    /**
     * PyTorch's CosineAnnealingLR steps by a recursion (its {@code get_lr}): for 0 &lt; t ≤ tMax,
     * {@code η_t = η_min + (η_{t−1} − η_min)·(1 + cos(πt/T))/(1 + cos(π(t−1)/T))}; the closed form must agree.
     */
    @Test
    void cosineClosedFormEqualsPyTorchsRecursion() {
        int tMax = 17;
        double base = 0.3;
        double etaMin = 0.01;
        CosineAnnealingLR s = new CosineAnnealingLR(tMax, etaMin);
        double eta = base;
        for (int t = 1; t < tMax; t++) {
            eta = etaMin + (eta - etaMin) * (1 + Math.cos(Math.PI * t / tMax))
                    / (1 + Math.cos(Math.PI * (t - 1) / tMax));
            assertEquals(eta, s.lr(base, t), 1e-14, "step " + t);
        }
    }

    @Test
    void linearWarmupClimbsThenRunsTheWrappedScheduleFromItsStart() {
        // SequentialLR([LinearLR(start_factor=0.25, total_iters=4), StepLR(2, 0.1)], milestones=[4]), lr 0.8:
        // LinearLR: 0.8·(0.25 + 0.75·t/4) = 0.2, 0.35, 0.5, 0.65; then StepLR from its step 0: 0.8, 0.8, 0.08, 0.08
        LinearWarmup s = new LinearWarmup(new StepLR(2, 0.1), 4, 0.25);
        assertRates(s, 0.8, 0.2, 0.35, 0.5, 0.65, 0.8, 0.8, 0.08, 0.08);
        LinearWarmup toCosine = new LinearWarmup(new CosineAnnealingLR(6), 2, 0.5);
        assertEquals(0.5, toCosine.lr(1, 0));
        assertEquals(0.75, toCosine.lr(1, 1));
        assertEquals(1.0, toCosine.lr(1, 2), 1e-16);
        assertEquals(0.5, toCosine.lr(1, 5), 1e-15);
        assertEquals(0.0, toCosine.lr(1, 8), 1e-16);
    }

    @Test
    void badArgumentsAreRejectedByName() {
        assertMessage(() -> new StepLR(0, 0.1), "stepSize > 0, got 0");
        assertMessage(() -> new StepLR(3, -0.1), "gamma >= 0, got -0.1");
        assertMessage(() -> new MultiStepLR(0.1, 30, 30), "strictly increasing milestones > 0, got [30, 30]");
        assertMessage(() -> new MultiStepLR(0.1), "at least one milestone");
        assertMessage(() -> new CosineAnnealingLR(0), "tMax > 0, got 0");
        assertMessage(() -> new CosineAnnealingLR(5, Double.NaN), "etaMin >= 0, got NaN");
        assertMessage(() -> new LinearWarmup(null, 5, 0.1), "expected the schedule after the warm-up");
        assertMessage(() -> new LinearWarmup(LrSchedule.constant(), 5, 0), "startFactor in (0, 1], got 0.0");
        assertMessage(() -> new StepLR(3, 0.1).lr(0.1, -1), "step >= 0, got -1");
        assertMessage(() -> LrSchedule.constant().lr(-0.1, 0), "base learning rate >= 0, got -0.1");
    }
}

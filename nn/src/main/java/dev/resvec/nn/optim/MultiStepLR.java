package dev.resvec.nn.optim;

import java.util.Arrays;

/**
 * Decays the rate by {@code gamma} at each milestone, PyTorch's {@code MultiStepLR}
 * (https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.MultiStepLR.html):
 * {@code lr(t) = baseLr · gamma^k}, k the number of milestones {@code <= t} (PyTorch's
 * {@code bisect_right(milestones, t)}). He et al.'s CIFAR schedule, for example: milestones 32k and 48k iterations,
 * gamma 0.1.
 */
public final class MultiStepLR implements LrSchedule {
    private final int[] milestones;
    private final double gamma;

    /**
     * @param gamma      the factor, finite and {@code >= 0}
     * @param milestones the steps at which the rate drops, strictly increasing, each {@code > 0}
     * @throws IllegalArgumentException otherwise
     */
    public MultiStepLR(double gamma, int... milestones) {
        Checks.nonNegative("MultiStepLR", "gamma", gamma);
        if (milestones == null || milestones.length == 0) {
            throw new IllegalArgumentException("MultiStepLR: expected at least one milestone, got none");
        }
        for (int i = 0; i < milestones.length; i++) {
            if (milestones[i] <= 0 || (i > 0 && milestones[i] <= milestones[i - 1])) {
                throw new IllegalArgumentException("MultiStepLR: expected strictly increasing milestones > 0, got "
                        + Arrays.toString(milestones));
            }
        }
        this.milestones = milestones.clone();
        this.gamma = gamma;
    }

    /** @return a copy of the milestones */
    public int[] milestones() {
        return milestones.clone();
    }

    /** @return the factor */
    public double gamma() {
        return gamma;
    }

    @Override
    public double lr(double baseLr, int step) {
        Checks.scheduleArgs("MultiStepLR", baseLr, step);
        int passed = 0;
        while (passed < milestones.length && milestones[passed] <= step) {
            passed++;
        }
        return baseLr * Math.pow(gamma, passed);
    }

    @Override
    public String toString() {
        return "MultiStepLR(gamma=" + gamma + ", milestones=" + Arrays.toString(milestones) + ")";
    }
}

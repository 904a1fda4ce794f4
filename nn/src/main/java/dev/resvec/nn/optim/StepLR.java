package dev.resvec.nn.optim;

/**
 * Decays the rate by {@code gamma} every {@code stepSize} steps, PyTorch's {@code StepLR}
 * (https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.StepLR.html):
 * {@code lr(t) = baseLr · gamma^⌊t / stepSize⌋}.
 *
 * @param stepSize the period, {@code > 0}
 * @param gamma    the factor, finite and {@code >= 0} (PyTorch's default 0.1)
 */
public record StepLR(int stepSize, double gamma) implements LrSchedule {
    /** @throws IllegalArgumentException when {@code stepSize <= 0} or {@code gamma} is negative or not finite */
    public StepLR {
        Checks.positive("StepLR", "stepSize", stepSize);
        Checks.nonNegative("StepLR", "gamma", gamma);
    }

    @Override
    public double lr(double baseLr, int step) {
        Checks.scheduleArgs("StepLR", baseLr, step);
        return baseLr * Math.pow(gamma, step / stepSize);
    }
}

package dev.resvec.nn.optim;

/**
 * A linear warm-up before another schedule (Goyal et al., "Accurate, Large Minibatch SGD", 2017, §2.2): for the
 * first {@code warmupSteps} steps the rate climbs linearly from {@code startFactor·baseLr} towards
 * {@code baseLr}; then the wrapped schedule runs, started afresh at its own step 0.
 * <pre>
 *   t &lt; W:  lr(t) = baseLr · (startFactor + (1 − startFactor) · t / W)
 *   t ≥ W:  lr(t) = after.lr(baseLr, t − W)
 * </pre>
 * In PyTorch this is {@code SequentialLR([LinearLR(start_factor, end_factor=1, total_iters=W), after],
 * milestones=[W])} (https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.LinearLR.html,
 * …/torch.optim.lr_scheduler.SequentialLR.html).
 *
 * @param after       the schedule after the warm-up
 * @param warmupSteps W, {@code > 0}
 * @param startFactor the fraction of the base rate at step 0, in (0, 1] (PyTorch's {@code LinearLR} range)
 */
public record LinearWarmup(LrSchedule after, int warmupSteps, double startFactor) implements LrSchedule {
    /** @throws IllegalArgumentException when {@code after} is null or a number is out of range */
    public LinearWarmup {
        if (after == null) {
            throw new IllegalArgumentException("LinearWarmup: expected the schedule after the warm-up, got null");
        }
        Checks.positive("LinearWarmup", "warmupSteps", warmupSteps);
        if (!(startFactor > 0 && startFactor <= 1)) {
            throw new IllegalArgumentException("LinearWarmup: expected a startFactor in (0, 1], got " + startFactor);
        }
    }

    @Override
    public double lr(double baseLr, int step) {
        Checks.scheduleArgs("LinearWarmup", baseLr, step);
        if (step >= warmupSteps) {
            return after.lr(baseLr, step - warmupSteps);
        }
        return baseLr * (startFactor + (1 - startFactor) * step / warmupSteps);
    }
}

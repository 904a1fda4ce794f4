package dev.resvec.nn.optim;

/**
 * A learning-rate schedule: the rate at each step of the schedule, from the optimizer's base (initial) rate, as a
 * closed-form function of the step, like PyTorch's schedulers' {@code _get_closed_form_lr} with
 * {@code last_epoch} = step.
 *
 * <p>What a step is belongs to the caller: the trainer steps a schedule once per epoch (the usual use of PyTorch's
 * schedulers, {@code step} = the epoch index, from 0) or once per batch ({@code step} = the batch index counted
 * from the start of training). Step 0 is the first epoch (or batch).
 *
 * <p>Implementations: {@link StepLR}, {@link MultiStepLR}, {@link CosineAnnealingLR}, {@link LinearWarmup} (which
 * wraps another), and {@link #constant()}.
 */
@FunctionalInterface
public interface LrSchedule {
    /**
     * @param baseLr the optimizer's initial learning rate (PyTorch's {@code initial_lr}), finite and {@code >= 0}
     * @param step   the schedule's step, {@code >= 0}
     * @return the learning rate for that step
     * @throws IllegalArgumentException when the step is negative or the base rate is not finite and {@code >= 0}
     */
    double lr(double baseLr, int step);

    /** @return the schedule that keeps the base rate */
    static LrSchedule constant() {
        return (baseLr, step) -> {
            Checks.scheduleArgs("constant schedule", baseLr, step);
            return baseLr;
        };
    }
}

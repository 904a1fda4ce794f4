package dev.resvec.nn.train;

/** How often the trainer steps its learning-rate schedule. */
public enum ScheduleInterval {
    /** Once per epoch: the schedule's step is the epoch (PyTorch's usual {@code scheduler.step()} per epoch). */
    EPOCH,
    /** Once per batch: the schedule's step is the batch counted from the start of training. */
    BATCH
}

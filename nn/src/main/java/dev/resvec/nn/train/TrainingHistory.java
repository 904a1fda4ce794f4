package dev.resvec.nn.train;

import java.util.List;

/**
 * What a {@link Trainer#fit} run did, epoch by epoch: what a chart of loss and accuracy is drawn from.
 *
 * @param epochs        one row per epoch trained, in order
 * @param bestEpoch     the epoch with the lowest held-out loss (-1 without a held-out set)
 * @param stoppedEarly  whether early stopping ended the run before the epoch limit
 * @param restoredBest  whether the model's weights were set back to those after {@code bestEpoch}
 */
public record TrainingHistory(List<EpochStats> epochs, int bestEpoch, boolean stoppedEarly, boolean restoredBest) {
    /** Copies the list. */
    public TrainingHistory {
        epochs = List.copyOf(epochs);
    }

    /** @return the last epoch's row */
    public EpochStats last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("TrainingHistory: no epoch was trained");
        }
        return epochs.getLast();
    }

    /** @return the row of {@link #bestEpoch()}, or the last row without a held-out set */
    public EpochStats best() {
        return bestEpoch < 0 ? last() : epochs.get(bestEpoch);
    }

    /** @return the training loss per epoch */
    public double[] trainLoss() {
        return epochs.stream().mapToDouble(EpochStats::trainLoss).toArray();
    }

    /** @return the training accuracy per epoch */
    public double[] trainAccuracy() {
        return epochs.stream().mapToDouble(EpochStats::trainAccuracy).toArray();
    }

    /** @return the held-out loss per epoch (NaN without a held-out set) */
    public double[] validationLoss() {
        return epochs.stream().mapToDouble(EpochStats::validationLoss).toArray();
    }

    /** @return the held-out accuracy per epoch (NaN without a held-out set) */
    public double[] validationAccuracy() {
        return epochs.stream().mapToDouble(EpochStats::validationAccuracy).toArray();
    }

    /** @return the learning rate at the start of each epoch */
    public double[] lr() {
        return epochs.stream().mapToDouble(EpochStats::lr).toArray();
    }
}

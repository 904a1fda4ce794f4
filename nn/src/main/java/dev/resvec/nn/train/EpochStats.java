package dev.resvec.nn.train;

/**
 * One epoch of training: a row of the {@link TrainingHistory}.
 *
 * @param epoch              the epoch, from 0
 * @param lr                 the learning rate at the epoch's first step
 * @param trainLoss          the mean loss per image over the epoch's batches (each measured before its step)
 * @param trainAccuracy      the accuracy over the epoch's batches, in [0, 1]
 * @param validationLoss     the held-out loss after the epoch, NaN without a held-out set
 * @param validationAccuracy the held-out accuracy after the epoch, NaN without a held-out set
 * @param images             the training images of the epoch
 * @param seconds            the wall time of the epoch's training (evaluation excluded)
 */
public record EpochStats(int epoch, double lr, double trainLoss, double trainAccuracy, double validationLoss,
                         double validationAccuracy, long images, double seconds) {
    /** @return whether the epoch was evaluated on a held-out set */
    public boolean hasValidation() {
        return !Double.isNaN(validationLoss);
    }

    /** @return training images per second over the epoch */
    public double imagesPerSecond() {
        return seconds > 0 ? images / seconds : Double.NaN;
    }
}

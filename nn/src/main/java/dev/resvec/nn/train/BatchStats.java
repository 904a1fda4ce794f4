package dev.resvec.nn.train;

/**
 * What one training batch did, as a {@link TrainingListener} receives it after the optimizer step.
 *
 * @param epoch           the epoch, from 0
 * @param batch           the batch within the epoch, from 0
 * @param batchCount      the batches per epoch, or -1 when the source does not say
 * @param size            the images in this batch
 * @param loss            this batch's mean cross-entropy (before the step)
 * @param accuracy        this batch's accuracy (before the step), in [0, 1]
 * @param epochLoss       the mean loss per image over the epoch's batches so far
 * @param epochAccuracy   the accuracy over the epoch's batches so far
 * @param imagesPerSecond this batch's images over the wall time of its forward, backward and step
 * @param lr              the learning rate of the step
 */
public record BatchStats(int epoch, int batch, int batchCount, int size, double loss, double accuracy,
                         double epochLoss, double epochAccuracy, double imagesPerSecond, double lr) {}

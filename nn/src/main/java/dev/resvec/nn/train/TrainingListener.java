package dev.resvec.nn.train;

/**
 * Receives the events of a {@link Trainer#fit} run, on the training thread, in this order:
 * <pre>
 *   onTrainingStart
 *   for each epoch:  onEpochStart, onBatchEnd × batches, onEvaluation (with a held-out set), onEpochEnd
 *   onTrainingEnd    (after the best weights were restored, when they are)
 * </pre>
 * Every method does nothing by default. An exception thrown by a listener ends the run.
 */
public interface TrainingListener {
    /** @param maxEpochs the epoch limit of the run */
    default void onTrainingStart(int maxEpochs) {}

    /**
     * @param epoch      the epoch, from 0
     * @param maxEpochs  the epoch limit
     * @param batchCount the batches per epoch, or -1 when the source does not say
     * @param lr         the learning rate at the epoch's first step
     */
    default void onEpochStart(int epoch, int maxEpochs, int batchCount, double lr) {}

    /** @param stats what the batch did */
    default void onBatchEnd(BatchStats stats) {}

    /**
     * @param epoch  the epoch just trained
     * @param result the held-out loss and accuracy after it
     */
    default void onEvaluation(int epoch, Evaluation result) {}

    /** @param stats the epoch's row of the history */
    default void onEpochEnd(EpochStats stats) {}

    /** @param history the whole run */
    default void onTrainingEnd(TrainingHistory history) {}
}

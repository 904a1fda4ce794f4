package dev.resvec.nn.train;

import java.util.ArrayList;
import java.util.List;

/** Records every event as a line, and the batch statistics. */
final class RecordingListener implements TrainingListener {
    final List<String> events = new ArrayList<>();
    final List<BatchStats> batches = new ArrayList<>();
    final List<EpochStats> epochs = new ArrayList<>();
    TrainingHistory history;

    @Override
    public void onTrainingStart(int maxEpochs) {
        events.add("start " + maxEpochs);
    }

    @Override
    public void onEpochStart(int epoch, int maxEpochs, int batchCount, double lr) {
        events.add("epochStart " + epoch + "/" + maxEpochs + " batches " + batchCount + " lr " + lr);
    }

    @Override
    public void onBatchEnd(BatchStats stats) {
        events.add("batch " + stats.epoch() + "." + stats.batch());
        batches.add(stats);
    }

    @Override
    public void onEvaluation(int epoch, Evaluation result) {
        events.add("evaluation " + epoch);
    }

    @Override
    public void onEpochEnd(EpochStats stats) {
        events.add("epochEnd " + stats.epoch());
        epochs.add(stats);
    }

    @Override
    public void onTrainingEnd(TrainingHistory history) {
        events.add("end");
        this.history = history;
    }
}

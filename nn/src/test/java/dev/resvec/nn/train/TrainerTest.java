package dev.resvec.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.core.DType;
import dev.resvec.core.Tensor;
import dev.resvec.nn.Linear;
import dev.resvec.nn.Module;
import dev.resvec.nn.ReLU;
import dev.resvec.nn.Sequential;
import dev.resvec.nn.data.Batch;
import dev.resvec.nn.optim.AdamW;
import dev.resvec.nn.optim.MultiStepLR;
import dev.resvec.nn.optim.SGD;
import dev.resvec.nn.optim.StepLR;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The trainer on a linear classifier of two Gaussian blobs: learning, early stopping, events, schedules, errors. */
class TrainerTest {
    private static final List<Batch> TRAIN = Synthetic.blobs(1, 8, 16);
    private static final List<Batch> HELD_OUT = Synthetic.blobs(2, 4, 16);

    private static Linear linear(long seed) {
        Linear model = new Linear(2, 2);
        model.resetParameters(seed);
        return model;
    }

    @Test
    void linearClassifierLearnsSeparableBlobs() {
        for (DType dtype : DType.values()) {
            Module model = linear(3).to(dtype);
            Trainer trainer = Trainer.builder(model, SGD.builder(model, 0.2).momentum(0.9).build()).epochs(4).build();
            Evaluation before = trainer.evaluate(HELD_OUT);
            TrainingHistory h = trainer.fit(BatchSource.of(TRAIN), HELD_OUT);
            assertEquals(4, h.epochs().size());
            assertTrue(h.last().trainLoss() < h.epochs().getFirst().trainLoss(), "training loss falls " + h);
            assertTrue(h.last().validationLoss() < 0.5 * before.loss(), "held-out loss halves: " + before + " → "
                    + h.last());
            assertTrue(h.last().validationAccuracy() >= 0.9, "held-out accuracy " + h.last().validationAccuracy());
            assertEquals(64, h.last().validationAccuracy() * 64, 6, "at most 6 of 64 wrong");
            assertEquals(128, h.last().images());
            assertTrue(model.isTraining(), "left in training mode");
        }
    }

    @Test
    void adamWTrainsAnMlp() {
        Module model = new Sequential(new Linear(2, 8), new ReLU(), new Linear(8, 2));
        model.resetParameters(5);
        Trainer trainer = Trainer.builder(model, AdamW.builder(model).lr(0.05).build()).epochs(5).build();
        TrainingHistory h = trainer.fit(BatchSource.of(TRAIN), HELD_OUT);
        assertTrue(h.last().validationAccuracy() >= 0.9, "held-out accuracy " + h.last().validationAccuracy());
        assertTrue(h.last().trainLoss() < 0.5 * h.epochs().getFirst().trainLoss(), h.toString());
    }

    /**
     * Held-out labels are the training labels flipped, so the better the model fits the training set the worse
     * its held-out loss: it rises every epoch, the best is epoch 0, and with patience 2 the run stops after epoch 2
     * and restores the weights after epoch 0 (which a one-epoch run of the same seed reproduces bitwise).
     */
    @Test
    void earlyStoppingStopsAndRestoresTheBestWeights() {
        List<Batch> adversarial = Synthetic.flipped(TRAIN);
        Module model = linear(7);
        RecordingListener events = new RecordingListener();
        Trainer trainer = Trainer.builder(model, SGD.builder(model, 0.05).build()).epochs(20)
                .earlyStopping(EarlyStopping.patience(2)).listener(events).build();
        TrainingHistory h = trainer.fit(BatchSource.of(TRAIN), adversarial);
        double[] val = h.validationLoss();
        assertEquals(3, val.length, "epochs 0, 1, 2, then stopped: " + h);
        assertTrue(val[0] < val[1] && val[1] < val[2], "the held-out loss rises: " + java.util.Arrays.toString(val));
        assertTrue(h.stoppedEarly() && h.restoredBest());
        assertEquals(0, h.bestEpoch());
        assertEquals(val[0], trainer.evaluate(adversarial).loss(), 0, "the model is back at epoch 0's weights");

        Module oneEpoch = linear(7);
        Trainer.builder(oneEpoch, SGD.builder(oneEpoch, 0.05).build()).epochs(1).build().fit(BatchSource.of(TRAIN));
        assertStateEquals(oneEpoch.stateDict(), model.stateDict());
        assertEquals("end", events.events.getLast());
        assertEquals(events.history, h);
    }

    @Test
    void withoutRestoringTheModelKeepsItsLastWeights() {
        Module model = linear(7);
        Trainer trainer = Trainer.builder(model, SGD.builder(model, 0.05).build()).epochs(20)
                .earlyStopping(new EarlyStopping(3, 0, false)).build();
        TrainingHistory h = trainer.fit(BatchSource.of(TRAIN), Synthetic.flipped(TRAIN));
        assertEquals(4, h.epochs().size());
        assertTrue(h.stoppedEarly());
        assertFalse(h.restoredBest());
        assertEquals(h.last().validationLoss(), trainer.evaluate(Synthetic.flipped(TRAIN)).loss(), 0);
    }

    @Test
    void improvingRunsAreNotStopped() {
        Module model = linear(3);
        Trainer trainer = Trainer.builder(model, SGD.builder(model, 0.2).build()).epochs(3)
                .earlyStopping(EarlyStopping.patience(1)).build();
        TrainingHistory h = trainer.fit(BatchSource.of(TRAIN), HELD_OUT);
        assertEquals(3, h.epochs().size());
        assertEquals(2, h.bestEpoch());
        assertFalse(h.stoppedEarly() || h.restoredBest(), "the last epoch is the best: nothing to restore");
    }

    @Test
    void listenerReceivesEventsInOrder() {
        Module model = linear(3);
        RecordingListener rec = new RecordingListener();
        List<Batch> three = TRAIN.subList(0, 3);
        Trainer trainer = Trainer.builder(model, SGD.builder(model, 0.1).build()).epochs(2).listener(rec).build();
        trainer.fit(BatchSource.of(three), HELD_OUT);
        assertEquals(List.of("start 2",
                "epochStart 0/2 batches 3 lr 0.1", "batch 0.0", "batch 0.1", "batch 0.2", "evaluation 0", "epochEnd 0",
                "epochStart 1/2 batches 3 lr 0.1", "batch 1.0", "batch 1.1", "batch 1.2", "evaluation 1", "epochEnd 1",
                "end"), rec.events);
        // each batch's running figures are the size-weighted means of the batches so far, and the epoch row's
        // figures are the last running ones
        double lossSum = 0;
        double correct = 0;
        for (int i = 0; i < 3; i++) {
            BatchStats s = rec.batches.get(i);
            lossSum += s.loss() * s.size();
            correct += s.accuracy() * s.size();
            assertEquals(lossSum / (16 * (i + 1)), s.epochLoss(), 1e-12);
            assertEquals(correct / (16 * (i + 1)), s.epochAccuracy(), 1e-12);
            assertEquals(3, s.batchCount());
            assertTrue(s.imagesPerSecond() > 0);
        }
        assertEquals(rec.batches.get(2).epochLoss(), rec.epochs.getFirst().trainLoss(), 0);
        assertEquals(rec.history.epochs(), rec.epochs);
    }

    @Test
    void evaluationWithoutAHeldOutSetIsSkipped() {
        Module model = linear(3);
        RecordingListener rec = new RecordingListener();
        TrainingHistory h = Trainer.builder(model, SGD.builder(model, 0.1).build()).epochs(1).listener(rec).build()
                .fit(epoch -> TRAIN.subList(0, 1));
        assertEquals(List.of("start 1", "epochStart 0/1 batches -1 lr 0.1", "batch 0.0", "epochEnd 0", "end"),
                rec.events);
        assertFalse(h.last().hasValidation());
        assertEquals(-1, h.bestEpoch());
    }

    @Test
    void epochScheduleSetsTheRateBeforeEachEpoch() {
        Module model = linear(3);
        SGD sgd = SGD.builder(model, 0.4).build();
        TrainingHistory h = Trainer.builder(model, sgd).epochs(5).schedule(new StepLR(2, 0.5),
                ScheduleInterval.EPOCH).build().fit(BatchSource.of(TRAIN.subList(0, 2)));
        assertArrayEquals(new double[] {0.4, 0.4, 0.2, 0.2, 0.1}, h.lr(), 1e-15);
    }

    @Test
    void batchScheduleSetsTheRateBeforeEachBatch() {
        Module model = linear(3);
        RecordingListener rec = new RecordingListener();
        Trainer.builder(model, SGD.builder(model, 1).build()).epochs(2)
                .schedule(new MultiStepLR(0.1, 2, 5), ScheduleInterval.BATCH).listener(rec).build()
                .fit(BatchSource.of(TRAIN.subList(0, 3)));
        List<Double> rates = new ArrayList<>();
        rec.batches.forEach(b -> rates.add(b.lr()));
        // batches 0..5 over two epochs of three
        assertEquals(List.of(1.0, 1.0, 0.1, 0.1, 0.1, 0.1 * 0.1), rates);
        assertArrayEquals(new double[] {1.0, 0.1}, rec.history.lr(), 1e-15, "the rate at each epoch's first batch");
    }

    @Test
    void trainingIsDeterministic() {
        List<TrainingHistory> runs = new ArrayList<>();
        List<Map<String, Tensor>> weights = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            Module model = linear(9);
            runs.add(Trainer.builder(model, SGD.builder(model, 0.1).momentum(0.9).nesterov(true).build())
                    .epochs(3).build().fit(BatchSource.of(TRAIN), HELD_OUT));
            weights.add(model.stateDict());
        }
        assertArrayEquals(runs.get(0).trainLoss(), runs.get(1).trainLoss(), 0);
        assertArrayEquals(runs.get(0).validationLoss(), runs.get(1).validationLoss(), 0);
        assertStateEquals(weights.get(0), weights.get(1));
    }

    @Test
    void badUseIsRejectedWithAMessage() {
        Module model = linear(3);
        SGD sgd = SGD.builder(model, 0.1).build();
        Module other = new Sequential(new Linear(2, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder(other, sgd));
        assertTrue(e.getMessage().contains("expected an optimizer over the model's parameters [0.weight, 0.bias],"
                + " got one over [weight, bias]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder(model, sgd).epochs(0));
        var noHeldOut = assertThrows(IllegalStateException.class, () -> Trainer.builder(model, sgd)
                .earlyStopping(EarlyStopping.patience(1)).build().fit(BatchSource.of(TRAIN)));
        assertTrue(noHeldOut.getMessage().contains("held-out set"), noHeldOut.getMessage());
        var empty = assertThrows(IllegalArgumentException.class,
                () -> Trainer.builder(model, sgd).build().fit(epoch -> List.of()));
        assertTrue(empty.getMessage().contains("expected batches for epoch 0"), empty.getMessage());
        var badLabel = assertThrows(IllegalArgumentException.class, () -> Trainer.builder(model, sgd).build()
                .fit(BatchSource.of(List.of(new Batch(Tensor.zeros(2, 2), new int[] {0, 2})))));
        assertTrue(badLabel.getMessage().contains("target 1 is 2, outside the 2 classes"), badLabel.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Batch(Tensor.zeros(3, 2), new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(0, 0, true));
    }

    @Test
    void divergenceStopsWithAClearError() {
        Module model = linear(3);
        var e = assertThrows(IllegalStateException.class, () -> Trainer.builder(model,
                SGD.builder(model, 1e300).build()).epochs(3).build().fit(BatchSource.of(TRAIN)));
        assertTrue(e.getMessage().contains("training diverged"), e.getMessage());
    }

    static void assertStateEquals(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String k : expected.keySet()) {
            assertArrayEquals(expected.get(k).toDoubleArray(), actual.get(k).toDoubleArray(), 0, k);
        }
    }
}

package dev.resvec.nn.train;

import dev.resvec.core.NoGrad;
import dev.resvec.core.Tensor;
import dev.resvec.core.TensorArena;
import dev.resvec.nn.Module;
import dev.resvec.nn.data.Batch;
import dev.resvec.nn.optim.LrSchedule;
import dev.resvec.nn.optim.Optimizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a classifier with softmax cross-entropy ({@link Tensor#crossEntropy(int[])} on the model's N×C logits):
 * for each epoch, every batch of the training source (zero the gradients, forward in training mode, loss,
 * backward, optimizer step), then an evaluation on the held-out set (evaluation mode, no graph); for a fixed
 * number of epochs, or until the held-out loss stops improving ({@link EarlyStopping}).
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder(model, SGD.builder(model, 0.1).momentum(0.9).weightDecay(5e-4).build())
 *         .epochs(30)
 *         .schedule(new CosineAnnealingLR(30), ScheduleInterval.EPOCH)
 *         .earlyStopping(EarlyStopping.patience(5))
 *         .listener(new ProgressBarListener())
 *         .build();
 * TrainingHistory history = trainer.fit(trainBatches, heldOutBatches);
 * }</pre>
 *
 * <p>The learning rate: the optimizer's rate when the trainer is built is the schedule's base rate; before each
 * epoch (or batch, with {@link ScheduleInterval#BATCH}) the trainer sets the optimizer's rate to the schedule's.
 *
 * <p>Determinism: the trainer draws no random numbers. Given a seeded model, seeded data and the same settings, a
 * run gives bitwise the same history (timings aside) and weights (the kernels give the same bits for every thread
 * count, so this holds across thread counts too).
 *
 * <p>Memory: each step runs in a {@link TensorArena} scope, so its activations and gradients reuse the arrays of
 * the step before (nothing large is allocated per step once the first step has run); the trainer keeps those
 * arrays, about twice the activations of one batch, for its lifetime. The model's parameters and buffers are not
 * arena storage; after a step the parameters hold no gradient.
 *
 * <p>Not thread-safe: one thread runs {@link #fit} at a time; listeners are called on it.
 */
public final class Trainer {
    private final Module model;
    private final Optimizer optimizer;
    private final LrSchedule schedule;
    private final ScheduleInterval interval;
    private final int epochs;
    private final EarlyStopping earlyStopping;
    private final List<TrainingListener> listeners;
    private final double baseLr;
    /** Storage of the steps' activations and gradients, reused from one step to the next. */
    private final TensorArena arena = new TensorArena();

    private Trainer(Builder b) {
        this.model = b.model;
        this.optimizer = b.optimizer;
        this.schedule = b.schedule;
        this.interval = b.interval;
        this.epochs = b.epochs;
        this.earlyStopping = b.earlyStopping;
        this.listeners = List.copyOf(b.listeners);
        this.baseLr = b.optimizer.lr();
    }

    /**
     * @param model     the classifier: N×… images → N×C logits
     * @param optimizer an optimizer over {@code model}'s parameters
     * @return a builder: 1 epoch, the constant schedule, no early stopping, no listeners
     * @throws IllegalArgumentException when either is null, or the optimizer's parameters are not the model's
     */
    public static Builder builder(Module model, Optimizer optimizer) {
        return new Builder(model, optimizer);
    }

    /** @return the model being trained */
    public Module model() {
        return model;
    }

    /** @return the optimizer */
    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * Trains without a held-out set, for the configured number of epochs.
     *
     * @throws IllegalStateException when early stopping is configured (it needs a held-out set) or the loss
     *                               becomes NaN or infinite
     */
    public TrainingHistory fit(BatchSource train) {
        return fit(train, null);
    }

    /**
     * Trains, evaluating on {@code validation} after every epoch. Starts at epoch 0 (and schedule step 0) from
     * the model's current weights; leaves the model in training mode.
     *
     * @param train      the training batches
     * @param validation the held-out batches (iterated once per epoch), or null for none
     * @return the history; with early stopping and {@code restoreBestWeights}, the model holds the weights
     * after {@link TrainingHistory#bestEpoch()}
     * @throws IllegalArgumentException when {@code train} is null, or gives no batch in an epoch
     * @throws IllegalStateException    when early stopping is configured without a held-out set, or the loss
     *                                  becomes NaN or infinite (the message names the epoch, batch and rate)
     */
    public TrainingHistory fit(BatchSource train, Iterable<Batch> validation) {
        if (train == null) {
            throw new IllegalArgumentException("Trainer.fit: expected training batches, got null");
        }
        if (earlyStopping != null && validation == null) {
            throw new IllegalStateException("Trainer.fit: early stopping expected a held-out set, got none");
        }
        listeners.forEach(l -> l.onTrainingStart(epochs));
        List<EpochStats> rows = new ArrayList<>();
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = -1;
        int sinceBest = 0;
        boolean stoppedEarly = false;
        LinkedHashMap<String, Tensor> bestWeights = null;
        int batchCount = train.batchCount().orElse(-1);
        long globalBatch = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            model.train();
            optimizer.setLr(schedule.lr(baseLr, scheduleStep(epoch, globalBatch)));
            double epochLr = optimizer.lr();
            for (TrainingListener l : listeners) {
                l.onEpochStart(epoch, epochs, batchCount, epochLr);
            }
            long start = System.nanoTime();
            double lossSum = 0;
            long correct = 0;
            long images = 0;
            int batch = 0;
            for (Batch b : train.batches(epoch)) {
                if (interval == ScheduleInterval.BATCH) {
                    optimizer.setLr(schedule.lr(baseLr, scheduleStep(epoch, globalBatch)));
                }
                long t0 = System.nanoTime();
                StepResult step = step(b, epoch, batch);
                double seconds = (System.nanoTime() - t0) * 1e-9;
                lossSum += step.loss() * b.size();
                correct += step.correct();
                images += b.size();
                BatchStats stats = new BatchStats(epoch, batch, batchCount, b.size(), step.loss(), step.accuracy(),
                        lossSum / images, (double) correct / images, seconds > 0 ? b.size() / seconds : 0,
                        optimizer.lr());
                for (TrainingListener l : listeners) {
                    l.onBatchEnd(stats);
                }
                batch++;
                globalBatch++;
            }
            if (batch == 0) {
                throw new IllegalArgumentException("Trainer.fit: expected batches for epoch " + epoch
                        + ", the training source gave none");
            }
            double seconds = (System.nanoTime() - start) * 1e-9;
            Evaluation eval = null;
            if (validation != null) {
                eval = evaluate(validation);
                for (TrainingListener l : listeners) {
                    l.onEvaluation(epoch, eval);
                }
            }
            EpochStats row = new EpochStats(epoch, epochLr, lossSum / images, (double) correct / images,
                    eval == null ? Double.NaN : eval.loss(), eval == null ? Double.NaN : eval.accuracy(), images,
                    seconds);
            rows.add(row);
            for (TrainingListener l : listeners) {
                l.onEpochEnd(row);
            }
            if (eval != null) {
                double minDelta = earlyStopping == null ? 0 : earlyStopping.minDelta();
                if (eval.loss() < bestLoss - minDelta) {
                    bestLoss = eval.loss();
                    bestEpoch = epoch;
                    sinceBest = 0;
                    if (earlyStopping != null && earlyStopping.restoreBestWeights()) {
                        bestWeights = Metrics.snapshot(model);
                    }
                } else {
                    sinceBest++;
                }
                if (earlyStopping != null && sinceBest >= earlyStopping.patience() && epoch + 1 < epochs) {
                    stoppedEarly = true;
                    break;
                }
            }
        }
        boolean restored = false;
        if (bestWeights != null && bestEpoch != rows.size() - 1) {
            model.loadStateDict(bestWeights, true);
            restored = true;
        }
        model.train();
        TrainingHistory history = new TrainingHistory(rows, bestEpoch, stoppedEarly, restored);
        for (TrainingListener l : listeners) {
            l.onTrainingEnd(history);
        }
        return history;
    }

    private int scheduleStep(int epoch, long globalBatch) {
        if (interval == ScheduleInterval.EPOCH) {
            return epoch;
        }
        if (globalBatch > Integer.MAX_VALUE) {
            throw new IllegalStateException("Trainer: more than " + Integer.MAX_VALUE + " batches for a per-batch"
                    + " schedule");
        }
        return (int) globalBatch;
    }

    /**
     * One training step on one batch, exactly what {@link #fit} runs per batch: zero the gradients, forward in the
     * model's current mode, softmax cross-entropy, backward, optimizer step. The learning rate is the optimizer's
     * current one (no schedule is applied here).
     *
     * @param batch the images and labels
     * @return the batch's loss and correct count, measured before the update
     * @throws IllegalArgumentException when the batch is null or the model does not return N×C logits for it
     * @throws IllegalStateException    when the loss is NaN or infinite
     */
    public StepResult step(Batch batch) {
        if (batch == null) {
            throw new IllegalArgumentException("Trainer.step: expected a batch, got null");
        }
        return step(batch, -1, -1);
    }

    private StepResult step(Batch b, int epoch, int batch) {
        optimizer.zeroGrad();
        Tensor input = Metrics.input(b, model.dtype());
        try (TensorArena.Scope ignored = arena.enter()) {
            Tensor logits = model.apply(input);
            int[] labels = b.labels();
            int correct = Metrics.correct(logits, labels);
            Tensor loss = logits.crossEntropy(labels);
            double value = loss.item();
            if (!Double.isFinite(value)) {
                throw new IllegalStateException("Trainer: the loss is " + value + (epoch < 0 ? "" : " at epoch "
                        + epoch + ", batch " + batch) + " (learning rate " + optimizer.lr() + "); training diverged:"
                        + " lower the learning rate");
            }
            loss.backward();
            optimizer.step();
            // the gradients live in the step's arena storage: leave none behind on the parameters
            optimizer.zeroGrad();
            return new StepResult(value, correct, b.size());
        }
    }

    /**
     * Evaluates the model on a data set: mean cross-entropy per image and accuracy, in evaluation mode (batch norm
     * on its running statistics) and without a graph. The model's mode is restored afterwards.
     *
     * @param data the batches
     * @return the loss and accuracy
     * @throws IllegalArgumentException when {@code data} is null or empty, or the model's output is not N×C
     */
    public Evaluation evaluate(Iterable<Batch> data) {
        return evaluate(model, data);
    }

    /**
     * Evaluates any classifier as {@link #evaluate(Iterable)} does.
     *
     * @param model the classifier
     * @param data  the batches
     * @return the loss and accuracy
     */
    @SuppressWarnings("try") // the NoGrad scope is used only for its extent
    public static Evaluation evaluate(Module model, Iterable<Batch> data) {
        if (model == null || data == null) {
            throw new IllegalArgumentException("Trainer.evaluate: expected a model and batches, got "
                    + (model == null ? "no model" : "no batches"));
        }
        boolean wasTraining = model.isTraining();
        model.eval();
        double lossSum = 0;
        long correct = 0;
        long images = 0;
        TensorArena arena = new TensorArena(); // each batch reuses the previous batch's activations' arrays
        try (NoGrad ignored = NoGrad.enter()) {
            for (Batch b : data) {
                Tensor input = Metrics.input(b, model.dtype());
                try (TensorArena.Scope batch = arena.enter()) {
                    Tensor logits = model.apply(input);
                    int[] labels = b.labels();
                    correct += Metrics.correct(logits, labels);
                    lossSum += logits.crossEntropy(labels).item() * b.size();
                    images += b.size();
                }
            }
        } finally {
            model.train(wasTraining);
        }
        if (images == 0) {
            throw new IllegalArgumentException("Trainer.evaluate: expected at least one batch, got none");
        }
        return new Evaluation(lossSum / images, (double) correct / images, images);
    }

    /** Settings of a {@link Trainer}. */
    public static final class Builder {
        private final Module model;
        private final Optimizer optimizer;
        private LrSchedule schedule = LrSchedule.constant();
        private ScheduleInterval interval = ScheduleInterval.EPOCH;
        private int epochs = 1;
        private EarlyStopping earlyStopping;
        private final List<TrainingListener> listeners = new ArrayList<>();

        private Builder(Module model, Optimizer optimizer) {
            if (model == null || optimizer == null) {
                throw new IllegalArgumentException("Trainer: expected a model and an optimizer, got "
                        + (model == null ? "no model" : "no optimizer"));
            }
            List<String> names = new ArrayList<>(model.namedParameterSlots().keySet());
            if (!names.equals(optimizer.parameterNames())) {
                throw new IllegalArgumentException("Trainer: expected an optimizer over the model's parameters "
                        + abbreviate(names) + ", got one over " + abbreviate(optimizer.parameterNames()));
            }
            this.model = model;
            this.optimizer = optimizer;
        }

        private static String abbreviate(List<String> names) {
            return names.size() <= 6 ? names.toString()
                    : names.subList(0, 6) + " and " + (names.size() - 6) + " more";
        }

        /** @param epochs the epoch limit, {@code > 0} (default 1); @return this builder */
        public Builder epochs(int epochs) {
            if (epochs <= 0) {
                throw new IllegalArgumentException("Trainer: expected epochs > 0, got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        /**
         * @param schedule the learning-rate schedule (its base rate is the optimizer's rate at {@link #build()})
         * @param interval whether it steps once per epoch or once per batch
         * @return this builder
         */
        public Builder schedule(LrSchedule schedule, ScheduleInterval interval) {
            if (schedule == null || interval == null) {
                throw new IllegalArgumentException("Trainer: expected a schedule and an interval, got "
                        + (schedule == null ? "no schedule" : "no interval"));
            }
            this.schedule = schedule;
            this.interval = interval;
            return this;
        }

        /** @param earlyStopping when to stop before the epoch limit (null: never); @return this builder */
        public Builder earlyStopping(EarlyStopping earlyStopping) {
            this.earlyStopping = earlyStopping;
            return this;
        }

        /** @param listener receives the run's events, after the listeners added before it; @return this builder */
        public Builder listener(TrainingListener listener) {
            if (listener == null) {
                throw new IllegalArgumentException("Trainer: expected a listener, got null");
            }
            listeners.add(listener);
            return this;
        }

        /** @return the trainer */
        public Trainer build() {
            return new Trainer(this);
        }
    }

    @Override
    public String toString() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("optimizer", optimizer);
        s.put("schedule", schedule);
        s.put("interval", interval);
        s.put("epochs", epochs);
        s.put("earlyStopping", earlyStopping);
        return "Trainer" + s;
    }
}

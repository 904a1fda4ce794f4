package dev.resvec.cli;

import dev.resvec.kernels.Kernels;
import dev.resvec.kernels.Parallelism;
import dev.resvec.nn.data.ChannelStats;
import dev.resvec.nn.data.Datasets;
import dev.resvec.nn.data.Split;
import dev.resvec.nn.optim.CosineAnnealingLR;
import dev.resvec.nn.optim.LinearWarmup;
import dev.resvec.nn.optim.LrSchedule;
import dev.resvec.nn.optim.MultiStepLR;
import dev.resvec.nn.optim.SGD;
import dev.resvec.nn.optim.StepLR;
import dev.resvec.nn.resnet.ResNet;
import dev.resvec.nn.train.BatchSource;
import dev.resvec.nn.train.EarlyStopping;
import dev.resvec.nn.train.EpochStats;
import dev.resvec.nn.train.ProgressBarListener;
import dev.resvec.nn.train.ScheduleInterval;
import dev.resvec.nn.train.Trainer;
import dev.resvec.nn.train.TrainingHistory;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code resvec train}: trains a CIFAR-style ResNet (v1 or pre-activation) with SGD (momentum 0.9, Nesterov, weight
 * decay 5e-4) and a learning-rate schedule with a linear warm-up, optionally stopping early when the held-out loss
 * stops improving (then the best epoch's weights are saved), then writes {@code model.safetensors},
 * {@code history.png} and {@code history.json} into the output directory.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains a CIFAR ResNet (default: ResNet-20 on the embedded shapes dataset) and saves a"
                + " checkpoint (model.safetensors), a chart (history.png) and the history (history.json)."})
final class TrainCommand implements Callable<Integer> {
    /** The architectures. */
    enum Model { resnet, preact }

    /** The learning-rate schedules. */
    enum Schedule { cosine, step, multistep, constant }

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--model", defaultValue = "resnet",
            description = "resnet (v1, post-activation) or preact (v2). Default: ${DEFAULT-VALUE}.")
    Model model;

    @Option(names = "--depth", defaultValue = "20", description = "6n + 2: 8, 14, 20, 32, 44, 56, 110."
            + " Default: ${DEFAULT-VALUE}.")
    int depth;

    @Option(names = "--width", defaultValue = "16", description = "Base width (stage widths w, 2w, 4w)."
            + " Default: ${DEFAULT-VALUE}.")
    int width;

    @Option(names = "--epochs", defaultValue = "2", description = "Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch", defaultValue = "64", description = "Batch size. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--lr", defaultValue = "0.1", description = "Peak learning rate. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--schedule", defaultValue = "cosine",
            description = "cosine, step (x0.1 after each third of the run), multistep (x0.1 at each of"
                    + " --milestones) or constant, after a linear warm-up over the first half epoch."
                    + " Default: ${DEFAULT-VALUE}.")
    Schedule schedule;

    @Option(names = "--milestones", split = ",", paramLabel = "EPOCH",
            description = "With --schedule multistep: the epochs (strictly increasing, each in 1..epochs-1) at"
                    + " whose start the rate drops x0.1, e.g. 15,22. Default: half and three quarters of the run.")
    int[] milestones;

    @Option(names = "--patience", paramLabel = "N",
            description = "Stop when the held-out loss has not improved for N epochs in a row, and save the"
                    + " weights of the epoch with the lowest held-out loss. Default: none (train every epoch and"
                    + " save the last epoch's weights).")
    Integer patience;

    @Option(names = "--threads", description = "Kernel threads. Default: one per processor.")
    Integer threads;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the weights and the shuffling."
            + " Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory. Default: runs/<timestamp>.")
    Path out;

    @Override
    public Integer call() throws Exception {
        validate();
        if (threads != null) {
            Parallelism.setDefaultThreads(threads);
        }
        Kernels.provider(); // selects (and logs) the kernel provider now, not in the middle of the first bar
        PrintWriter log = spec.commandLine().getOut();
        Path dir = out != null ? out : Path.of("runs",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(dir);

        Split split = data.load(32);
        int[] shape = split.train().imageShape();
        ChannelStats stats = Datasets.channelStats(split.train(), Math.min(split.train().size(), 2000));
        Checkpoints.Spec ckpt = new Checkpoints.Spec(model.name(), depth, width, split.train().classNames(),
                shape[1], stats.mean(), stats.std());
        ResNet net = ckpt.build(seed);
        int[] decayEpochs = schedule == Schedule.multistep ? milestoneEpochs() : null;
        log.printf(Locale.ROOT, "%s-%d (width %d, %,d parameters) on %s, %d epochs%s, batch %d, lr %s (%s),"
                        + " %d kernel threads%n", model == Model.preact ? "Pre-activation ResNet" : "ResNet", depth,
                width, net.parameterCount(), data.describe(), epochs,
                patience == null ? "" : " (early stopping, patience " + patience + ")", batch, lr,
                decayEpochs == null ? schedule : schedule + " x0.1 at epochs " + join(decayEpochs),
                Parallelism.defaultThreads());
        log.flush();

        BatchSource train = Loaders.training(split.train(), batch, seed, stats);
        int perEpoch = train.batchCount().orElse(1);
        SGD sgd = SGD.builder(net, lr).momentum(0.9).nesterov(true).weightDecay(5e-4).build();
        int total = epochs * perEpoch;
        int warm = Math.max(1, Math.min(perEpoch / 2, total / 4));
        LrSchedule after = switch (schedule) {
            case cosine -> new CosineAnnealingLR(Math.max(1, total - warm));
            case step -> new StepLR(Math.max(1, (total - warm) / 3), 0.1);
            case multistep -> {
                // epoch m starts at batch m * perEpoch of the run; LinearWarmup starts the schedule after it at its
                // own step 0, so add the warm-up's steps back (it ends within the first epoch, before any milestone)
                MultiStepLR decay = new MultiStepLR(0.1,
                        Arrays.stream(decayEpochs).map(m -> Math.multiplyExact(m, perEpoch)).toArray());
                yield (base, step) -> decay.lr(base, step + warm);
            }
            case constant -> LrSchedule.constant();
        };
        Trainer trainer = Trainer.builder(net, sgd).epochs(epochs)
                .schedule(new LinearWarmup(after, warm, 0.1), ScheduleInterval.BATCH)
                .earlyStopping(patience == null ? null : EarlyStopping.patience(patience))
                .listener(new ProgressBarListener())
                .build();
        long t0 = System.nanoTime();
        TrainingHistory history = trainer.fit(train, Loaders.evaluation(split.heldOut(), 256, stats));
        double seconds = (System.nanoTime() - t0) / 1e9;

        // the trainer evaluated the held-out set after every epoch; the weights saved below are the last epoch's, or
        // with --patience the best epoch's (the trainer restored them), so these are the saved weights' figures
        EpochStats kept = history.restoredBest() ? history.best() : history.last();
        int keptEpoch = kept.epoch() + 1;
        if (history.stoppedEarly()) {
            log.printf(Locale.ROOT, "Stopped early after epoch %d of %d: the held-out loss had not improved for %d"
                            + " epoch%s; kept the weights of epoch %d (held-out loss %.4f)%n", history.epochs().size(),
                    epochs, patience, patience == 1 ? "" : "s", keptEpoch, kept.validationLoss());
        } else if (history.restoredBest()) {
            log.printf(Locale.ROOT, "Kept the weights of epoch %d, whose held-out loss (%.4f) was the lowest%n",
                    keptEpoch, kept.validationLoss());
        }
        Checkpoints.save(dir.resolve("model.safetensors"), net, ckpt);
        Map<String, String> settings = new LinkedHashMap<>(ckpt.metadata());
        settings.put("dataset", data.describe());
        settings.put("epochs", Integer.toString(epochs));
        settings.put("batch", Integer.toString(batch));
        settings.put("lr", Double.toString(lr));
        settings.put("schedule", schedule.name());
        if (decayEpochs != null) {
            settings.put("milestones", join(decayEpochs));
        }
        settings.put("patience", patience == null ? "none" : Integer.toString(patience));
        settings.put("bestEpoch", Integer.toString(history.bestEpoch() + 1));
        settings.put("weightsEpoch", Integer.toString(keptEpoch));
        settings.put("seed", Long.toString(seed));
        settings.put("seconds", String.format(Locale.ROOT, "%.1f", seconds));
        HistoryJson.write(history, settings, dir.resolve("history.json"));
        HistoryChart.write(history, dir.resolve("history.png"));
        log.printf(Locale.ROOT, "Held-out accuracy %.2f%% (loss %.4f) on %d images after %d epochs%s in %.1f s%n",
                100 * kept.validationAccuracy(), kept.validationLoss(), split.heldOut().size(),
                history.epochs().size(), keptEpoch == history.epochs().size() ? ""
                        : " (the weights of epoch " + keptEpoch + ")", seconds);
        log.printf("Wrote %s (model.safetensors, history.png, history.json)%n", dir);
        log.flush();
        return 0;
    }

    private void validate() {
        String bad = null;
        if (depth < 8 || (depth - 2) % 6 != 0) {
            bad = "--depth: expected 6n + 2 (8, 14, 20, 32, 44, 56, 110), got " + depth;
        } else if (width < 1) {
            bad = "--width: expected at least 1, got " + width;
        } else if (epochs < 1) {
            bad = "--epochs: expected at least 1, got " + epochs;
        } else if (batch < 1) {
            bad = "--batch: expected at least 1, got " + batch;
        } else if (!(lr > 0) || Double.isInfinite(lr)) {
            bad = "--lr: expected a positive number, got " + lr;
        } else if (threads != null && threads < 1) {
            bad = "--threads: expected at least 1, got " + threads;
        } else if (patience != null && patience < 1) {
            bad = "--patience: expected at least 1 epoch, got " + patience;
        } else if (milestones != null && schedule != Schedule.multistep) {
            bad = "--milestones: expected only with --schedule multistep, got --schedule " + schedule;
        } else if (schedule == Schedule.multistep && epochs < 2) {
            bad = "--schedule multistep: expected --epochs of at least 2 (the milestones lie in 1..epochs-1), got "
                    + epochs;
        } else if (milestones != null) {
            bad = milestonesProblem();
        }
        if (bad != null) {
            throw new ParameterException(spec.commandLine(), bad);
        }
    }

    /** @return what is wrong with {@code --milestones}, or null */
    private String milestonesProblem() {
        if (milestones.length == 0) {
            return "--milestones: expected at least one epoch, got none";
        }
        for (int i = 0; i < milestones.length; i++) {
            if (milestones[i] < 1 || milestones[i] > epochs - 1) {
                return "--milestones: expected epochs in 1.." + (epochs - 1) + " (--epochs " + epochs + "), got "
                        + milestones[i] + " in " + join(milestones);
            }
            if (i > 0 && milestones[i] <= milestones[i - 1]) {
                return "--milestones: expected strictly increasing epochs, got " + join(milestones);
            }
        }
        return null;
    }

    /**
     * @return the epochs at whose start a multi-step schedule drops the rate: {@code --milestones}, or half and three
     * quarters of the run (those in 1..epochs-1, once each)
     */
    private int[] milestoneEpochs() {
        if (milestones != null) {
            return milestones.clone();
        }
        return IntStream.of(epochs / 2, 3 * epochs / 4).filter(m -> m >= 1 && m <= epochs - 1).distinct().toArray();
    }

    private static String join(int[] values) {
        return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }
}

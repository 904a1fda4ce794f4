package dev.resvec.bench;

import dev.resvec.nn.data.Batch;
import dev.resvec.nn.data.ChannelStats;
import dev.resvec.nn.data.DataLoader;
import dev.resvec.nn.data.Datasets;
import dev.resvec.nn.data.EmbeddedShapes;
import dev.resvec.nn.data.Transform;
import dev.resvec.nn.optim.SGD;
import dev.resvec.nn.resnet.ResNet;
import dev.resvec.nn.resnet.ResNetOptions;
import dev.resvec.nn.resnet.ResNets;
import dev.resvec.nn.train.StepResult;
import dev.resvec.nn.train.Trainer;
import java.util.ArrayList;
import java.util.List;

/**
 * The CIFAR ResNet-20 training step that {@link TrainStepBenchmark} and {@link TrainingAlternation} time: what
 * {@code resvec train} runs per batch, on {@value #BATCHES} augmented batches of the embedded shapes set (seed 0)
 * assembled up front and taken in turn, so a step holds no data loading; seeded weights (seed 42); SGD with
 * Nesterov momentum 0.9 and weight decay 5e-4 (the command's optimizer).
 */
final class TrainStepFixture {
    /** The batch size of the step (PyTorch's peer figure uses the same). */
    static final int BATCH = 64;
    private static final int BATCHES = 8;

    private final Trainer trainer;
    private final List<Batch> batches = new ArrayList<>();
    private int next;

    TrainStepFixture() {
        EmbeddedShapes data = new EmbeddedShapes(0, BATCH * BATCHES);
        ChannelStats stats = Datasets.channelStats(data);
        DataLoader loader = DataLoader.builder(data).batchSize(BATCH).shuffle(true).seed(1)
                .transforms(Transform.standardAugmentation(stats)).build();
        loader.epoch(0).forEach(batches::add);
        ResNet model = ResNets.cifarResNet(20, data.numClasses(), ResNetOptions.defaults().seed(42));
        model.train();
        SGD sgd = SGD.builder(model, 0.05).momentum(0.9).nesterov(true).weightDecay(5e-4).build();
        trainer = Trainer.builder(model, sgd).build();
    }

    /** Runs one training step on the next batch. */
    StepResult step() {
        Batch b = batches.get(next);
        next = (next + 1) % batches.size();
        return trainer.step(b);
    }
}

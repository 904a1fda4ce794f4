package dev.resvec.nn.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.nn.data.Batch;
import dev.resvec.nn.data.ChannelStats;
import dev.resvec.nn.data.DataLoader;
import dev.resvec.nn.data.Dataset;
import dev.resvec.nn.data.Datasets;
import dev.resvec.nn.data.EmbeddedShapes;
import dev.resvec.nn.data.Normalize;
import dev.resvec.nn.data.Split;
import dev.resvec.nn.optim.CosineAnnealingLR;
import dev.resvec.nn.optim.LinearWarmup;
import dev.resvec.nn.optim.SGD;
import dev.resvec.nn.resnet.ResNet;
import dev.resvec.nn.resnet.ResNetOptions;
import dev.resvec.nn.resnet.ResNets;
import org.junit.jupiter.api.Test;

/**
 * The whole training path on the real data of {@code resvec train} rather than on {@link Synthetic}'s stripes: the
 * embedded shapes set through the {@link DataLoader} (seeded shuffling, {@link Normalize}), a CIFAR ResNet-8 of base
 * width 8 from {@link ResNets}, SGD with Nesterov momentum under a warm-up and cosine schedule, and the
 * {@link Trainer}. A slice of 1 000 images trains for 10 epochs (a few seconds); 500 later images of the same seed,
 * never trained on, measure what it learnt.
 *
 * <p>The embedded set has ten classes, six of them shapes that simple features cannot separate (see
 * {@link EmbeddedShapes}), so held-out accuracy well above chance (0.10) means the network learnt from the images, not
 * from a quirk of the labels: a broken convolution or gradient stays near chance, a broken loader (labels that no
 * longer match the images) too.
 *
 * <p>Measured (2026-12-03, 2-vCPU VM): the training loss goes from 2.28 in epoch 0 to 0.82 in epoch 9 (the bar is
 * 1.14) and 62.0 % of the held-out images are right (the bar is 40 %) with the 512-bit kernels; with
 * {@code -Dresvec.vectorBits=256}, whose sums round differently, 2.30 → 0.81 and 60.2 %. The margins are wide so that
 * another vector width or kernel choice, which changes the run in its last bits, cannot flip the result. About 9 s of
 * training on an idle machine (20 s and more while other builds share its two cores). With lr 0.1 instead of 0.2 the
 * loss reached 0.96 and accuracy 57 %: closer to the bar, hence 0.2.
 */
class EmbeddedShapesTrainingTest {
    private static final long SEED = 7;
    private static final int TRAIN = 1_000;
    private static final int HELD_OUT = 500;
    private static final int EPOCHS = 10;
    private static final int BATCH = 32;

    @Test
    void resNet8LearnsASliceOfTheEmbeddedShapes() {
        Split split = EmbeddedShapes.split(SEED, TRAIN, HELD_OUT);
        ChannelStats stats = Datasets.channelStats(split.train());
        DataLoader loader = DataLoader.builder(split.train()).batchSize(BATCH).shuffle(true).seed(SEED)
                .transforms(new Normalize(stats)).build();
        ResNet model = ResNets.cifarResNet(8, 10, ResNetOptions.defaults().baseWidth(8).seed(SEED));
        SGD sgd = SGD.builder(model, 0.2).momentum(0.9).nesterov(true).weightDecay(5e-4).build();
        int steps = EPOCHS * loader.batches();
        int warm = loader.batches();
        Trainer trainer = Trainer.builder(model, sgd).epochs(EPOCHS)
                .schedule(new LinearWarmup(new CosineAnnealingLR(steps - warm), warm, 0.1), ScheduleInterval.BATCH)
                .build();

        TrainingHistory h = trainer.fit(loader::epoch);
        Evaluation heldOut = trainer.evaluate(batches(split.heldOut(), stats));

        // the first epoch's loss is about ln 10 (a fresh network guesses); the stricter of the two is the bar
        double[] loss = h.trainLoss();
        double chanceLoss = Math.log(10);
        assertTrue(loss[loss.length - 1] <= 0.5 * Math.min(loss[0], chanceLoss), "the training loss halves: " + h);
        assertTrue(heldOut.accuracy() >= 0.40, "held-out accuracy (chance 0.10): " + heldOut);
    }

    /** @return the held-out images in order, normalised with the training set's statistics */
    private static Iterable<Batch> batches(Dataset data, ChannelStats stats) {
        DataLoader loader = DataLoader.builder(data).batchSize(250).shuffle(false).transforms(new Normalize(stats))
                .build();
        return loader.epoch(0);
    }
}

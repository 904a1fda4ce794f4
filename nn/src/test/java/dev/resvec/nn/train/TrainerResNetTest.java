package dev.resvec.nn.train;

import static dev.resvec.nn.train.TrainerTest.assertStateEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.core.Tensor;
import dev.resvec.nn.data.Batch;
import dev.resvec.nn.optim.CosineAnnealingLR;
import dev.resvec.nn.optim.LinearWarmup;
import dev.resvec.nn.optim.SGD;
import dev.resvec.nn.resnet.ResNet;
import dev.resvec.nn.resnet.ResNetOptions;
import dev.resvec.nn.resnet.ResNets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A CIFAR ResNet-8 of base width 4 (stages of 4, 8, 16 channels) learns four classes of striped 32×32 images (row or
 * column stripes × red or blue tint) from 32 training images in a few seconds.
 */
class TrainerResNetTest {
    private static final List<Batch> TRAIN = Synthetic.stripes(21, 4, 8, 32);
    private static final List<Batch> HELD_OUT = Synthetic.stripes(22, 4, 8, 32);

    private static ResNet tinyResNet() {
        return ResNets.cifarResNet(8, 4, ResNetOptions.defaults().baseWidth(4).seed(13));
    }

    private static TrainingHistory train(ResNet model, int epochs) {
        SGD sgd = SGD.builder(model, 0.1).momentum(0.9).weightDecay(5e-4).build();
        return Trainer.builder(model, sgd).epochs(epochs)
                .schedule(new LinearWarmup(new CosineAnnealingLR(epochs - 1), 1, 0.2),
                        ScheduleInterval.EPOCH)
                .build().fit(BatchSource.of(TRAIN), HELD_OUT);
    }

    @Test
    void tinyResNetLearnsStripes() {
        ResNet model = tinyResNet();
        TrainingHistory h = train(model, 8);
        double[] loss = h.trainLoss();
        assertTrue(loss[loss.length - 1] < 0.5 * loss[0], "the training loss halves: " + h);
        assertTrue(h.last().validationAccuracy() >= 0.75, "held-out accuracy (chance 0.25): " + h.last());
    }

    /**
     * {@link Trainer#step} runs in the trainer's arena, whose recycled arrays must change nothing: three steps give
     * bitwise the losses and weights of the same steps written out by hand (fresh arrays), and leave no gradient.
     */
    @Test
    void stepsInTheArenaEqualPlainSteps() {
        ResNet a = tinyResNet();
        ResNet b = tinyResNet();
        SGD sgdA = SGD.builder(a, 0.1).momentum(0.9).nesterov(true).weightDecay(5e-4).build();
        SGD sgdB = SGD.builder(b, 0.1).momentum(0.9).nesterov(true).weightDecay(5e-4).build();
        Trainer trainer = Trainer.builder(a, sgdA).build();
        for (int step = 0; step < 3; step++) {
            Batch batch = TRAIN.get(step);
            StepResult r = trainer.step(batch);
            sgdB.zeroGrad();
            Tensor logits = b.apply(batch.images());
            Tensor loss = logits.crossEntropy(batch.labels());
            assertEquals(loss.item(), r.loss(), 0, "step " + step);
            loss.backward();
            sgdB.step();
            assertStateEquals(b.stateDict(), a.stateDict());
            for (Tensor p : a.parameters()) {
                assertNull(p.grad(), "no gradient is left on the parameters after a step");
            }
        }
    }

    @Test
    void resNetTrainingIsDeterministic() {
        ResNet a = tinyResNet();
        ResNet b = tinyResNet();
        TrainingHistory ha = train(a, 2);
        TrainingHistory hb = train(b, 2);
        assertArrayEquals(ha.trainLoss(), hb.trainLoss(), 0);
        assertArrayEquals(ha.validationAccuracy(), hb.validationAccuracy(), 0);
        assertStateEquals(a.stateDict(), b.stateDict());
    }
}

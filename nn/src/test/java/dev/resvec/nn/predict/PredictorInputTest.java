package dev.resvec.nn.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.core.DType;
import dev.resvec.core.Tensor;
import dev.resvec.nn.BatchNorm2d;
import dev.resvec.nn.Conv2d;
import dev.resvec.nn.Flatten;
import dev.resvec.nn.Linear;
import dev.resvec.nn.MaxPool2d;
import dev.resvec.nn.Module;
import dev.resvec.nn.ReLU;
import dev.resvec.nn.Sequential;
import dev.resvec.nn.resnet.ResNetOptions;
import dev.resvec.nn.resnet.ResNets;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad inputs and unsupported models get an {@link IllegalArgumentException} that says what was expected. */
class PredictorInputTest {
    private static final Predictor CIFAR = Predictor.of(
            ResNets.cifarResNet(8, 10, ResNetOptions.defaults().baseWidth(4)));

    private static void assertMessage(Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
        }
    }

    @Test
    void imagesOfTheWrongRankChannelsOrSizeAreRejected() {
        assertMessage(() -> CIFAR.predict(Tensor.zeros(3, 32, 32)), "rank 4", "got rank 3", "[3, 32, 32]");
        assertMessage(() -> CIFAR.predict(Tensor.zeros(2, 1, 32, 32)), "3 channels", "got 1 channels");
        assertMessage(() -> CIFAR.predict(Tensor.zeros(2, 3, 32, 31)), "32×32", "got 32×31", "withInputSize");
        assertMessage(() -> CIFAR.predict(Tensor.zeros(0, 3, 32, 32)), "at least one image");
        assertMessage(() -> CIFAR.predict((Tensor) null), "got null");
    }

    @Test
    void arraysMustHoldExactlyTheBatch() {
        assertMessage(() -> CIFAR.predict(new float[3 * 32 * 32], 2), "2 images of 3×32×32", "6144", "got 3072");
        assertMessage(() -> CIFAR.predict(new float[3 * 32 * 32], 0), "at least one image, got 0");
        assertMessage(() -> CIFAR.predict(null, 1), "got null");
        assertMessage(() -> CIFAR.predict(new float[3 * 16 * 16], 1), "expected 1 image of 3×32×32 = 3072 floats",
                "got 768");
        float[] in = new float[2 * 3 * 32 * 32];
        assertMessage(() -> CIFAR.predictInto(in, 1, 2, new float[20], 0), "'in'", "offset 1", "6144");
        assertMessage(() -> CIFAR.predictInto(in, 0, 2, new float[19], 0), "'out'", "20 floats", "length is 19");
        assertMessage(() -> CIFAR.predictInto(in, 0, 1, in, 3000), "overlaps");
    }

    @Test
    void float64ImagesAreConverted() {
        Tensor x = PredictorFixtures.images(1, 1, 3, 32, 32);
        assertArrayEquals(CIFAR.predict(x).toFloatArray(), CIFAR.predict(x.to(DType.FLOAT64)).toFloatArray());
        float[] flat = x.toFloatArray();
        assertArrayEquals(CIFAR.predict(x).toFloatArray(), CIFAR.predict(flat, 1));
        float[] out = new float[13];
        CIFAR.predictInto(flat, 0, 1, out, 3);
        assertArrayEquals(CIFAR.predict(flat, 1), java.util.Arrays.copyOfRange(out, 3, 13));
    }

    @Test
    void inputSizesTooSmallForTheModelAreRejectedWithTheMinimum() {
        Module m = new Sequential(new Conv2d(3, 4, 5, 1, 0, false), new Conv2d(4, 4, 3, 2, 0, false));
        assertMessage(() -> Predictor.of(m, PredictorOptions.defaults().inputSize(6, 9)), "6×9",
                "smallest square size it takes is 7×7", "'1'");
        assertMessage(() -> Predictor.of(m), "no default input size", "inputSize");
        assertMessage(() -> PredictorOptions.defaults().inputSize(0, 4), "at least 1×1", "0×4");
        assertMessage(() -> CIFAR.withInputSize(-1, 4), "at least 1×1");
    }

    @Test
    void unsupportedModelsAreNamed() {
        Module custom = new Module() {
            @Override
            public Tensor forward(Tensor input) {
                return input;
            }
        };
        Module withCustom = new Sequential(new Conv2d(3, 4, 3, 1, 1, false), custom);
        assertMessage(() -> Predictor.of(withCustom, PredictorOptions.defaults().inputSize(8, 8)),
                "unsupported module '1'", "supported:");
        Module linearOnMaps = new Sequential(new Conv2d(3, 4, 3, 1, 1, false), new Linear(8, 2));
        assertMessage(() -> Predictor.of(linearOnMaps, PredictorOptions.defaults().inputSize(8, 8)),
                "'1' (Linear)", "Flatten");
        Module convAfterFlatten = new Sequential(new Conv2d(3, 4, 3, 1, 1, false), new Flatten(),
                new MaxPool2d(2, 2, 0));
        assertMessage(() -> Predictor.of(convAfterFlatten, PredictorOptions.defaults().inputSize(8, 8)),
                "'2'", "flattened");
        Module mismatch = new Sequential(new Conv2d(3, 4, 3, 1, 1, false), new ReLU(), new Conv2d(5, 4, 1, 1, 0,
                false));
        assertMessage(() -> Predictor.of(mismatch, PredictorOptions.defaults().inputSize(8, 8)),
                "'2' expects 5 input channels", "gives 4");
        Module wrongFeatures = new Sequential(new Conv2d(3, 4, 3, 1, 1, false), new Flatten(), new Linear(10, 2));
        assertMessage(() -> Predictor.of(wrongFeatures, PredictorOptions.defaults().inputSize(8, 8)),
                "expects 10 input features", "4×8×8 = 256");
        assertMessage(() -> Predictor.of(null), "expected a model");
        assertMessage(() -> Predictor.of(new Sequential(new ReLU()), PredictorOptions.defaults().inputSize(2, 2)),
                "input channels");
    }

    @Test
    void brokenBatchNormStatisticsAreRejected() {
        Module m = new Sequential(new Conv2d(3, 4, 3, 1, 1, false), new BatchNorm2d(4));
        LinkedHashMap<String, Tensor> state = m.stateDict();
        state.put("1.running_var", Tensor.fromArray(new float[] {1, 1, -2, 1}, 4));
        m.loadStateDict(state, true);
        assertMessage(() -> Predictor.of(m, PredictorOptions.defaults().inputSize(8, 8)), "'1'",
                "running_var[2] = -2.0", "running_var + eps > 0");
    }
}

package dev.resvec.nn.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.core.Tensor;
import dev.resvec.nn.AdaptiveAvgPool2d;
import dev.resvec.nn.AvgPool2d;
import dev.resvec.nn.BatchNorm2d;
import dev.resvec.nn.Conv2d;
import dev.resvec.nn.Flatten;
import dev.resvec.nn.Identity;
import dev.resvec.nn.Linear;
import dev.resvec.nn.MaxPool2d;
import dev.resvec.nn.Module;
import dev.resvec.nn.ReLU;
import dev.resvec.nn.Sequential;
import dev.resvec.nn.resnet.ResNet;
import dev.resvec.nn.resnet.ResNetOptions;
import dev.resvec.nn.resnet.ResNets;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The predictor (batch norm folded, activations and adds fused, filters prepared) computes what the unfolded model
 * computes in eval mode.
 *
 * <p>Tolerance, derived rather than guessed: the exact function is the same model converted to float64 (the
 * double reference kernels). The unfolded float32 model and the predictor are two float32 evaluations of it by the
 * same kernels with the same algorithms ({@code Convolution.choose} on the same shapes); they differ only in where
 * rounding happens (folded weights are rounded once after scaling; the BN shift is added in the epilogue rather
 * than in a separate pass). Their errors against the exact value are therefore of the same size, but not the same
 * errors: the predictor's may not exceed 4× the float32 model's own error (measured ratios 0.6 to 1.7 on these
 * models), with a floor of 4 float32 ulps of the largest logit for the unlikely case where the model's error
 * happens to vanish.
 */
class PredictorMatchesModelTest {
    private static final ResNetOptions OPTIONS = ResNetOptions.defaults().seed(5);

    static Stream<Arguments> resnets() {
        return Stream.of(
                Arguments.of("v1 basic (resnet18, width 8)", 64,
                        (Supplier<ResNet>) () -> ResNets.resnet18(10, OPTIONS.baseWidth(8))),
                Arguments.of("v1 bottleneck (resnet50, width 4)", 64,
                        (Supplier<ResNet>) () -> ResNets.resnet50(10, OPTIONS.baseWidth(4))),
                Arguments.of("v2 basic (preact resnet18, width 8)", 64,
                        (Supplier<ResNet>) () -> ResNets.resnet18(10, OPTIONS.baseWidth(8).preActivation(true))),
                Arguments.of("v2 bottleneck (preact resnet50, width 4)", 64,
                        (Supplier<ResNet>) () -> ResNets.resnet50(10, OPTIONS.baseWidth(4).preActivation(true))),
                Arguments.of("CIFAR v1 (resnet20, width 8)", 32,
                        (Supplier<ResNet>) () -> ResNets.cifarResNet(20, 10, OPTIONS.baseWidth(8))),
                Arguments.of("CIFAR v2 (resnet8, width 16)", 32,
                        (Supplier<ResNet>) () -> ResNets.cifarResNet(8, 10, OPTIONS.baseWidth(16)
                                .preActivation(true))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resnets")
    void resNetLogitsMatchTheEvalModeModel(String name, int size, Supplier<ResNet> factory) {
        ResNet model = PredictorFixtures.withStatistics(factory.get(), 9);
        Tensor x = PredictorFixtures.images(3, 2, 3, size, size);
        Predictor p = size == 32 && model.stem() == ResNet.Stem.CIFAR
                ? Predictor.of(model) // the CIFAR default size
                : Predictor.of(model, PredictorOptions.defaults().inputSize(size, size));
        Tensor logits = p.predict(x);
        assertArrayEquals(new int[] {2, 10}, logits.shape(), name);
        assertWithinDerivedTolerance(name, factory, model, x, logits.toFloatArray());
    }

    /** A batch of one takes other paths (the linear layers multiply by weights packed once). */
    @ParameterizedTest(name = "batch {0}")
    @ValueSource(ints = {3, 1})
    void everySupportedLayerMatchesTheModel(int batch) {
        Supplier<Module> factory = PredictorMatchesModelTest::everyLayer;
        Module model = PredictorFixtures.withStatistics(factory.get(), 4);
        Tensor x = PredictorFixtures.images(8, batch, 3, 15, 16);
        Predictor p = Predictor.of(model, PredictorOptions.defaults().inputSize(15, 16));
        Tensor out = p.predict(x);
        assertArrayEquals(new int[] {batch, 5}, out.shape());
        assertWithinDerivedTolerance("Sequential of every layer, batch " + batch, factory, model, x,
                out.toFloatArray());
    }

    private static Module everyLayer() {
        Module m = new Sequential(
                new Conv2d(3, 8, new int[] {3, 5}, new int[] {1, 2}, new int[] {1, 2}, new int[] {1, 1}, 1, true),
                new BatchNorm2d(8), new ReLU(),                  // conv with a bias, BN folded, ReLU fused
                new MaxPool2d(3, 2, 1),
                new Conv2d(8, 8, 3, 1, 1, true), new ReLU(),     // no BN: the conv's own bias, ReLU fused
                new BatchNorm2d(8),                               // BN on its own: affine, no ReLU
                new ReLU(),                                       // … then a ReLU pass of its own
                new Identity(),
                new Conv2d(8, 16, 1, 1, 0, false),               // plain 1×1, nothing fused
                new BatchNorm2d(16), new ReLU(),
                new AvgPool2d(2, 2, 0, true),
                new Flatten(),
                new Linear(16 * 4 * 2, 12), new ReLU(),           // GEMM with bias and ReLU
                new Linear(12, 7, false),                         // no bias
                new Linear(7, 5));
        m.resetParameters(17);
        return m;
    }

    @Test
    void aFeatureExtractorKeepsItsSpatialOutput() {
        Supplier<Module> factory = () -> {
            Module m = new Sequential(new Conv2d(3, 4, 3, 1, 1, false), new BatchNorm2d(4), new ReLU(),
                    new AdaptiveAvgPool2d());
            m.resetParameters(3);
            return m;
        };
        Module model = PredictorFixtures.withStatistics(factory.get(), 2);
        Tensor x = PredictorFixtures.images(1, 2, 3, 9, 9);
        Predictor p = Predictor.of(model, PredictorOptions.defaults().inputSize(9, 9));
        assertArrayEquals(new int[] {4, 1, 1}, p.outputShape());
        Tensor out = p.predict(x);
        assertArrayEquals(new int[] {2, 4, 1, 1}, out.shape());
        assertWithinDerivedTolerance("features", factory, model, x, out.toFloatArray());
    }

    @Test
    void anotherInputSizeSharesTheWeights() {
        Supplier<ResNet> factory = () -> ResNets.cifarResNet(8, 10, OPTIONS.baseWidth(8).preActivation(true));
        ResNet model = PredictorFixtures.withStatistics(factory.get(), 1);
        Predictor p32 = Predictor.of(model);
        assertEquals(32, p32.inputHeight());
        Predictor p12 = p32.withInputSize(12, 20);
        assertEquals(12, p12.inputHeight());
        assertEquals(20, p12.inputWidth());
        Tensor x = PredictorFixtures.images(6, 2, 3, 12, 20);
        assertWithinDerivedTolerance("12×20", factory, model, x, p12.predict(x).toFloatArray());
    }

    @Test
    void theDefaultImageNetSizeIs224() {
        Predictor p = Predictor.of(ResNets.resnet18(10, OPTIONS.baseWidth(2)));
        assertEquals(3, p.inputChannels());
        assertEquals(224, p.inputHeight());
        assertEquals(224, p.inputWidth());
        assertArrayEquals(new int[] {10}, p.outputShape());
    }

    /** The predictor is a snapshot, computes the eval-mode function whatever the model's mode, and leaves it. */
    @Test
    void buildingCopiesTheModelAndIgnoresItsMode() {
        Supplier<ResNet> factory = () -> ResNets.cifarResNet(8, 10, OPTIONS.baseWidth(4));
        ResNet model = PredictorFixtures.withStatistics(factory.get(), 3);
        model.train();
        Predictor p = Predictor.of(model, PredictorOptions.defaults().inputSize(8, 8));
        assertTrue(model.isTraining(), "the model's mode is left as it was");
        Tensor x = PredictorFixtures.images(4, 2, 3, 8, 8);
        float[] before = p.predict(x).toFloatArray();
        assertWithinDerivedTolerance("eval function", factory, model, x, before);
        PredictorFixtures.withStatistics(model, 99); // the model changes after building …
        assertArrayEquals(before, p.predict(x).toFloatArray(), "… the predictor does not");
    }

    private static void assertWithinDerivedTolerance(String name, Supplier<? extends Module> factory, Module model,
                                                     Tensor x, float[] predicted) {
        double[] exact = PredictorFixtures.reference(factory, model, x);
        float[] unfolded = PredictorFixtures.evaluate(model, x).toFloatArray();
        assertEquals(exact.length, predicted.length, name + ": output size");
        double modelError = PredictorFixtures.maxAbsDiff(unfolded, exact);
        double ulp = Math.ulp((float) PredictorFixtures.maxAbs(exact));
        double tolerance = 4 * Math.max(modelError, ulp);
        double error = PredictorFixtures.maxAbsDiff(predicted, exact);
        assertTrue(error <= tolerance, name + ": predictor error " + error + " exceeds 4× the float32 model's error "
                + modelError + " (tolerance " + tolerance + ")");
    }
}

package dev.resvec.nn.resnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.core.DType;
import dev.resvec.core.NoGrad;
import dev.resvec.core.Tensor;
import dev.resvec.nn.BatchNorm2d;
import dev.resvec.nn.Module;
import dev.resvec.nn.Sequential;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whole-network forward passes of small models. Needs the convolution, pooling and batch-norm kernels. */
class ResNetForwardTest {

    private static final ResNetOptions TINY = ResNetOptions.defaults().baseWidth(4).seed(21);

    private static Tensor images(int n, int size) {
        return Tensor.randn(DType.FLOAT32, 77, n, 3, size, size);
    }

    @Test
    void logitsShapeForEveryLayout() {
        ResNet[] models = {ResNets.resnet18(10, TINY), ResNets.resnet18(10, TINY.preActivation(true)),
            ResNets.resnet50(10, TINY.baseWidth(2)), ResNets.resnet50(10, TINY.baseWidth(2).preActivation(true)),
            ResNets.cifarResNet(20, 10, TINY), ResNets.cifarResNet(20, 10, TINY.preActivation(true))};
        for (ResNet m : models) {
            m.eval();
            Tensor y = m.apply(images(1, 32));
            assertArrayEquals(new int[] {1, 10}, y.shape(), m.name() + ", eval, one image");
            m.train();
            Tensor t = m.apply(images(2, 32));
            assertArrayEquals(new int[] {2, 10}, t.shape(), m.name() + ", training, two images");
            assertTrue(t.requiresGrad(), "recorded for backward");
        }
    }

    @Test
    void trainingForwardUpdatesEveryBatchNormEvaluationNone() {
        ResNet m = ResNets.cifarResNet(8, 10, TINY.preActivation(true));
        m.apply(images(2, 16));
        for (Map.Entry<String, Module> e : m.namedModules().entrySet()) {
            if (e.getValue() instanceof BatchNorm2d bn) {
                assertEquals(1, bn.numBatchesTracked().get().item(), e.getKey());
                assertFalse(bn.runningMean().get().allClose(Tensor.zeros(bn.numFeatures())), e.getKey());
            }
        }
        Map<String, Tensor> before = m.stateDict();
        Map<String, double[]> values = new java.util.HashMap<>();
        before.forEach((k, v) -> values.put(k, v.toDoubleArray()));
        m.eval();
        Tensor a;
        Tensor b;
        try (NoGrad ignored = NoGrad.enter()) {
            a = m.apply(images(3, 16));
            b = m.apply(images(3, 16));
        }
        assertArrayEquals(a.toFloatArray(), b.toFloatArray(), "evaluation is deterministic");
        m.stateDict().forEach((k, v) -> assertArrayEquals(values.get(k), v.toDoubleArray(), k));
    }

    /**
     * With zeroInitResidual and fresh running statistics (eval mode: BN is x·γ/√(1 + eps) + β), every residual
     * branch outputs exactly zero, so a stage of identity-shortcut units returns its input: v1 gives
     * relu(0 + x) = x for the non-negative output of the stem, v2 gives 0 + x.
     */
    @Test
    void zeroInitialisedUnitsAreTheirShortcut() {
        for (boolean pre : new boolean[] {false, true}) {
            ResNet m = ResNets.resnet18(10, TINY.zeroInitResidual(true).preActivation(pre));
            m.eval();
            Sequential layer1 = m.stages().get(0);
            Tensor x = images(2, 16);
            Tensor stemOut = Tensor.randn(DType.FLOAT32, 3, 2, 4, 8, 8).relu(); // non-negative, as after the stem
            try (NoGrad ignored = NoGrad.enter()) {
                assertArrayEquals(stemOut.toFloatArray(), layer1.apply(stemOut).toFloatArray(), "pre=" + pre);
                assertArrayEquals(new int[] {2, 10}, m.apply(x).shape());
            }
        }
    }

    @Test
    void float32AgreesWithFloat64() {
        for (boolean pre : new boolean[] {false, true}) {
            ResNet f32 = ResNets.resnet18(5, TINY.preActivation(pre));
            ResNet f64 = ResNets.resnet18(5, TINY.preActivation(pre));
            f64.to(DType.FLOAT64);
            Tensor x = images(2, 32);
            Tensor a = f32.apply(x);
            Tensor b = f64.apply(x.to(DType.FLOAT64));
            double scale = 1;
            for (double v : b.toDoubleArray()) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertTrue(a.allClose(b, 1e-3, 1e-3 * scale), "pre=" + pre + ": " + a + " vs " + b);
        }
    }
}

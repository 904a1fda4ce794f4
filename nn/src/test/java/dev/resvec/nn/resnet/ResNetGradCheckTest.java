package dev.resvec.nn.resnet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.resvec.core.DType;
import dev.resvec.core.GradCheck;
import dev.resvec.core.GradCheckReport;
import dev.resvec.core.Tensor;
import dev.resvec.nn.ModuleGradCheck;
import org.junit.jupiter.api.Test;

/**
 * The check: a float64 gradient check (fast mode, one random projection vᵀJu per tensor) of a whole
 * reduced-width ResNet-18, v1 and v2, with respect to the input and every parameter, in training mode (batch
 * statistics). The ResNet shortcut's gradient is included: the input and every unit's input fan out to the branch
 * and the shortcut.
 *
 * <p>Two 3×16×16 images: the stem leaves 4×4, layer3 and layer4 1×1, and training-mode batch norm needs more than
 * one value per channel (PyTorch refuses one), hence N = 2. Needs the convolution, pooling and batch-norm kernels.
 */
class ResNetGradCheckTest {

    private static void check(boolean preActivation) {
        ResNet m = ResNets.resnet18(3, ResNetOptions.defaults().baseWidth(2).seed(8).preActivation(preActivation));
        m.to(DType.FLOAT64).train();
        Tensor x = Tensor.randn(DType.FLOAT64, 4, 2, 3, 16, 16);
        GradCheckReport r = ModuleGradCheck.check(GradCheck.defaults().fast(12), m, x);
        r.assertPassed();
        assertEquals(1 + m.parameters().size(), r.compared(), "one projection per tensor");
    }

    @Test
    void resnet18V1() {
        check(false);
    }

    @Test
    void preActResnet18V2() {
        check(true);
    }

    @Test
    void cifarResNetInEvaluationMode() {
        ResNet m = ResNets.cifarResNet(8, 4, ResNetOptions.defaults().baseWidth(2).seed(9));
        m.to(DType.FLOAT64).train();
        m.apply(Tensor.randn(DType.FLOAT64, 5, 4, 3, 8, 8)); // non-trivial running statistics
        m.eval();
        ModuleGradCheck.check(GradCheck.defaults().fast(13), m, Tensor.randn(DType.FLOAT64, 6, 1, 3, 8, 8))
                .assertPassed();
    }
}

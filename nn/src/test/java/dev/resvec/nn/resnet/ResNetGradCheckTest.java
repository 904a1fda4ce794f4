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
 * <p>Two 3×64×64 images: the ImageNet stem divides by 4 and each later stage by 2, so layer4 still sees 2×2, and
 * training-mode batch norm has 8 values per channel there. With fewer (two 16×16 images leave 1×1 at layer3 and
 * layer4: 2 values per channel) each normalised value is ±1 whatever its input, the gradient reaching the
 * early layers falls to ~1e-6, under the check's absolute tolerance, and a 1 % error in a convolution's weight
 * gradient goes unnoticed; at 64×64 every convolution's projection is large enough for the relative tolerance to
 * catch it (tried against a deliberately wrong weight gradient). Needs the convolution, pooling and batch-norm
 * kernels.
 */
class ResNetGradCheckTest {

    private static void check(boolean preActivation) {
        ResNet m = ResNets.resnet18(3, ResNetOptions.defaults().baseWidth(2).seed(8).preActivation(preActivation));
        m.to(DType.FLOAT64).train();
        Tensor x = Tensor.randn(DType.FLOAT64, 4, 2, 3, 64, 64);
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

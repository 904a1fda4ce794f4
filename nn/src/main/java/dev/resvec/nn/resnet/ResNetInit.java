package dev.resvec.nn.resnet;

import dev.resvec.nn.Conv2d;
import dev.resvec.nn.Init;
import dev.resvec.nn.Module;
import java.util.Map;

/**
 * torchvision's ResNet initialisation (the loop at the end of its {@code ResNet.__init__}), seeded per parameter:
 * convolution weights Kaiming-normal with fan-out, every other layer its PyTorch default (batch norm γ = 1, β = 0;
 * linear U(±1/√in)), then the optional zero-init of the last scaling in each residual branch.
 */
final class ResNetInit {
    private ResNetInit() {}

    static void initialize(Module model, long seed, boolean zeroInitResidual) {
        for (Map.Entry<String, Module> e : model.namedModules().entrySet()) {
            String prefix = e.getKey();
            Module m = e.getValue();
            if (m instanceof Conv2d conv) {
                int[] shape = conv.weight().shape();
                conv.weight().set(Init.kaimingNormalFanOut(conv.weight().dtype(),
                        Init.seedFor(seed, key(prefix, "weight")), shape).requiresGrad(true));
                if (conv.bias() != null) { // none in a ResNet; PyTorch's default for a user's variant
                    conv.bias().set(Init.torchDefault(conv.bias().dtype(), Init.seedFor(seed, key(prefix, "bias")),
                            Init.fanIn(shape), conv.outChannels()).requiresGrad(true));
                }
            } else if (m.children().isEmpty()) {
                m.resetParameters(seed, prefix);
            }
        }
        if (zeroInitResidual) {
            for (Module m : model.namedModules().values()) {
                if (m instanceof ResidualBlock block) {
                    block.zeroInitLast();
                }
            }
        }
    }

    private static String key(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }
}

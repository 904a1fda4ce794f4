package dev.resvec.nn.resnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.core.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * State-dict keys, order and shapes against {@link ExpectedKeys} (the architecture rules written out
 * independently), plus literal spot checks of keys that PyTorch checkpoints carry.
 */
class StateDictKeysTest {

    static void assertMatches(LinkedHashMap<String, int[]> expected, ResNet model) {
        LinkedHashMap<String, Tensor> actual = model.stateDict();
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(actual.keySet()),
                model.name() + ": keys and their order");
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            assertArrayEquals(e.getValue(), actual.get(e.getKey()).shape(), model.name() + ": shape of " + e.getKey());
        }
    }

    private static void assertShape(ResNet model, String key, int... shape) {
        Tensor t = model.stateDict().get(key);
        assertTrue(t != null, model.name() + " has " + key);
        assertArrayEquals(shape, t.shape(), model.name() + ": " + key);
    }

    @Test
    void resnet18() {
        ResNet m = ResNets.resnet18(1000);
        assertMatches(ExpectedKeys.v1(new int[] {2, 2, 2, 2}, false, true, 64, 1000), m);
        // 20 convolutions / BNs (1 stem + 8 units × 2 + 3 projections): 20 conv weights + 20·2 BN parameters
        // + 2 fc = 62 parameters, 20·3 BN buffers: 122 entries, as torchvision's resnet18().state_dict().
        assertEquals(122, m.stateDict().size());
        assertEquals(62, m.parameters().size());
        assertShape(m, "conv1.weight", 64, 3, 7, 7);
        assertShape(m, "layer2.0.downsample.1.running_var", 128);
        assertShape(m, "layer2.0.downsample.0.weight", 128, 64, 1, 1);
        assertShape(m, "layer1.1.bn2.num_batches_tracked");
        assertShape(m, "layer4.1.conv2.weight", 512, 512, 3, 3);
        assertShape(m, "fc.weight", 1000, 512);
        assertShape(m, "fc.bias", 1000);
        assertFalse(m.stateDict().containsKey("layer1.0.downsample.0.weight"), "layer1 keeps the width: identity");
        assertFalse(m.stateDict().containsKey("layer2.1.downsample.0.weight"), "only the first unit projects");
    }

    @Test
    void resnet50() {
        ResNet m = ResNets.resnet50(1000);
        assertMatches(ExpectedKeys.v1(new int[] {3, 4, 6, 3}, true, true, 64, 1000), m);
        // 53 convolutions / BNs (1 + 16 units × 3 + 4 projections): 53 + 106 + 2 = 161 parameters, 159 buffers.
        assertEquals(320, m.stateDict().size());
        assertShape(m, "layer1.0.downsample.0.weight", 256, 64, 1, 1); // width 64 → 256 at stride 1
        assertShape(m, "layer1.0.conv2.weight", 64, 64, 3, 3);
        assertShape(m, "layer3.5.conv3.weight", 1024, 256, 1, 1);
        assertShape(m, "layer4.2.bn3.running_mean", 2048);
        assertShape(m, "fc.weight", 1000, 2048);
    }

    @Test
    void cifarResNet20() {
        ResNet m = ResNets.cifarResNet(20, 10);
        assertMatches(ExpectedKeys.v1(new int[] {3, 3, 3}, false, false, 16, 10), m);
        assertShape(m, "conv1.weight", 16, 3, 3, 3);
        assertShape(m, "layer2.0.downsample.0.weight", 32, 16, 1, 1);
        assertShape(m, "layer3.0.downsample.1.running_var", 64);
        assertShape(m, "layer3.2.conv2.weight", 64, 64, 3, 3);
        assertShape(m, "fc.weight", 10, 64);
        assertFalse(m.stateDict().keySet().stream().anyMatch(k -> k.startsWith("layer4")), "three stages");
        assertFalse(m.stateDict().containsKey("layer1.0.downsample.0.weight"));
    }

    @Test
    void preActResNet18() {
        ResNet m = ResNets.preActResNet18(10);
        assertMatches(ExpectedKeys.v2(new int[] {2, 2, 2, 2}, false, true, 64, 10), m);
        assertShape(m, "conv1.weight", 64, 3, 7, 7);
        assertShape(m, "layer1.0.bn1.weight", 64);
        assertShape(m, "layer2.0.bn1.running_var", 64); // pre-activates the unit's input: 64 channels
        assertShape(m, "layer2.0.downsample.0.weight", 128, 64, 1, 1);
        assertShape(m, "bn.weight", 512);
        assertShape(m, "bn.num_batches_tracked");
        assertFalse(m.stateDict().containsKey("bn1.weight"), "no BN in the v2 stem");
        assertFalse(m.stateDict().containsKey("layer2.0.downsample.1.weight"), "no BN in the v2 projection");
    }

    @Test
    void preActBottleneckAndCifarV2() {
        assertMatches(ExpectedKeys.v2(new int[] {3, 4, 6, 3}, true, true, 8, 5),
                ResNets.resnet50(5, ResNetOptions.defaults().baseWidth(8).preActivation(true)));
        assertMatches(ExpectedKeys.v2(new int[] {5, 5, 5}, false, false, 16, 10), ResNets.preActCifarResNet(32, 10));
    }

    @Test
    void baseWidthScalesEveryStage() {
        for (int w : new int[] {2, 4, 8}) {
            assertMatches(ExpectedKeys.v1(new int[] {2, 2, 2, 2}, false, true, w, 3),
                    ResNets.resnet18(3, ResNetOptions.defaults().baseWidth(w)));
            assertMatches(ExpectedKeys.v1(new int[] {3, 4, 6, 3}, true, true, w, 3),
                    ResNets.resnet50(3, ResNetOptions.defaults().baseWidth(w)));
        }
    }
}

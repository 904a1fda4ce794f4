package dev.resvec.nn.resnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.nn.TensorSlot;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Parameter counts against independent figures: torchvision's published counts for the ImageNet models (its model
 * documentation, {@code num_params} of each weights entry), and He et al. 2015, Table 6, for the CIFAR models.
 */
class ParameterCountTest {

    private static void checkImagenet(int depth, long published) {
        ResNet m = ResNets.resnet(depth, 1000);
        StateDictKeysTest.assertMatches(
                ExpectedKeys.v1(ExpectedKeys.imagenetBlocks(depth), depth >= 50, true, 64, 1000), m);
        assertEquals(published, ExpectedKeys.parameterCount(
                ExpectedKeys.v1(ExpectedKeys.imagenetBlocks(depth), depth >= 50, true, 64, 1000)),
                "the expected-key generator itself, resnet" + depth);
        assertEquals(published, m.parameterCount(), "resnet" + depth);
        assertEquals(depth, m.depth());
    }

    @Test
    void resnet18() {
        checkImagenet(18, 11_689_512L);
    }

    @Test
    void resnet34() {
        checkImagenet(34, 21_797_672L);
    }

    @Test
    void resnet50() {
        checkImagenet(50, 25_557_032L);
    }

    @Test
    void resnet101() {
        checkImagenet(101, 44_549_160L);
    }

    @Test
    void resnet152() {
        checkImagenet(152, 60_192_808L);
    }

    /**
     * The CIFAR ResNets of He et al. 2015, §4.2. Counted by hand for n units per stage (widths 16/32/64, 10
     * classes): stem 3·16·9 + 2·16 = 464; stage 1: n·2·(16·16·9 + 2·16) = 4,672n; stage 2: the first unit
     * 16·32·9 + 32·32·9 + 3·2·32 (its BNs and the projection's) + 16·32 (projection) = 14,528, the others
     * 2·(32·32·9 + 2·32) = 18,560 each; stage 3 likewise 57,728 and 73,984; fc 64·10 + 10 = 650. Total
     * 97,216n − 19,174: 272,474 for ResNet-20. The paper's CIFAR models use parameter-free zero-padding shortcuts
     * (option A), so its counts (Table 6: 0.27M, 0.46M, 0.66M, 0.85M, 1.7M) leave out the two projections' 576 +
     * 2,176 = 2,752 parameters: the count without them must round to the paper's figure.
     */
    @Test
    void cifarResNetsMatchThePaperUpToTheProjectionShortcuts() {
        int[] depths = {20, 32, 44, 56, 110};
        double[] paperMillions = {0.27, 0.46, 0.66, 0.85, 1.7};
        double[] paperUnit = {0.01, 0.01, 0.01, 0.01, 0.1}; // the precision the table prints
        for (int i = 0; i < depths.length; i++) {
            int n = (depths[i] - 2) / 6;
            ResNet m = ResNets.cifarResNet(depths[i], 10);
            assertEquals(97_216L * n - 19_174L, m.parameterCount(), "cifar_resnet" + depths[i]);
            assertEquals(m.parameterCount(), ExpectedKeys.parameterCount(
                    ExpectedKeys.v1(new int[] {n, n, n}, false, false, 16, 10)));
            long projections = 0;
            for (Map.Entry<String, TensorSlot> e : m.namedParameterSlots().entrySet()) {
                if (e.getKey().contains(".downsample.")) {
                    projections += e.getValue().get().numel();
                }
            }
            assertEquals(2_752, projections);
            double optionA = (m.parameterCount() - projections) / 1e6;
            assertTrue(Math.abs(optionA - paperMillions[i]) <= paperUnit[i] / 2,
                    "cifar_resnet" + depths[i] + ": " + optionA + "M without projections, paper " + paperMillions[i]);
        }
        assertEquals(272_474, ResNets.cifarResNet(20, 10).parameterCount());
    }

    @Test
    void preActivationCountsFollowFromTheLayout() {
        // v2 drops the stem BN (2·64) and each projection's BN (2 per output channel), adds the head BN (2·512),
        // and the bn1 of the first unit of stages 2-4 normalises its input (planes/2 channels) where v1's
        // normalises the conv1 output (planes channels): 2·(planes − planes/2) = planes fewer each.
        ResNet v1 = ResNets.resnet18(1000);
        ResNet v2 = ResNets.preActResNet18(1000);
        long projectionBn = 2L * (128 + 256 + 512);
        long narrowerBn1 = 128 + 256 + 512;
        assertEquals(v1.parameterCount() - 2 * 64 - projectionBn + 2 * 512 - narrowerBn1, v2.parameterCount());
        assertEquals(ExpectedKeys.parameterCount(ExpectedKeys.v2(new int[] {2, 2, 2, 2}, false, true, 64, 1000)),
                v2.parameterCount());
    }
}

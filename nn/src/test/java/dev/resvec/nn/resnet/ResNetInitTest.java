package dev.resvec.nn.resnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.core.Tensor;
import dev.resvec.kernels.Parallelism;
import dev.resvec.nn.Init;
import dev.resvec.nn.Linear;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** torchvision's initialisation rules, seeded: reproducible, per-name streams, plausible statistics. */
class ResNetInitTest {

    private static void assertSameState(Map<String, Tensor> a, Map<String, Tensor> b) {
        assertEquals(a.keySet(), b.keySet());
        a.forEach((k, v) -> assertArrayEquals(v.toFloatArray(), b.get(k).toFloatArray(), k));
    }

    private static double[] moments(Tensor t) {
        double[] v = t.toDoubleArray();
        double mean = Arrays.stream(v).sum() / v.length;
        double ss = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum();
        return new double[] {mean, Math.sqrt(ss / (v.length - 1))};
    }

    private static boolean all(Tensor t, double value) {
        return Arrays.stream(t.toDoubleArray()).allMatch(x -> x == value);
    }

    @Test
    void sameSeedSameWeightsWhateverTheThreadCount() {
        int before = Parallelism.defaultThreads();
        try {
            Parallelism.setDefaultThreads(1);
            Map<String, Tensor> one = ResNets.cifarResNet(20, 10, ResNetOptions.defaults().seed(11)).stateDict();
            Parallelism.setDefaultThreads(3);
            Map<String, Tensor> three = ResNets.cifarResNet(20, 10, ResNetOptions.defaults().seed(11)).stateDict();
            assertSameState(one, three);
            assertSameState(one, ResNets.cifarResNet(20, 10, ResNetOptions.defaults().seed(11)).stateDict());
        } finally {
            Parallelism.setDefaultThreads(before);
        }
        Tensor a = ResNets.cifarResNet(20, 10, ResNetOptions.defaults().seed(11)).stateDict().get("conv1.weight");
        Tensor b = ResNets.cifarResNet(20, 10, ResNetOptions.defaults().seed(12)).stateDict().get("conv1.weight");
        assertFalse(a.allClose(b), "another seed, other weights");
    }

    @Test
    void aParametersValuesDependOnlyOnSeedNameAndShape() {
        ResNetOptions o = ResNetOptions.defaults().seed(5).baseWidth(16);
        Map<String, Tensor> r18 = ResNets.resnet18(10, o).stateDict();
        Map<String, Tensor> r34 = ResNets.resnet34(10, o).stateDict();
        // resnet34 has more units, but the shared names (and shapes) keep their values
        for (String k : new String[] {"conv1.weight", "layer1.0.conv1.weight", "layer1.1.conv2.weight",
            "layer2.0.downsample.0.weight", "layer4.1.conv2.weight", "fc.weight", "fc.bias"}) {
            assertArrayEquals(r18.get(k).toFloatArray(), r34.get(k).toFloatArray(), k);
        }
        assertFalse(r18.get("layer1.0.conv1.weight").allClose(r18.get("layer1.0.conv2.weight")),
                "same shape, other name: another stream");
        Map<String, Tensor> c20 = ResNets.cifarResNet(20, 10, ResNetOptions.defaults().seed(5)).stateDict();
        Map<String, Tensor> c32 = ResNets.cifarResNet(32, 10, ResNetOptions.defaults().seed(5)).stateDict();
        c20.forEach((k, v) -> assertArrayEquals(v.toFloatArray(), c32.get(k).toFloatArray(), k));
    }

    /**
     * Conv weights from N(0, 2/fan_out), fan_out = K·R·S: sample moments within 6 standard errors (mean σ/√n,
     * standard deviation σ/√(2(n−1))). For layer2.0.conv1 (128×64×3×3) a fan-in rule would give a σ √2 larger,
     * hundreds of standard errors away.
     */
    @Test
    void convolutionsAreKaimingNormalWithFanOut() {
        ResNet m = ResNets.resnet18(1000, ResNetOptions.defaults().seed(3));
        for (String k : new String[] {"layer4.1.conv2.weight", "layer2.0.conv1.weight", "conv1.weight",
            "layer3.0.downsample.0.weight"}) {
            Tensor w = m.slot(k).get();
            int[] s = w.shape();
            double sigma = Math.sqrt(2.0 / (s[0] * s[2] * s[3]));
            long n = w.numel();
            double[] mo = moments(w);
            assertEquals(0, mo[0], 6 * sigma / Math.sqrt(n), k + " mean");
            assertEquals(sigma, mo[1], 6 * sigma / Math.sqrt(2.0 * (n - 1)), k + " std");
        }
    }

    @Test
    void batchNormStartsAsIdentityAndFcWithPyTorchsDefault() {
        ResNet m = ResNets.resnet50(10, ResNetOptions.defaults().seed(3).baseWidth(8));
        m.namedSlots().forEach((k, s) -> {
            Tensor t = s.get();
            if (k.endsWith(".weight") && t.rank() == 1) {
                assertTrue(all(t, 1), k);
            } else if (k.endsWith(".bias") && !k.startsWith("fc") || k.endsWith("running_mean")
                    || k.endsWith("num_batches_tracked")) {
                assertTrue(all(t, 0), k);
            } else if (k.endsWith("running_var")) {
                assertTrue(all(t, 1), k);
            }
        });
        double bound = 1 / Math.sqrt(256); // fc: 4·8·8 = 256 inputs
        assertTrue(Arrays.stream(m.slot("fc.weight").get().toDoubleArray()).allMatch(x -> Math.abs(x) <= bound));
        assertTrue(Arrays.stream(m.slot("fc.bias").get().toDoubleArray()).allMatch(x -> Math.abs(x) <= bound));
        // the stream of "fc.weight": the same values as a lone Linear reset under the name "fc"
        Linear lone = new Linear(256, 10);
        lone.resetParameters(3, "fc");
        assertArrayEquals(lone.weight().get().toFloatArray(), m.slot("fc.weight").get().toFloatArray());
        assertArrayEquals(lone.bias().get().toFloatArray(), m.slot("fc.bias").get().toFloatArray());
        assertArrayEquals(Init.torchDefault(lone.weight().dtype(), Init.seedFor(3, "fc.weight"), 256, 10, 256)
                .toFloatArray(), lone.weight().get().toFloatArray());
    }

    @Test
    void zeroInitResidualZeroesTheLastScalingOfEachBranch() {
        ResNetOptions z = ResNetOptions.defaults().zeroInitResidual(true).baseWidth(4);
        ResNet basic = ResNets.resnet18(10, z);
        ResNet bottleneck = ResNets.resnet50(10, z);
        ResNet preBasic = ResNets.resnet18(10, z.preActivation(true));
        ResNet preBottleneck = ResNets.resnet50(10, z.preActivation(true));
        check(basic, "bn2.weight");
        check(bottleneck, "bn3.weight");
        check(preBasic, "conv2.weight");
        check(preBottleneck, "conv3.weight");
        ResNet plain = ResNets.resnet18(10, ResNetOptions.defaults().baseWidth(4));
        assertTrue(all(plain.slot("layer1.0.bn2.weight").get(), 1), "off by default");
    }

    /** Exactly the branch-final tensors are zero; the other BN γ are 1 and the other convolutions random. */
    private static void check(ResNet m, String last) {
        int zeroed = 0;
        for (Map.Entry<String, Tensor> e : m.namedParameters().entrySet()) {
            String k = e.getKey();
            boolean branchEnd = k.startsWith("layer") && k.endsWith("." + last) && !k.contains("downsample");
            if (branchEnd) {
                assertTrue(all(e.getValue(), 0), m.name() + " " + k);
                zeroed++;
            } else if (k.endsWith(".weight") && e.getValue().rank() == 1) {
                assertTrue(all(e.getValue(), 1), m.name() + " " + k);
            } else if (e.getValue().rank() == 4) {
                assertFalse(all(e.getValue(), 0), m.name() + " " + k);
            }
        }
        assertEquals(Arrays.stream(m.blocksPerStage()).sum(), zeroed, m.name());
    }
}

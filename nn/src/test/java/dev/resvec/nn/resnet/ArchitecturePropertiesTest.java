package dev.resvec.nn.resnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.core.Tensor;
import dev.resvec.nn.LoadResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Properties over many small architectures: keys by the rules, seeded reproducibility, load errors. */
class ArchitecturePropertiesTest {
    /** The fixed seed of every property here: CI runs the same tries every time. */
    static final String SEED = "20261126";

    private static ResNetOptions options(int width, boolean pre, long seed) {
        return ResNetOptions.defaults().baseWidth(width).preActivation(pre).seed(seed);
    }

    @Property(seed = SEED, tries = 40)
    void cifarKeysFollowTheRules(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 8) int w,
                                 @ForAll boolean pre, @ForAll @IntRange(min = 1, max = 20) int classes) {
        ResNet m = ResNets.cifarResNet(6 * n + 2, classes, options(w, pre, 0));
        int[] blocks = {n, n, n};
        StateDictKeysTest.assertMatches(pre ? ExpectedKeys.v2(blocks, false, false, w, classes)
                : ExpectedKeys.v1(blocks, false, false, w, classes), m);
        assertEquals(6 * n + 2, m.depth());
    }

    @Property(seed = SEED, tries = 30)
    void imagenetKeysFollowTheRules(@ForAll @IntRange(min = 0, max = 4) int depthIndex,
                                    @ForAll @IntRange(min = 1, max = 3) int w, @ForAll boolean pre) {
        int depth = new int[] {18, 34, 50, 101, 152}[depthIndex];
        ResNet m = ResNets.resnet(depth, 7, options(w, pre, 0));
        int[] blocks = ExpectedKeys.imagenetBlocks(depth);
        StateDictKeysTest.assertMatches(pre ? ExpectedKeys.v2(blocks, depth >= 50, true, w, 7)
                : ExpectedKeys.v1(blocks, depth >= 50, true, w, 7), m);
        assertEquals(ExpectedKeys.parameterCount(pre ? ExpectedKeys.v2(blocks, depth >= 50, true, w, 7)
                : ExpectedKeys.v1(blocks, depth >= 50, true, w, 7)), m.parameterCount());
    }

    @Property(seed = SEED, tries = 30)
    void sameSeedSameModel(@ForAll long seed, @ForAll boolean pre) {
        Map<String, Tensor> a = ResNets.cifarResNet(8, 3, options(2, pre, seed)).stateDict();
        Map<String, Tensor> b = ResNets.cifarResNet(8, 3, options(2, pre, seed)).stateDict();
        Map<String, Tensor> c = ResNets.cifarResNet(8, 3, options(2, pre, seed + 1)).stateDict();
        a.forEach((k, v) -> assertArrayEquals(v.toFloatArray(), b.get(k).toFloatArray(), k));
        assertTrue(!a.get("conv1.weight").allClose(c.get("conv1.weight")), "the next seed differs");
    }

    /** Remove some keys, add some unknown ones: the strict error names each, non-strict returns exactly them. */
    @Property(seed = SEED, tries = 40)
    void loadReportsExactlyTheMismatchedKeys(@ForAll @IntRange(min = 0, max = 1000) int removeFrom,
                                             @ForAll @IntRange(min = 0, max = 5) int removeCount,
                                             @ForAll @IntRange(min = 0, max = 3) int extraCount,
                                             @ForAll boolean pre) {
        ResNet m = ResNets.cifarResNet(8, 3, options(2, pre, 1));
        LinkedHashMap<String, Tensor> state = ResNets.cifarResNet(8, 3, options(2, pre, 2)).stateDict();
        List<String> keys = new ArrayList<>(state.keySet());
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < removeCount; i++) {
            String k = keys.get((removeFrom + 7 * i) % keys.size());
            if (!missing.contains(k)) {
                missing.add(k);
                state.remove(k);
            }
        }
        missing.sort((x, y) -> keys.indexOf(x) - keys.indexOf(y)); // reported in the module's order
        List<String> extra = new ArrayList<>();
        for (int i = 0; i < extraCount; i++) {
            extra.add("extra" + i + ".weight");
            state.put("extra" + i + ".weight", Tensor.zeros(i + 1));
        }
        if (missing.isEmpty() && extra.isEmpty()) {
            assertTrue(m.loadStateDict(state, true).isExact());
            return;
        }
        IllegalArgumentException e = null;
        try {
            m.loadStateDict(state, true);
        } catch (IllegalArgumentException thrown) {
            e = thrown;
        }
        assertTrue(e != null, "a strict load must fail");
        for (String k : missing) {
            assertTrue(e.getMessage().contains(k), k + " in " + e.getMessage());
        }
        for (String k : extra) {
            assertTrue(e.getMessage().contains(k), k + " in " + e.getMessage());
        }
        LoadResult r = m.loadStateDict(state, false);
        assertEquals(missing, r.missingKeys());
        assertEquals(extra, r.unexpectedKeys());
    }
}

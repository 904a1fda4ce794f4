package dev.resvec.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.core.DType;
import dev.resvec.core.Tensor;
import dev.resvec.nn.resnet.ResNet;
import dev.resvec.nn.resnet.ResNetOptions;
import dev.resvec.nn.resnet.ResNets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Module#loadStateDict}: exact copies, all-or-nothing, and one error that lists every problem. */
class LoadStateDictTest {

    private static ResNet small(long seed) {
        return ResNets.cifarResNet(8, 4, ResNetOptions.defaults().baseWidth(4).seed(seed));
    }

    private static void assertSameValues(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String k : expected.keySet()) {
            assertArrayEquals(expected.get(k).toDoubleArray(), actual.get(k).toDoubleArray(), k);
        }
    }

    @Test
    void roundTripCopiesEveryValueWithoutAliasing() {
        ResNet a = small(1);
        ResNet b = small(2);
        LinkedHashMap<String, Tensor> source = a.stateDict();
        assertFalse(source.get("conv1.weight").allClose(b.stateDict().get("conv1.weight")), "different seeds");
        LoadResult r = b.loadStateDict(source, true);
        assertTrue(r.isExact());
        assertSameValues(source, b.stateDict());
        Tensor loaded = b.slot("conv1.weight").get();
        assertNotSame(source.get("conv1.weight"), loaded);
        assertTrue(loaded.requiresGrad() && loaded.isLeaf(), "a loaded parameter is a trainable leaf");
        assertFalse(b.slot("bn1.running_mean").get().requiresGrad(), "a buffer is not trained");
    }

    @Test
    void valuesAreConvertedToTheModulesDtype() {
        ResNet a = small(1);
        ResNet b64 = small(2);
        b64.to(DType.FLOAT64);
        b64.loadStateDict(a.stateDict(), true);
        assertEquals(DType.FLOAT64, b64.slot("layer1.0.conv1.weight").dtype());
        assertSameValues(a.stateDict(), b64.stateDict()); // float → double is exact
    }

    @Test
    void strictErrorListsEveryMissingUnexpectedAndMisShapedKey() {
        ResNet b = small(2);
        LinkedHashMap<String, Tensor> state = small(1).stateDict();
        state.remove("layer1.0.bn2.running_var");
        state.remove("fc.bias");
        state.put("layer9.0.conv1.weight", Tensor.zeros(1));
        state.put("bn.weight", Tensor.zeros(4));
        state.put("fc.weight", Tensor.zeros(5, 16));
        state.put("conv1.weight", Tensor.zeros(4, 3, 7, 7));
        Map<String, Tensor> before = b.stateDict();
        LinkedHashMap<String, double[]> beforeValues = new LinkedHashMap<>();
        before.forEach((k, v) -> beforeValues.put(k, v.toDoubleArray()));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(state, true));
        String m = e.getMessage();
        assertTrue(m.contains("2 missing keys: layer1.0.bn2.running_var, fc.bias"), m);
        assertTrue(m.contains("2 unexpected keys: layer9.0.conv1.weight, bn.weight"), m);
        assertTrue(m.contains("2 mis-shaped keys: conv1.weight: expected [4, 3, 3, 3], got [4, 3, 7, 7],"
                + " fc.weight: expected [4, 16], got [5, 16]"), m);
        // nothing changed
        b.stateDict().forEach((k, v) -> assertArrayEquals(beforeValues.get(k), v.toDoubleArray(), k));
    }

    @Test
    void aDepthMismatchNamesTheFirstTenMissingKeysAndCountsTheRest() {
        ResNet deep = ResNets.cifarResNet(20, 4, ResNetOptions.defaults().baseWidth(4));
        LinkedHashMap<String, Tensor> state = small(1).stateDict();
        int missing = deep.stateDict().size() - state.size();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> deep.loadStateDict(state, true));
        String m = e.getMessage();
        assertTrue(m.contains(missing + " missing keys: layer1.1.conv1.weight, "), m);
        assertTrue(m.contains(" … and " + (missing - 10) + " more"), m);
        String listed = m.substring(m.indexOf("missing keys: ") + "missing keys: ".length(), m.indexOf(" … and "));
        assertEquals(10, listed.split(", ").length, listed);
        assertFalse(m.contains("unexpected"), m);
    }

    @Test
    void nonStrictLoadsWhatMatchesAndReportsTheRest() {
        ResNet a = small(1);
        ResNet b = small(2);
        double[] keptBias = b.stateDict().get("fc.bias").toDoubleArray();
        LinkedHashMap<String, Tensor> state = a.stateDict();
        state.remove("fc.bias");
        state.put("extra.weight", Tensor.zeros(2));
        LoadResult r = b.loadStateDict(state, false);
        assertEquals(List.of("fc.bias"), r.missingKeys());
        assertEquals(List.of("extra.weight"), r.unexpectedKeys());
        assertFalse(r.isExact());
        assertArrayEquals(keptBias, b.stateDict().get("fc.bias").toDoubleArray());
        assertArrayEquals(a.stateDict().get("fc.weight").toDoubleArray(), b.stateDict().get("fc.weight")
                .toDoubleArray());
    }

    @Test
    void aMisShapedKeyFailsEvenWhenNotStrict() {
        ResNet b = small(2);
        LinkedHashMap<String, Tensor> state = small(1).stateDict();
        state.put("fc.weight", Tensor.zeros(4, 17));
        state.put("fc.bias", null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(state, false));
        assertTrue(e.getMessage().contains("2 mis-shaped keys: fc.weight: expected [4, 16], got [4, 17], fc.bias:"
                + " expected [4], got null"), e.getMessage());
        assertFalse(e.getMessage().contains("missing"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(null, true));
    }

    @Test
    void stateDictHoldsTheCurrentTensorsDetached() {
        ResNet a = small(1);
        Tensor w = a.stateDict().get("conv1.weight");
        assertFalse(w.requiresGrad());
        assertArrayEquals(a.slot("conv1.weight").get().toDoubleArray(), w.toDoubleArray());
        assertSame(a.slot("conv1.weight"), a.namedParameterSlots().get("conv1.weight"));
    }
}

package dev.resvec.nn.resnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.core.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ResNets#named}: every listed name builds the model its own factory builds (same name, keys, shapes and,
 * from the same seed, weights), the name decides v1 or v2, and a name it does not know is an error that lists the
 * ones it does. Narrow widths keep the deep models small.
 */
class NamedModelsTest {
    private static final ResNetOptions NARROW = ResNetOptions.defaults().baseWidth(4).seed(11);

    /** The model of a listed name from the factories, parsed independently of {@code named}. */
    private static ResNet direct(String name, ResNetOptions options) {
        boolean preAct = name.startsWith("preact_");
        ResNetOptions o = options.preActivation(preAct);
        String rest = preAct ? name.substring(7) : name;
        return rest.startsWith("cifar_resnet")
                ? ResNets.cifarResNet(Integer.parseInt(rest.substring(12)), 10, o)
                : ResNets.resnet(Integer.parseInt(rest.substring(6)), 10, o);
    }

    @Test
    void everyListedNameBuildsTheModelOfItsFactory() {
        assertEquals(20, ResNets.NAMES.size());
        for (String name : ResNets.NAMES) {
            ResNet byName = ResNets.named(name, 10, NARROW);
            ResNet expected = direct(name, NARROW);
            assertEquals(name, byName.name());
            assertEquals(name.startsWith("preact_"), byName.isPreActivation(), name);
            Map<String, Tensor> got = byName.stateDict(), want = expected.stateDict();
            assertEquals(List.copyOf(want.keySet()), List.copyOf(got.keySet()), name);
            for (var e : want.entrySet()) {
                Tensor g = got.get(e.getKey());
                assertArrayEquals(e.getValue().shape(), g.shape(), name + " " + e.getKey());
                assertArrayEquals(e.getValue().toFloatArray(), g.toFloatArray(), name + " " + e.getKey());
            }
        }
    }

    @Test
    void theNameDecidesPreActivationOverTheOptions() {
        ResNet v1 = ResNets.named("resnet18", 10, NARROW.preActivation(true));
        assertEquals("resnet18", v1.name());
        assertEquals(false, v1.isPreActivation());
        assertEquals("preact_cifar_resnet8", ResNets.named("preact_cifar_resnet8", 10, NARROW).name());
        assertEquals(ResNets.resnet50(1000).parameterCount(), ResNets.named("resnet50", 1000).parameterCount());
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        for (String bad : new String[] {"resnet19", "resnet", "cifar_resnet21", "cifar_resnet2", "preact_",
                "ResNet18", "resnet018", "resnet+18", "vgg16", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ResNets.named(bad, 10), bad);
            assertTrue(e.getMessage().contains("got '" + bad + "'") && e.getMessage().contains("cifar_resnet110"),
                    e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResNets.named(null, 10));
        assertTrue(e.getMessage().contains("got null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ResNets.named("resnet18", 0));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
    }

    @Test
    void aNameTakenApartSpellsItselfAndRejectsDepthsItsFamilyLacks() {
        for (String name : ResNets.NAMES) {
            ResNets.Name n = ResNets.Name.parse(name).orElseThrow(() -> new AssertionError(name));
            assertEquals(name, n.toString());
            assertEquals(name.startsWith("preact_"), n.preActivation(), name);
            assertEquals(name.contains("cifar_"), n.cifar(), name);
        }
        assertEquals("cifar_resnet8", new ResNets.Name(false, true, 8).toString());
        for (int[] bad : new int[][] {{0, 20}, {0, 19}, {1, 18}, {1, 2}, {1, 21}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ResNets.Name(false, bad[0] == 1, bad[1]));
            assertTrue(e.getMessage().contains("got " + bad[1]), e.getMessage());
        }
    }
}

package dev.resvec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.nn.resnet.ResNets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code --arch} names: the library's ({@link ResNets#NAMES}) with hyphens or underscores, in any case. */
class ArchitectureTest {
    @Test
    void everyLibraryNameParsesWithUnderscoresOrHyphens() {
        for (String name : ResNets.NAMES) {
            Architecture a = Architecture.parse(name).orElseThrow(() -> new AssertionError(name));
            assertEquals(name.replace('_', '-'), a.name(), name);
            assertEquals(Optional.of(a), Architecture.parse(name.replace('_', '-').toUpperCase(java.util.Locale.ROOT)));
            assertEquals(name, a.build(4, 10).name(), name);
        }
    }

    @Test
    void otherNamesAreNotArchitectures() {
        for (String bad : new String[] {"resnet19", "resnet", "cifar-resnet21", "cifar-resnet2", "resnet018",
                "vgg16", "preact-", "cifar-preact-resnet20", "resnet18x", ""}) {
            assertTrue(Architecture.parse(bad).isEmpty(), bad);
        }
        int deepest = (CheckpointMetadata.MAX_DEPTH - 2) / 6 * 6 + 2;
        assertTrue(Architecture.parse("cifar-resnet" + deepest).isPresent());
        assertTrue(Architecture.parse("cifar-resnet" + (deepest + 6)).isEmpty(), "deeper than a checkpoint may say");
    }
}

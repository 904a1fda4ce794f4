package dev.resvec.kernels.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import jdk.incubator.vector.Vector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/**
 * The vector kernels keep to {@link VectorConfig#F}'s shape (see its Javadoc: a second float species in the JVM left
 * recompiled kernels boxing every vector). Every species, vector, mask and shuffle constant of the package must have
 * F's shape, and every float one must be F itself. {@code FmaPeakProbe} is the one exception on purpose: it measures
 * the machine's preferred species in a benchmark fork of its own.
 */
class OneSpeciesTest {
    @Test
    void everyVectorConstantOfThePackageHasTheKernelsShape() throws Exception {
        Path dir = Path.of(VectorConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(VectorConfig.class.getPackageName().replace('.', '/'));
        List<String> checked = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String simple = file.getFileName().toString().replace(".class", "");
                if (simple.startsWith("FmaPeakProbe")) {
                    continue;
                }
                Class<?> type = Class.forName(VectorConfig.class.getPackageName() + "." + simple);
                for (Field field : type.getDeclaredFields()) {
                    VectorSpecies<?> species = speciesOf(field);
                    if (species == null) {
                        continue;
                    }
                    String where = simple + "." + field.getName();
                    assertEquals(VectorConfig.F.vectorShape(), species.vectorShape(), where + ": " + species);
                    if (species.elementType() == float.class) {
                        assertEquals(VectorConfig.F, species, where);
                    }
                    checked.add(where);
                }
            }
        }
        assertTrue(checked.contains("VectorConfig.F") && checked.size() > 5, "constants found: " + checked);
    }

    /** The species of a static vector constant, or null for any other field. */
    private static VectorSpecies<?> speciesOf(Field field) throws IllegalAccessException {
        if (!Modifier.isStatic(field.getModifiers())) {
            return null;
        }
        field.setAccessible(true);
        Object value = field.get(null);
        return switch (value) {
            case VectorSpecies<?> s -> s;
            case Vector<?> v -> v.species();
            case VectorMask<?> m -> m.vectorSpecies();
            case VectorShuffle<?> s -> s.vectorSpecies();
            case null, default -> null;
        };
    }
}

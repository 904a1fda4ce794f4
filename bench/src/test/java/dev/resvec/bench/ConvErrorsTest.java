package dev.resvec.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ConvErrors}: the lines the forks append read back with their keys, the worst per key, bad lines named. */
class ConvErrorsTest {
    @TempDir
    Path dir;

    private static ConvErrors.Entry entry(String algorithm, int threads, double error) {
        return new ConvErrors.Entry("3x3_64-64_56", algorithm, 8, threads, "forward", error);
    }

    @Test
    void entriesRoundTripThroughTheFile() throws Exception {
        Path file = dir.resolve("e.txt");
        ConvErrors.Entry a = entry("WINOGRAD_F4X4_3X3", 2, 2.31e-6);
        assertEquals("2.310e-06 layer=3x3_64-64_56 algorithm=WINOGRAD_F4X4_3X3 batch=8 threads=2 direction=forward",
                a.line());
        assertEquals("3x3_64-64_56/8/2/forward/WINOGRAD_F4X4_3X3", a.key());
        ConvErrors.append(file, a);
        Files.writeString(file, "\n", java.nio.file.StandardOpenOption.APPEND); // blank lines are skipped
        ConvErrors.append(file, entry("IM2COL_GEMM", 1, Double.POSITIVE_INFINITY));
        List<ConvErrors.Entry> read = ConvErrors.read(file);
        assertEquals(List.of(a, entry("IM2COL_GEMM", 1, Double.POSITIVE_INFINITY)), read);
    }

    @Test
    void theWorstIsTheLargestAndNaNIsNotHidden() {
        assertNull(ConvErrors.worst(List.of()));
        assertEquals(3e-6, ConvErrors.worst(List.of(entry("A", 1, 1e-6), entry("A", 1, 3e-6), entry("A", 1, 2e-6))));
        assertTrue(Double.isNaN(ConvErrors.worst(List.of(entry("A", 1, 1e-6), entry("A", 1, Double.NaN),
                entry("A", 1, 2e-6)))));
        Map<String, Double> byKey = ConvErrors.worstByKey(List.of(entry("A", 1, 1e-6), entry("B", 1, 5e-6),
                entry("A", 2, 4e-6), entry("A", 1, 2e-6)));
        assertEquals(Map.of("3x3_64-64_56/8/1/forward/A", 2e-6, "3x3_64-64_56/8/1/forward/B", 5e-6,
                "3x3_64-64_56/8/2/forward/A", 4e-6), byKey);
    }

    @Test
    void aLineNotOfTheFormIsNamed() throws Exception {
        for (String bad : List.of("2.310e-06", "x layer=L algorithm=A batch=1 threads=1 direction=forward",
                "2e-6 layer=L algorithm=A batch=0 threads=1 direction=forward",
                "2e-6 layer=L algorithm=A batch=1 direction=forward")) {
            Path file = Files.writeString(dir.resolve("bad.txt"), entry("A", 1, 1e-6).line() + "\n" + bad + "\n");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConvErrors.read(file));
            assertEquals(file + ": line 2: expected 'ERROR layer=L algorithm=A batch=B threads=T direction=D' (what"
                    + " ConvBenchmark writes), got '" + bad + "'", e.getMessage());
        }
        assertThrows(NoSuchFileException.class, () -> ConvErrors.read(dir.resolve("absent.txt")));
    }
}

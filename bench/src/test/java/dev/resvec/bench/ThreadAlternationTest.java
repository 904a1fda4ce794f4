package dev.resvec.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.options.TimeValue;

/** The iteration schedule of two thread counts in one fork, as JmhExecutor reads it back. */
class ThreadAlternationTest {
    private static final IterationParams WARMUP = new IterationParams(IterationType.WARMUP, 3,
            TimeValue.milliseconds(10), 1);
    private static final IterationParams MEASUREMENT = new IterationParams(IterationType.MEASUREMENT, 6,
            TimeValue.milliseconds(10), 1);

    @Test
    void warmUpAndMeasurementEachStartWithTheFirstCountAndAlternate() {
        ThreadAlternation a = new ThreadAlternation("B", 1, 2);
        assertTrue(a.alternates());
        List<Integer> warmup = new ArrayList<>(), measured = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            warmup.add(a.next(WARMUP));
        }
        for (int i = 0; i < 6; i++) {
            measured.add(a.next(MEASUREMENT));
        }
        assertEquals(List.of(1, 2, 1), warmup);
        assertEquals(List.of(1, 2, 1, 2, 1, 2), measured);
        for (int i = 0; i < measured.size(); i++) {
            assertEquals(measured.get(i) == 2, ThreadAlternation.alternate(i), "measured iteration " + i);
        }
    }

    @Test
    void withoutASecondCountEveryIterationRunsTheFirst() {
        ThreadAlternation a = new ThreadAlternation("B", 4, 0);
        assertFalse(a.alternates());
        for (int i = 0; i < 4; i++) {
            assertEquals(4, a.next(i < 2 ? WARMUP : MEASUREMENT));
        }
    }

    @Test
    void badCountsAreRefusedWithTheBenchmarksName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ThreadAlternation("GemmBenchmark", 2, 2));
        assertTrue(e.getMessage().startsWith("GemmBenchmark: "), e.getMessage());
        assertTrue(e.getMessage().contains("alternateThreads 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ThreadAlternation("B", 0, 2));
        assertThrows(IllegalArgumentException.class, () -> new ThreadAlternation("B", 1, -1));
    }
}

package dev.resvec.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The weight-streaming probe cycles through as many weight matrices as the byte budget holds (at least one), checks
 * the cold and the warm product against a double-precision one (a call on the wrong matrix fails there), and
 * reports positive times.
 */
class WeightStreamingTest {
    @Test
    void cyclesThroughTheBudgetsMatrices() {
        // 17×23 floats = 1564 bytes: 64 KiB holds 41 of them
        WeightStreaming.Outcome o = WeightStreaming.measure(1, 17, 23, 9, 64 << 10, 1, 5);
        assertEquals(41, o.matrices());
        assertTrue(o.coldMillis() > 0 && o.warmMillis() > 0 && o.readMillis() > 0, o.toString());
    }

    @Test
    void aBudgetBelowOneMatrixStillUsesOne() {
        WeightStreaming.Outcome o = WeightStreaming.measure(2, 33, 65, 16, 100, 1, 5);
        assertEquals(1, o.matrices());
        assertTrue(o.coldMillis() > 0, o.toString());
    }
}

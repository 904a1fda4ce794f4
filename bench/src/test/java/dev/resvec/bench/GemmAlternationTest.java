package dev.resvec.bench;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The alternation runs both sides on an odd shape (ResVec's product is checked inside), and its figures are
 * consistent: positive speeds and per-round ratios in order. Bad counts get an error naming them.
 */
class GemmAlternationTest {
    @Test
    void alternatesResVecWithAJavaPeer() {
        GemmAlternation.Outcome o = GemmAlternation.compare("ejml", "auto", 1, 17, 23, 19, 3, 1, 5);
        assertTrue(o.resvecGflops() > 0 && o.peerGflops() > 0, o.toString());
        assertTrue(0 < o.lowestRatio() && o.lowestRatio() <= o.medianRatio()
                && o.medianRatio() <= o.highestRatio(), o.toString());
    }

    @Test
    void badCountsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GemmAlternation.compare("ejml", "auto", 1, 4, 4, 4, 2, 2, 5));
        assertTrue(e.getMessage().contains("rounds 2, skip 2, roundMillis 5"), e.getMessage());
    }
}

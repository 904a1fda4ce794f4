package dev.resvec.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The median and its order-statistic confidence interval. */
class StatsTest {

    @Test
    void coverageMatchesHandComputedBinomialTails() {
        // 1 - 2·Σ_{i<k} C(n,i)/2^n, computed by hand: n=3 k=1: 1-2/8; n=5 k=1: 1-2/32; n=6 k=1: 1-2/64;
        // n=9 k=2: 1-2·(1+9)/512; n=15 k=4: 1-2·(1+15+105+455)/32768.
        assertEquals(0.75, Stats.coverage(3, 1), 1e-15);
        assertEquals(0.9375, Stats.coverage(5, 1), 1e-15);
        assertEquals(0.96875, Stats.coverage(6, 1), 1e-15);
        assertEquals(1 - 20.0 / 512, Stats.coverage(9, 2), 1e-15);
        assertEquals(1 - 1152.0 / 32768, Stats.coverage(15, 4), 1e-15);
    }

    @Test
    void rankIsTheLargestWithNinetyFivePercent() {
        assertEquals(1, Stats.rank(1));
        assertEquals(1, Stats.rank(5)); // 93.75 %: the whole range, its level recorded
        assertEquals(1, Stats.rank(8)); // k=2 would cover only 1-2·9/256 = 92.97 %
        assertEquals(2, Stats.rank(9));
        assertEquals(4, Stats.rank(15)); // k=5: 1-2·1941/32768 = 88.2 %
    }

    @Test
    void nineSamplesDropOneWildSampleEachSide() {
        Figure f = Stats.figure("time", "ms", new double[] {5, 1, 2, 3, 4, 6, 7, 8, 100}, false);
        assertEquals(5, f.median());
        assertEquals(2, f.ciLow());
        assertEquals(8, f.ciHigh());
        assertEquals(1 - 20.0 / 512, f.ciLevel(), 1e-15);
        assertEquals(9, f.samples());
    }

    @Test
    void fewSamplesGiveTheRangeAtItsOwnLevel() {
        Figure f = Stats.figure("time", "ms", new double[] {3, 1, 2}, false);
        assertEquals(2, f.median());
        assertEquals(1, f.ciLow());
        assertEquals(3, f.ciHigh());
        assertEquals(0.75, f.ciLevel(), 1e-15);
        Figure one = Stats.figure("time", "ms", new double[] {4}, false);
        assertEquals(4, one.ciLow());
        assertEquals(0, one.ciLevel());
    }

    @Test
    void badSamplesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Stats.figure("t", "ms", new double[0], false));
        assertThrows(IllegalArgumentException.class, () -> Stats.figure("t", "ms", new double[] {1, Double.NaN},
                false));
        assertThrows(IllegalArgumentException.class, () -> Stats.figure("t", "ms", new double[] {1, -2}, false));
    }

    @Property(tries = 300, seed = "20261202")
    void intervalHoldsTheMedianWhateverTheOrder(@ForAll @Size(min = 1, max = 40)
                                                List<@DoubleRange(min = 0.01, max = 1e6) Double> values) {
        double[] samples = values.stream().mapToDouble(Double::doubleValue).toArray();
        Figure f = Stats.figure("x", "u", samples, true);
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        assertTrue(f.ciLow() <= f.median() && f.median() <= f.ciHigh(), f.toString());
        assertTrue(f.ciLow() >= sorted[0] && f.ciHigh() <= sorted[sorted.length - 1], f.toString());
        double[] reversed = new double[samples.length];
        for (int i = 0; i < samples.length; i++) {
            reversed[i] = samples[samples.length - 1 - i];
        }
        assertEquals(f, Stats.figure("x", "u", reversed, true));
        assertTrue(samples.length < 6 || f.ciLevel() >= Stats.LEVEL, f.toString());
    }
}

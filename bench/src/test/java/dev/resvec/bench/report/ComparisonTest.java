package dev.resvec.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Matching rows of two reports, the ratio as speeds, and the noise rule. */
class ComparisonTest {

    @Test
    void rowsMatchOnSectionCaseImplementationAndThreadKey() {
        Comparison c = Comparison.of(Reports.small(150, "A"), Reports.small(120, "B"), "a", "b");
        assertEquals(7, c.pairs().size());
        assertTrue(c.onlyA().isEmpty());
        assertTrue(c.onlyB().isEmpty());
        Comparison.Pair p = c.pairs().stream().filter(x -> x.id().equals("gemm/1024x1024x1024/ResVec/1")).findFirst()
                .orElseThrow();
        assertEquals(120.0 / 150, p.ratio(), 1e-12, "B's speed over A's");
        assertFalse(p.withinNoise(), "[147, 153] and [117.6, 122.4] do not overlap");
    }

    @Test
    void aTimeIsInvertedSoThatAboveOneMeansBIsFaster() {
        Row a = Reports.row("x", "c", "ResVec", Row.MAIN, "1", 1, Reports.time(10, 9.5, 10.5));
        Row b = Reports.row("x", "c", "ResVec", Row.MAIN, "1", 1, Reports.time(5, 4.8, 5.2));
        Comparison.Pair p = Comparison.pair(a, b);
        assertEquals(2.0, p.ratio(), 1e-12);
        assertFalse(p.withinNoise());
    }

    @Test
    void overlappingIntervalsAreWithinNoiseEvenWithADifferentMedian() {
        Row a = Reports.row("x", "c", "ResVec", Row.MAIN, "1", 1, Reports.rate(100, 90, 110));
        Row b = Reports.row("x", "c", "ResVec", Row.MAIN, "1", 1, Reports.rate(108, 105, 111));
        assertTrue(Comparison.pair(a, b).withinNoise());
        Row touching = Reports.row("x", "c", "ResVec", Row.MAIN, "1", 1, Reports.rate(115, 110, 120));
        assertTrue(Comparison.pair(a, touching).withinNoise(), "intervals that share their end point overlap");
        Row apart = Reports.row("x", "c", "ResVec", Row.MAIN, "1", 1, Reports.rate(115, 110.5, 120));
        assertFalse(Comparison.pair(a, apart).withinNoise());
    }

    @Test
    void aFailedRowOrAnotherUnitIsNotComparable() {
        Row ok = Reports.row("x", "c", "ResVec", Row.MAIN, "1", 1, Reports.rate(100, 90, 110));
        Row failed = Row.failed("x", "c", "ResVec", null, Row.MAIN, "1", 1, "boom");
        assertTrue(Double.isNaN(Comparison.pair(ok, failed).ratio()));
        assertFalse(Comparison.pair(ok, failed).withinNoise());
        Row time = Reports.row("x", "c", "ResVec", Row.MAIN, "1", 1, Reports.time(10, 9, 11));
        assertTrue(Double.isNaN(Comparison.pair(ok, time).ratio()));
    }

    @Test
    void rowsOnlyOneSideHasAreListed() {
        Report a = Reports.small(150, "A");
        Section extra = new Section("conv", "Conv", "", List.of(Reports.row("conv", "3x3 b1", "ResVec", Row.MAIN,
                "1", 1, Reports.time(1, 0.9, 1.1))), List.of());
        Report b = new Report(a.schema(), a.created(), a.mode(), 1, a.command(), a.machine(), a.measurement(),
                a.variants(), a.peers(), List.of(a.sections().get(0), extra));
        Comparison c = Comparison.of(a, b, "a", "b");
        assertEquals(2, c.pairs().size(), "the two limit rows");
        assertEquals(5, c.onlyA().size(), "the GEMM rows");
        assertEquals(List.of("conv/3x3 b1/ResVec/1"), c.onlyB().stream().map(Row::id).toList());
    }
}

package dev.resvec.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two reports side by side (two machines, two JDKs, two vector widths): their rows matched by {@link Row#id()}
 * (section, case, implementation, thread key — "all" threads match whatever each machine has), with the ratio of
 * the primary figures as speeds, B over A: above 1, B is faster.
 *
 * <p><b>The noise rule:</b> a pair is <em>within noise</em> when the two rows' confidence intervals of the median
 * overlap ({@link Figure#overlaps}). Non-overlapping 95 % intervals mean a difference the data supports at better
 * than the 5 % level; overlapping ones mean the data cannot tell the two apart at that level (it does not prove
 * them equal). A row with few samples has a lower-level interval (its level is in the report), which makes the rule
 * easier to pass, never harder.
 *
 * @param a      the first report
 * @param b      the second
 * @param labelA a short name for A in tables (e.g. its directory)
 * @param labelB the same for B
 * @param pairs  matched rows, in A's order
 * @param onlyA  rows of A that B lacks
 * @param onlyB  rows of B that A lacks
 */
public record Comparison(Report a, Report b, String labelA, String labelB, List<Pair> pairs, List<Row> onlyA,
                         List<Row> onlyB) {

    /**
     * One matched row.
     *
     * @param a           A's row
     * @param b           B's row
     * @param ratio       speed of B / speed of A on the primary figure; NaN when either row failed or their
     *                    primary figures differ in unit
     * @param withinNoise the noise rule's verdict (false when the ratio is NaN)
     */
    public record Pair(Row a, Row b, double ratio, boolean withinNoise) {
        /** @return the rows' common id */
        public String id() {
            return a.id();
        }
    }

    /** @return the comparison of two reports */
    public static Comparison of(Report a, Report b, String labelA, String labelB) {
        Map<String, Row> rowsB = new LinkedHashMap<>();
        for (Row r : b.rows()) {
            rowsB.put(r.id(), r);
        }
        List<Pair> pairs = new ArrayList<>();
        List<Row> onlyA = new ArrayList<>();
        for (Row ra : a.rows()) {
            Row rb = rowsB.remove(ra.id());
            if (rb == null) {
                onlyA.add(ra);
            } else {
                pairs.add(pair(ra, rb));
            }
        }
        return new Comparison(a, b, labelA, labelB, List.copyOf(pairs), List.copyOf(onlyA),
                List.copyOf(rowsB.values()));
    }

    static Pair pair(Row a, Row b) {
        Figure fa = a.primary(), fb = b.primary();
        if (fa == null || fb == null || !fa.unit().equals(fb.unit()) || fa.higherIsBetter() != fb.higherIsBetter()) {
            return new Pair(a, b, Double.NaN, false);
        }
        return new Pair(a, b, fb.speed() / fa.speed(), fa.overlaps(fb));
    }

    /** @return the pairs of one section */
    public List<Pair> pairs(String sectionId) {
        return pairs.stream().filter(p -> p.a().section().equals(sectionId)).toList();
    }
}

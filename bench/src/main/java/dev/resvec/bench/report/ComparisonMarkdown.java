package dev.resvec.bench.report;

import java.util.List;
import java.util.Locale;

/**
 * {@code compare.md}: the two reports' headers side by side, then per section a table of the matched rows — A's
 * and B's primary figure with its interval, the speed ratio B ÷ A, and the noise rule's verdict — and the rows only
 * one of them has.
 */
public final class ComparisonMarkdown {
    /** The verdict of a pair whose intervals overlap. */
    static final String NOISE = "≈ within noise";

    private ComparisonMarkdown() {}

    /** @return the whole compare.md */
    public static String render(Comparison c, List<MarkdownReport.Chart> charts) {
        StringBuilder out = new StringBuilder();
        out.append("# ResVec benchmark comparison: ").append(c.labelA()).append(" vs ").append(c.labelB())
                .append("\n\n");
        header(out, c);
        out.append("Ratio = speed of B ÷ speed of A on each row's primary figure (a rate as it is, a time inverted): "
                + "above 1, B is faster. Noise rule: a row is marked \"").append(NOISE).append("\" when the two "
                + "confidence intervals of the median overlap, i.e. the samples cannot tell A and B apart at the "
                + "intervals' level (95 % with 6 samples or more; the level of each interval is in its report).\n\n");
        long faster = c.pairs().stream().filter(p -> !p.withinNoise() && p.ratio() > 1).count();
        long slower = c.pairs().stream().filter(p -> !p.withinNoise() && p.ratio() < 1).count();
        long noise = c.pairs().stream().filter(Comparison.Pair::withinNoise).count();
        out.append(String.format(Locale.ROOT, "%d matched rows: B faster in %d, slower in %d, within noise in %d"
                + "%s.%n%n", c.pairs().size(), faster, slower, noise,
                c.onlyA().size() + c.onlyB().size() > 0 ? "; " + c.onlyA().size() + " rows only in A, "
                        + c.onlyB().size() + " only in B" : ""));
        for (Section s : c.a().sections()) {
            List<Comparison.Pair> pairs = c.pairs(s.id());
            if (pairs.isEmpty()) {
                continue;
            }
            out.append("## ").append(s.title()).append("\n\n");
            for (MarkdownReport.Chart chart : charts) {
                if (chart.section().equals(s.id())) {
                    out.append("![").append(chart.title()).append("](").append(chart.file()).append(")\n\n");
                }
            }
            table(pairs, c).appendTo(out);
            out.append('\n');
        }
        only(out, "Only in A (" + c.labelA() + ")", c.onlyA());
        only(out, "Only in B (" + c.labelB() + ")", c.onlyB());
        return out.toString();
    }

    private static void header(StringBuilder out, Comparison c) {
        Report a = c.a(), b = c.b();
        MarkdownTable t = new MarkdownTable("", "A: " + c.labelA(), "B: " + c.labelB());
        t.row("CPU", a.machine().cpuModel(), b.machine().cpuModel());
        t.row("Cores", String.valueOf(a.machine().logicalCpus()), String.valueOf(b.machine().logicalCpus()));
        t.row("ISA", MarkdownReport.isa(a.machine()), MarkdownReport.isa(b.machine()));
        t.row("JDK", a.machine().jdk(), b.machine().jdk());
        t.row("Kernel provider", a.machine().provider(), b.machine().provider());
        t.row("Report", a.mode() + ", " + a.created(), b.mode() + ", " + b.created());
        t.appendTo(out);
        out.append('\n');
    }

    /** @return the table of one section's pairs (package-private for the tests) */
    static MarkdownTable table(List<Comparison.Pair> pairs, Comparison c) {
        MarkdownTable t = new MarkdownTable("case", "threads", "implementation", "A: " + c.labelA(),
                "B: " + c.labelB(), "B ÷ A", "verdict");
        for (Comparison.Pair p : pairs) {
            Row a = p.a(), b = p.b();
            String threads = a.threadsKey().equals("all")
                    ? "all (" + a.threads() + (a.threads() != b.threads() ? " / " + b.threads() : "") + ")"
                    : a.threadsKey();
            String verdict = Double.isNaN(p.ratio()) ? "not comparable"
                    : p.withinNoise() ? NOISE : p.ratio() > 1 ? "B faster" : "B slower";
            t.row(a.caseName(), threads, a.impl(), cell(a), cell(b),
                    Double.isNaN(p.ratio()) ? "—" : String.format(Locale.ROOT, "%.2f", p.ratio()), verdict);
        }
        return t;
    }

    private static String cell(Row r) {
        return r.primary() == null ? "failed" : r.primary().format() + " " + r.primary().unit();
    }

    private static void only(StringBuilder out, String title, List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        out.append("## ").append(title).append("\n\n");
        for (Row r : rows) {
            out.append("- ").append(r.id()).append('\n');
        }
        out.append('\n');
    }
}

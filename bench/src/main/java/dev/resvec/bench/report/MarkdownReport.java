package dev.resvec.bench.report;

import dev.resvec.bench.report.run.ReportPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code report.md}: the header (machine, measurement, peers), then per section its description, its charts and
 * one table with a row per case, thread count and implementation: the primary figure's median and confidence
 * interval, the other figures, the percentage of the machine's limit, and how ResVec's speed compares
 * ({@link Speedups}); under the table, what its percentages of a limit mean where that needs saying
 * ({@link LimitNote}).
 */
public final class MarkdownReport {
    private MarkdownReport() {}

    /**
     * A chart file that belongs to a section.
     *
     * @param section its section's id
     * @param file    the file name, relative to the report directory
     * @param title   its alt text
     */
    public record Chart(String section, String file, String title) {}

    /** @return the whole report.md */
    public static String render(Report r, List<Chart> charts) {
        StringBuilder out = new StringBuilder();
        out.append("# ResVec performance report\n\n");
        out.append("**").append(r.mode()).append("** mode · started ").append(r.created()).append(" · took ")
                .append(duration(r.durationSeconds())).append(" · `").append(r.command()).append("`\n\n");
        machine(out, r);
        out.append("## How it was measured\n\n").append(r.measurement()).append("\n\n");
        peers(out, r);
        for (Section s : r.sections()) {
            section(out, s, r.machine(), charts.stream().filter(c -> c.section().equals(s.id())).toList());
        }
        return out.toString();
    }

    private static void machine(StringBuilder out, Report r) {
        Machine m = r.machine();
        out.append("## Machine\n\n");
        MarkdownTable t = new MarkdownTable("", "");
        t.row("CPU", m.cpuModel());
        t.row("Cores", m.logicalCpus() + " logical CPUs"
                + (m.physicalCores() > 0 ? ", " + m.physicalCores() + " physical cores" : ", physical cores unknown"));
        t.row("ISA", isa(m));
        t.row("Caches", m.caches() + " (" + m.cacheSource() + "); GEMM blocking assumes " + m.kernelBlocking());
        t.row("OS", m.os());
        t.row("JDK", m.jdk());
        t.row("JVM flags (forks)", "`" + String.join(" ", m.jvmArgs()) + "`"
                + (m.jvmArgs().contains("-XX:+UseParallelGC")
                        ? "; the limit probes with `-XX:+UseG1GC` instead, the elementwise rows with `-XX:+UseG1GC "
                        + ReportPlan.LINE_ALIGNED_OBJECTS + "`" : ""));
        t.row("HotSpot", m.vmOptions().isEmpty() ? "unknown" : new java.util.TreeMap<>(m.vmOptions()).entrySet()
                .stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
        t.row("Kernel provider", m.provider() + "; preferred species " + m.preferredBits() + " bits");
        t.row("Vector width, FMA", (m.vectorBits() == 0 ? "scalar" : m.vectorBits() + "-bit") + ", FMA "
                + (m.fma() ? "on" : "off"));
        for (Variant v : r.variants()) {
            t.row(v.id().equals(Row.MAIN) ? "Main rows (ResVec)" : "Variant rows (" + v.impl("ResVec") + ")",
                    (v.jvmArgs().isEmpty() ? "no extra flags" : "`" + String.join(" ", v.jvmArgs()) + "`") + " → "
                            + v.provider());
        }
        t.row("Threads", threads(m.threads(), m.logicalCpus()));
        t.appendTo(out);
        out.append('\n');
    }

    /** @return the machine's ISA flags (x86's as cpuinfo names them, NEON, SVE, SVE2), "unknown" when none */
    static String isa(Machine m) {
        return m.isa().isEmpty() ? "unknown" : String.join(" ", m.isa());
    }

    private static String threads(List<Integer> threads, int cpus) {
        return threads.stream().map(t -> t == cpus && t > 1 ? t + " (all)" : String.valueOf(t))
                .collect(Collectors.joining(", "));
    }

    private static void peers(StringBuilder out, Report r) {
        out.append("## Peers\n\n");
        MarkdownTable t = new MarkdownTable("peer", "ran", "what ran, or why not");
        for (PeerStatus p : r.peers()) {
            t.row(p.peer(), p.ran() ? "yes" : "**missing**", p.detail());
        }
        t.appendTo(out);
        out.append('\n');
    }

    private static void section(StringBuilder out, Section s, Machine m, List<Chart> charts) {
        out.append("## ").append(s.title()).append("\n\n");
        if (!s.description().isBlank()) {
            out.append(s.description()).append("\n\n");
        }
        for (Chart c : charts) {
            out.append("![").append(c.title()).append("](").append(c.file()).append(")\n\n");
        }
        if (!s.rows().isEmpty()) {
            table(s, m).appendTo(out);
            out.append('\n');
            for (String note : limitNotes(s)) {
                out.append(note).append("\n\n");
            }
        }
        if (!s.missing().isEmpty()) {
            out.append("Not measured:\n\n");
            for (Missing miss : s.missing()) {
                out.append("- **").append(miss.what()).append("**: ").append(miss.reason()).append('\n');
            }
            out.append('\n');
        }
    }

    /** @return the section's table (package-private for the tests) */
    static MarkdownTable table(Section s, Machine m) {
        // the convolution table: ResVec's measured error against a double-precision direct convolution
        boolean errors = s.id().equals(CONV);
        List<String> headers = new ArrayList<>(List.of("case", "threads", "implementation", "median [CI]", "also",
                "% of limit", "ResVec ÷ this"));
        if (errors) {
            headers.add("measured error");
        }
        headers.add("notes");
        MarkdownTable t = new MarkdownTable(headers.toArray(String[]::new));
        for (Row row : s.rows()) {
            String threads = row.threadsKey().equals("all") ? "all (" + row.threads() + ")" : row.threadsKey();
            if (row.error() != null) {
                t.row(cells(errors, row, row.caseName(), threads, row.impl(), "—", "", "", "",
                        "**failed**: " + row.error()));
                continue;
            }
            Figure p = row.primary();
            List<String> also = new ArrayList<>();
            for (Figure f : row.figures().subList(1, row.figures().size())) {
                also.add(Figure.number(f.median()) + " " + f.unit());
            }
            double ratio = Speedups.ratio(row, s.rows());
            t.row(cells(errors, row, row.caseName(), threads, row.impl(), p.format() + " " + p.unit(),
                    String.join("; ", also), percentCell(row.percentOfLimit()),
                    Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2f×", ratio), notes(row)));
        }
        return t;
    }

    /**
     * What a percentage of a limit means where a row can pass 100 % of it, per kind of limit: the marker on the
     * "% of limit" cell of a row above 100 % and the note under the table that explains it. A limit row's case
     * ({@link Percent#limit()}, or a limits-section row's own case) says which kind it is.
     */
    enum LimitNote {
        /**
         * GFLOP/s against the FMA peak: the direct computation's FLOPs are counted whatever the algorithm does, so
         * Winograd can pass the peak. Noted only when a row passes it (the section descriptions say the rest).
         */
        FMA("‡", false, "‡ **Above 100 % of the FMA peak**: GFLOP/s count the direct computation's FLOPs "
                + "(effective GFLOP/s) whatever the algorithm does, so one that does fewer multiplications "
                + "(Winograd) can pass the peak."),
        /**
         * GB/s against the stream add of the same size and threads: a Java reference loop, not a hardware ceiling.
         * Noted under every table that shows one (a percentage or a limit row), since a reader takes "% of limit"
         * for a fraction of a ceiling.
         */
        STREAM("†", true, "† **GB/s as % of limit**: a percentage of a plain Java streaming add of the same size "
                + "and threads (the `stream add` rows of the machine limits), a loop that C2 vectorises: a reference, "
                + "not a hardware ceiling. For sizes that fit in the caches it is limited by instruction issue, not "
                + "bandwidth, so a kernel can pass 100 %; such rows are marked †.");

        /** The footnote marker of a "% of limit" cell above 100 %. */
        final String marker;
        /** Whether the note goes under every table with this kind of limit, not only one with a row above it. */
        final boolean always;
        /** The note, starting with the marker. */
        final String note;

        LimitNote(String marker, boolean always, String note) {
            this.marker = marker;
            this.always = always;
            this.note = note;
        }

        /** @return the kind of the limit row with this case, or null for none */
        static LimitNote of(String limitCase) {
            return limitCase.equals(Percent.FMA_PEAK) ? FMA
                    : limitCase.startsWith(Percent.STREAM + " ") ? STREAM : null;
        }

        /** @return the kind of limit a row is a percentage of, or is itself (a limit row), or null */
        static LimitNote of(Row row) {
            return row.percentOfLimit() != null ? of(row.percentOfLimit().limit())
                    : row.section().equals(LIMITS) ? of(row.caseName()) : null;
        }
    }

    /** The id of the limits section, whose rows are the limits. */
    static final String LIMITS = "limits";

    /** @return a "% of limit" cell: e.g. {@code 71 %}, {@code 132 % †} above a limit that has a note, "" for none */
    static String percentCell(Percent p) {
        if (p == null) {
            return "";
        }
        LimitNote kind = LimitNote.of(p.limit());
        return kind != null && p.aboveLimit() ? p.format() + " " + kind.marker : p.format();
    }

    /** @return the notes under a section's table, in {@link LimitNote} order (package-private for the tests) */
    static List<String> limitNotes(Section s) {
        List<String> notes = new ArrayList<>();
        for (LimitNote kind : LimitNote.values()) {
            boolean shown = s.rows().stream().filter(r -> LimitNote.of(r) == kind).anyMatch(r -> kind.always
                    || r.percentOfLimit() != null && r.percentOfLimit().aboveLimit());
            if (shown) {
                notes.add(kind.note);
            }
        }
        return notes;
    }

    /** The id of the convolution section, whose table has a "measured error" column. */
    static final String CONV = "conv";

    /** @return the cells, with the measured error before the notes (the last cell) where the table has it */
    private static String[] cells(boolean errors, Row row, String... cells) {
        if (!errors) {
            return cells;
        }
        List<String> all = new ArrayList<>(List.of(cells));
        all.add(all.size() - 1, measuredError(row.measuredError()));
        return all.toArray(String[]::new);
    }

    /**
     * The cell of a measured convolution error, here and in {@code ConvComparison}'s table.
     *
     * @return e.g. {@code 2.31e-06 (38.8 u)}: relative to Σ|terms|, and in units of float's 2⁻²⁴; "" for none
     */
    public static String measuredError(Double e) {
        return e == null ? "" : String.format(Locale.ROOT, "%.2e (%.1f u)", e, e / 0x1p-24);
    }

    private static String notes(Row row) {
        List<String> notes = new ArrayList<>();
        Figure p = row.primary();
        if (p.ciLevel() < Stats.LEVEL - 1e-9) {
            notes.add(p.samples() == 1 ? "1 sample, no CI"
                    : String.format(Locale.ROOT, "CI %.0f %% (%d samples)", 100 * p.ciLevel(), p.samples()));
        }
        if (row.flags().contains(Stats.WIDE)) {
            notes.add("**wide CI**");
        }
        if (row.flags().contains(Stats.FORKS_DISAGREE)) {
            notes.add("**forks disagree**: " + row.forkMedians().stream().map(Figure::number)
                    .collect(Collectors.joining(", ")));
        }
        return String.join("; ", notes);
    }

    /** @return e.g. {@code 2 min 41 s} */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        return s / 3600 + " h " + s % 3600 / 60 + " min";
    }
}

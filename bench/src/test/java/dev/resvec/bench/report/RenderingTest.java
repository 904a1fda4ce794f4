package dev.resvec.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.md, compare.md and the PNG charts of a small report. */
class RenderingTest {
    @TempDir
    Path dir;

    /**
     * The convolution table has a "measured error" column before the notes: ResVec's rows give it relative to
     * Σ|terms| and in units of 2⁻²⁴, a row without one (a peer, a failed row) leaves it empty; other sections have
     * no such column.
     */
    @Test
    void theConvolutionTableHasAMeasuredErrorColumn() {
        StringBuilder md = new StringBuilder();
        MarkdownReport.table(Reports.conv(), Reports.machine("cpu", "vector")).appendTo(md);
        List<String> lines = md.toString().lines().toList();
        List<String> header = cells(lines.get(0));
        assertEquals(List.of("case", "threads", "implementation", "median [CI]", "also", "% of limit",
                "ResVec ÷ this", "measured error", "notes"), header);
        int col = header.indexOf("measured error");
        assertEquals("2.31e-06 (38.8 u)", cells(lines.get(2)).get(col), lines.get(2));
        assertEquals("", cells(lines.get(3)).get(col), lines.get(3));
        assertTrue(cells(lines.get(3)).get(col + 1).startsWith("**failed**"), lines.get(3));
        assertEquals("", cells(lines.get(4)).get(col), lines.get(4));
        assertTrue(lines.stream().skip(2).allMatch(l -> cells(l).size() == header.size()), md.toString());

        StringBuilder gemm = new StringBuilder();
        MarkdownReport.table(Reports.small(147, "cpu").section("gemm").orElseThrow(), Reports.machine("cpu", "v"))
                .appendTo(gemm);
        assertTrue(!gemm.toString().contains("measured error"), gemm.toString());
    }

    /**
     * GB/s are percentages of a Java reference loop, not of a ceiling: the note that says so is under the
     * elementwise table and the limits table, a row above 100 % of its stream add is marked † and one below is not;
     * a row above 100 % of the FMA peak (Winograd) is marked ‡ with its own note, a report where none passes the
     * peak and no GB/s are shown (GEMM only) has neither note nor marker.
     */
    @Test
    void percentagesAboveAStreamLimitAreMarkedAndExplained() {
        String md = MarkdownReport.render(Reports.elementwise(), List.of());
        String note = MarkdownReport.LimitNote.STREAM.note;
        assertTrue(note.contains("not a hardware ceiling") && note.contains("can pass 100 %"), note);

        List<String> elementwise = tableRows(md, "## Elementwise kernels");
        int col = cells(md.substring(md.indexOf("## Elementwise kernels")).lines()
                .filter(l -> l.startsWith("|")).findFirst().orElseThrow()).indexOf("% of limit");
        assertEquals("132 % †", cells(elementwise.get(0)).get(col), elementwise.get(0));
        assertEquals("96.9 %", cells(elementwise.get(1)).get(col), elementwise.get(1));
        assertTrue(afterTable(md, "## Elementwise kernels").startsWith(note), afterTable(md, "## Elementwise kernels"));
        assertTrue(afterTable(md, "## Machine limits").startsWith(note), afterTable(md, "## Machine limits"));
        assertTrue(tableRows(md, "## Machine limits").stream().noneMatch(l -> l.contains("†")), md);

        List<String> conv = tableRows(md, "## Convolution");
        assertEquals("148 % ‡", cells(conv.get(0)).get(col), conv.get(0));
        assertEquals("73.0 %", cells(conv.get(1)).get(col), conv.get(1));
        String convNotes = afterTable(md, "## Convolution");
        assertTrue(convNotes.startsWith(MarkdownReport.LimitNote.FMA.note), convNotes);
        assertTrue(!convNotes.startsWith(note) && !convNotes.contains("\n" + note), convNotes);
        assertTrue(!afterTable(md, "## Machine limits").contains(MarkdownReport.LimitNote.FMA.note), md);

        String gemmOnly = MarkdownReport.render(Reports.small(147, "cpu"), List.of());
        assertTrue(!gemmOnly.contains("†") && !gemmOnly.contains("‡"), gemmOnly);
    }

    /**
     * A committed report re-rendered: its elementwise rows above 100 % of their stream add (add 16 KiB at 132 %)
     * are marked and explained, the others are not marked.
     */
    @Test
    void aCommittedReportMarksItsRowsAboveTheStreamAdd() throws IOException {
        Report r;
        try (var in = Files.newBufferedReader(Path.of("results/zen5-epyc-2vcpu-avx512/quick-512/report.json"))) {
            r = ReportJson.read(in);
        }
        String md = MarkdownReport.render(r, List.of());
        Section elementwise = r.section("elementwise").orElseThrow();
        List<String> lines = tableRows(md, "## Elementwise kernels");
        assertEquals(elementwise.rows().size(), lines.size());
        int above = 0;
        for (int i = 0; i < lines.size(); i++) {
            Percent p = elementwise.rows().get(i).percentOfLimit();
            boolean marked = lines.get(i).contains(" % † |");
            assertEquals(p != null && p.median() > 100, marked, lines.get(i));
            above += marked ? 1 : 0;
        }
        assertTrue(above > 0 && lines.getFirst().contains("| add 16 KiB | 1 | ResVec |")
                && lines.getFirst().contains("| 132 % † |"), md);
        assertTrue(afterTable(md, "## Elementwise kernels").startsWith(MarkdownReport.LimitNote.STREAM.note), md);
    }

    /** @return the text after the table under this heading, up to the next heading */
    private static String afterTable(String md, String heading) {
        String after = md.substring(md.indexOf(heading));
        List<String> lines = after.lines().toList();
        int end = 0;
        while (!lines.get(end).startsWith("|")) {
            end++;
        }
        while (end < lines.size() && lines.get(end).startsWith("|")) {
            end++;
        }
        String rest = String.join("\n", lines.subList(end, lines.size())).strip();
        int next = rest.indexOf("## ");
        return next < 0 ? rest : rest.substring(0, next);
    }

    /** @return the cells of a Markdown table line, trimmed */
    private static List<String> cells(String line) {
        String inner = line.strip();
        inner = inner.substring(1, inner.length() - 1);
        return java.util.Arrays.stream(inner.split("\\|", -1)).map(String::strip).toList();
    }

    /** @return the Markdown table rows (lines starting with '|') after the heading, header and rule excluded */
    static List<String> tableRows(String md, String heading) {
        String after = md.substring(md.indexOf(heading));
        List<String> lines = after.lines().dropWhile(l -> !l.startsWith("|")).takeWhile(l -> l.startsWith("|"))
                .toList();
        return lines.subList(2, lines.size());
    }

    @Test
    void reportDirectoryHoldsJsonMarkdownAndChartsOfTheExpectedSize() throws IOException {
        Report r = Reports.small(147, "AMD EPYC");
        List<Path> files = ReportFiles.writeReport(r, dir);
        assertEquals(List.of("report.json", "gemm-1.png", "gemm-all.png", "report.md"),
                files.stream().map(f -> f.getFileName().toString()).toList());
        for (String png : List.of("gemm-1.png", "gemm-all.png")) {
            BufferedImage img = ImageIO.read(dir.resolve(png).toFile());
            assertEquals(Charts.WIDTH, img.getWidth(), png);
            assertEquals(Charts.HEIGHT, img.getHeight(), png);
        }
        try (var names = Files.list(dir)) {
            assertTrue(names.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
        assertEquals(r, ReportJson.read(Files.newBufferedReader(dir.resolve("report.json"))));
    }

    @Test
    void markdownHasOneTableRowPerReportRow() throws IOException {
        Report r = Reports.small(147, "AMD EPYC");
        ReportFiles.writeReport(r, dir);
        String md = Files.readString(dir.resolve("report.md"));
        List<String> gemm = tableRows(md, "## GEMM");
        assertEquals(5, gemm.size(), String.join("\n", gemm));
        String first = "| 1024x1024x1024 | 1 | ResVec | 147 [144, 150] GFLOP/s | 13.6 ms | 73.5 % |";
        assertTrue(gemm.get(0).startsWith(first), gemm.get(0));
        // the scalar variant against the main row: 147 / 7.5; OpenBLAS against the best ResVec row: 147 / 100
        assertTrue(gemm.get(1).contains("| all (2) | ResVec |"), gemm.get(1));
        assertTrue(gemm.get(2).contains("| ResVec scalar |") && gemm.get(2).contains("| 19.60× |"), gemm.get(2));
        assertTrue(gemm.get(3).contains("| OpenBLAS (auto) |") && gemm.get(3).contains("| 1.47× |"), gemm.get(3));
        assertTrue(gemm.get(4).contains("**failed**: boom (see jmh.log)"), gemm.get(4));
        assertTrue(md.contains("![GEMM, 1 thread](gemm-1.png)"), md);
        assertTrue(md.contains("- **EJML**: not run (--peers)"), md);
        assertTrue(md.contains("| EJML | **missing** | not run |"), md);
        assertEquals(2, tableRows(md, "## Machine limits").size());
    }

    @Test
    void comparisonHasATableRowPerPairAndAChartPerSection() throws IOException {
        Comparison c = Comparison.of(Reports.small(150, "A"), Reports.small(120, "B"), "512-bit", "256-bit");
        List<Path> files = ReportFiles.writeComparison(c, dir);
        assertEquals(List.of("compare-limits.png", "compare-gemm.png", "compare.md"),
                files.stream().map(f -> f.getFileName().toString()).toList());
        BufferedImage img = ImageIO.read(dir.resolve("compare-gemm.png").toFile());
        assertEquals(Charts.WIDTH, img.getWidth());
        assertEquals(Charts.HEIGHT, img.getHeight());
        String md = Files.readString(dir.resolve("compare.md"));
        List<String> gemm = tableRows(md, "## GEMM");
        assertEquals(5, gemm.size(), String.join("\n", gemm));
        assertTrue(gemm.get(0).endsWith("| 0.80 | B slower |"), gemm.get(0));
        assertTrue(gemm.get(1).endsWith("| 1.00 | " + ComparisonMarkdown.NOISE + " |"), gemm.get(1));
        assertTrue(gemm.get(4).endsWith("| — | not comparable |"), gemm.get(4));
        assertTrue(md.contains("7 matched rows: B faster in 0, slower in 1, within noise in 5"), md);
    }
}

package dev.resvec.bench.report;

import dev.resvec.nn.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Writes a report directory ({@code report.json}, {@code report.md}, one PNG per section and thread key) and a
 * comparison directory ({@code compare.md}, one PNG per section). Every file is written to a temporary file in
 * its directory and moved over the target, so an interrupted run leaves the old file or none, never half of one.
 */
public final class ReportFiles {
    /** The thread keys in chart order, with their titles' wording. */
    private static final Map<String, String> THREAD_WORDS = Map.of("1", "1 thread", "all", "all threads");

    private ReportFiles() {}

    /**
     * Writes report.json, the charts and report.md into {@code dir} (created if needed).
     *
     * @return the files written
     */
    public static List<Path> writeReport(Report r, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        Path json = dir.resolve("report.json");
        AtomicFiles.replace(json, tmp -> {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                ReportJson.write(r, w);
            }
        });
        written.add(json);
        ChartSet charts = new ChartSet(dir, written);
        for (Section s : r.sections()) {
            if (s.id().equals("limits")) {
                continue; // two figures of different units: the table says it all
            }
            for (String key : threadKeys(s)) {
                String words = THREAD_WORDS.getOrDefault(key, key + " threads");
                String title = s.title() + ", " + words;
                charts.add(() -> Charts.section(s, key, title), s.id() + "-" + key + ".png", s.id(), title);
            }
        }
        Path md = dir.resolve("report.md");
        text(md, MarkdownReport.render(r, charts.charts()) + charts.note());
        written.add(md);
        return written;
    }

    /**
     * Writes compare.md and a chart per section into {@code dir} (created if needed).
     *
     * @return the files written
     */
    public static List<Path> writeComparison(Comparison c, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        ChartSet charts = new ChartSet(dir, written);
        for (Section s : c.a().sections()) {
            String title = s.title() + ": " + c.labelB() + " vs " + c.labelA();
            charts.add(() -> Charts.comparison(c, s.id(), title), "compare-" + s.id() + ".png", s.id(), title);
        }
        Path md = dir.resolve("compare.md");
        text(md, ComparisonMarkdown.render(c, charts.charts()) + charts.note());
        written.add(md);
        return written;
    }

    private static List<String> threadKeys(Section s) {
        return s.rows().stream().map(Row::threadsKey).distinct().toList();
    }

    /** Writes a UTF-8 text file atomically. */
    public static void text(Path file, String content) throws IOException {
        AtomicFiles.replace(file, tmp -> Files.writeString(tmp, content, StandardCharsets.UTF_8));
    }

    /** Writes a PNG atomically. */
    public static void png(BufferedImage img, Path file) throws IOException {
        AtomicFiles.replace(file, tmp -> {
            if (!ImageIO.write(img, "png", tmp.toFile())) {
                throw new IOException(file + ": no PNG writer available");
            }
        });
    }
}

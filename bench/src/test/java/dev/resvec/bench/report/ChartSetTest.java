package dev.resvec.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chart that cannot be drawn costs the report its charts, never its tables. */
class ChartSetTest {
    @TempDir
    Path dir;

    /**
     * The failure a fontless headless JVM throws at the first text drawn: the charts after it are not attempted, the
     * ones before it stay, and the note names the failure and the fix.
     */
    @Test
    void aFailedDrawingStopsTheChartsAndIsNamed() throws IOException {
        List<Path> written = new ArrayList<>();
        ChartSet set = new ChartSet(dir, written);
        AtomicInteger drawn = new AtomicInteger();
        set.add(() -> {
            drawn.incrementAndGet();
            return new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
        }, "a.png", "gemm", "A");
        set.add(() -> {
            throw new RuntimeException("Fontconfig head is null, check your fonts or fonts configuration");
        }, "b.png", "gemm", "B");
        set.add(() -> {
            drawn.incrementAndGet();
            return new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
        }, "c.png", "conv", "C");

        assertEquals(1, drawn.get());
        assertEquals(List.of(dir.resolve("a.png")), written);
        assertTrue(Files.isRegularFile(dir.resolve("a.png")));
        assertFalse(Files.exists(dir.resolve("b.png")));
        assertEquals(List.of("a.png"), set.charts().stream().map(MarkdownReport.Chart::file).toList());
        String note = set.note();
        assertTrue(note.contains("RuntimeException: Fontconfig head is null"), note);
        assertTrue(note.contains("fontconfig fonts-dejavu-core"), note);
    }

    /** A fault of the drawing code is named as such, not as a missing font. */
    @Test
    void aDrawingBugIsNotCalledAFontProblem() throws IOException {
        ChartSet set = new ChartSet(dir, new ArrayList<>());
        set.add(() -> {
            throw new IllegalStateException("no series");
        }, "a.png", "gemm", "A");
        String note = set.note();
        assertTrue(note.contains("IllegalStateException: no series") && note.contains("fault of the chart drawing"),
                note);
        assertFalse(note.contains("fontconfig"), note);
        assertTrue(ChartSet.isFontProblem(new RuntimeException("wrapped", new UnsatisfiedLinkError("libfreetype"))));
        assertFalse(ChartSet.isFontProblem(new NullPointerException()));
    }

    /** Nothing to chart (the drawing returns null) writes no file and is no failure. */
    @Test
    void nothingToChartIsNoFailure() throws IOException {
        List<Path> written = new ArrayList<>();
        ChartSet set = new ChartSet(dir, written);
        set.add(() -> null, "a.png", "gemm", "A");
        assertEquals(List.of(), written);
        assertEquals("", set.note());
    }
}

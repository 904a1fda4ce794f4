package dev.resvec.bench.report;

import java.awt.AWTError;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The charts of one report or comparison directory. A chart that cannot be drawn does not cost the run its tables:
 * a headless server without fontconfig or a font (a bare container image) fails at the first text drawn, with
 * "Fontconfig head is null", after the whole benchmark has run. The first such failure stops the drawing (every
 * chart would fail the same way) and {@link #note()} tells the reader why the charts are missing and how to get them.
 */
final class ChartSet {
    private final Path dir;
    private final List<Path> written;
    private final List<MarkdownReport.Chart> charts = new ArrayList<>();
    private String failure;
    private boolean fontProblem;

    /**
     * @param dir     where the PNGs go
     * @param written the list of files written, which each PNG joins
     */
    ChartSet(Path dir, List<Path> written) {
        this.dir = dir;
        this.written = written;
    }

    /** Draws a chart (the drawing may return null: nothing to chart) and writes it, unless drawing failed before. */
    void add(Supplier<BufferedImage> draw, String file, String section, String title) throws IOException {
        if (failure != null) {
            return;
        }
        BufferedImage img;
        try {
            img = draw.get();
        } catch (RuntimeException | LinkageError | AWTError e) {
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            fontProblem = isFontProblem(e);
            System.err.println("resvec: charts not drawn (" + failure + "); the tables are complete");
            if (!fontProblem) {
                e.printStackTrace();   // a fault of the drawing itself: its trace is what a bug report needs
            }
            return;
        }
        if (img != null) {
            ReportFiles.png(img, dir.resolve(file));
            written.add(dir.resolve(file));
            charts.add(new MarkdownReport.Chart(section, file, title));
        }
    }

    /** The charts written, for the Markdown. */
    List<MarkdownReport.Chart> charts() {
        return charts;
    }

    /** A Markdown paragraph naming why no charts were drawn, or "" when drawing did not fail. */
    String note() {
        if (failure == null) {
            return "";
        }
        String why = fontProblem ? " Java draws chart text through fontconfig: install it and a font (Debian/Ubuntu:"
                + " `apt-get install fontconfig fonts-dejavu-core`), or point FONTCONFIG_FILE at a fonts.conf naming a"
                + " font folder, and rerun."
                : " This is a fault of the chart drawing (its stack trace went to standard error).";
        return "\n> Charts not drawn: " + failure + "." + why + " The tables above are complete.\n";
    }

    /**
     * Whether the failure is the JVM's fonts or native graphics libraries (a machine's set-up), not the drawing
     * code: a linkage or AWT error, or a message about fonts anywhere in the cause chain ("Fontconfig head is null").
     */
    static boolean isFontProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LinkageError || t instanceof AWTError
                    || (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains("font"))) {
                return true;
            }
        }
        return false;
    }
}

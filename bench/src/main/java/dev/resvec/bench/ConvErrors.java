package dev.resvec.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file of measured convolution errors that {@link ConvBenchmark}'s forward trials append to when
 * {@code -D}{@value ConvBenchmark#ERROR_FILE} names it, and its two readers: {@code resvec bench}'s convolution rows
 * ({@code JmhExecutor}, one parameter set a file) and {@code bench/compare-conv.sh}'s table ({@link ConvComparison},
 * one file for every parameter set of the run, hence the key on each line).
 *
 * <p>One line per forward trial (one per fork): the worst {@code |out − exact| / Σ|terms|}
 * ({@link ConvBenchmark.Problem#measuredError()}), then the trial's parameters, e.g.
 * <pre>2.310e-06 layer=3x3_64-64_56 algorithm=WINOGRAD_F4X4_3X3 batch=1 threads=2 direction=forward</pre>
 */
public final class ConvErrors {
    private static final Pattern LINE = Pattern.compile("(\\S+) layer=(\\S+) algorithm=(\\S+) batch=([1-9][0-9]*)"
            + " threads=([1-9][0-9]*) direction=(\\S+)");

    private ConvErrors() {}

    /**
     * One trial's measured error.
     *
     * @param layer     the layer name, e.g. {@code 3x3_64-64_56}
     * @param algorithm the {@code ConvAlgorithm} name
     * @param batch     images per call
     * @param threads   the trial's thread count (its {@code threads} parameter)
     * @param direction {@code forward} or {@code forwardUnprepared}
     * @param error     the worst {@code |out − exact| / Σ|terms|}
     */
    public record Entry(String layer, String algorithm, int batch, int threads, String direction, double error) {
        /** @return the line the file holds for it (no line separator) */
        public String line() {
            return String.format(Locale.ROOT, "%.3e layer=%s algorithm=%s batch=%d threads=%d direction=%s", error,
                    layer, algorithm, batch, threads, direction);
        }

        /** @return its {@link ConvErrors#key} */
        public String key() {
            return ConvErrors.key(layer, algorithm, batch, threads, direction);
        }
    }

    /** @return the key of a table cell: {@code layer/batch/threads/direction/algorithm} */
    public static String key(String layer, String algorithm, int batch, int threads, String direction) {
        return layer + "/" + batch + "/" + threads + "/" + direction + "/" + algorithm;
    }

    /**
     * Appends one line. Appending (rather than a temporary file moved into place) because the forks of one run
     * share the file and run one after the other, each adding its line to what the earlier ones wrote.
     *
     * @throws IOException when the file cannot be written
     */
    public static void append(Path file, Entry entry) throws IOException {
        Files.writeString(file, entry.line() + System.lineSeparator(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /**
     * @return the file's entries in order (blank lines skipped)
     * @throws IllegalArgumentException for a line not of the form above, naming the file, the line number and what
     *                                  came
     * @throws IOException              when the file cannot be read (a missing one included)
     */
    public static List<Entry> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Entry> entries = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            double error = Double.NaN;
            boolean ok = m.matches();
            if (ok) {
                try {
                    error = Double.parseDouble(m.group(1));
                } catch (NumberFormatException e) {
                    ok = false;
                }
            }
            if (!ok) {
                throw new IllegalArgumentException(file + ": line " + (i + 1) + ": expected 'ERROR layer=L"
                        + " algorithm=A batch=B threads=T direction=D' (what ConvBenchmark writes), got '" + line
                        + "'");
            }
            entries.add(new Entry(m.group(2), m.group(3), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    m.group(6), error));
        }
        return entries;
    }

    /**
     * @return the largest error of the entries (NaN when one is NaN: a broken measurement is not hidden by the
     * others), or null when there is none
     */
    public static Double worst(Collection<Entry> entries) {
        Double worst = null;
        for (Entry e : entries) {
            worst = worse(worst, e.error());
        }
        return worst;
    }

    /** @return the worst error per {@link #key}, the keys in the order they first appear */
    public static Map<String, Double> worstByKey(Collection<Entry> entries) {
        Map<String, Double> worst = new LinkedHashMap<>();
        for (Entry e : entries) {
            worst.put(e.key(), worse(worst.get(e.key()), e.error()));
        }
        return worst;
    }

    private static Double worse(Double sofar, double v) {
        return sofar == null || Double.isNaN(v) || v > sofar ? v : sofar;
    }
}

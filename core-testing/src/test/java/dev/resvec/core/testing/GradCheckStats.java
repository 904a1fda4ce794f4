package dev.resvec.core.testing;

import dev.resvec.core.GradCheckReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects, per operation, how many checks ran and the worst errors seen, and writes the table to
 * {@code target/gradcheck-summary-<name>.txt} (the figures the README quotes).
 */
final class GradCheckStats {
    private record Row(int tries, long compared, double maxAbs, double maxRel) {}

    private final Map<String, Row> rows = new TreeMap<>();

    synchronized void record(String op, GradCheckReport report) {
        Row r = rows.getOrDefault(op, new Row(0, 0, 0, 0));
        rows.put(op, new Row(r.tries + 1, r.compared + report.compared(), Math.max(r.maxAbs, report.maxAbsError()),
                Math.max(r.maxRel, report.maxRelError())));
    }

    synchronized void write(String name) throws IOException {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-22s %6s %10s %14s %14s%n", "op", "tries",
                "values", "max abs err", "max rel err"));
        rows.forEach((op, r) -> sb.append(String.format(Locale.ROOT, "%-22s %6d %10d %14.3e %14.3e%n", op, r.tries,
                r.compared, r.maxAbs, r.maxRel)));
        Path dir = Path.of("target");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("gradcheck-summary-" + name + ".txt"), sb.toString());
    }
}

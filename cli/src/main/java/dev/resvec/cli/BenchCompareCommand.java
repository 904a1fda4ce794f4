package dev.resvec.cli;

import dev.resvec.bench.report.Comparison;
import dev.resvec.bench.report.Report;
import dev.resvec.bench.report.ReportFiles;
import dev.resvec.bench.report.ReportJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code resvec bench compare A B}: two reports side by side ({@link Comparison}). */
@Command(name = "compare",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Sets two reports side by side (two machines, two JDKs, two vector widths): compare.md with a table "
                    + "per section — each row's figure in A and in B, the speed ratio B ÷ A (above 1: B is faster) "
                    + "and whether the difference is within noise (the two 95 %% confidence intervals overlap) — and "
                    + "a PNG chart per section. Rows are matched by section, case, implementation and thread count "
                    + "('all' matches all threads of each machine)."},
        footer = {"", "Example:", "  resvec bench compare bench/results/zen5-epyc-2vcpu-avx512/quick-512 \\",
            "      bench/results/zen5-epyc-2vcpu-avx512/quick-256 --labels 512-bit,256-bit --out runs/compare"})
final class BenchCompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "The first report.json (or its directory).")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "The second report.json (or its directory).")
    Path b;

    @Option(names = "--labels", split = ",", paramLabel = "A,B",
            description = "Names of A and B in the tables (default: their directories' names).")
    List<String> labels;

    @Option(names = "--out", paramLabel = "DIR", description = "Where compare.md and the charts go "
            + "(default: runs/compare-<time>).")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (labels != null && labels.size() != 2) {
            throw new ParameterException(spec.commandLine(), "--labels: expected two names, A,B; got " + labels);
        }
        Path fileA = reportFile(a), fileB = reportFile(b);
        Report ra = read(fileA), rb = read(fileB);
        String la = labels != null ? labels.get(0) : name(fileA), lb = labels != null ? labels.get(1) : name(fileB);
        if (la.equals(lb)) {
            la = "A: " + la;
            lb = "B: " + lb;
        }
        Comparison c = Comparison.of(ra, rb, la, lb);
        Path dir = out != null ? out : Path.of("runs", "compare-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        ReportFiles.writeComparison(c, dir);
        PrintWriter o = spec.commandLine().getOut();
        long faster = c.pairs().stream().filter(p -> !p.withinNoise() && p.ratio() > 1).count();
        long slower = c.pairs().stream().filter(p -> !p.withinNoise() && p.ratio() < 1).count();
        long noise = c.pairs().stream().filter(Comparison.Pair::withinNoise).count();
        o.printf("%d matched rows (%s vs %s): %s faster in %d, slower in %d, within noise in %d; %d only in %s, "
                        + "%d only in %s%n", c.pairs().size(), la, lb, lb, faster, slower, noise, c.onlyA().size(), la,
                c.onlyB().size(), lb);
        o.println("written: " + dir.resolve("compare.md"));
        o.flush();
        return 0;
    }

    private Path reportFile(Path p) {
        return Files.isDirectory(p) ? p.resolve("report.json") : p;
    }

    private static String name(Path reportJson) {
        Path parent = reportJson.toAbsolutePath().normalize().getParent();
        return parent == null || parent.getFileName() == null ? reportJson.toString()
                : parent.getFileName().toString();
    }

    private Report read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return ReportJson.read(r);
        } catch (NoSuchFileException e) {
            throw new ParameterException(spec.commandLine(), "no report at " + file + " (expected a report.json "
                    + "written by resvec bench, or its directory)");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), file + ": " + e.getMessage());
        }
    }
}

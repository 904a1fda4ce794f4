package dev.resvec.bench.report.run;

import dev.resvec.bench.ConvBenchmark;
import dev.resvec.bench.ConvErrors;
import dev.resvec.bench.ThreadAlternation;
import dev.resvec.bench.report.Figure;
import dev.resvec.bench.report.Row;
import dev.resvec.bench.report.Stats;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs one {@link Job} through JMH's Java API ({@link Runner}) and turns its result into a {@link Row} (two for a
 * job with an alternate thread count: the measured iterations of each fork are dealt out by
 * {@link ThreadAlternation#alternate(int)}): every measured iteration of every fork is a sample of its row
 * (converted to seconds per call from whatever unit the benchmark reports), the figures are the medians with their
 * intervals ({@link Stats}), and a row is flagged when its interval is wide or its forks disagree. JMH's own output
 * goes to the log stream.
 */
final class JmhExecutor {
    private final PrintStream log;

    JmhExecutor(PrintStream log) {
        this.log = log;
    }

    /**
     * @return the job's rows (one per {@link Job#rowThreads()}), or failed rows with the reason (JMH's exception,
     * the benchmark's own message)
     */
    List<Row> run(Job job) {
        Path errorFile = null;
        List<String> jvmArgs = new ArrayList<>(job.jvmArgs());
        if (measuresError(job)) {
            try {
                errorFile = Files.createTempFile("resvec-conv-error", ".txt");
            } catch (IOException e) {
                return failed(job, "cannot create a temporary file for the measured error: " + e.getMessage());
            }
            jvmArgs.add("-D" + ConvBenchmark.ERROR_FILE + "=" + errorFile);
        }
        try {
            List<Row> rows = run(job, jvmArgs);
            return errorFile == null ? rows : withMeasuredError(rows, errorFile);
        } finally {
            if (errorFile != null) {
                try {
                    Files.deleteIfExists(errorFile);
                } catch (IOException e) {
                    log.println("could not delete " + errorFile + ": " + e.getMessage());
                }
            }
        }
    }

    /** @return whether the job is one of ResVec's convolution rows, whose forks measure their error */
    static boolean measuresError(Job job) {
        return job.section().equals(ReportPlan.CONV) && !job.variant().equals(Row.PEER)
                && job.benchmark().startsWith(ConvBenchmark.class.getName() + ".");
    }

    /**
     * @param file what the forks appended: one measured error per forward trial ({@link ConvErrors}; a job is one
     *             parameter set, so every line is the job's)
     * @return the rows with the largest of them (rows unchanged when there is none: a failed fork)
     * @throws IllegalArgumentException for a line the forks did not write
     */
    static List<Row> withMeasuredError(List<Row> rows, Path file) {
        Double worst;
        try {
            worst = Files.exists(file) ? ConvErrors.worst(ConvErrors.read(file)) : null;
        } catch (IOException e) {
            return rows;
        }
        if (worst == null) {
            return rows;
        }
        Double w = worst;
        return rows.stream().map(r -> r.error() == null ? r.withMeasuredError(w) : r).toList();
    }

    private List<Row> run(Job job, List<String> jvmArgs) {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include("^" + Pattern.quote(job.benchmark()) + "$")
                .forks(job.forks())
                .warmupIterations(job.iterations().warmups())
                .warmupTime(TimeValue.milliseconds(job.iterations().warmupMs()))
                .measurementIterations(job.iterations().measurements())
                .measurementTime(TimeValue.milliseconds(job.iterations().measurementMs()))
                .threads(job.jmhThreads())
                .jvmArgs(jvmArgs.toArray(String[]::new))
                .jvmArgsAppend() // replaces the benchmark's own @Fork(jvmArgsAppend): the job says it all
                .shouldFailOnError(true)
                .verbosity(VerboseMode.NORMAL);
        job.params().forEach((k, v) -> b.param(k, v));
        log.println();
        log.println("=== " + job.describe() + " — " + job.benchmark() + " " + job.params());
        log.flush();
        // JMH writes what the forks print (the kernels' log line, the benchmarks' checks) straight to System.out
        // and System.err: into the log with it, so the console keeps one progress line per row.
        PrintStream stdout = System.out, stderr = System.err;
        System.setOut(log);
        System.setErr(log);
        try {
            Collection<RunResult> results = new Runner(b.build(),
                    OutputFormatFactory.createFormatInstance(log, VerboseMode.NORMAL)).run();
            if (results.size() != 1) {
                return failed(job, "JMH returned " + results.size() + " results for one parameter set");
            }
            return rows(job, results.iterator().next());
        } catch (RunnerException | RuntimeException e) {
            return failed(job, reason(e));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
            log.flush();
        }
    }

    private static List<Row> rows(Job job, RunResult result) {
        List<double[]> forks = new ArrayList<>();
        for (BenchmarkResult fork : result.getBenchmarkResults()) {
            List<Double> samples = new ArrayList<>();
            for (IterationResult it : fork.getIterationResults()) {
                samples.add(secondsPerCall(it.getPrimaryResult().getScore(), it.getScoreUnit()));
            }
            forks.add(samples.stream().mapToDouble(Double::doubleValue).toArray());
        }
        return rowsOf(job, forks);
    }

    /**
     * @param forks per fork, its measured samples in seconds per call, in iteration order
     * @return the job's rows: one of all samples, or for an alternating job one per thread count, each of its own
     * iterations (package-private for the tests)
     */
    static List<Row> rowsOf(Job job, List<double[]> forks) {
        if (job.alternate() == null) {
            return List.of(rowOf(job, job.threads(), forks));
        }
        List<double[]> first = new ArrayList<>(), second = new ArrayList<>();
        for (double[] f : forks) {
            first.add(java.util.stream.IntStream.range(0, f.length).filter(i -> !ThreadAlternation.alternate(i))
                    .mapToDouble(i -> f[i]).toArray());
            second.add(java.util.stream.IntStream.range(0, f.length).filter(ThreadAlternation::alternate)
                    .mapToDouble(i -> f[i]).toArray());
        }
        return List.of(rowOf(job, job.threads(), first), rowOf(job, job.alternate(), second));
    }

    /**
     * @param t     the row's thread count
     * @param forks per fork, the row's samples in seconds per call
     * @return the row of these samples
     */
    private static Row rowOf(Job job, ThreadSpec t, List<double[]> forks) {
        double[] all = forks.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
        if (all.length == 0) {
            return failedRow(job, t, "no measured iterations");
        }
        List<Figure> figures = job.work().figures(all);
        Figure primary = figures.get(0);
        List<Double> forkMedians = new ArrayList<>();
        if (forks.size() > 1) {
            for (double[] f : forks) {
                if (f.length > 0) {
                    double[] values = new double[f.length];
                    for (int i = 0; i < f.length; i++) {
                        values[i] = job.work().value(job.work().primary(), f[i]);
                    }
                    forkMedians.add(Stats.medianOf(values));
                }
            }
        }
        return new Row(job.section(), job.caseName(), job.impl(), job.algorithm(), job.variant(), t.key(), t.count(),
                figures, null, forkMedians, flags(primary, forkMedians), null);
    }

    /** @return the flags of a row: its interval is wide, its forks disagree */
    static List<String> flags(Figure primary, List<Double> forkMedians) {
        List<String> flags = new ArrayList<>();
        if (primary.relativeWidth() > Stats.WIDE_LIMIT) {
            flags.add(Stats.WIDE);
        }
        if (forkMedians.size() > 1) {
            double lo = forkMedians.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double hi = forkMedians.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            if (hi / lo > Stats.FORK_LIMIT) {
                flags.add(Stats.FORKS_DISAGREE);
            }
        }
        return flags;
    }

    /** @return a failed row per thread count of the job, with the reason */
    static List<Row> failed(Job job, String why) {
        return job.rowThreads().stream().map(t -> failedRow(job, t, why)).toList();
    }

    private static Row failedRow(Job job, ThreadSpec t, String why) {
        return Row.failed(job.section(), job.caseName(), job.impl(), job.algorithm(), job.variant(), t.key(),
                t.count(), why);
    }

    /**
     * @param score a JMH score
     * @param unit  its unit: {@code s/op}, {@code ms/op}, {@code us/op}, {@code ns/op} (average time) or
     *              {@code ops/s}, {@code ops/ms}, {@code ops/us}, {@code ops/ns} (throughput)
     * @return seconds per call
     * @throws IllegalArgumentException for another unit
     */
    static double secondsPerCall(double score, String unit) {
        String[] parts = unit.split("/");
        if (parts.length == 2 && parts[1].equals("op")) {
            return score * seconds(parts[0], unit);
        }
        if (parts.length == 2 && parts[0].equals("ops")) {
            return seconds(parts[1], unit) / score;
        }
        throw new IllegalArgumentException("unknown JMH score unit '" + unit + "'");
    }

    private static double seconds(String timeUnit, String unit) {
        return switch (timeUnit) {
            case "s" -> 1;
            case "ms" -> 1e-3;
            case "us", "µs" -> 1e-6;
            case "ns" -> 1e-9;
            case "min" -> 60;
            default -> throw new IllegalArgumentException("unknown time unit in JMH score unit '" + unit + "'");
        };
    }

    /** @return the most specific message of an exception chain (the benchmark's own, where JMH wraps it) */
    static String reason(Throwable e) {
        String best = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                best = t.getMessage();
            }
            for (Throwable s : t.getSuppressed()) {
                if (s.getMessage() != null && !s.getMessage().isBlank()) {
                    best = s.getMessage();
                }
            }
        }
        String r = best == null ? e.getClass().getSimpleName() : best.strip();
        int nl = r.indexOf('\n');
        return (nl > 0 ? r.substring(0, nl) : r) + " (see jmh.log)";
    }
}

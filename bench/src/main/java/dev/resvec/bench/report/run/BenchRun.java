package dev.resvec.bench.report.run;

import dev.resvec.bench.report.Figure;
import dev.resvec.bench.report.Machine;
import dev.resvec.bench.report.Missing;
import dev.resvec.bench.report.PeerStatus;
import dev.resvec.bench.report.Percent;
import dev.resvec.bench.report.Report;
import dev.resvec.bench.report.ReportFiles;
import dev.resvec.bench.report.Row;
import dev.resvec.bench.report.Section;
import dev.resvec.bench.report.Variant;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code resvec bench}: detects the machine, plans the jobs ({@link ReportPlan}), runs them one after the other
 * (JMH forks for ResVec and the JVM peers, the PyTorch script), and writes the report directory
 * ({@link ReportFiles}). Progress goes to the given writer, one line per row; JMH's own output to
 * {@code jmh.log} in the report directory.
 */
public final class BenchRun {
    /** The forks' common JVM arguments. */
    static final List<String> BASE_JVM_ARGS = List.of("--add-modules=jdk.incubator.vector",
            "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-XX:+UseParallelGC",
            "-Xms1g", "-Djava.awt.headless=true");
    /** Seconds the run spends probing the JVMs and peers before its first fork, for the time estimate. */
    private static final double PROBES = 3;

    private final ReportOptions options;
    private final PrintWriter out;

    private BenchRun(ReportOptions options, PrintWriter out) {
        this.options = options;
        this.out = out;
    }

    /**
     * What a run produced.
     *
     * @param report the report, or null for a dry run
     * @param files  the files written (empty for a dry run)
     */
    public record Outcome(Report report, List<Path> files) {
        /** @return the rows that failed (a benchmark threw), over all sections */
        public List<Row> failedRows() {
            return report == null ? List.of() : report.rows().stream().filter(r -> r.error() != null).toList();
        }
    }

    /**
     * Runs the report (or, with {@code dryRun}, prints its plan).
     *
     * @throws IllegalArgumentException when the main JVM configuration cannot run here (a vector width wider
     *                                  than the CPU's), with the reason
     */
    public static Outcome run(ReportOptions options, PrintWriter out) throws IOException {
        return new BenchRun(options, out).run();
    }

    private Outcome run() throws IOException {
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long t0 = System.nanoTime();
        if (options.mode() == Mode.SMOKE) {
            // A smoke run checks the pipeline, not the machine: let it run beside another JMH (parallel CI builds).
            System.setProperty("jmh.ignoreLock", "true");
        }
        Path dir = options.out();
        Path probeLog;
        if (options.dryRun()) {
            probeLog = Files.createTempFile("resvec-bench-probes", ".log");
            probeLog.toFile().deleteOnExit();
        } else {
            Files.createDirectories(dir);
            probeLog = dir.resolve("probes.log");
        }
        MachineFacts facts = MachineFacts.detect();
        List<ThreadSpec> threads = ThreadSpec.parse(options.threads(), facts.logicalCpus());
        List<String> mainArgs = options.vectorBits() == 0 ? List.of() : List.of("-Dresvec.vectorBits="
                + options.vectorBits());
        JvmInfo main;
        try {
            main = JvmInfo.probe(jvmArgs(mainArgs), probeLog);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant(Row.MAIN, "", mainArgs, main.provider()));
        List<Variant> unavailable = new ArrayList<>();
        for (String v : options.variants()) {
            Variant variant = variant(v, main, probeLog);
            if (variant == null) {
                continue; // the same as the main rows
            }
            (variant.provider().startsWith("unavailable") ? unavailable : variants).add(variant);
        }
        boolean jvmPeers = options.peers().stream().anyMatch(p -> !p.equals("pytorch"));
        PeersInfo peers = jvmPeers ? PeersInfo.probe(BASE_JVM_ARGS, probeLog) : null;
        ReportPlan.Context ctx = new ReportPlan.Context(threads, BASE_JVM_ARGS, variants, facts, main, peers,
                options.onnxDir());
        ReportPlan.Plan plan = ReportPlan.build(options, ctx);
        printPlan(plan, threads, main, variants, unavailable);
        if (options.dryRun()) {
            return new Outcome(null, List.of());
        }
        Map<String, List<Row>> rows = new LinkedHashMap<>();
        Map<String, List<Missing>> missing = new LinkedHashMap<>();
        plan.missing().forEach((s, m) -> missing.computeIfAbsent(s, k -> new ArrayList<>()).addAll(m));
        TorchPeer.Result torch = null;
        Path jmhLog = dir.resolve("jmh.log");
        try (PrintStream log = new PrintStream(Files.newOutputStream(jmhLog, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND), true, StandardCharsets.UTF_8)) {
            JmhExecutor jmh = new JmhExecutor(log);
            int done = 0;
            int total = plan.rowCount();
            boolean torchDone = false;
            for (Job job : plan.jobs()) {
                if (!torchDone && !job.section().equals(ReportPlan.LIMITS)) {
                    torch = torch(plan, threads, dir);
                    torchDone = true;
                }
                List<Row> jobRows = runJob(jmh, job, torch, missing);
                for (int i = 0; i < jobRows.size(); i++) {
                    rows.computeIfAbsent(job.section(), s -> new ArrayList<>()).add(jobRows.get(i));
                    progress(++done, total, job.describe(job.rowThreads().get(i)), jobRows.get(i), t0);
                }
                if (jobRows.isEmpty()) {
                    done += job.rowThreads().size();
                }
            }
            if (!torchDone) {
                torch = torch(plan, threads, dir);
            }
        }
        if (torch != null) {
            torch.rows().forEach((s, r) -> rows.computeIfAbsent(s, k -> new ArrayList<>()).addAll(r));
            torch.missing().forEach((s, m) -> missing.computeIfAbsent(s, k -> new ArrayList<>()).addAll(m));
            if (torch.version() == null) { // it did not run at all: name it in every section it had cases in
                for (String s : plan.torchSections()) {
                    missing.computeIfAbsent(s, k -> new ArrayList<>()).add(new Missing("PyTorch", torch.error()));
                }
            }
        }
        List<Section> sections = sections(plan, rows, missing, main);
        Report report = new Report(Report.SCHEMA, started.toString(), options.mode().id(),
                (System.nanoTime() - t0) / 1e9, options.command(), machine(facts, main, threads),
                measurement(threads), variants, peerStatus(options, peers, torch, rows, plan,
                        options.mode() == Mode.FULL ? plan : ReportPlan.build(options.withMode(Mode.FULL), ctx)),
                sections);
        List<Path> files = ReportFiles.writeReport(report, dir);
        out.printf(Locale.ROOT, "%nreport written in %.0f s: %s%n", report.durationSeconds(),
                dir.resolve("report.md"));
        out.flush();
        return new Outcome(report, files);
    }

    private List<String> jvmArgs(List<String> extra) {
        List<String> args = new ArrayList<>(BASE_JVM_ARGS);
        args.addAll(extra);
        return args;
    }

    /** @return the variant's configuration, null when it equals the main one, "unavailable: why" when it cannot run */
    private Variant variant(String v, JvmInfo main, Path log) throws IOException {
        List<String> args = v.equals("scalar") ? List.of("-Dresvec.kernels=scalar")
                : List.of("-Dresvec.vectorBits=" + v);
        String id = v.equals("scalar") ? Row.SCALAR : "vector" + v;
        String label = v.equals("scalar") ? "scalar" : v + "-bit";
        if (!v.equals("scalar") && main.vectorBits() == Integer.parseInt(v)) {
            return null;
        }
        try {
            return new Variant(id, label, args, JvmInfo.probe(jvmArgs(args), log).provider());
        } catch (IllegalStateException e) {
            return new Variant(id, label, args, "unavailable: " + e.getMessage());
        }
    }

    private TorchPeer.Result torch(ReportPlan.Plan plan, List<ThreadSpec> threads, Path dir) throws IOException {
        boolean ort = options.peers().contains("onnxruntime");
        List<String> models = ort ? plan.torchInfer().stream().map(c -> c.split(":")[0]).distinct().toList()
                : List.of();
        if (!options.peers().contains("pytorch") || (!plan.hasTorchWork() && models.isEmpty())) {
            return null;
        }
        out.println("PyTorch (" + options.python() + ") ...");
        out.flush();
        int samples = options.mode() == Mode.FULL ? 21 : options.mode() == Mode.QUICK ? 7 : 3;
        double warmup = options.mode() == Mode.FULL ? 1.0 : options.mode() == Mode.QUICK ? 0.2 : 0.05;
        TorchPeer.Result r = TorchPeer.run(options.python(), plan, threads, samples, warmup, options.onnxDir(),
                models, dir);
        out.println("PyTorch: " + (r.error() != null ? "missing: " + r.error() : r.version() + ", "
                + r.rows().values().stream().mapToInt(List::size).sum() + " rows"));
        out.flush();
        return r;
    }

    /** @return the job's rows, none when it could not start (named in {@code missing}) */
    private List<Row> runJob(JmhExecutor jmh, Job job, TorchPeer.Result torch, Map<String, List<Missing>> missing) {
        if (job.benchmark().endsWith("OrtInferenceBenchmark.run")) {
            Path model = Path.of(job.params().get("onnx"));
            if (!Files.isRegularFile(model)) {
                String why = "no ONNX model " + model + " ("
                        + (torch == null ? "PyTorch did not run to export it"
                        : torch.onnxError() != null ? "the export failed: " + torch.onnxError()
                        : "PyTorch did not export it") + ")";
                List<Missing> m = missing.computeIfAbsent(job.section(), s -> new ArrayList<>());
                if (m.stream().noneMatch(x -> x.reason().equals(why))) {
                    m.add(new Missing("ONNX Runtime " + job.caseName(), why));
                }
                return List.of();
            }
        }
        return jmh.run(job);
    }

    private void progress(int done, int total, String what, Row row, long t0) {
        Figure rate = row.rate();
        String figure = row.error() != null ? "FAILED: " + row.error()
                : row.primary().format() + " " + row.primary().unit() + (rate != null && rate != row.primary()
                ? "  (" + Figure.number(rate.median()) + " " + rate.unit() + ")" : "");
        out.printf(Locale.ROOT, "[%3d/%d %s] %s: %s%n", done, total, clock((System.nanoTime() - t0) / 1e9), what,
                figure);
        out.flush();
    }

    private void printPlan(ReportPlan.Plan plan, List<ThreadSpec> threads, JvmInfo main, List<Variant> variants,
                           List<Variant> unavailable) {
        out.println("resvec bench " + options.mode().id() + ": " + main.provider());
        out.println("threads " + threads.stream().map(t -> t.key().equals("all") ? "all (" + t.count() + ")"
                : t.key()).collect(Collectors.joining(", ")) + "; variants " + (variants.size() > 1
                ? variants.subList(1, variants.size()).stream().map(v -> v.label() + " (" + v.provider() + ")")
                .collect(Collectors.joining(", ")) : "none"));
        unavailable.forEach(v -> out.println("variant " + v.label() + " " + v.provider()));
        Map<String, Integer> perSection = plan.jobs().stream().collect(Collectors.groupingBy(Job::section,
                LinkedHashMap::new, Collectors.summingInt(j -> j.rowThreads().size())));
        out.println(plan.rowCount() + " JMH rows " + perSection + " from " + plan.jobs().size() + " fork "
                + "configurations" + (plan.hasTorchWork() && options.peers()
                .contains("pytorch") ? ", PyTorch " + (plan.torchConv().size() + plan.torchInfer().size()
                + (plan.torchTrain() > 0 ? 1 : 0)) + " cases × " + threads.size() + " thread counts" : "")
                + "; estimated " + clock(estimate(plan)));
        if (options.dryRun()) {
            for (Job j : plan.jobs()) {
                out.println("  " + j.describe() + "  [" + j.benchmark().substring(j.benchmark().lastIndexOf('.',
                        j.benchmark().lastIndexOf('.') - 1) + 1) + " " + j.params() + ", " + j.forks() + " fork(s), "
                        + j.iterations().describe() + "]");
            }
            plan.missing().forEach((s, ms) -> ms.forEach(m -> out.println("  not measured in " + s + ": " + m.what()
                    + ": " + m.reason())));
        }
        out.flush();
    }

    /**
     * @return the guessed seconds of the plan: the probes, each fork ({@link #forkSeconds}, {@link #iterationSeconds})
     * and PyTorch; on the 2-vCPU Zen 5 VM the quick report took within 5 % of it
     */
    double estimate(ReportPlan.Plan plan) {
        double s = PROBES;
        for (Job j : plan.jobs()) {
            s += j.forks() * (forkSeconds(j) + iterationSeconds(j));
        }
        if (options.peers().contains("pytorch") && plan.hasTorchWork()) {
            s += options.mode() == Mode.FULL ? 240 : 10;
        }
        return s;
    }

    /**
     * @return the seconds a fork takes besides its iterations: the JVM start, the setup (a network's model and
     * predictor: two predictors or sessions for an alternating job), and the first calls, which run before C2 has
     * compiled the kernels and so overrun the first warm-up iteration (as measured in the quick report of
     * 2026-12-02 on the 2-vCPU Zen 5 VM); ResVec's inference forks then call their predictor until its call time
     * settles ({@link ReportPlan#INFERENCE_SETTLE_SECONDS}), which took about 5 s more a fork on 2026-12-04
     */
    static double forkSeconds(Job j) {
        boolean pair = j.alternate() != null;
        boolean settles = !"0".equals(j.params().getOrDefault("settleSeconds", "0"));
        return switch (j.section()) {
            case ReportPlan.INFERENCE -> j.variant().equals(Row.PEER) ? 2 : (pair ? 4 : 3) + (settles ? 5 : 0);
            case ReportPlan.TRAINING -> j.variant().equals(Row.SCALAR) ? 2.4 : 4.5;
            case ReportPlan.GEMM, ReportPlan.CONV -> pair ? 1.1 : 0.7;
            default -> 0.7;
        };
    }

    /**
     * @return the seconds of a fork's iterations: each lasts its time, or one call where a call takes longer (the
     * rows known to be that slow, with their calls' seconds on the Zen 5 VM)
     */
    static double iterationSeconds(Job j) {
        boolean square1024 = j.caseName().equals("1024x1024x1024");
        double call = j.variant().equals(Row.SCALAR) && j.section().equals(ReportPlan.TRAINING) ? 2.6
                : j.variant().equals(Row.SCALAR) && j.section().equals(ReportPlan.INFERENCE) ? 0.35
                : square1024 && j.impl().startsWith("EJML") ? 0.35
                : square1024 && j.impl().startsWith("netlib Java") ? 1.0 : 0;
        Iterations it = j.iterations();
        return it.warmups() * Math.max(it.warmupMs() / 1000.0, call)
                + it.measurements() * Math.max(it.measurementMs() / 1000.0, call);
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    // ---------------------------------------------------------------------------------------------------- assembly

    private List<Section> sections(ReportPlan.Plan plan, Map<String, List<Row>> rows,
                                   Map<String, List<Missing>> missing, JvmInfo main) {
        List<Row> limits = rows.getOrDefault(ReportPlan.LIMITS, List.of());
        List<Section> sections = new ArrayList<>();
        for (String id : ReportPlan.SECTIONS) {
            if (!options.sections().contains(id) && !(id.equals(ReportPlan.LIMITS) && !limits.isEmpty())) {
                continue;
            }
            List<Row> sectionRows = new ArrayList<>();
            for (Row r : ordered(plan, id, rows.getOrDefault(id, List.of()))) {
                sectionRows.add(withPercent(r, limits));
            }
            sections.add(new Section(id, SectionTexts.title(id), SectionTexts.description(id, main.preferredBits(),
                    main.fmaChains()), sectionRows, missing.getOrDefault(id, List.of())));
        }
        return sections;
    }

    /** Rows in table order: by case (as planned), then thread count, then main, variants, peers. */
    static List<Row> ordered(ReportPlan.Plan plan, String section, List<Row> rows) {
        List<String> cases = new ArrayList<>();
        plan.jobs().stream().filter(j -> j.section().equals(section)).forEach(j -> {
            if (!cases.contains(j.caseName())) {
                cases.add(j.caseName());
            }
        });
        rows.forEach(r -> {
            if (!cases.contains(r.caseName())) {
                cases.add(r.caseName());
            }
        });
        List<String> threadKeys = new ArrayList<>();
        rows.forEach(r -> {
            if (!threadKeys.contains(r.threadsKey())) {
                threadKeys.add(r.threadsKey());
            }
        });
        threadKeys.sort(Comparator.comparingInt(k -> rows.stream().filter(r -> r.threadsKey().equals(k))
                .mapToInt(Row::threads).min().orElse(0)));
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.<Row>comparingInt(r -> cases.indexOf(r.caseName()))
                .thenComparingInt(r -> threadKeys.indexOf(r.threadsKey()))
                .thenComparingInt(r -> r.variant().equals(Row.MAIN) ? 0 : r.isResVec() ? 1 : 2));
        return sorted;
    }

    private static Row withPercent(Row r, List<Row> limits) {
        Figure rate = r.rate();
        if (rate == null || r.section().equals(ReportPlan.LIMITS)) {
            return r;
        }
        String limitCase = rate.unit().equals("GB/s") ? ReportPlan.streamCase(sizeOf(r.caseName()))
                : rate.unit().equals("GFLOP/s") ? ReportPlan.FMA_PEAK : null;
        if (limitCase == null) {
            return r;
        }
        return limits.stream().filter(l -> l.caseName().equals(limitCase) && l.threadsKey().equals(r.threadsKey())
                        && l.primary() != null && l.primary().unit().equals(rate.unit()))
                .findFirst().map(l -> r.withPercent(Percent.of(limitCase, rate, l.primary()))).orElse(r);
    }

    /** @return the bytes of an elementwise case's size ({@code add 1 MiB} → 1048576), or -1 */
    static long sizeOf(String caseName) {
        String[] words = caseName.split(" ");
        if (words.length < 2) {
            return -1;
        }
        try {
            long n = Long.parseLong(words[words.length - 2]);
            return switch (words[words.length - 1]) {
                case "KiB" -> n << 10;
                case "MiB" -> n << 20;
                case "B" -> n;
                default -> -1;
            };
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private Machine machine(MachineFacts f, JvmInfo main, List<ThreadSpec> threads) {
        return new Machine(f.cpuModel(), f.logicalCpus(), f.physicalCores(), f.isa(), f.caches(), f.cacheSource(),
                MachineFacts.kernelBlocking(), f.os(), main.jdk(), jvmArgs(options.vectorBits() == 0 ? List.of()
                : List.of("-Dresvec.vectorBits=" + options.vectorBits())), main.vmOptions(), main.provider(),
                main.vectorBits(), main.fma(), main.preferredBits(), threads.stream().map(ThreadSpec::count).toList());
    }

    private String measurement(List<ThreadSpec> threads) {
        Mode m = options.mode();
        int forks = options.forksPerJob();
        return "JMH 1.37 through its Java API, " + (m.interleavesThreads ? "one fork configuration per row, except "
                + "that the 1-thread and all-threads rows of a GEMM, convolution or training case (ResVec's) and "
                + "of ONNX Runtime's inference share one: the fork "
                + "alternates the two thread counts iteration by iteration, warm-up included (both run warm; both see "
                + "the same conditions), and each row takes its own measured iterations" : "one fork configuration "
                + "per row") + ". " + forks + " fork" + (forks > 1 ? "s" : "") + " × (" + iterations(m)
                + ") per row; an iteration holds at least one call." + (m == Mode.SMOKE ? "" : " Before its warm-up"
                + " iterations, each ResVec inference fork calls its predictor until the call time settles (at most "
                + ReportPlan.INFERENCE_SETTLE_SECONDS + " s).") + " Each figure is the **median over all measured "
                + "iterations of all forks**, in brackets a **95 % confidence interval of the median** from order "
                + "statistics (distribution-free; with 5 samples or fewer it is the whole range and its lower "
                + "level is noted). A row is flagged **wide CI** when the interval is wider than 20 % of the median"
                + ", and **forks disagree** when its forks' medians differ by more than 15 % (Vector API code "
                + "can compile differently from one JVM to the next). PyTorch: single calls timed after a "
                + "warm-up, the same statistics. \"ResVec ÷ this\" is ResVec's speed over the row's: for a peer "
                + "the fastest ResVec row of the same case and threads, for a variant the main row of the same "
                + "algorithm." + (m == Mode.QUICK ? " Quick mode: 1 fork per row or pair of rows (fork-to-fork "
                + "variation is not sampled; --full has 3 forks and a fork configuration per row), a few cases per "
                + "section, variant rows at 1 thread only." : "")
                + (m == Mode.SMOKE ? " Smoke mode: a pipeline check with tiny sizes and iterations; the figures "
                + "mean nothing." : "") + " Thread counts: " + threads.stream().map(t -> t.key().equals("all")
                ? "all (" + t.count() + ")" : t.key()).collect(Collectors.joining(", ")) + ".";
    }

    /** @return the mode's iterations per kind of row, rows with the same settings named together */
    static String iterations(Mode m) {
        Map<Iterations, List<String>> kinds = new LinkedHashMap<>();
        java.util.function.BiConsumer<String, Iterations> kind = (name, it) ->
                kinds.computeIfAbsent(it, k -> new ArrayList<>()).add(name);
        kind.accept("FMA peak", m.peak);
        kind.accept("stream add", m.limits);
        kind.accept("GEMM and convolution", m.kernels);
        kind.accept("elementwise", m.memory);
        kind.accept("ResVec inference", m.networks);
        kind.accept("ONNX Runtime", m.networkPeers);
        kind.accept("training", m.training);
        kind.accept("scalar inference", m.scalarNetworks);
        kind.accept("scalar training", m.scalarTraining);
        kind.accept("EJML at 1024³", m.slowPeers);
        return kinds.entrySet().stream().map(e -> String.join(", ", e.getValue()) + " " + e.getKey().describe())
                .collect(Collectors.joining("; "));
    }

    /**
     * @param full the plan of the same run in full mode, for the peer paths this mode leaves out
     * @return the Peers table's rows (package-private for the tests)
     */
    static List<PeerStatus> peerStatus(ReportOptions options, PeersInfo p, TorchPeer.Result torch,
                                       Map<String, List<Row>> rows, ReportPlan.Plan plan, ReportPlan.Plan full) {
        List<PeerStatus> list = new ArrayList<>();
        List<Row> all = rows.values().stream().flatMap(List::stream).toList();
        java.util.function.Predicate<String> ran = prefix -> all.stream()
                .anyMatch(r -> r.impl().startsWith(prefix) && r.error() == null);
        java.util.function.Predicate<String> planned = prefix -> plan.jobs().stream()
                .anyMatch(j -> j.impl().startsWith(prefix));
        list.add(status(options, "openblas", "OpenBLAS", ran.test("OpenBLAS"), planned.test("OpenBLAS"),
                p == null ? null : p.openblasError(),
                () -> p.openblasConfig() + " (" + p.openblasPath() + "); auto-detected kernels: " + p.openblasCore()
                        + (all.stream().anyMatch(r -> r.impl().contains("SkylakeX"))
                        ? "; SkylakeX rows: forced with OPENBLAS_CORETYPE=SkylakeX (its AVX-512 kernels)" : "")));
        list.add(status(options, "netlib", "netlib-java 3.2.0", ran.test("netlib"), planned.test("netlib"),
                p == null ? null : p.netlibError(),
                () -> PeerPaths.describe(PeerPaths.netlib(p), options.mode(), plan.jobs(), full.jobs(), all)));
        list.add(status(options, "ejml", "EJML", ran.test("EJML"), planned.test("EJML"),
                p == null ? null : p.ejmlError(),
                () -> p.ejml() + ": " + PeerPaths.describe(PeerPaths.ejml(), options.mode(), plan.jobs(),
                        full.jobs(), all)));
        list.add(status(options, "pytorch", "PyTorch", ran.test("PyTorch"), plan.hasTorchWork(),
                torch == null ? null : torch.error(),
                () -> torch.version() + " (" + options.python() + ", bench/peers/torch_report.py)"));
        list.add(status(options, "onnxruntime", "ONNX Runtime", ran.test("ONNX Runtime"),
                planned.test("ONNX Runtime"),
                p == null ? null : p.onnxruntimeError(), () -> "Java " + p.onnxruntime() + ", CPU execution "
                + "provider; models in " + options.onnxDir()));
        return list;
    }

    private static PeerStatus status(ReportOptions options, String key, String name, boolean ran, boolean planned,
                                     String error, java.util.function.Supplier<String> detail) {
        if (!options.peers().contains(key)) {
            return new PeerStatus(name, false, "not run (--peers " + (options.peers().isEmpty() ? "none"
                    : String.join(",", options.peers().stream().sorted().toList())) + ")");
        }
        if (options.mode() == Mode.SMOKE && !ReportPlan.SMOKE_PEERS.contains(key)) {
            return new PeerStatus(name, false, ReportPlan.NOT_IN_SMOKE);
        }
        if (error != null) {
            return new PeerStatus(name, false, error.strip());
        }
        if (!planned) {
            return new PeerStatus(name, false, "not needed by the sections run");
        }
        return new PeerStatus(name, ran, ran ? detail.get() : "no row succeeded (the sections say why): "
                + detail.get());
    }
}

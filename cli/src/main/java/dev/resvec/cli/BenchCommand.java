package dev.resvec.cli;

import dev.resvec.bench.report.Row;
import dev.resvec.bench.report.run.BenchRun;
import dev.resvec.bench.report.run.Mode;
import dev.resvec.bench.report.run.ReportOptions;
import dev.resvec.bench.report.run.ReportPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code resvec bench}: the cross-architecture performance report ({@link BenchRun} in the bench module) — the
 * machine's limits, GEMM, convolution, elementwise kernels, ResNet inference and training, with the peers measured
 * in the same run — as report.md, report.json and PNG charts in one directory.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        subcommands = {BenchCompareCommand.class, BenchLockStepCommand.class},
        description = {
            "Measures ResVec on this machine and writes one report directory: report.md (tables), report.json "
                    + "(every figure with its confidence interval and unit) and PNG charts. Sections: the "
                    + "machine's limits (FMA peak, streaming add, measured in Java), GEMM, convolution per ResNet "
                    + "layer and algorithm, the elementwise kernels, ResNet-18/50 inference, a CIFAR ResNet-20 "
                    + "training step; each at 1 and all threads, with scalar-provider and 128-bit-species rows, and "
                    + "beside the peers that can run here (OpenBLAS, netlib-java, EJML, PyTorch, ONNX Runtime).",
            "",
            "Modes: --quick (default; 2 min 20 s to 3 min on 2 cores), --full (every size, 3 forks; about 1.5 hours on "
                    + "2 cores: --dry-run prints the rows and an estimate), --smoke (a pipeline check in about 35 "
                    + "seconds; only the peers that need no Python).",
            "Never run two benchmarks at once; on a shared machine wrap it in whatever keeps others off the CPU."},
        footer = {"", "Examples:",
            "  resvec bench                                  # quick report in runs/bench-quick-<time>/",
            "  resvec bench --full --out bench/results/my-machine",
            "  resvec bench --quick --vector-bits 256 --peers none   # the main rows on 256-bit vectors",
            "  resvec bench --full --sections gemm,conv --dry-run    # what would run, and how long",
            "  resvec bench compare A/report.json B/report.json",
            "  resvec bench lock-step                        # ResVec and the peers in turns, see its --help"})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "A few cases per section, 1 fork per row or per pair of a case's 1-thread "
            + "and all-threads rows (the default).")
    boolean quick;

    @Option(names = "--full", description = "Every size, 3 forks, variant rows at every thread count.")
    boolean full;

    @Option(names = "--smoke", description = "Tiny sizes and iterations, only the peers that need no Python:"
            + " checks that the pipeline works.")
    boolean smoke;

    @Option(names = "--sections", split = ",", paramLabel = "SECTION",
            description = "Sections to run, comma-separated: limits,gemm,conv,elementwise,inference,training "
                    + "(default: all; the limits always run, every other section is measured against them).")
    List<String> sections;

    @Option(names = "--threads", paramLabel = "T,...", defaultValue = "1,all",
            description = "Thread counts: numbers and 'all' (this machine's processors). Default: ${DEFAULT-VALUE}.")
    String threads;

    @Option(names = "--vector-bits", paramLabel = "BITS",
            description = "The main rows' species width: 128, 256 or 512 (default: the CPU's preferred one).")
    Integer vectorBits;

    @Option(names = "--variants", paramLabel = "V,...", defaultValue = "scalar,128",
            description = "Variant rows that show the gain from SIMD width: scalar, 128, 256, or none. "
                    + "Default: ${DEFAULT-VALUE}.")
    String variants;

    @Option(names = "--peers", paramLabel = "P,...",
            description = "Peers: all, none, or some of openblas,netlib,ejml,pytorch,onnxruntime. Default: all "
                    + "(--smoke runs only openblas, netlib and ejml). A peer that is off or cannot run is named in"
                    + " the report.")
    String peers;

    @Option(names = "--forks", paramLabel = "N", description = "JMH forks per row (default: 1 quick, 3 full).")
    Integer forks;

    @Option(names = "--out", paramLabel = "DIR",
            description = "The report directory (default: runs/bench-<mode>-<time>).")
    Path out;

    @Mixin
    PeerOptions peerOptions;

    @Option(names = "--dry-run", description = "Print the rows that would run and the time estimate; run nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws IOException {
        ReportOptions options = options();
        PrintWriter o = spec.commandLine().getOut();
        BenchRun.Outcome outcome;
        try {
            outcome = BenchRun.run(options, o);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        List<Row> failed = outcome.failedRows();
        if (!failed.isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("resvec: error: " + failed.size() + " row(s) failed (the report says why, jmh.log has the "
                    + "details):");
            failed.forEach(r -> err.println("  " + r.id() + ": " + r.error()));
            err.flush();
            return 1;
        }
        return 0;
    }

    ReportOptions options() {
        long modes = Arrays.asList(quick, full, smoke).stream().filter(b -> b).count();
        if (modes > 1) {
            throw new ParameterException(spec.commandLine(), "--quick, --full and --smoke exclude each other");
        }
        Mode mode = full ? Mode.FULL : smoke ? Mode.SMOKE : Mode.QUICK;
        Set<String> enabledPeers = peerSet(mode);
        try {
            return new ReportOptions(mode, sections == null ? ReportPlan.SECTIONS : sections, threads,
                    vectorBits == null ? 0 : vectorBits, list(variants), enabledPeers, forks == null ? 0 : forks,
                    out != null ? out : Path.of("runs", "bench-" + mode.id() + "-"
                            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))),
                    peerOptions.python(enabledPeers.contains("pytorch") && !dryRun && mode != Mode.SMOKE),
                    peerOptions.onnxDir(),
                    dryRun, "resvec " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private Set<String> peerSet(Mode mode) {
        String p = peers != null ? peers.trim() : "all";
        return switch (p) {
            case "all" -> new LinkedHashSet<>(ReportPlan.PEERS);
            case "none" -> Set.of();
            default -> new LinkedHashSet<>(list(p));
        };
    }

    private static List<String> list(String csv) {
        if (csv.trim().equals("none")) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }
}

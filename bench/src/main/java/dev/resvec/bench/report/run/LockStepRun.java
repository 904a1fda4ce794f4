package dev.resvec.bench.report.run;

import dev.resvec.bench.InferenceAlternation;
import dev.resvec.bench.TorchScript;
import dev.resvec.bench.TrainingAlternation;
import dev.resvec.bench.report.ReportFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lock-step suite ({@code resvec bench lock-step}): ResVec against PyTorch and ONNX Runtime with the two sides of
 * each comparison taking turns round by round on the same cores ({@link TrainingAlternation} for the CIFAR
 * ResNet-20 training step, {@link InferenceAlternation} for ResNet inference), each comparison in a JVM of its own
 * (as the report's forks: one comparison's JIT and heap do not carry over to the next). Why beside the report: on a
 * shared VM a ratio of two figures taken minutes apart moves with the machine (PyTorch's ResNet-50 batch-1 calls on
 * 2 threads ranged 68–172 ms within one run of 15 on a 2-vCPU guest), while the sides of one round see the same
 * moment. Needs a Python with PyTorch: it times PyTorch and exports the ONNX models ONNX Runtime runs.
 */
public final class LockStepRun {
    /** The most one comparison's JVM may run, seconds (ResNet-50 batch 8 on 1 thread takes about 3 minutes). */
    static final long CHILD_SECONDS = 1800;
    /** The models {@link InferenceAlternation} takes. */
    public static final List<String> MODELS = List.of("resnet18", "resnet50");
    /** The peers, as the report names them. */
    public static final List<String> PEERS = List.of("pytorch", "onnxruntime");

    private LockStepRun() {}

    /**
     * What to run.
     *
     * @param threads  the thread counts
     * @param models   inference models, of {@link #MODELS}
     * @param batches  inference batch sizes
     * @param training whether the training step runs too (against PyTorch)
     * @param peers    of {@link #PEERS}: without PyTorch, no training step and no PyTorch rows (the ONNX models must
     *                 then be in {@code onnxDir} already: exporting them takes PyTorch)
     * @param python   the Python with PyTorch and torchvision
     * @param onnxDir  where the ONNX models are exported to once and reused from
     * @param out      the Markdown file to write
     * @param command  the command line, for the file's header
     */
    public record Options(List<ThreadSpec> threads, List<String> models, List<Integer> batches, boolean training,
                          List<String> peers, String python, Path onnxDir, Path out, String command) {
        /**
         * @throws IllegalArgumentException naming what is wrong: an unknown model or peer, a batch below 1, nothing
         *                                  to run
         */
        public Options {
            threads = List.copyOf(threads);
            models = List.copyOf(models);
            batches = List.copyOf(batches);
            peers = List.copyOf(peers);
            for (String p : peers) {
                if (!PEERS.contains(p)) {
                    throw new IllegalArgumentException("--peers: expected some of " + String.join(",", PEERS)
                            + ", got '" + p + "'");
                }
            }
            training &= peers.contains("pytorch");
            for (String m : models) {
                if (!MODELS.contains(m)) {
                    throw new IllegalArgumentException("--models: expected some of " + String.join(",", MODELS)
                            + ", got '" + m + "'");
                }
            }
            for (int b : batches) {
                if (b < 1) {
                    throw new IllegalArgumentException("--batches: batch sizes must be >= 1, got " + b);
                }
            }
            if (!training && (models.isEmpty() || batches.isEmpty() || peers.isEmpty())) {
                throw new IllegalArgumentException("nothing to run: no training step (it needs the pytorch peer) and"
                        + " no model, batch size or peer for inference");
            }
        }
    }

    /**
     * The outcome.
     *
     * @param markdown what was written to the file
     * @param failures the comparisons that gave no row, each with why
     */
    public record Outcome(String markdown, List<String> failures) {}

    /**
     * Runs the suite, printing each row as it comes, and writes the file (atomically) at the end.
     *
     * @throws IllegalStateException when the ONNX models cannot be exported (PyTorch missing, say), with why
     */
    public static Outcome run(Options o, PrintWriter out) throws IOException {
        Path logs = o.out().toAbsolutePath().getParent().resolve(fileStem(o.out()) + "-logs");
        Files.createDirectories(logs);
        boolean ort = o.peers().contains("onnxruntime"), torch = o.peers().contains("pytorch");
        if (ort && !o.models().isEmpty() && !o.batches().isEmpty()) {
            export(o, logs);
        }
        List<String> training = new ArrayList<>(), inference = new ArrayList<>(), failures = new ArrayList<>();
        if (o.training()) {
            for (ThreadSpec t : o.threads()) {
                compare(TrainingAlternation.class, "training step, " + threads(t), logs, out, training,
                        failures, String.valueOf(t.count()), o.python());
            }
        }
        for (String m : o.models()) {
            for (int b : o.batches()) {
                for (ThreadSpec t : o.threads()) {
                    List<String> args = new ArrayList<>(List.of(m, ort ? o.onnxDir().resolve(m + ".onnx").toString()
                            : InferenceAlternation.NO_ONNX, String.valueOf(b), String.valueOf(t.count())));
                    if (torch) {
                        args.add(o.python());
                    }
                    compare(InferenceAlternation.class, m + " batch " + b + ", " + threads(t), logs, out,
                            inference, failures, args.toArray(String[]::new));
                }
            }
        }
        String md = markdown(o, MachineFacts.detect(), training, inference, failures);
        ReportFiles.text(o.out(), md);
        out.println("written: " + o.out());
        out.flush();
        return new Outcome(md, List.copyOf(failures));
    }

    /** Exports the models that are not in the ONNX folder yet, with the report's PyTorch script. */
    private static void export(Options o, Path logs) throws IOException {
        List<String> missing = o.models().stream().filter(m -> !Files.isRegularFile(o.onnxDir().resolve(m + ".onnx")))
                .toList();
        if (missing.isEmpty()) {
            return;
        }
        Path script = TorchScript.copyTo(logs.resolve("torch_report.py"));
        Path log = logs.resolve("onnx-export.log");
        ChildProcess.Result r = ChildProcess.run(List.of(o.python(), "-B", script.toString(), "--export-onnx",
                o.onnxDir().toString(), "--export", String.join(",", missing)), log, CHILD_SECONDS);
        List<String> still = missing.stream().filter(m -> !Files.isRegularFile(o.onnxDir().resolve(m + ".onnx")))
                .toList();
        if (!still.isEmpty()) {
            String tail = ChildProcess.tail(log, 2);
            throw new IllegalStateException("ONNX Runtime's rows need " + String.join(", ", still.stream()
                    .map(m -> m + ".onnx").toList()) + " in " + o.onnxDir() + "; exporting them with PyTorch ("
                    + o.python() + ") failed (exit " + r.exitCode() + (tail.isEmpty() ? ", nothing on stderr" : ": "
                    + tail) + "; " + log + "): give a Python with torch and torchvision with --python, or copy the"
                    + " files there from a machine that has them");
        }
    }

    /** Runs one comparison's main class in a JVM of its own and adds its rows, or a failure naming why. */
    private static void compare(Class<?> main, String what, Path logs, PrintWriter out, List<String> rows,
                                List<String> failures, String... args) throws IOException {
        out.println("lock-step: " + what + " ...");
        out.flush();
        Path log = logs.resolve(what.replaceAll("[^A-Za-z0-9]+", "-") + ".log");
        ChildProcess.Result r = ChildProcess.run(ChildProcess.java(BenchRun.BASE_JVM_ARGS, main.getName(), args), log,
                CHILD_SECONDS);
        List<String> found = rows(r.stdout());
        if (r.exitCode() != 0 || found.isEmpty()) {
            String why = what + ": " + (r.exitCode() < 0 ? "timed out after " + CHILD_SECONDS + " s"
                    : "exit " + r.exitCode()) + (found.isEmpty() ? ", no row" : "") + ": " + ChildProcess.tail(log, 2)
                    + " (" + log + ")";
            failures.add(why);
            out.println("  failed: " + why);
        }
        for (String row : found) {
            rows.add(row);
            out.println("  " + row);
        }
        out.flush();
    }

    /** @return the table rows a comparison printed: lines of cells that are neither a header nor a rule */
    static List<String> rows(String stdout) {
        return stdout.lines().map(String::strip).filter(l -> l.startsWith("| ") && l.endsWith("|"))
                .filter(l -> !l.startsWith("| model |") && !l.startsWith("| CIFAR")).toList();
    }

    static String markdown(Options o, MachineFacts facts, List<String> training, List<String> inference,
                           List<String> failures) {
        StringBuilder sb = new StringBuilder("# ResVec against its peers in lock-step\n\n");
        sb.append(String.format(Locale.ROOT, "- %s, %s, %d logical CPUs; JDK %s%n- `%s`%n%n",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")), facts.cpuModel(),
                facts.logicalCpus(), Runtime.version(), o.command()));
        sb.append("Each comparison alternates ResVec and one peer round by round in one JVM (PyTorch in child "
                + "processes that compute only when asked, ONNX Runtime in the JVM): the two sides of a round see the "
                + "same moment of the machine. \"ResVec ÷ peer\" is the peer's median call time over ResVec's, per "
                + "round (above 1: ResVec is faster); min / median / max over the counted rounds.\n");
        if (!training.isEmpty()) {
            sb.append("\n| CIFAR ResNet-20 train step, batch | threads | ResVec ms | PyTorch ms | ResVec ÷ PyTorch "
                    + "(per-round min / median / max) |\n|---|---|---|---|---|\n");
            training.forEach(r -> sb.append(r).append('\n'));
        }
        if (!inference.isEmpty()) {
            sb.append("\n| model | batch | threads | peer | ResVec ms | peer ms | ResVec ÷ peer "
                    + "(per-round min / median / max) |\n|---|---|---|---|---|---|---|\n");
            inference.forEach(r -> sb.append(r).append('\n'));
        }
        if (!failures.isEmpty()) {
            sb.append("\n**Failed** (their logs are in the folder beside this file):\n\n");
            failures.forEach(f -> sb.append("- ").append(f).append('\n'));
        }
        return sb.toString();
    }

    private static String threads(ThreadSpec t) {
        return t.count() == 1 ? "1 thread" : t.count() + " threads";
    }

    private static String fileStem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}

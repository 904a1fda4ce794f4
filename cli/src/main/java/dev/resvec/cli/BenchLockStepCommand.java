package dev.resvec.cli;

import dev.resvec.bench.report.run.LockStepRun;
import dev.resvec.bench.report.run.ThreadSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code resvec bench lock-step}: ResVec and its peers timed in turns ({@link LockStepRun}). */
@Command(name = "lock-step",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Times ResVec against PyTorch and ONNX Runtime in lock-step: the two sides of each comparison take "
                    + "turns round by round on the same cores (PyTorch in child processes that compute only when "
                    + "asked, ONNX Runtime in the same JVM), so both see the same moment of the machine; on a shared "
                    + "VM, figures taken minutes apart can differ by more than the libraries do. Rows: the CIFAR "
                    + "ResNet-20 training step against PyTorch; ResNet-18/50 inference against both peers. Writes "
                    + "one Markdown file (the per-round ratios' min / median / max) and a folder of logs beside it.",
            "",
            "Needs a Python with torch and torchvision (it exports the ONNX models once, to --onnx-dir), or, with "
                    + "--peers onnxruntime, the models in --onnx-dir. About 25 minutes on 2 cores with the defaults."},
        footer = {"", "Examples:",
            "  resvec bench lock-step                                  # runs/lock-step-<time>.md",
            "  resvec bench lock-step --models resnet50 --batches 1 --no-training --threads all",
            "  resvec bench lock-step --peers onnxruntime --onnx-dir models/   # no Python: ONNX Runtime alone"})
final class BenchLockStepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--threads", paramLabel = "T,...", defaultValue = "1,all",
            description = "Thread counts: numbers and 'all' (this machine's processors). Default: ${DEFAULT-VALUE}.")
    String threads;

    @Option(names = "--models", split = ",", paramLabel = "M,...", defaultValue = "resnet18,resnet50",
            description = "Inference models: resnet18, resnet50. Default: ${DEFAULT-VALUE}.")
    List<String> models;

    @Option(names = "--batches", split = ",", paramLabel = "B,...", defaultValue = "1,8",
            description = "Inference batch sizes. Default: ${DEFAULT-VALUE}.")
    List<Integer> batches;

    @Option(names = "--no-training", description = "Leave out the training step.")
    boolean noTraining;

    @Option(names = "--peers", split = ",", paramLabel = "P,...", defaultValue = "pytorch,onnxruntime",
            description = "Peers: pytorch, onnxruntime. Without pytorch there is no training step, and ONNX Runtime's"
                    + " models must be in --onnx-dir already (copied from a machine with PyTorch). Default: "
                    + "${DEFAULT-VALUE}.")
    List<String> peers;

    @Mixin
    PeerOptions peerOptions;

    @Option(names = "--out", paramLabel = "FILE",
            description = "The Markdown file (default: runs/lock-step-<time>.md).")
    Path out;

    @Override
    public Integer call() throws IOException {
        LockStepRun.Options options;
        try {
            options = new LockStepRun.Options(ThreadSpec.parse(threads, Runtime.getRuntime().availableProcessors()),
                    models, batches, !noTraining, peers, peerOptions.python(peers.contains("pytorch")),
                    peerOptions.onnxDir(),
                    out != null ? out : Path.of("runs", "lock-step-"
                            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md"),
                    "resvec " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        PrintWriter o = spec.commandLine().getOut();
        LockStepRun.Outcome outcome;
        try {
            outcome = LockStepRun.run(options, o);
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("resvec: error: " + e.getMessage());
            return 1;
        }
        if (!outcome.failures().isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("resvec: error: " + outcome.failures().size() + " comparison(s) failed:");
            outcome.failures().forEach(f -> err.println("  " + f));
            err.flush();
            return 1;
        }
        return 0;
    }
}

package dev.resvec.bench.report.run;

import dev.resvec.bench.ConvBenchmark;
import dev.resvec.bench.TorchScript;
import dev.resvec.bench.report.Figure;
import dev.resvec.bench.report.JsonFields;
import dev.resvec.bench.report.JsonValues;
import dev.resvec.bench.report.Missing;
import dev.resvec.bench.report.Row;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The PyTorch peer: runs {@code bench/peers/torch_report.py} (packaged in the bench jar, copied into the report
 * directory so the report keeps the exact script it ran) with the Python that has torch, and turns its timed
 * calls into rows of the conv, inference and training sections. It also exports the ONNX models ONNX Runtime runs.
 * A Python without torch, a failed case or a time-out becomes a {@link Missing} entry with the reason.
 */
final class TorchPeer {
    /**
     * What the run gave.
     *
     * @param rows     the rows, by section
     * @param missing  per section, the cases that failed and why
     * @param version  e.g. {@code PyTorch 1.13.1 (oneDNN)}, or null when it did not run
     * @param error    why it did not run at all, or null
     * @param onnx     the ONNX models present after the export, by model name
     * @param onnxError why the export failed, or null
     */
    record Result(Map<String, List<Row>> rows, Map<String, List<Missing>> missing, String version, String error,
                  Map<String, Path> onnx, String onnxError) {}

    private TorchPeer() {}

    /**
     * @param python     the interpreter
     * @param plan       the cases
     * @param threads    the thread counts
     * @param samples    timed calls per case
     * @param warmup     warm-up seconds per case
     * @param onnxDir    where to export, or null for no export
     * @param onnxModels the models to export
     * @param dir        the report directory (the script and torch.log go there)
     */
    static Result run(String python, ReportPlan.Plan plan, List<ThreadSpec> threads, int samples, double warmup,
                      Path onnxDir, List<String> onnxModels, Path dir) throws IOException {
        Path script = TorchScript.copyTo(dir.resolve("peers/torch_report.py"));
        List<String> cmd = new ArrayList<>(List.of(python, "-B", script.toString(),
                "--threads", threads.stream().map(t -> String.valueOf(t.count())).collect(Collectors.joining(",")),
                "--conv", String.join(",", plan.torchConv()), "--infer", String.join(",", plan.torchInfer()),
                "--train", String.valueOf(plan.torchTrain()), "--samples", String.valueOf(samples),
                "--warmup", String.valueOf(warmup)));
        if (onnxDir != null && !onnxModels.isEmpty()) {
            cmd.addAll(List.of("--export-onnx", onnxDir.toString(), "--export", String.join(",", onnxModels)));
        }
        Path log = dir.resolve("torch.log");
        ChildProcess.Result r;
        try {
            r = ChildProcess.run(cmd, log, 3600);
        } catch (IOException e) {
            return notRun("cannot run " + python + ": " + e.getMessage());
        }
        if (r.exitCode() == 3) {
            return notRun(ChildProcess.tail(log, 1));
        }
        return parse(r.stdout(), threads, r.exitCode() == 0 ? null
                : (r.exitCode() < 0 ? "timed out" : "exit " + r.exitCode()) + ": " + ChildProcess.tail(log, 2),
                plan.torchSections());
    }

    private static Result notRun(String why) {
        String w = why.strip().isEmpty() ? "it printed nothing (see torch.log)" : why.strip();
        return new Result(Map.of(), Map.of(), null, w, Map.of(), w);
    }

    /**
     * @param stdout  the script's JSON lines
     * @param threads the thread counts asked for (to give "all" its key)
     * @param failure  why the script ended badly, or null
     * @param sections the sections PyTorch had cases in (where a failure is reported)
     * @return the rows and what is missing (package-private for the tests)
     */
    static Result parse(String stdout, List<ThreadSpec> threads, String failure, List<String> sections) {
        Map<String, List<Row>> rows = new LinkedHashMap<>();
        Map<String, List<Missing>> missing = new LinkedHashMap<>();
        Map<String, Path> onnx = new LinkedHashMap<>();
        String version = null, onnxError = null;
        for (String line : stdout.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonFields j = new JsonFields(JsonValues.parse(line), "torch_report.py output", "line");
            switch (j.string("kind")) {
                case "info" -> version = "PyTorch " + j.string("torch")
                        + (j.has("mkldnn") && j.bool("mkldnn") ? " (oneDNN)" : "");
                case "onnx" -> onnx.put(j.string("model"), Path.of(j.string("path")));
                case "error" -> {
                    String c = j.string("case");
                    if (c.equals("onnx export")) {
                        onnxError = j.string("message");
                    } else {
                        missing.computeIfAbsent(sectionOf(c), s -> new ArrayList<>())
                                .add(new Missing("PyTorch " + c, j.string("message")));
                    }
                }
                case "conv", "infer", "train" -> {
                    Row row = row(j, threads);
                    rows.computeIfAbsent(row.section(), s -> new ArrayList<>()).add(row);
                }
                default -> throw new IllegalArgumentException("torch_report.py: unknown kind " + j.string("kind"));
            }
        }
        if (failure != null) {
            for (String section : sections) {
                missing.computeIfAbsent(section, s -> new ArrayList<>()).add(new Missing("PyTorch (cases without a "
                        + "row)", "the script ended early: " + failure));
            }
        }
        return new Result(rows, missing, version, version == null ? (failure == null ? "no output" : failure) : null,
                onnx, onnxError);
    }

    private static String sectionOf(String errorCase) {
        return errorCase.startsWith("conv") ? ReportPlan.CONV
                : errorCase.startsWith("infer") ? ReportPlan.INFERENCE : ReportPlan.TRAINING;
    }

    private static Row row(JsonFields j, List<ThreadSpec> threads) {
        String impl = "PyTorch";
        String kind = j.string("kind");
        String[] c = j.string("case").split(":");
        int batch = Integer.parseInt(c[1]);
        int count = (int) j.number("threads");
        ThreadSpec t = threads.stream().filter(s -> s.count() == count).findFirst()
                .orElse(new ThreadSpec(String.valueOf(count), count));
        double[] seconds = j.numbers("samples_ms").stream().mapToDouble(ms -> ms / 1e3).toArray();
        String section, caseName;
        Work work;
        switch (kind) {
            case "conv" -> {
                section = ReportPlan.CONV;
                caseName = ReportPlan.convCase(c[0], batch);
                work = new Work(Work.TIME, "ms", ConvBenchmark.shape(c[0], batch).flops(), 0, 0);
            }
            case "infer" -> {
                section = ReportPlan.INFERENCE;
                caseName = ReportPlan.inferenceCase(c[0], batch);
                work = new Work(Work.TIME, "ms", batch * ModelFlops.forward(c[0]), 0, batch);
            }
            default -> {
                section = ReportPlan.TRAINING;
                caseName = ReportPlan.trainingCase(batch);
                work = ReportPlan.trainingWork(batch);
            }
        }
        if (seconds.length == 0) {
            return Row.failed(section, caseName, impl, null, Row.PEER, t.key(), t.count(), "no timed calls");
        }
        List<Figure> figures = work.figures(seconds);
        return new Row(section, caseName, impl, null, Row.PEER, t.key(), t.count(), figures, null, List.of(),
                JmhExecutor.flags(figures.get(0), List.of()), null);
    }
}

package dev.resvec.bench;

import dev.resvec.bench.report.JsonFields;
import dev.resvec.bench.report.JsonValues;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * PyTorch's calls on demand — training steps or inference calls: a child process running {@code torch_report.py
 * --serve-train} or {@code --serve-infer} (the script in this jar), which runs one call per request and sleeps on its
 * input in between, so that ResVec and PyTorch can be timed in turns without ever computing at once. The protocol:
 * the child prints JSON lines — {@code info}, then {@code ready}; each {@code step} line written to it is answered by
 * {@code {"kind": "step", "ms": …}}. Its stderr goes to a log file, whose last lines every error quotes.
 */
final class TorchCalls implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final Path log;

    /**
     * Starts {@code command} and waits for its {@code ready} line.
     *
     * @param command the child's command line
     * @param log     where its stderr goes
     * @throws IllegalStateException when it cannot start, ends, or says something else before {@code ready}
     */
    TorchCalls(List<String> command, Path log) throws IOException {
        this.log = log;
        process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        try {
            while (true) {
                JsonFields line = next("its ready line");
                String kind = line.string("kind");
                if (kind.equals("ready")) {
                    return;
                }
                if (!kind.equals("info")) {
                    throw failure("expected its info and ready lines, got kind '" + kind + "'");
                }
            }
        } catch (RuntimeException e) {
            process.destroyForcibly(); // no caller will close a child that never became ready
            throw e;
        }
    }

    /**
     * PyTorch's serving process for CIFAR ResNet-20 steps of {@code batch} images on {@code threads} threads, the
     * script copied next to the log.
     */
    static TorchCalls trainSteps(String python, int batch, int threads, Path dir) throws IOException {
        return start(python, threads, dir, "--serve-train", String.valueOf(batch));
    }

    /**
     * PyTorch's serving process for inference calls of torchvision's {@code model} (eval mode, no autograd) on
     * {@code batch} random 224×224 images, on {@code threads} threads, the script copied next to the log.
     */
    static TorchCalls inference(String python, String model, int batch, int threads, Path dir) throws IOException {
        return start(python, threads, dir, "--serve-infer", model + ":" + batch);
    }

    /** Starts one serving process in the folder it is given. */
    @FunctionalInterface
    interface Starter {
        TorchCalls start(Path dir) throws IOException;
    }

    /**
     * Starts {@code processes} serving processes, each in its own folder under {@code dir} and warmed by
     * {@code warmUpCalls} calls, for an alternation that gives its rounds to them in turn (PyTorch's speed depends on
     * the process as much as on the machine's moment, see {@link TrainingAlternation}). On a failure the ones
     * already started are closed.
     */
    static List<TorchCalls> startWarm(int processes, int warmUpCalls, Path dir, Starter starter) throws IOException {
        List<TorchCalls> started = new ArrayList<>();
        try {
            for (int p = 0; p < processes; p++) {
                TorchCalls t = starter.start(dir.resolve("torch-" + p));
                started.add(t);
                for (int c = 0; c < warmUpCalls; c++) {
                    t.step();
                }
            }
            return started;
        } catch (IOException | RuntimeException e) {
            started.forEach(TorchCalls::close);
            throw e;
        }
    }

    private static TorchCalls start(String python, int threads, Path dir, String mode, String argument)
            throws IOException {
        Path script = TorchScript.copyTo(dir.resolve("torch_report.py"));
        return new TorchCalls(List.of(python, "-B", script.toString(), "--threads", String.valueOf(threads), mode,
                argument), dir.resolve("torch.log"));
    }

    /**
     * Runs one PyTorch call (a training step or an inference call, as the process was started).
     *
     * @return the call's wall time as the child measured it, ms
     * @throws IllegalStateException when the child has ended or answers anything but a step
     */
    double step() {
        try {
            in.write("step\n");
            in.flush();
        } catch (IOException e) {
            throw failure("cannot be written to (" + e.getMessage() + ")");
        }
        JsonFields line = next("a step's answer");
        if (!line.string("kind").equals("step")) {
            throw failure("answered a step with kind '" + line.string("kind") + "'"
                    + (line.has("message") ? ": " + line.string("message") : ""));
        }
        return line.number("ms");
    }

    private JsonFields next(String what) {
        String line;
        try {
            line = out.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("PyTorch's serving process: reading " + what, e);
        }
        if (line == null) {
            String exit = "";
            try {
                if (process.waitFor(5, TimeUnit.SECONDS)) {
                    exit = " with exit status " + process.exitValue();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw failure("ended" + exit + " before " + what);
        }
        try {
            return new JsonFields(JsonValues.parse(line), "PyTorch's serving process", "line");
        } catch (IllegalArgumentException e) {
            throw failure("printed something other than a JSON object: '" + line + "'");
        }
    }

    private IllegalStateException failure(String what) {
        String tail = "";
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            tail = String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())).strip();
        } catch (IOException | UncheckedIOException e) {
            tail = "(no log: " + e.getMessage() + ")";
        }
        return new IllegalStateException("PyTorch's serving process " + what
                + (tail.isEmpty() ? "" : "; its stderr (" + log + ") ends: " + tail));
    }

    /** Closes its input (the child then ends) and waits up to 10 s before killing it. */
    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // the child has gone already
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

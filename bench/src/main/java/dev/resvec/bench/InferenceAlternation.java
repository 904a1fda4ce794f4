package dev.resvec.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.resvec.kernels.Parallelism;
import dev.resvec.nn.predict.Predictor;
import dev.resvec.nn.predict.PredictorOptions;
import dev.resvec.nn.resnet.ResNet;
import dev.resvec.nn.resnet.ResNets;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A ResVec {@link Predictor} against ONNX Runtime (unless MODEL.onnx is {@value #NO_ONNX}) and, where a Python with
 * PyTorch is given, PyTorch, on the same architecture and one seeded 224×224 batch, each peer
 * {@linkplain Alternation alternated} with ResVec round by round (ResVec's weights seeded, the peers' their own: the
 * work does not depend on the values). ONNX Runtime runs in this JVM, set up as {@link OrtInferenceBenchmark} sets
 * it: 10 rounds of 2 s a side, the first 2 not counted (the session's first runs fall in them). PyTorch
 * (torchvision's model in eval mode under {@code no_grad}, as the bench report's peer row) runs in
 * {@value #TORCH_PROCESSES} child processes that each compute only when asked ({@link TorchCalls}) and take the
 * rounds in turn: 10 rounds of {@value #TORCH_ROUND_MILLIS} ms a side (a batch-8 ResNet-50 call takes about a second
 * there), the first 2 not counted. Both after the Predictor's {@link Predictor#warmUp}. Why in lock-step: PyTorch's
 * ResNet-50 batch-1 calls on 2 threads ranged 68–172 ms within one run of 15 on a 2-vCPU guest; a ratio of figures
 * taken minutes apart says more about the VM than about either library. Prints a Markdown table, one row per peer.
 *
 * <pre>java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     dev.resvec.bench.InferenceAlternation resnet18|resnet50 MODEL.onnx|- BATCH THREADS [PYTHON]</pre>
 */
public final class InferenceAlternation {
    /** MODEL.onnx's value for no ONNX Runtime row (PyTorch's alone). */
    public static final String NO_ONNX = "-";
    static final int TORCH_PROCESSES = 3;
    static final int TORCH_WARM_UP_CALLS = 3;
    static final long TORCH_ROUND_MILLIS = 3000;

    private InferenceAlternation() {}

    public static void main(String[] args) throws OrtException, IOException {
        if (args.length < 4 || args.length > 5) {
            System.err.println("usage: InferenceAlternation resnet18|resnet50 MODEL.onnx|- BATCH THREADS [PYTHON]");
            System.exit(2);
        }
        String arch = args[0];
        Path onnx = args[1].equals(NO_ONNX) ? null : Path.of(args[1]);
        int batch = Alternation.positive(args, 2, "BATCH"), threads = Alternation.positive(args, 3, "THREADS");
        check(arch, onnx);
        if (onnx == null && args.length == 4) {
            throw new IllegalArgumentException("InferenceAlternation: no peer to run (MODEL.onnx is '-' and no"
                    + " PYTHON given)");
        }
        ResNet net = ResNets.named(arch, 1000);
        net.eval();
        Predictor predictor = Predictor.of(net, PredictorOptions.defaults().parallelism(Parallelism.threads(threads)));
        float[] images = InferenceInputs.images(batch);
        float[] out = new float[batch * predictor.outputSize()];
        predictor.warmUp(images, batch, Duration.ofSeconds(30));
        Runnable ours = () -> predictor.predictInto(images, 0, batch, out, 0);
        System.out.println("| model | batch | threads | peer | ResVec ms | peer ms | ResVec ÷ peer"
                + " (per-round min / median / max) |");
        System.out.println("|---|---|---|---|---|---|---|");
        if (onnx != null) {
            Alternation.Outcome o;
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession session = OrtInferenceBenchmark.session(env, onnx, threads, null);
                 OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(images),
                         new long[] {batch, 3, 224, 224})) {
                String inputName = session.getInputNames().iterator().next();
                o = Alternation.compare(ours, () -> {
                    try (OrtSession.Result result = session.run(Map.of(inputName, input))) {
                        result.size();
                    } catch (OrtException e) {
                        throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
                    }
                }, 10, 2, 2000);
            }
            System.out.println(row(arch, batch, threads, "ONNX Runtime " + env.getVersion(), o));
        }
        if (args.length == 5) {
            String python = args[4];
            Path dir = Files.createTempDirectory("resvec-inference-alternation");
            List<TorchCalls> torch = TorchCalls.startWarm(TORCH_PROCESSES, TORCH_WARM_UP_CALLS, dir,
                    d -> TorchCalls.inference(python, arch, batch, threads, d));
            try {
                Alternation.Outcome o = Alternation.compare(ours, round -> torch.get(round % TORCH_PROCESSES)::step,
                        10, 2, TORCH_ROUND_MILLIS);
                System.out.println(row(arch, batch, threads, "PyTorch", o));
            } finally {
                torch.forEach(TorchCalls::close);
            }
        }
    }

    private static String row(String arch, int batch, int threads, String peer, Alternation.Outcome o) {
        return String.format(Locale.ROOT, "| %s | %d | %d | %s | %.2f | %.2f | %.3f / %.3f / %.3f |", arch, batch,
                threads, peer, o.oursMillis(), o.theirsMillis(), o.lowestRatio(), o.medianRatio(), o.highestRatio());
    }

    /**
     * @param onnx the ONNX file, or null for no ONNX Runtime row
     * @throws IllegalArgumentException for a model other than resnet18 and resnet50, or no file at {@code onnx}
     */
    static void check(String arch, Path onnx) {
        if (!arch.equals("resnet18") && !arch.equals("resnet50")) {
            throw new IllegalArgumentException("InferenceAlternation: the model must be resnet18 or resnet50, got '"
                    + arch + "'");
        }
        if (onnx != null && !Files.isRegularFile(onnx)) {
            throw new IllegalArgumentException("InferenceAlternation: no ONNX file at " + onnx);
        }
    }
}

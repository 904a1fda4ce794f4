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
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * A ResVec {@link Predictor} and an ONNX Runtime session of the same architecture (ResVec's weights seeded, the ONNX
 * file's its own: the work does not depend on the values), {@linkplain Alternation alternated} round by round in one
 * JVM on one seeded 224×224 batch: 10 rounds of 2 s a side, the first 2 not counted, after the Predictor's
 * {@link Predictor#warmUp} (the session's first runs fall in the uncounted rounds). The session is set up as
 * {@link OrtInferenceBenchmark} sets it. Prints one Markdown row.
 *
 * <pre>java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     dev.resvec.bench.InferenceAlternation resnet18|resnet50 MODEL.onnx BATCH THREADS</pre>
 */
public final class InferenceAlternation {
    private InferenceAlternation() {}

    public static void main(String[] args) throws OrtException {
        if (args.length != 4) {
            System.err.println("usage: InferenceAlternation resnet18|resnet50 MODEL.onnx BATCH THREADS");
            System.exit(2);
        }
        String arch = args[0];
        Path onnx = Path.of(args[1]);
        int batch = Alternation.positive(args, 2, "BATCH"), threads = Alternation.positive(args, 3, "THREADS");
        check(arch, onnx);
        ResNet net = ResNets.named(arch, 1000);
        net.eval();
        Predictor predictor = Predictor.of(net, PredictorOptions.defaults().parallelism(Parallelism.threads(threads)));
        float[] images = InferenceInputs.images(batch);
        float[] out = new float[batch * predictor.outputSize()];
        predictor.warmUp(images, batch, Duration.ofSeconds(30));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = OrtInferenceBenchmark.session(env, onnx, threads, null);
             OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(images),
                     new long[] {batch, 3, 224, 224})) {
            String inputName = session.getInputNames().iterator().next();
            Alternation.Outcome o = Alternation.compare(() -> predictor.predictInto(images, 0, batch, out, 0),
                    () -> {
                        try (OrtSession.Result result = session.run(Map.of(inputName, input))) {
                            result.size();
                        } catch (OrtException e) {
                            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
                        }
                    }, 10, 2, 2000);
            System.out.println("| model | batch | threads | ResVec ms | ONNX Runtime " + env.getVersion()
                    + " ms | ResVec ÷ ONNX Runtime (per-round min / median / max) |");
            System.out.println("|---|---|---|---|---|---|");
            System.out.println(String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %.2f | %.3f / %.3f / %.3f |",
                    arch, batch, threads, o.oursMillis(), o.theirsMillis(), o.lowestRatio(), o.medianRatio(),
                    o.highestRatio()));
        }
    }

    /** @throws IllegalArgumentException for a model other than resnet18 and resnet50, or no file at {@code onnx} */
    static void check(String arch, Path onnx) {
        if (!arch.equals("resnet18") && !arch.equals("resnet50")) {
            throw new IllegalArgumentException("InferenceAlternation: the model must be resnet18 or resnet50, got '"
                    + arch + "'");
        }
        if (!Files.isRegularFile(onnx)) {
            throw new IllegalArgumentException("InferenceAlternation: no ONNX file at " + onnx);
        }
    }
}

package dev.resvec.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;

/**
 * ONNX Runtime for Java (CPU execution provider), the inference peer of {@link PredictorBenchmark}: the same
 * torchvision ResNet, exported to ONNX by {@code bench/peers/torch_report.py --export-onnx DIR} (random weights,
 * opset 13, dynamic batch), one {@code run} per call on a preallocated 224×224 batch. Session as
 * ../shared/peers/java/OrtBench sets it: intra-op threads = {@code threads}, inter-op 1, sequential execution, all
 * graph optimisations. The score is ms per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-XX:+UseParallelGC"})
@State(Scope.Benchmark)
public class OrtInferenceBenchmark {
    /** The ONNX file, e.g. {@code ~/.cache/resvec/onnx/resnet18.onnx}. */
    @Param({""})
    public String onnx;

    @Param({"1"})
    public int batch;

    @Param({"1"})
    public int threads;

    /**
     * A second thread count timed in the same fork, every other iteration ({@link ThreadAlternation}), on a second
     * session of the same model; 0: none.
     */
    @Param({"0"})
    public int alternateThreads;

    private ThreadAlternation alternation;
    private OrtEnvironment env;
    private OrtSession first;
    private OrtSession second;
    private OrtSession session;
    private OnnxTensor input;
    private String inputName;

    @Setup(Level.Trial)
    public void setUp() throws OrtException {
        Path model = Path.of(onnx);
        if (onnx.isBlank() || !Files.isRegularFile(model)) {
            throw new IllegalArgumentException("OrtInferenceBenchmark: -p onnx=FILE must name an ONNX model, got '"
                    + onnx + "'");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("OrtInferenceBenchmark: batch must be >= 1, got " + batch);
        }
        alternation = new ThreadAlternation("OrtInferenceBenchmark", threads, alternateThreads);
        env = OrtEnvironment.getEnvironment();
        first = session(model, threads);
        second = alternation.alternates() ? session(model, alternateThreads) : first;
        session = first;
        inputName = session.getInputNames().iterator().next();
        input = OnnxTensor.createTensor(env, FloatBuffer.wrap(InferenceInputs.images(batch)),
                new long[] {batch, 3, 224, 224});
        System.out.println("OrtInferenceBenchmark: onnxruntime " + env.getVersion() + ", " + model.getFileName());
    }

    private OrtSession session(Path model, int intraOpThreads) throws OrtException {
        return session(env, model, intraOpThreads, null);
    }

    /**
     * @param profilePrefix where ONNX Runtime writes its profiling trace ({@link OrtLayerProfile}), or null for none
     * @return a session set up as ../shared/peers/java/OrtBench sets it (see the class comment)
     */
    static OrtSession session(OrtEnvironment env, Path model, int intraOpThreads, Path profilePrefix)
            throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (profilePrefix != null) {
                options.enableProfiling(profilePrefix.toString());
            }
            return env.createSession(model.toString(), options);
        }
    }

    @Setup(Level.Iteration)
    public void iteration(IterationParams iteration) {
        session = alternation.next(iteration) == threads ? first : second;
    }

    @Benchmark
    public long run() throws OrtException {
        try (OrtSession.Result result = session.run(Map.of(inputName, input))) {
            return result.size();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        if (input != null) {
            input.close();
        }
        if (second != null && second != first) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }
}

package dev.resvec.bench;

import dev.resvec.kernels.Parallelism;
import dev.resvec.nn.predict.Predictor;
import dev.resvec.nn.predict.PredictorOptions;
import dev.resvec.nn.resnet.ResNet;
import dev.resvec.nn.resnet.ResNets;
import java.time.Duration;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;

/**
 * Inference latency of a torchvision ResNet through {@link Predictor} (BN folded, filters prepared once, scratch
 * per thread): one {@code predictInto} call on a preallocated 224×224 RGB batch, random seeded weights (as the peers'
 * {@code torch-quick.sh} and {@code ort.sh} use), so the figure sits beside PyTorch's and ONNX Runtime's. Run with
 * {@code -prof gc} to see the steady-state allocation per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
@State(Scope.Benchmark)
public class PredictorBenchmark {
    @Param({"resnet18", "resnet50"})
    String model;

    @Param({"1", "8"})
    int batch;

    @Param({"1", "2"})
    int threads;

    /**
     * A second thread count timed in the same fork, every other iteration ({@link ThreadAlternation}), on a second
     * predictor of the same network; 0: none.
     */
    @Param({"0"})
    int alternateThreads;

    /**
     * At most this long per predictor in the trial's set-up, {@link Predictor#warmUp} calls it until its call time
     * settles, before JMH's warm-up iterations: with both cores computing the JIT compiles slowly, and a 2-thread
     * ResNet-18 still ran 14 ms a call after four 1 s warm-up iterations where it settled at 12. 0: one call.
     */
    @Param({"30"})
    int settleSeconds;

    private ThreadAlternation alternation;
    private Predictor first;
    private Predictor second;
    private Predictor predictor;
    private float[] input;
    private float[] output;

    @Setup(Level.Trial)
    public void setUp() {
        alternation = new ThreadAlternation("PredictorBenchmark", threads, alternateThreads);
        ResNet net = switch (model) {
            case "resnet18" -> ResNets.resnet18(1000);
            case "resnet50" -> ResNets.resnet50(1000);
            default -> throw new IllegalArgumentException("model must be resnet18 or resnet50, got " + model);
        };
        net.eval();
        first = Predictor.of(net, PredictorOptions.defaults().parallelism(Parallelism.threads(threads)));
        second = alternation.alternates() ? Predictor.of(net, PredictorOptions.defaults()
                .parallelism(Parallelism.threads(alternateThreads))) : first;
        predictor = first;
        input = InferenceInputs.images(batch);
        output = new float[batch * predictor.outputSize()];
        first.warmUp(input, batch, Duration.ofSeconds(settleSeconds));
        if (second != first) {
            second.warmUp(input, batch, Duration.ofSeconds(settleSeconds));
        }
    }

    @Setup(Level.Iteration)
    public void iteration(IterationParams iteration) {
        predictor = alternation.next(iteration) == threads ? first : second;
    }

    @Benchmark
    public float[] predict() {
        predictor.predictInto(input, 0, batch, output, 0);
        return output;
    }
}

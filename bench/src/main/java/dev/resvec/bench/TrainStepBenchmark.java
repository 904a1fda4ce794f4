package dev.resvec.bench;

import dev.resvec.kernels.Parallelism;
import dev.resvec.nn.train.StepResult;
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
 * One training step of a CIFAR ResNet-20 (He et al. 2015, §4.2; 0.27 M parameters) at batch 64, exactly what
 * {@code resvec train} runs per batch ({@code Trainer.step}): zero the gradients, forward in training mode (batch
 * statistics), softmax cross-entropy, backward, SGD with Nesterov momentum 0.9 and weight decay 5e-4 (the command's
 * optimizer). The figure sits beside PyTorch's train step of the same network and batch
 * ({@code ../shared/peers/torch.sh cifar}).
 *
 * <p>The step and its data: {@link TrainStepFixture} (the timed region holds the step alone); the kernels run on
 * the library pool with {@code threads} threads ({@link Parallelism#setDefaultThreads}). For the ratio to PyTorch
 * on a machine whose speed drifts between runs, {@link TrainingAlternation} times both in lock-step.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar TrainStepBenchmark -p threads=1
 * java -jar bench/target/benchmarks.jar TrainStepBenchmark -prof gc      # allocation per step
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// The JIT needs ~30 steps to settle (a step is 0.1-0.5 s): 6 warm-up iterations of 2 s.
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
@State(Scope.Benchmark)
public class TrainStepBenchmark {
    /** The batch size of the step (PyTorch's peer figure uses the same). */
    public static final int BATCH = TrainStepFixture.BATCH;

    @Param({"1", "2"})
    int threads;

    /** A second thread count timed in the same fork, every other iteration ({@link ThreadAlternation}); 0: none. */
    @Param({"0"})
    int alternateThreads;

    private ThreadAlternation alternation;
    private TrainStepFixture fixture;
    private int previousThreads;

    @Setup(Level.Trial)
    public void setUp() {
        alternation = new ThreadAlternation("TrainStepBenchmark", threads, alternateThreads);
        previousThreads = Parallelism.defaultThreads();
        Parallelism.setDefaultThreads(threads);
        fixture = new TrainStepFixture();
    }

    @Setup(Level.Iteration)
    public void iteration(IterationParams iteration) {
        Parallelism.setDefaultThreads(alternation.next(iteration));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Parallelism.setDefaultThreads(previousThreads);
    }

    @Benchmark
    public StepResult trainStep() {
        return fixture.step();
    }
}

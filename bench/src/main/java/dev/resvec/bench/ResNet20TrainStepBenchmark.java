package dev.resvec.bench;

import dev.resvec.core.Tensor;
import dev.resvec.kernels.Parallelism;
import dev.resvec.nn.optim.SGD;
import dev.resvec.nn.resnet.ResNet;
import dev.resvec.nn.resnet.ResNets;
import java.util.SplittableRandom;
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

/**
 * One training step of the CIFAR ResNet-20 ({@link ResNets#cifarResNet}(20, 10): He et al. 2015 §4.2, with
 * torchvision's 1×1 conv + BN projection shortcuts) on a batch of 32×32 RGB images: zero the gradients, forward in
 * training mode (batch-norm batch statistics), softmax cross-entropy, backward, and an SGD step with momentum 0.9
 * and weight decay 5e-4 at learning rate 0.01 — what {@code bench/peers/torch_report.py} times in PyTorch with the
 * same architecture and hyper-parameters. Seeded random images (standard normal) and labels; the kernels run on
 * {@code threads} threads ({@link Parallelism#setDefaultThreads}, per fork).
 *
 * <p>The score is ms per step; the report adds images/s and effective GFLOP/s (3 × the forward's 2·MACs per
 * image: forward, and the two gradients of every layer, each as costly as the forward).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
@State(Scope.Benchmark)
public class ResNet20TrainStepBenchmark {
    /** Images per step. */
    @Param({"64"})
    public int batch;

    /** Kernel threads. */
    @Param({"1"})
    public int threads;

    private ResNet model;
    private SGD optimizer;
    private Tensor images;
    private int[] labels;

    @Setup(Level.Trial)
    public void setUp() {
        if (batch < 1 || threads < 1) {
            throw new IllegalArgumentException("ResNet20TrainStepBenchmark: batch and threads must be >= 1, got batch "
                    + batch + ", threads " + threads);
        }
        Parallelism.setDefaultThreads(threads);
        model = ResNets.cifarResNet(20, 10);
        model.train();
        optimizer = SGD.builder(model, 0.01).momentum(0.9).weightDecay(5e-4).build();
        images = Tensor.randn(20261202L, batch, 3, 32, 32);
        SplittableRandom random = new SplittableRandom(7);
        labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = random.nextInt(10);
        }
    }

    @Benchmark
    public double step() {
        optimizer.zeroGrad();
        Tensor loss = model.apply(images).crossEntropy(labels);
        double value = loss.item();
        loss.backward();
        optimizer.step();
        if (!Double.isFinite(value)) {
            throw new IllegalStateException("ResNet20TrainStepBenchmark: the loss became " + value
                    + "; the step diverged and its time would mean nothing");
        }
        return value;
    }
}

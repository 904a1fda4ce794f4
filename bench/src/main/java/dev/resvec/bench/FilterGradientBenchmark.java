package dev.resvec.bench;

import dev.resvec.kernels.ConvShape;
import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.internal.conv.ConvContext;
import dev.resvec.kernels.internal.conv.ConvHeuristics;
import dev.resvec.kernels.internal.conv.GemmConvolution;
import dev.resvec.kernels.internal.conv.ShiftedBackends;
import dev.resvec.kernels.internal.conv.ShiftedFilterGradient;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The convolution filter gradient {@code ∂L/∂w} of one layer by each of its two implementations, called straight
 * (the facade picks one by {@code ShiftedFilterGradient.pays}): {@code path=gemm} is im2col and a GEMM per image
 * ({@code gradOut·colsᵀ}; a 1×1 stride 1 reads the input in place), {@code path=shifted} is
 * {@code ShiftedFilterGradient} (shifted-row planes, positions in the vector lanes). Layers are named as in
 * {@link ConvBenchmark#shape} ({@code RxR[sS]_C-K_H}, padding R/2): the CIFAR ResNet-20 layers at batch 64
 * ({@code 3x3_16-16_32}, {@code 3x3_32-32_16}, {@code 3x3_64-64_8}, the stem {@code 3x3_3-16_32}, the strided
 * {@code 3x3s2_16-32_32}, {@code 3x3s2_32-64_16}), and ImageNet ResNet layers with {@code -p batch=8}.
 *
 * <p>The setup runs both paths once and fails when they differ by more than {@code 1e-3·max|gradW|}, so a broken
 * path cannot report a fast wrong answer.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar FilterGradientBenchmark -p layer=3x3_16-16_32 -p threads=1
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC", "-Xms1g"})
@State(Scope.Benchmark)
public class FilterGradientBenchmark {
    /** The layer, {@code RxR[sS]_C-K_H}. */
    @Param({"3x3_16-16_32", "3x3_32-32_16", "3x3_64-64_8", "3x3_3-16_32", "3x3s2_16-32_32", "3x3s2_32-64_16"})
    public String layer;
    /** Images per call. */
    @Param("64")
    public int batch;
    /** {@code gemm} or {@code shifted}. */
    @Param({"gemm", "shifted"})
    public String path;
    /** Threads. */
    @Param("1")
    public int threads;

    private ConvShape shape;
    private float[] in;
    private float[] gradOut;
    private float[] gradW;
    private Parallelism parallelism;
    private boolean shifted;

    @Setup
    public void setup() {
        shape = ConvBenchmark.shape(layer, batch);
        if (!path.equals("gemm") && !path.equals("shifted")) {
            throw new IllegalArgumentException("path is gemm or shifted, got '" + path + "'");
        }
        shifted = path.equals("shifted");
        parallelism = Parallelism.threads(threads);
        Random random = new Random(42);
        in = new float[shape.inputSize()];
        gradOut = new float[shape.outputSize()];
        for (int i = 0; i < in.length; i++) {
            in[i] = random.nextFloat() * 2 - 1;
        }
        for (int i = 0; i < gradOut.length; i++) {
            gradOut[i] = random.nextFloat() * 2 - 1;
        }
        gradW = new float[shape.filterSize()];
        float[] other = new float[shape.filterSize()];
        shifted = !shifted;
        run(other);
        shifted = !shifted;
        run(gradW);
        double max = 0, diff = 0;
        for (int i = 0; i < gradW.length; i++) {
            max = Math.max(max, Math.abs(other[i]));
            diff = Math.max(diff, Math.abs(other[i] - gradW[i]));
        }
        if (!(diff <= 1e-3 * max)) {
            throw new IllegalStateException("the two filter gradients of " + shape.describe() + " differ by " + diff
                    + " (largest |gradW| " + max + ")");
        }
    }

    private void run(float[] out) {
        if (shifted) {
            ShiftedFilterGradient.run(ShiftedBackends.active(), shape, in, 0, gradOut, 0, out, 0, parallelism);
        } else {
            GemmConvolution.backwardFilter(ConvContext.active(), shape, ConvHeuristics.perCall(shape), in, 0, gradOut,
                    0, out, 0, null, 0, parallelism);
        }
    }

    /** @return the filter gradient (so that JMH keeps the work) */
    @Benchmark
    public float[] backwardFilter() {
        run(gradW);
        return gradW;
    }
}

package dev.resvec.bench;

import dev.resvec.core.Tensor;
import dev.resvec.kernels.Gemm;
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
 * The autograd engine's overhead on a matrix product: {@code C = A·B} forward and backward through the
 * {@link Tensor} API against the three raw {@code Gemm.sgemm} calls the same work needs, on preallocated arrays:
 * <ul>
 *   <li>{@code tensor}: {@code c = a.matmul(b); c.backward(g)} with a and b leaves that require a gradient and g a
 *       preallocated gradient (so no ones tensor and no sum is in the timing): forward {@code A·B}, then
 *       {@code dA = G·Bᵀ} and {@code dB = Aᵀ·G} with the transpose flags, into fresh gradient arrays;</li>
 *   <li>{@code raw}: the same three calls, {@code sgemm(NN)}, {@code sgemm(NT)}, {@code sgemm(TN)}, into
 *       preallocated C, dA and dB.</li>
 * </ul>
 * The difference is the engine: graph recording, the topological sort, three n×n allocations (C, dA, dB) and
 * argument checks. Threads: the default {@code Parallelism}. The target: {@code tensor} within 5 % of
 * {@code raw} at n = 1024.
 * <pre>java -jar bench/target/benchmarks.jar MatmulAutogradBenchmark -f 1 -wi 2 -i 3</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
@State(Scope.Thread)
public class MatmulAutogradBenchmark {
    @Param({"1024"})
    public int n;

    private Tensor a;
    private Tensor b;
    private Tensor g;

    private float[] ra;
    private float[] rb;
    private float[] rg;
    private float[] rc;
    private float[] rga;
    private float[] rgb;

    @Setup(Level.Trial)
    public void setup() {
        a = Tensor.randn(1, n, n).requiresGrad(true);
        b = Tensor.randn(2, n, n).requiresGrad(true);
        g = Tensor.randn(3, n, n);
        ra = a.toFloatArray();
        rb = b.toFloatArray();
        rg = g.toFloatArray();
        rc = new float[n * n];
        rga = new float[n * n];
        rgb = new float[n * n];
    }

    /** Forward and backward through the Tensor API: three sgemm calls plus the engine. */
    @Benchmark
    public Tensor tensor() {
        a.zeroGrad();
        b.zeroGrad();
        Tensor c = a.matmul(b);
        c.backward(g);
        return b.grad();
    }

    /** The three raw sgemm calls on preallocated arrays. */
    @Benchmark
    public float[] raw() {
        Gemm.sgemm(false, false, n, n, n, 1f, ra, 0, n, rb, 0, n, 0f, rc, 0, n);  // C  = A·B
        Gemm.sgemm(false, true, n, n, n, 1f, rg, 0, n, rb, 0, n, 0f, rga, 0, n);  // dA = G·Bᵀ
        Gemm.sgemm(true, false, n, n, n, 1f, ra, 0, n, rg, 0, n, 0f, rgb, 0, n);  // dB = Aᵀ·G
        return rgb;
    }
}

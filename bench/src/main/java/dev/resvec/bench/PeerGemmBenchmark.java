package dev.resvec.bench;

import dev.resvec.bench.peers.GemmPeer;
import java.util.Random;
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

/**
 * The GEMM peers ({@link GemmPeer}: netlib-java F2J / VectorBLAS / JNI, EJML, OpenBLAS through FFM) on the same
 * problem as {@link GemmBenchmark}: row-major {@code C = A·B}, the same seeded matrices, the same shapes
 * ({@code "MxKxN"}), the same check of C at the end of each trial. The score is µs per call; GFLOP/s =
 * 2·M·N·K / time. Each peer runs in its own fork, so OpenBLAS's core type and thread count (read when the library
 * loads) are the fork's own.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "-XX:+UseParallelGC"})
@State(Scope.Benchmark)
public class PeerGemmBenchmark {
    /** One of {@link GemmPeer#NAMES}. */
    @Param({"openblas"})
    public String impl;

    /** OpenBLAS's core type: {@code auto} or a core name ({@code SkylakeX}); only for {@code openblas}. */
    @Param({"auto"})
    public String coreType;

    @Param({"1024x1024x1024"})
    public String shape;

    @Param({"1"})
    public int threads;

    private GemmPeer peer;
    private int m, k, n;
    private float[] a, b;

    @Setup(Level.Trial)
    public void setup() {
        int[] mkn = GemmBenchmark.parseShape(shape);
        m = mkn[0];
        k = mkn[1];
        n = mkn[2];
        Random random = new Random(42);
        a = GemmBenchmark.randomMatrix(random, m * k);
        b = GemmBenchmark.randomMatrix(random, k * n);
        peer = GemmPeer.create(impl, coreType, threads, m, k, n, a, b);
        System.out.println("PeerGemmBenchmark: " + peer.describe());
    }

    @Benchmark
    public GemmPeer sgemm() {
        peer.run();
        return peer;
    }

    @TearDown(Level.Trial)
    public void check() {
        if (peer != null) {
            GemmCheck.verify(peer.describe(), m, k, n, a, b, peer.result());
        }
    }
}

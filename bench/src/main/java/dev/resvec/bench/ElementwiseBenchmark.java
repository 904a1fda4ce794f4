package dev.resvec.bench;

import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.internal.Backends;
import dev.resvec.kernels.internal.ElementwiseKernels;
import dev.resvec.kernels.internal.ParallelRunner;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
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
 * The residual add, {@code out[i] = a[i] + b[i]}, out of place ({@code addOutOfPlace}: a, b, out three arrays) and
 * in place ({@code addInPlace}: out is a), for 4 KiB .. 64 MiB per operand (n = bytes / 4) on 1 and 2 threads: the
 * same cells as {@code ../shared/peers/stream-add.sh} ("oop" and "inplace").
 *
 * <p>The score is the average time per call in ns; GB/s = 12·n / ns (a and b read, one array written: 12 bytes per
 * element for both ops, write-allocate reads not counted, 1 GB = 10⁹ B — the peer's convention), computed by
 * {@link PeerComparison}. Each call at 2 threads splits, runs and joins, so compare it to the peer's "join" rows.
 *
 * <p>The kernel runs on the active provider ({@code Backends.active()}, i.e. {@code -Dresvec.kernels} applies).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// A call takes 30 ns .. 5 ms: a 1 s iteration holds hundreds of calls or more, so fewer iterations than GEMM do.
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC", "-Xms1g"})
@State(Scope.Thread)
public class ElementwiseBenchmark {
    /** Bytes per operand (the peer's {@code bytes_per_operand}): 4 KiB .. 64 MiB in powers of two. */
    @Param({"4096", "8192", "16384", "32768", "65536", "131072", "262144", "524288", "1048576", "2097152",
            "4194304", "8388608", "16777216", "33554432", "67108864"})
    public int bytes;

    @Param({"1", "2"})
    public int threads;

    /** Split points are multiples of this many floats (64 bytes: whole cache lines per thread, as the peer). */
    private static final int CHUNK_ALIGN = 16;

    private int n;
    private float[] a, b, out;
    private ElementwiseKernels kernel;
    private Parallelism parallelism;
    private IntConsumer oopShare, inPlaceShare;

    @Setup(Level.Trial)
    public void setup() {
        setup(Backends.active().elementwise());
    }

    /** Sets up the arrays for {@link #bytes} and {@link #threads} on the given kernels (tests pass their own). */
    void setup(ElementwiseKernels kernels) {
        if (bytes < Float.BYTES || bytes % Float.BYTES != 0) {
            throw new IllegalArgumentException("bytes must be a positive multiple of 4, got " + bytes);
        }
        n = bytes / Float.BYTES;
        Random random = new Random(42);
        a = GemmBenchmark.randomMatrix(random, n);
        b = GemmBenchmark.randomMatrix(random, n);
        out = new float[n];
        kernel = kernels;
        parallelism = Parallelism.threads(threads);
        // Built once, so that the timed calls allocate nothing for the split.
        oopShare = share -> addChunk(share, out);
        inPlaceShare = share -> addChunk(share, a);
    }

    @Benchmark
    public float[] addOutOfPlace() {
        add(out, oopShare);
        return out;
    }

    @Benchmark
    public float[] addInPlace() {
        // a += b on every call: the values drift by b each time, never towards subnormals or overflow in a run.
        add(a, inPlaceShare);
        return a;
    }

    private void add(float[] target, IntConsumer share) {
        if (threads == 1) {
            // TODO(elementwise facade): switch to Elementwise.add(n, a, 0, b, 0, target, 0) once
            // dev.resvec.kernels.Elementwise exists on this branch (it validates, then calls this same kernel).
            kernel.add(n, a, 0, b, 0, target, 0);
        } else {
            // TODO(elementwise facade): switch to Elementwise.add(n, a, 0, b, 0, target, 0, parallelism) once it
            // exists; until then the benchmark splits the arrays itself, as the peer does: contiguous chunks, one
            // per thread, on the library's pool, joined before the call returns.
            ParallelRunner.run(threads, parallelism, share);
        }
    }

    private void addChunk(int share, float[] target) {
        int from = chunkStart(share), to = chunkStart(share + 1);
        if (to > from) {
            kernel.add(to - from, a, from, b, from, target, from);
        }
    }

    private int chunkStart(int share) {
        if (share >= threads) {
            return n;
        }
        long start = (long) n * share / threads;
        return (int) Math.min(n, (start + CHUNK_ALIGN - 1) / CHUNK_ALIGN * CHUNK_ALIGN);
    }
}

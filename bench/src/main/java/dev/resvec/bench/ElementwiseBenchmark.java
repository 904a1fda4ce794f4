package dev.resvec.bench;

import dev.resvec.kernels.Elementwise;
import dev.resvec.kernels.Parallelism;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The residual add, {@code out[i] = a[i] + b[i]}, out of place ({@code addOutOfPlace}: a, b and out distinct; with
 * the default {@code layout=peer} three regions of one array, see {@link #layout}) and in place ({@code addInPlace}:
 * out is a), for 4 KiB .. 64 MiB per operand (n = bytes / 4) on 1 and 2 threads: the
 * same cells as {@code ../shared/peers/stream-add.sh} ("oop" and "inplace").
 *
 * <p>The score is the average time per call in ns; GB/s = 12·n / ns (a and b read, one array written: 12 bytes per
 * element for both ops, write-allocate reads not counted, 1 GB = 10⁹ B — the peer's convention), computed by
 * {@link PeerComparison}. Each call at 2 threads splits, runs and joins, so compare it to the peer's "join" rows;
 * below {@link Elementwise#PARALLEL_THRESHOLD} elements the library does not split at all (on purpose).
 *
 * <p>The kernel runs through the public facade on the active provider ({@code -Dresvec.kernels} applies). The
 * forks start every object on a 64-byte cache line ({@code -XX:ObjectAlignmentInBytes=64}), as the C loop's
 * buffers are page-aligned: the add then starts its stores on a line ({@code VectorElementwise.lead}). With
 * HotSpot's default 8-byte alignment an array under half a G1 region lies at whatever 8-byte boundary its
 * allocation gave it, and the L1- and L2-sized rows move with it by up to 50 % from fork to fork; to measure that,
 * run with {@code -jvmArgs "--add-modules=jdk.incubator.vector -XX:+UseG1GC -Xms1g"}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// A call takes 30 ns .. 5 ms: a 1 s iteration holds hundreds of calls or more, so fewer iterations than GEMM do.
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseG1GC", "-Xms1g",
        "-XX:ObjectAlignmentInBytes=64"})
@State(Scope.Thread)
public class ElementwiseBenchmark {
    /** Bytes per operand (the peer's {@code bytes_per_operand}): 4 KiB .. 64 MiB in powers of two. */
    @Param({"4096", "8192", "16384", "32768", "65536", "131072", "262144", "524288", "1048576", "2097152",
            "4194304", "8388608", "16777216", "33554432", "67108864"})
    public int bytes;

    @Param({"1", "2"})
    public int threads;

    /**
     * Where the operands lie. {@code peer} (the default): in one array, at the peer's relative offsets (a, b and
     * out start 17·64 bytes apart modulo a 4 KiB page, as stream-add's page-aligned buffers), so that a load never
     * waits on a store to another operand whose address has the same low 12 bits ("4K aliasing"); the absolute
     * alignment is the JVM's: with these forks' flags the array starts a cache line, and as the operands sit a whole
     * number of cache lines apart, the kernel's peel lines up the stores and loads of all three with the lines (see
     * {@code VectorElementwise.lead}); without the flag only under G1 and only an array of half a region or more
     * starts a line (a region), otherwise a 64-byte vector usually straddles two lines.
     * {@code separate}: three arrays allocated one after the other, as a caller would; they then lie about 16
     * bytes apart modulo 4 KiB, and the out-of-place add loses up to 40 % on data in L1 and L2 to 4K aliasing.
     */
    @Param({"peer"})
    public String layout;

    private int n;
    private float[] a, b, out;
    private int offA, offB, offOut;
    private Parallelism parallelism;

    @Setup(Level.Trial)
    public void setup() {
        if (bytes < Float.BYTES || bytes % Float.BYTES != 0) {
            throw new IllegalArgumentException("bytes must be a positive multiple of 4, got " + bytes);
        }
        n = bytes / Float.BYTES;
        Random random = new Random(42);
        switch (layout) {
            case "peer" -> {
                int gap = PEER_STAGGER_BYTES / Float.BYTES;
                float[] all = GemmBenchmark.randomMatrix(random, 3 * n + 2 * gap);
                a = b = out = all;
                offA = 0;
                offB = n + gap;
                offOut = 2 * (n + gap);
            }
            case "separate" -> {
                a = GemmBenchmark.randomMatrix(random, n);
                b = GemmBenchmark.randomMatrix(random, n);
                out = new float[n];
                offA = offB = offOut = 0;
            }
            default -> throw new IllegalArgumentException("layout must be peer or separate, got '" + layout + "'");
        }
        parallelism = Parallelism.threads(threads);
    }

    /** The peer's stagger between operands within a page ({@code 17 * 64} bytes in stream_add.c). */
    private static final int PEER_STAGGER_BYTES = 17 * 64;

    @Benchmark
    public float[] addOutOfPlace() {
        Elementwise.add(n, a, offA, b, offB, out, offOut, parallelism);
        return out;
    }

    @Benchmark
    public float[] addInPlace() {
        // a += b on every call: the values drift by b each time, never towards subnormals or overflow in a run.
        Elementwise.add(n, a, offA, b, offB, a, offA, parallelism);
        return a;
    }
}

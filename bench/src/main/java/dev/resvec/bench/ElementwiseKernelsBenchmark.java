package dev.resvec.bench;

import dev.resvec.kernels.Elementwise;
import dev.resvec.kernels.Parallelism;
import java.util.Map;
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
 * The memory-bound kernels of {@link Elementwise} other than the plain residual add (that one is
 * {@link ElementwiseBenchmark}), through the public facade on the active provider, over {@code bytes} per operand
 * (n = bytes / 4 floats). Channel kernels see the data as 1 × 64 channels × n/64; row kernels as n/1024 rows of
 * 1024 values. The score is ns per call; GB/s = {@link #TRAFFIC}[kernel] · n / ns: the bytes each element must
 * move at least (reads + writes, write-allocate not counted, 1 GB = 10⁹ B — the convention of
 * {@code ../shared/peers/stream-add.sh}).
 *
 * <p>Only {@code addRelu} has a parallel form in the API; every other kernel is single-threaded by design, and
 * refuses {@code threads} other than 1 rather than report a second, identical row.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC", "-Xms1g"})
@State(Scope.Thread)
public class ElementwiseKernelsBenchmark {
    /** Channels of the channel kernels' NCHW view. */
    public static final int CHANNELS = 64;
    /** Columns of the row kernels' view (about the 1000 classes of an ImageNet head). */
    public static final int COLUMNS = 1024;

    /** Bytes moved per element, by benchmark method: what GB/s is computed from. */
    public static final Map<String, Integer> TRAFFIC = Map.ofEntries(
            Map.entry("addRelu", 12),       // a, b read; out written
            Map.entry("relu", 8),           // x read; out written
            Map.entry("reluBackward", 12),  // x, gradOut read; gradIn written
            Map.entry("axpy", 12),          // x, y read; y written
            Map.entry("scale", 8),          // x read; out written
            Map.entry("channelBias", 8),    // x read; out written (the bias is 64 floats)
            Map.entry("channelAffine", 8),  // x read; out written
            Map.entry("channelSums", 4),    // x read (sum and sum of squares of 64 channels)
            Map.entry("rowMax", 4),         // x read
            Map.entry("softmax", 8),        // x read; out written (compulsory traffic; passes over a row stay in L1)
            Map.entry("logSoftmax", 8));

    /** Bytes per operand: 4 KiB .. 64 MiB. */
    @Param({"1048576"})
    public int bytes;

    /** Threads of the parallel kernels ({@code addRelu}); 1 for the others. */
    @Param({"1"})
    public int threads;

    private int n;
    private float[] a, b, out, perChannel, shift, rowOut;
    private double[] sum, sumSq;
    private Parallelism parallelism;

    @Setup(Level.Trial)
    public void setup() {
        if (bytes < COLUMNS * Float.BYTES || bytes % (COLUMNS * Float.BYTES) != 0) {
            throw new IllegalArgumentException("ElementwiseKernelsBenchmark: bytes must be a positive multiple of "
                    + COLUMNS * Float.BYTES + " (whole rows of " + COLUMNS + " floats), got " + bytes);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("ElementwiseKernelsBenchmark: threads must be >= 1, got " + threads);
        }
        n = bytes / Float.BYTES;
        Random random = new Random(42);
        a = GemmBenchmark.randomMatrix(random, n);
        b = GemmBenchmark.randomMatrix(random, n);
        out = new float[n];
        perChannel = GemmBenchmark.randomMatrix(random, CHANNELS);
        shift = GemmBenchmark.randomMatrix(random, CHANNELS);
        rowOut = new float[n / COLUMNS];
        sum = new double[CHANNELS];
        sumSq = new double[CHANNELS];
        parallelism = Parallelism.threads(threads);
    }

    private void singleThreaded(String kernel) {
        if (threads != 1) {
            throw new IllegalArgumentException("ElementwiseKernelsBenchmark: " + kernel + " is single-threaded in "
                    + "the API; run it with threads=1, got " + threads);
        }
    }

    @Benchmark
    public float[] addRelu() {
        Elementwise.addRelu(n, a, 0, b, 0, out, 0, parallelism);
        return out;
    }

    @Benchmark
    public float[] relu() {
        singleThreaded("relu");
        Elementwise.relu(n, a, 0, out, 0);
        return out;
    }

    @Benchmark
    public float[] reluBackward() {
        singleThreaded("reluBackward");
        Elementwise.reluBackward(n, a, 0, b, 0, out, 0);
        return out;
    }

    @Benchmark
    public float[] axpy() {
        singleThreaded("axpy");
        // out += 0.5·a on every call: grows by at most 0.5 per call, far from overflow in any run.
        Elementwise.axpy(n, 0.5f, a, 0, out, 0);
        return out;
    }

    @Benchmark
    public float[] scale() {
        singleThreaded("scale");
        Elementwise.scale(n, 0.5f, a, 0, out, 0);
        return out;
    }

    @Benchmark
    public float[] channelBias() {
        singleThreaded("channelBias");
        Elementwise.channelBias(1, CHANNELS, n / CHANNELS, a, 0, perChannel, 0, out, 0);
        return out;
    }

    @Benchmark
    public float[] channelAffine() {
        singleThreaded("channelAffine");
        Elementwise.channelAffine(1, CHANNELS, n / CHANNELS, a, 0, perChannel, 0, shift, 0, out, 0);
        return out;
    }

    @Benchmark
    public double[] channelSums() {
        singleThreaded("channelSums");
        Elementwise.channelSums(1, CHANNELS, n / CHANNELS, a, 0, sum, 0, sumSq, 0);
        return sumSq;
    }

    @Benchmark
    public float[] rowMax() {
        singleThreaded("rowMax");
        Elementwise.rowMax(n / COLUMNS, COLUMNS, a, 0, COLUMNS, rowOut, 0);
        return rowOut;
    }

    @Benchmark
    public float[] softmax() {
        singleThreaded("softmax");
        Elementwise.softmax(n / COLUMNS, COLUMNS, a, 0, COLUMNS, out, 0, COLUMNS);
        return out;
    }

    @Benchmark
    public float[] logSoftmax() {
        singleThreaded("logSoftmax");
        Elementwise.logSoftmax(n / COLUMNS, COLUMNS, a, 0, COLUMNS, out, 0, COLUMNS);
        return out;
    }
}

package dev.resvec.bench;

import dev.resvec.kernels.MachineProbes;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The machine's own limits, measured in Java, that the report divides every kernel figure by. Both run on JMH
 * threads ({@code -t T}), each thread free-running on its own data, and report throughput (calls per second,
 * summed over the threads):
 * <ul>
 *   <li>{@code fmaPeak}: {@link MachineProbes#fmaPeak} — independent FMA chains on the preferred species;
 *       GFLOP/s = calls/s · {@link MachineProbes#fmaPeakFlops}({@link #FMA_ITERATIONS}) / 10⁹.</li>
 *   <li>{@code streamAdd}: {@code out[i] = a[i] + b[i]} as a plain loop (C2 vectorises it with the widest vectors
 *       the CPU has), {@code bytes} per operand shared out among the threads (each its own slice: the same working
 *       set as a kernel that splits that size), GB/s = calls/s · 12 · n / 10⁹ with n the floats per thread — the
 *       convention of {@code ../shared/peers/stream-add.sh}: a and b read, out written, write-allocate not
 *       counted, 1 GB = 10⁹ B.</li>
 * </ul>
 * Free-running threads measure what the cores can do together; a kernel that returns to its caller after every
 * call also pays for the threads meeting, which is part of what the report's "% of limit" shows.
 *
 * <p>The forks run G1, not the ParallelGC of the other benchmarks: on JDK 25.0.3 (Zen 5, AVX-512) the FMA probe
 * ran at 0.1 GFLOP/s under ParallelGC and SerialGC — C2's code for its register-only loop deoptimised at the loop's
 * back edge on every call — and at about 218 GFLOP/s under G1; the GEMM kernels showed no such difference.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseG1GC"})
public class MachineLimitsBenchmark {
    /**
     * FMA rounds per {@code fmaPeak} call: 20 µs at 200 GFLOP/s with 16 chains of 16 lanes, far above the call's
     * fixed cost (about 0.2 µs: the chains' start and final sum), and short enough that C2 compiles the probe within
     * the first calls (Vector API code runs ~1000× slower before it does).
     */
    public static final int FMA_ITERATIONS = 1 << 13;

    /** Per thread: its seed, varied so that no two calls see the same constant. */
    @State(Scope.Thread)
    public static class FmaState {
        float seed = 1f;
    }

    /** Per thread: its slice of the working set. */
    @State(Scope.Thread)
    public static class StreamState {
        /** Bytes per operand for all threads together. */
        @Param({"1048576"})
        public long bytes;

        float[] a, b, out;

        @Setup(Level.Trial)
        public void setup(BenchmarkParams params) {
            int n = floatsPerThread(bytes, params.getThreads());
            a = new float[n];
            b = new float[n];
            out = new float[n];
            for (int i = 0; i < n; i++) {
                a[i] = i % 1024 / 1024f;
                b[i] = 1f - a[i];
            }
        }
    }

    @Benchmark
    public float fmaPeak(FmaState s) {
        s.seed = s.seed * 0.5f + 0.25f; // stays in [0.25, 1]
        return MachineProbes.fmaPeak(FMA_ITERATIONS, s.seed);
    }

    @Benchmark
    public float[] streamAdd(StreamState s) {
        float[] a = s.a, b = s.b, out = s.out;
        for (int i = 0; i < out.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }

    /**
     * @param bytes   bytes per operand for all threads together
     * @param threads the threads sharing them
     * @return the floats of each thread's slice
     * @throws IllegalArgumentException when a slice would be empty or too large for an array
     */
    public static int floatsPerThread(long bytes, int threads) {
        long n = bytes / Float.BYTES / threads;
        if (n < 1 || n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("streamAdd: " + bytes + " bytes per operand over " + threads
                    + " threads gives " + n + " floats per thread; expected 1 to 2^31 - 9");
        }
        return (int) n;
    }
}

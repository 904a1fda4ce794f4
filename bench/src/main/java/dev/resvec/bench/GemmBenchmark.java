package dev.resvec.bench;

import dev.resvec.kernels.GemmEpilogue;
import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.internal.Backend;
import dev.resvec.kernels.internal.Backends;
import dev.resvec.kernels.internal.SgemmKernel;
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
import org.openjdk.jmh.infra.IterationParams;

/**
 * SGEMM, row-major NN, {@code C := A·B} (alpha = 1, beta = 0), on each provider's backend called directly, so both
 * providers run in one JVM: {@code Backends.vector()} / {@code Backends.scalar()}, past the argument checks of the
 * public {@code Gemm} facade (which always uses the active provider).
 *
 * <p>Shapes are {@code "MxKxN"} (JMH's {@code -p} splits values at commas, hence the x): square 64..2048 and the
 * ResNet-50 (batch 1, 224×224) im2col shapes of {@code ../shared/peers/gemm-quick.sh} (M = out channels, K = in
 * channels·kh·kw, N = out H·W). The score is the average time per call in µs; GFLOP/s = 2·M·N·K / time, computed
 * by {@link PeerComparison} (by hand: {@code 2·M·N·K / (µs·1000)}).
 *
 * <p>Two benchmark methods, each with its own parameter set, so that the scalar provider (some 20x slower) is not
 * run on the big shapes:
 * <ul>
 *   <li>{@code sgemm}: the vector provider on every shape;</li>
 *   <li>{@code sgemmScalar}: the scalar provider on the square shapes up to 512 and the ResNet-50 im2col shapes
 *       256x2304x196 and 512x4608x49.</li>
 * </ul>
 * Both report a {@code provider} parameter, so JSON results group by it. Select one with a regexp and narrow the
 * parameters with {@code -p}, e.g.
 * {@code java -jar bench/target/benchmarks.jar 'GemmBenchmark.sgemm$' -p shape=1024x1024x1024,64x147x12544 -p threads=1}.
 *
 * <p>Each result is checked once per trial (a few entries of C against double-precision dot products), so a broken
 * kernel fails the benchmark instead of reporting a fast wrong answer.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// Several forks: Vector API code is compiled differently from one JVM to the next, and results can be bimodal.
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
public class GemmBenchmark {
    /** The vector provider on every shape. */
    @State(Scope.Thread)
    public static class VectorCase extends Problem {
        @Param({"64x64x64", "128x128x128", "256x256x256", "512x512x512", "1024x1024x1024", "2048x2048x2048",
                "64x147x12544", "64x576x3136", "128x1152x784", "256x2304x196", "512x4608x49",
                "256x64x3136", "64x256x3136", "512x128x784", "1024x256x196", "2048x512x49"})
        public String shape;

        @Param({"vector"})
        public String provider;

        @Param({"1", "2"})
        public int threads;

        /** A second thread count timed in the same fork, every other iteration ({@link ThreadAlternation}); 0: none. */
        @Param({"0"})
        public int alternateThreads;

        @Setup(Level.Trial)
        public void setup() {
            init(shape, provider, threads, alternateThreads);
        }

        @Setup(Level.Iteration)
        public void iteration(IterationParams iteration) {
            nextIteration(iteration);
        }

        @TearDown(Level.Trial)
        public void check() {
            verify();
        }
    }

    /**
     * The scalar provider on the small square shapes and two ResNet-50 im2col shapes of about 512³'s work (2048³
     * would take seconds per call).
     */
    @State(Scope.Thread)
    public static class ScalarCase extends Problem {
        @Param({"64x64x64", "128x128x128", "256x256x256", "512x512x512", "256x2304x196", "512x4608x49"})
        public String shape;

        @Param({"scalar"})
        public String provider;

        @Param({"1", "2"})
        public int threads;

        @Setup(Level.Trial)
        public void setup() {
            init(shape, provider, threads, 0);
        }

        @TearDown(Level.Trial)
        public void check() {
            verify();
        }
    }

    @Benchmark
    public float[] sgemm(VectorCase p) {
        return p.run();
    }

    @Benchmark
    public float[] sgemmScalar(ScalarCase p) {
        return p.run();
    }

    /** One GEMM problem: the matrices, the kernel and the threads. Not a JMH state itself. */
    public abstract static class Problem {
        int m, k, n;
        float[] a, b, c;
        SgemmKernel kernel;
        Parallelism parallelism;
        ThreadAlternation alternation;

        void init(String shape, String provider, int threads, int alternateThreads) {
            alternation = new ThreadAlternation("GemmBenchmark", threads, alternateThreads);
            int[] mkn = parseShape(shape);
            m = mkn[0];
            k = mkn[1];
            n = mkn[2];
            kernel = backend(provider).sgemm();
            parallelism = Parallelism.threads(threads);
            Random random = new Random(42);
            a = randomMatrix(random, m * k);
            b = randomMatrix(random, k * n);
            c = new float[m * n];
        }

        void nextIteration(IterationParams iteration) {
            parallelism = Parallelism.threads(alternation.next(iteration));
        }

        float[] run() {
            kernel.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n, GemmEpilogue.none(), parallelism);
            return c;
        }

        /** Checks 32 entries of C against double-precision dot products ({@link GemmCheck}). */
        void verify() {
            GemmCheck.verify("ResVec", m, k, n, a, b, c);
        }
    }

    static Backend backend(String provider) {
        return switch (provider) {
            case "vector" -> Backends.vector().orElseThrow(() -> new IllegalStateException(
                    "the vector provider cannot run in this JVM: " + Backends.whyVectorUnavailable()));
            case "scalar" -> Backends.scalar();
            default -> throw new IllegalArgumentException("provider must be vector or scalar, got " + provider);
        };
    }

    /** @return {M, K, N} from {@code "MxKxN"} (or {@code "M,K,N"}) */
    public static int[] parseShape(String shape) {
        String[] parts = shape.split("[,x]");
        if (parts.length != 3) {
            throw new IllegalArgumentException("shape must be MxKxN, got '" + shape + "'");
        }
        int[] mkn = new int[3];
        for (int i = 0; i < 3; i++) {
            mkn[i] = Integer.parseInt(parts[i].trim());
            if (mkn[i] < 1) {
                throw new IllegalArgumentException("shape must be three positive sizes, got '" + shape + "'");
            }
        }
        return mkn;
    }

    static float[] randomMatrix(Random random, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = random.nextFloat() * 2 - 1;
        }
        return x;
    }
}

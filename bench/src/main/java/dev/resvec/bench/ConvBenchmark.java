package dev.resvec.bench;

import dev.resvec.kernels.ConvAlgorithm;
import dev.resvec.kernels.ConvEpilogue;
import dev.resvec.kernels.ConvErrorBound;
import dev.resvec.kernels.ConvShape;
import dev.resvec.kernels.Convolution;
import dev.resvec.kernels.Parallelism;
import dev.resvec.kernels.PreparedConvolution;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;

/**
 * The convolutions of ResNet-18/50 (224×224 input) through the public {@link Convolution} facade, each algorithm
 * that accepts the layer, forward and backward, batch 1 and 8, on 1 and 2 threads ({@link Parallelism#threads}).
 *
 * <p><b>Layers</b> are named {@code RxR[sS]_C-K_H}: an R×R kernel, stride S (default 1), padding R/2, C input and K
 * output channels, an H×H input (see {@link #shape(String, int)}):
 * <ul>
 *   <li>3×3, stride 1 ({@code conv3x3_*}): {@code 3x3_64-64_56}, {@code 3x3_128-128_28}, {@code 3x3_256-256_14},
 *       {@code 3x3_512-512_7} (ResNet-18/34/50 stages 1–4); algorithms {@code WINOGRAD_F4X4_3X3},
 *       {@code WINOGRAD_F2X2_3X3}, {@code IM2COL_GEMM};</li>
 *   <li>1×1 ({@code conv1x1_*}): ResNet-50's bottleneck 1×1s {@code 1x1_64-256_56}, {@code 1x1_256-64_56},
 *       {@code 1x1_128-512_28}, {@code 1x1_512-128_28}, {@code 1x1_256-1024_14}, {@code 1x1_1024-256_14},
 *       {@code 1x1_512-2048_7}, {@code 1x1_2048-512_7} and the strided downsample {@code 1x1s2_256-512_56};
 *       algorithms {@code POINTWISE_GEMM}, {@code IM2COL_GEMM};</li>
 *   <li>the stem ({@code conv7x7_*}): {@code 7x7s2_3-64_224}; algorithm {@code IM2COL_GEMM}.</li>
 * </ul>
 * One state class per kernel size, each with only the algorithms that accept its layers, so JMH generates valid
 * combinations only. A combination given by hand with {@code -p} that the algorithm does not accept fails in its
 * setup with a message that says so.
 *
 * <p><b>Directions</b>, one benchmark method each ({@code <group>_<direction>}):
 * <ul>
 *   <li>{@code forward}: {@link PreparedConvolution#forward}, filters prepared once in the setup (Winograd: already
 *       transformed), so the time holds input transform, GEMMs and output transform only — the inference path;</li>
 *   <li>{@code forwardUnprepared}: {@link Convolution#forward} with the raw filters (Winograd transforms them on every
 *       call) — the training path;</li>
 *   <li>{@code backwardData}: {@link Convolution#backwardData}, {@code ∂L/∂in} from {@code ∂L/∂out};</li>
 *   <li>{@code backwardFilter}: {@link Convolution#backwardFilter}, {@code ∂L/∂w} (no bias, as in ResNet).</li>
 * </ul>
 * No epilogue. The score is ms per call; effective GFLOP/s = {@link ConvShape#flops()} / time, i.e.
 * 2·N·K·C·R·S·outH·outW (2·C·K·9·H·W per image for the 3×3 layers) for every direction, whatever the
 * algorithm really computes; {@link ConvComparison} derives it and sets it beside PyTorch.
 *
 * <p>Each trial ends with a check of 32 result entries against double-precision sums, each within the
 * algorithm's bound relative to its {@code Σ|terms|} ({@link ConvErrorBound#relative}: the proven γ<sub>n</sub>
 * bound for the GEMM algorithms, the measured one for Winograd), so a broken or less accurate kernel fails the
 * benchmark instead of reporting a fast wrong answer; the worst relative error seen is printed to the fork's output
 * ({@code ConvBenchmark check: ...}). A forward trial also measures its error on every element of the first image
 * against a double-precision direct convolution ({@link #measuredError}), outside the timed region; with
 * {@code -D}{@value #ERROR_FILE}{@code =path} the fork appends it to that file with the trial's parameters
 * ({@link ConvErrors}: what the "measured error" columns of the report and of {@link ConvComparison} read).
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar 'ConvBenchmark.conv3x3_forward$' -p layer=3x3_64-64_56 -p batch=1 -p threads=1
 * java -jar bench/target/benchmarks.jar 'ConvBenchmark.conv1x1_' -p layer=1x1_64-256_56 -p algorithm=POINTWISE_GEMM
 * </pre>
 * {@code bench/compare-conv.sh} runs the right combinations per group and the PyTorch peer, and prints the table.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// A call takes 0.1 ms (512@7×7, batch 1) to a few hundred ms (the stem, batch 8, backward): 1 s iterations.
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
// Several forks: Vector API code is compiled differently from one JVM to the next, and results can be bimodal.
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC", "-Xms1g"})
public class ConvBenchmark {
    /** The benchmark directions, in table order; also the suffixes of the benchmark methods. */
    public static final String[] DIRECTIONS = {"forward", "forwardUnprepared", "backwardData", "backwardFilter"};

    /**
     * The system property naming a file to which a forward trial appends its {@linkplain Problem#measuredError()
     * measured error}, one line with the trial's parameters ({@link ConvErrors}).
     */
    public static final String ERROR_FILE = "resvec.bench.convErrorFile";

    private static final Pattern LAYER =
            Pattern.compile("([1-9][0-9]*)x\\1(?:s([1-9][0-9]*))?_([1-9][0-9]*)-([1-9][0-9]*)_([1-9][0-9]*)");

    /** 3×3 stride 1: the ResNet stage convolutions; Winograd and im2col. */
    @State(Scope.Thread)
    public static class Conv3x3 extends Problem {
        @Param({"3x3_64-64_56", "3x3_128-128_28", "3x3_256-256_14", "3x3_512-512_7"})
        public String layer;

        @Param({"WINOGRAD_F4X4_3X3", "WINOGRAD_F2X2_3X3", "IM2COL_GEMM"})
        public String algorithm;

        @Param({"1", "8"})
        public int batch;

        @Param({"1", "2"})
        public int threads;

        /** A second thread count timed in the same fork, every other iteration ({@link ThreadAlternation}); 0: none. */
        @Param({"0"})
        public int alternateThreads;

        @Setup(Level.Trial)
        public void setup(BenchmarkParams params) {
            init(params.getBenchmark(), layer, algorithm, batch, threads, alternateThreads);
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

    /** 1×1: ResNet-50's bottleneck convolutions and the strided downsample; a GEMM with and without im2col. */
    @State(Scope.Thread)
    public static class Conv1x1 extends Problem {
        @Param({"1x1_64-256_56", "1x1_256-64_56", "1x1_128-512_28", "1x1_512-128_28", "1x1_256-1024_14",
                "1x1_1024-256_14", "1x1_512-2048_7", "1x1_2048-512_7", "1x1s2_256-512_56"})
        public String layer;

        @Param({"POINTWISE_GEMM", "IM2COL_GEMM"})
        public String algorithm;

        @Param({"1", "8"})
        public int batch;

        @Param({"1", "2"})
        public int threads;

        /** A second thread count timed in the same fork, every other iteration ({@link ThreadAlternation}); 0: none. */
        @Param({"0"})
        public int alternateThreads;

        @Setup(Level.Trial)
        public void setup(BenchmarkParams params) {
            init(params.getBenchmark(), layer, algorithm, batch, threads, alternateThreads);
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

    /** The 7×7 stride-2 stem (3 → 64 channels, 224×224 → 112×112): im2col. */
    @State(Scope.Thread)
    public static class Conv7x7 extends Problem {
        @Param({"7x7s2_3-64_224"})
        public String layer;

        @Param({"IM2COL_GEMM"})
        public String algorithm;

        @Param({"1", "8"})
        public int batch;

        @Param({"1", "2"})
        public int threads;

        /** A second thread count timed in the same fork, every other iteration ({@link ThreadAlternation}); 0: none. */
        @Param({"0"})
        public int alternateThreads;

        @Setup(Level.Trial)
        public void setup(BenchmarkParams params) {
            init(params.getBenchmark(), layer, algorithm, batch, threads, alternateThreads);
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

    // ---------------------------------------------------------------- 3×3

    @Benchmark
    public float[] conv3x3_forward(Conv3x3 p) {
        return p.forward();
    }

    @Benchmark
    public float[] conv3x3_forwardUnprepared(Conv3x3 p) {
        return p.forwardUnprepared();
    }

    @Benchmark
    public float[] conv3x3_backwardData(Conv3x3 p) {
        return p.backwardData();
    }

    @Benchmark
    public float[] conv3x3_backwardFilter(Conv3x3 p) {
        return p.backwardFilter();
    }

    // ---------------------------------------------------------------- 1×1

    @Benchmark
    public float[] conv1x1_forward(Conv1x1 p) {
        return p.forward();
    }

    @Benchmark
    public float[] conv1x1_forwardUnprepared(Conv1x1 p) {
        return p.forwardUnprepared();
    }

    @Benchmark
    public float[] conv1x1_backwardData(Conv1x1 p) {
        return p.backwardData();
    }

    @Benchmark
    public float[] conv1x1_backwardFilter(Conv1x1 p) {
        return p.backwardFilter();
    }

    // ---------------------------------------------------------------- 7×7 stem

    @Benchmark
    public float[] conv7x7_forward(Conv7x7 p) {
        return p.forward();
    }

    @Benchmark
    public float[] conv7x7_forwardUnprepared(Conv7x7 p) {
        return p.forwardUnprepared();
    }

    @Benchmark
    public float[] conv7x7_backwardData(Conv7x7 p) {
        return p.backwardData();
    }

    @Benchmark
    public float[] conv7x7_backwardFilter(Conv7x7 p) {
        return p.backwardFilter();
    }

    // ---------------------------------------------------------------- layers

    /**
     * The geometry a layer name stands for: {@code RxR[sS]_C-K_H} is an R×R kernel with stride S (1 when absent)
     * and padding R/2 from C to K channels on an H×H input, no dilation, one group; e.g. {@code 3x3_64-64_56},
     * {@code 1x1s2_256-512_56}, {@code 7x7s2_3-64_224}.
     *
     * @param layer the name
     * @param batch images per call
     * @return the convolution
     * @throws IllegalArgumentException for a name not of that form, or a geometry {@link ConvShape} rejects
     */
    public static ConvShape shape(String layer, int batch) {
        Matcher m = LAYER.matcher(layer == null ? "" : layer.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("a layer is RxR[sS]_C-K_H (e.g. 3x3_64-64_56, 1x1s2_256-512_56), got '"
                    + layer + "'");
        }
        int r = Integer.parseInt(m.group(1));
        int stride = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
        int c = Integer.parseInt(m.group(3));
        int k = Integer.parseInt(m.group(4));
        int h = Integer.parseInt(m.group(5));
        return ConvShape.of(batch, c, h, h, k, r, stride, r / 2);
    }

    /**
     * @param benchmark a JMH benchmark name, e.g. {@code dev.resvec.bench.ConvBenchmark.conv3x3_backwardData}
     * @return its direction, e.g. {@code backwardData}
     * @throws IllegalArgumentException when the name does not end in {@code _<direction>}
     */
    public static String direction(String benchmark) {
        int us = benchmark.lastIndexOf('_');
        String d = us < 0 ? "" : benchmark.substring(us + 1);
        for (String known : DIRECTIONS) {
            if (known.equals(d)) {
                return d;
            }
        }
        throw new IllegalArgumentException("not a ConvBenchmark method (…_forward, _forwardUnprepared, _backwardData,"
                + " _backwardFilter): " + benchmark);
    }

    /**
     * @param layer a layer name
     * @return the benchmark methods' prefix for it ({@code conv3x3}, {@code conv1x1} or {@code conv7x7})
     */
    public static String group(String layer) {
        ConvShape s = shape(layer, 1);
        return switch (s.kernelH()) {
            case 1, 3, 7 -> "conv" + s.kernelH() + "x" + s.kernelW();
            default -> throw new IllegalArgumentException("ConvBenchmark has methods for 1x1, 3x3 and 7x7 kernels only,"
                    + " got " + layer);
        };
    }

    // ---------------------------------------------------------------- the problem

    /** One convolution to time: the arrays, the algorithm, the threads, and the direction the trial runs. */
    public abstract static class Problem {
        ConvShape shape;
        ConvAlgorithm algorithm;
        Parallelism parallelism;
        String direction;
        String layer;
        /** The thread count the trial was set up with, which keys its measured error ({@link ConvErrors}). */
        int trialThreads;
        float[] in, w, out, gradOut, gradIn, gradW;
        PreparedConvolution prepared;
        ThreadAlternation alternation;

        void init(String benchmark, String layerName, String algorithmName, int batch, int threads,
                  int alternateThreads) {
            direction = direction(benchmark);
            layer = layerName;
            shape = shape(layerName, batch);
            try {
                algorithm = ConvAlgorithm.valueOf(algorithmName.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ConvBenchmark: unknown algorithm '" + algorithmName + "'");
            }
            if (algorithm == ConvAlgorithm.AUTO || !algorithm.accepts(shape)) {
                throw new IllegalArgumentException("ConvBenchmark: skip this combination: " + algorithm
                        + " does not accept layer " + layerName + " (" + shape.describe() + "); choose algorithms per"
                        + " layer group (bench/compare-conv.sh does)");
            }
            trialThreads = threads;
            alternation = new ThreadAlternation("ConvBenchmark", threads, alternateThreads);
            parallelism = Parallelism.threads(threads);
            Random random = new Random(42);
            w = GemmBenchmark.randomMatrix(random, shape.filterSize());
            switch (direction) {
                case "forward" -> {
                    in = GemmBenchmark.randomMatrix(random, shape.inputSize());
                    out = new float[shape.outputSize()];
                    prepared = Convolution.prepare(shape, algorithm, w, 0);
                }
                case "forwardUnprepared" -> {
                    in = GemmBenchmark.randomMatrix(random, shape.inputSize());
                    out = new float[shape.outputSize()];
                }
                case "backwardData" -> {
                    gradOut = GemmBenchmark.randomMatrix(random, shape.outputSize());
                    gradIn = new float[shape.inputSize()];
                }
                case "backwardFilter" -> {
                    in = GemmBenchmark.randomMatrix(random, shape.inputSize());
                    gradOut = GemmBenchmark.randomMatrix(random, shape.outputSize());
                    gradW = new float[shape.filterSize()];
                }
                default -> throw new IllegalStateException(direction);
            }
        }

        void nextIteration(IterationParams iteration) {
            parallelism = Parallelism.threads(alternation.next(iteration));
        }

        float[] forward() {
            prepared.forward(shape.batch(), in, 0, out, 0, ConvEpilogue.none(), parallelism);
            return out;
        }

        float[] forwardUnprepared() {
            Convolution.forward(shape, algorithm, in, 0, w, 0, out, 0, ConvEpilogue.none(), parallelism);
            return out;
        }

        float[] backwardData() {
            Convolution.backwardData(shape, algorithm, gradOut, 0, w, 0, gradIn, 0, parallelism);
            return gradIn;
        }

        float[] backwardFilter() {
            Convolution.backwardFilter(shape, algorithm, in, 0, gradOut, 0, gradW, 0, null, 0, parallelism);
            return gradW;
        }

        /** @return the trial's result: the output, or the gradient its direction computes */
        float[] result() {
            return switch (direction) {
                case "forward", "forwardUnprepared" -> out;
                case "backwardData" -> gradIn;
                default -> gradW;
            };
        }

        /** @return the direction as {@link ConvErrorBound} names it */
        ConvErrorBound.Direction boundDirection() {
            return switch (direction) {
                case "forward", "forwardUnprepared" -> ConvErrorBound.Direction.FORWARD;
                case "backwardData" -> ConvErrorBound.Direction.BACKWARD_DATA;
                default -> ConvErrorBound.Direction.BACKWARD_FILTER;
            };
        }

        /**
         * Checks 32 entries of the trial's result (the first, the last, and random ones) against double-precision
         * sums, each within {@link ConvErrorBound#relative}{@code ·Σ|terms|}; prints the worst error relative to
         * {@code Σ|terms|}, and for a forward trial appends its {@link #measuredError} to the {@value #ERROR_FILE}
         * file when one is named.
         *
         * @throws IllegalStateException naming the first entry outside the bound
         */
        void verify() {
            if (shape == null) {
                return; // the setup failed
            }
            double worst = check(result());
            System.out.println(String.format(Locale.ROOT,
                    "ConvBenchmark check: %s %s %s batch %d: 32 entries agree with double,"
                            + " worst |error|/sum|terms| = %.2e (bound %.2e)",
                    layer, algorithm, direction, shape.batch(), worst,
                    ConvErrorBound.relative(shape, algorithm, boundDirection())));
            String file = System.getProperty(ERROR_FILE);
            if (file != null && boundDirection() == ConvErrorBound.Direction.FORWARD) {
                ConvErrors.Entry entry = new ConvErrors.Entry(layer, algorithm.name(), shape.batch(), trialThreads,
                        direction, measuredError());
                System.out.println("ConvBenchmark measured error: " + entry.line());
                try {
                    ConvErrors.append(Path.of(file), entry);
                } catch (IOException e) {
                    throw new IllegalStateException("ConvBenchmark: cannot write " + file + ": " + e.getMessage(), e);
                }
            }
        }

        /**
         * @param result the trial's result (the output or the gradient), as computed or perturbed
         * @return the worst {@code |error| / Σ|terms|} of its 32 checked entries
         * @throws IllegalStateException naming the first entry outside {@link ConvErrorBound#relative}'s bound
         */
        double check(float[] result) {
            double eps = ConvErrorBound.relative(shape, algorithm, boundDirection());
            Random random = new Random(7);
            double worst = 0;
            for (int t = 0; t < 32; t++) {
                int i = t == 0 ? 0 : t == 1 ? result.length - 1 : random.nextInt(result.length);
                double[] exact = switch (direction) {
                    case "forward", "forwardUnprepared" -> Reference.output(shape, in, w, i);
                    case "backwardData" -> Reference.inputGradient(shape, gradOut, w, i);
                    default -> Reference.filterGradient(shape, in, gradOut, i);
                };
                double err = Math.abs(result[i] - exact[0]);
                double bound = eps * exact[1];
                if (!(err <= bound)) {
                    throw new IllegalStateException("ConvBenchmark: " + algorithm + " " + direction + " of " + layer
                            + " (" + shape.describe() + ") is wrong at element " + i + ": got " + result[i]
                            + ", expected " + exact[0] + " (error " + err + " > bound " + bound + " = "
                            + String.format(Locale.ROOT, "%.3e", eps) + "·Σ|terms|, ConvErrorBound.relative)");
                }
                if (exact[1] > 0) {
                    worst = Math.max(worst, err / exact[1]);
                }
            }
            return worst;
        }

        /**
         * The forward output's worst {@code |out − exact| / Σ|terms|} over every element of the first image, against
         * the direct convolution in double ({@link Convolution#forward(ConvShape, double[], int, double[], int,
         * double[], int, double[], int)}) on the same inputs, Σ|terms| from the same convolution on their absolute
         * values. One image: the error of the others is distributed alike, and batch 8's reference would cost eight
         * times as much (a 3×3 ResNet layer's is 116 M multiply-adds in double).
         *
         * @throws IllegalStateException for a trial that is not a forward one
         */
        double measuredError() {
            if (boundDirection() != ConvErrorBound.Direction.FORWARD) {
                throw new IllegalStateException("ConvBenchmark: the measured error is a forward trial's");
            }
            ConvShape one = ConvShape.of(1, shape.inChannels(), shape.height(), shape.width(), shape.outChannels(),
                    shape.kernelH(), shape.strideH(), shape.padH());
            return measuredError(one, in, w, out);
        }

        /**
         * @param s   a batch-1 convolution (its first image: the arrays may hold more)
         * @param got the float output to measure
         * @return the worst {@code |got − exact| / Σ|terms|} over the image's outputs (0 where Σ|terms| is 0)
         */
        static double measuredError(ConvShape s, float[] in, float[] w, float[] got) {
            double[] din = new double[s.inputSize()], dinAbs = new double[s.inputSize()];
            for (int i = 0; i < din.length; i++) {
                din[i] = in[i];
                dinAbs[i] = Math.abs(in[i]);
            }
            double[] dw = new double[s.filterSize()], dwAbs = new double[s.filterSize()];
            for (int i = 0; i < dw.length; i++) {
                dw[i] = w[i];
                dwAbs[i] = Math.abs(w[i]);
            }
            double[] exact = new double[s.outputSize()], mag = new double[s.outputSize()];
            Convolution.forward(s, din, 0, dw, 0, null, 0, exact, 0);
            Convolution.forward(s, dinAbs, 0, dwAbs, 0, null, 0, mag, 0);
            double worst = 0;
            for (int i = 0; i < exact.length; i++) {
                double err = Math.abs(got[i] - exact[i]);
                if (mag[i] > 0) {
                    worst = Math.max(worst, err / mag[i]);
                } else if (err > 0) {
                    return Double.POSITIVE_INFINITY;
                }
            }
            return worst;
        }
    }

    /** Single entries of the three results by their definitions, in double: {value, Σ|terms|, number of terms}. */
    static final class Reference {
        private Reference() {}

        /** {@code out[n,k,y,x] = Σ_{c,r,s} in[n,c,y·st−p+r,x·st−p+s]·w[k,c,r,s]}; index into the output. */
        static double[] output(ConvShape s, float[] in, float[] w, int index) {
            int oh = s.outHeight(), ow = s.outWidth();
            int x = index % ow, y = index / ow % oh, k = index / (ow * oh) % s.outChannels();
            int n = index / (ow * oh * s.outChannels());
            double sum = 0, abs = 0;
            int terms = 0;
            for (int c = 0; c < s.inChannels(); c++) {
                for (int r = 0; r < s.kernelH(); r++) {
                    int iy = y * s.strideH() - s.padH() + r;
                    for (int q = 0; q < s.kernelW(); q++) {
                        int ix = x * s.strideW() - s.padW() + q;
                        if (iy >= 0 && iy < s.height() && ix >= 0 && ix < s.width()) {
                            double p = (double) in[((n * s.inChannels() + c) * s.height() + iy) * s.width() + ix]
                                    * w[((k * s.inChannels() + c) * s.kernelH() + r) * s.kernelW() + q];
                            sum += p;
                            abs += Math.abs(p);
                            terms++;
                        }
                    }
                }
            }
            return new double[] {sum, abs, terms};
        }

        /** {@code gradIn[n,c,iy,ix] = Σ_{k,r,s: iy = y·st−p+r, ix = x·st−p+s} gradOut[n,k,y,x]·w[k,c,r,s]}. */
        static double[] inputGradient(ConvShape s, float[] gradOut, float[] w, int index) {
            int oh = s.outHeight(), ow = s.outWidth();
            int ix = index % s.width(), iy = index / s.width() % s.height();
            int c = index / (s.width() * s.height()) % s.inChannels();
            int n = index / (s.width() * s.height() * s.inChannels());
            double sum = 0, abs = 0;
            int terms = 0;
            for (int k = 0; k < s.outChannels(); k++) {
                for (int r = 0; r < s.kernelH(); r++) {
                    int ty = iy + s.padH() - r;
                    if (ty < 0 || ty % s.strideH() != 0 || ty / s.strideH() >= oh) {
                        continue;
                    }
                    for (int q = 0; q < s.kernelW(); q++) {
                        int tx = ix + s.padW() - q;
                        if (tx < 0 || tx % s.strideW() != 0 || tx / s.strideW() >= ow) {
                            continue;
                        }
                        double p = (double) gradOut[((n * s.outChannels() + k) * oh + ty / s.strideH()) * ow
                                + tx / s.strideW()] * w[((k * s.inChannels() + c) * s.kernelH() + r) * s.kernelW() + q];
                        sum += p;
                        abs += Math.abs(p);
                        terms++;
                    }
                }
            }
            return new double[] {sum, abs, terms};
        }

        /** {@code gradW[k,c,r,s] = Σ_{n,y,x} gradOut[n,k,y,x]·in[n,c,y·st−p+r,x·st−p+s]}. */
        static double[] filterGradient(ConvShape s, float[] in, float[] gradOut, int index) {
            int oh = s.outHeight(), ow = s.outWidth();
            int q = index % s.kernelW(), r = index / s.kernelW() % s.kernelH();
            int c = index / (s.kernelW() * s.kernelH()) % s.inChannels();
            int k = index / (s.kernelW() * s.kernelH() * s.inChannels());
            double sum = 0, abs = 0;
            int terms = 0;
            for (int n = 0; n < s.batch(); n++) {
                for (int y = 0; y < oh; y++) {
                    int iy = y * s.strideH() - s.padH() + r;
                    if (iy < 0 || iy >= s.height()) {
                        continue;
                    }
                    for (int x = 0; x < ow; x++) {
                        int ix = x * s.strideW() - s.padW() + q;
                        if (ix >= 0 && ix < s.width()) {
                            double p = (double) gradOut[((n * s.outChannels() + k) * oh + y) * ow + x]
                                    * in[((n * s.inChannels() + c) * s.height() + iy) * s.width() + ix];
                            sum += p;
                            abs += Math.abs(p);
                            terms++;
                        }
                    }
                }
            }
            return new double[] {sum, abs, terms};
        }
    }
}

package dev.resvec.cli;

import dev.resvec.bench.GemmCheck;
import dev.resvec.kernels.Gemm;
import dev.resvec.kernels.GemmEpilogue;
import dev.resvec.kernels.Kernels;
import dev.resvec.kernels.Parallelism;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code resvec gemm}: a quick SGEMM speed check over square sizes and thread counts. A demo, timed with
 * {@link System#nanoTime()} (a warm-up, then the median of several samples), not a JMH benchmark.
 */
@Command(name = "gemm",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        defaultValueProvider = GemmCommand.Defaults.class,
        description = {
            "Quick SGEMM speed check: C := A·B for square n×n float matrices (row-major, beta = 0) through "
                    + "dev.resvec.kernels.Gemm, on the kernel provider this JVM chose. Prints the provider and, "
                    + "per size and thread count, the median GFLOP/s (2·n³ / time) and the range of the samples.",
            "",
            "This is a demo benchmark, not JMH: each row gets a warm-up, then samples timed with System.nanoTime; "
                    + "no forks, no blackholes, one JVM. For numbers to publish or compare, use the JMH "
                    + "benchmarks in bench/ (java -jar bench/target/benchmarks.jar GemmBenchmark, or "
                    + "bench/compare-peers.sh to set them beside OpenBLAS)."},
        footer = {"", "Examples:", "  resvec gemm", "  resvec gemm --sizes 256,1024 --threads 1,2 --time 1"})
public final class GemmCommand implements Callable<Integer> {
    /** The largest size: 3·n² floats must fit in memory with room to spare, and n² in a Java array. */
    static final int MAX_SIZE = 16384;

    @Spec
    CommandSpec spec;

    @Option(names = "--sizes", split = ",", paramLabel = "N", defaultValue = "64,128,256,512,1024,2048",
            description = "Square sizes n (M = K = N = n), comma-separated. Default: ${DEFAULT-VALUE}.")
    List<Integer> sizes;

    @Option(names = "--threads", split = ",", paramLabel = "T",
            description = "Thread counts, comma-separated. Default: 1 and the number of processors (here: "
                    + "${DEFAULT-VALUE}).")
    List<Integer> threads;

    @Option(names = "--time", paramLabel = "SECONDS", defaultValue = "0.3",
            description = "Time to measure each size and thread count, after a warm-up of as long (at least one "
                    + "call each, and at least " + MIN_SAMPLES + " samples). Default: ${DEFAULT-VALUE} s.")
    double seconds;

    @Option(names = "--jit-warmup", paramLabel = "SECONDS", defaultValue = "4",
            description = "At most this long, before the first row: run a small GEMM until its speed stops "
                    + "improving (the JIT has compiled the kernels). 0 skips it. Default: ${DEFAULT-VALUE} s.")
    double jitWarmupSeconds;

    /** At least this many samples per row, even when one call outlasts the time budget. */
    static final int MIN_SAMPLES = 3;
    /** At most this many samples per row. */
    static final int MAX_SAMPLES = 25;

    @Override
    public Integer call() {
        List<Integer> threadCounts = threadCounts();
        validate(threadCounts);
        PrintWriter out = spec.commandLine().getOut();
        out.println("ResVec SGEMM quick check: C = A·B, n×n floats, row-major; System.nanoTime, not JMH (see --help)");
        out.println("kernels: " + Kernels.provider().describe());
        out.printf(Locale.ROOT, "JDK %s (%s), %d processors; %.2f s warm-up + %.2f s of samples per row%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(), seconds, seconds);
        out.flush();
        if (jitWarmupSeconds > 0) {
            long max = (long) (jitWarmupSeconds * 1e9);
            double jit = warmUpJit(max);
            out.printf(Locale.ROOT, "JIT warm-up: %.1f s%s%n", jit, jit * 1e9 >= max
                    ? " (stopped at the limit: the first rows may still be slow; is the machine busy?)" : "");
        }
        out.println();
        out.printf(Locale.ROOT, "%6s %8s %16s %17s %8s%n", "n", "threads", "GFLOP/s median", "min – max", "samples");
        out.flush();
        List<String> wrong = new ArrayList<>();
        for (int n : sizes) {
            Problem p = new Problem(n);
            for (int t : threadCounts) {
                Row row = p.measure(Parallelism.threads(t), (long) (seconds * 1e9));
                out.printf(Locale.ROOT, "%6d %8d %16s %17s %8d%n", n, t, fmt(row.median()),
                        fmt(row.min()) + " – " + fmt(row.max()), row.samples().length);
                out.flush();
                String error = p.check();
                if (error != null) {
                    wrong.add("n=" + n + ", threads=" + t + ": " + error);
                }
            }
        }
        if (!wrong.isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("resvec: error: the GEMM results are WRONG (the speeds above mean nothing):");
            wrong.forEach(w -> err.println("  " + w));
            err.flush();
            return 1;
        }
        return 0;
    }

    /**
     * Runs a small GEMM (with edge tiles) on one thread until its speed stops improving, so that C2 has compiled
     * the kernels before the first row: Vector API code runs 10-100x slower until then. Stops when 8 windows of
     * 50 ms in a row brought no call 3 % faster than the best so far, or at {@code maxNanos}.
     *
     * @return the seconds it took
     */
    static double warmUpJit(long maxNanos) {
        Problem p = new Problem(100);
        Parallelism one = Parallelism.singleThread();
        long start = System.nanoTime(), now = start;
        long best = Long.MAX_VALUE;
        int stableWindows = 0;
        while (stableWindows < 8 && now - start < maxNanos) {
            long windowEnd = now + 50_000_000L, windowBest = Long.MAX_VALUE;
            do {
                long t0 = System.nanoTime();
                p.run(one);
                now = System.nanoTime();
                windowBest = Math.min(windowBest, now - t0);
            } while (now < windowEnd);
            if (windowBest < best * 0.97) {
                stableWindows = 0;
            } else {
                stableWindows++;
            }
            best = Math.min(best, windowBest);
        }
        return (now - start) / 1e9;
    }

    /** @return the thread counts to run */
    List<Integer> threadCounts() {
        return threads != null ? threads : List.of(1);
    }

    /** Defaults that depend on the machine: {@code --threads} is 1 and the number of processors. */
    static final class Defaults implements IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec argSpec) {
            if (argSpec instanceof OptionSpec option && option.longestName().equals("--threads")) {
                int cpus = Runtime.getRuntime().availableProcessors();
                return cpus > 1 ? "1," + cpus : "1";
            }
            return null; // the annotation's defaultValue
        }
    }

    private void validate(List<Integer> threadCounts) {
        for (int n : sizes) {
            if (n < 1 || n > MAX_SIZE) {
                throw new ParameterException(spec.commandLine(),
                        "Invalid value for option '--sizes': sizes must be between 1 and " + MAX_SIZE + ", got " + n);
            }
        }
        for (int t : threadCounts) {
            if (t < 1) {
                throw new ParameterException(spec.commandLine(),
                        "Invalid value for option '--threads': thread counts must be at least 1, got " + t);
            }
        }
        if (!(jitWarmupSeconds >= 0 && jitWarmupSeconds <= 600)) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--jit-warmup': must be 0 to 600 seconds, got " + jitWarmupSeconds);
        }
        if (!(seconds > 0 && seconds <= 60)) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--time': must be more than 0 and at most 60 seconds, got " + seconds);
        }
        long largest = sizes.stream().mapToLong(Integer::longValue).max().orElse(0);
        long bytes = 3 * largest * largest * Float.BYTES;
        long max = Runtime.getRuntime().maxMemory();
        if (bytes > max * 0.8) {
            throw new ParameterException(spec.commandLine(), String.format(Locale.ROOT,
                    "Invalid value for option '--sizes': n=%d needs %d MiB for A, B and C, but this JVM may use "
                            + "only %d MiB (raise -Xmx, e.g. RESVEC_JAVA_OPTS=-Xmx8g)", largest, bytes >> 20, max >> 20));
        }
    }

    static String fmt(double gflops) {
        return String.format(Locale.ROOT, gflops >= 100 ? "%.0f" : gflops >= 10 ? "%.1f" : gflops >= 1 ? "%.2f" : "%.3f",
                gflops);
    }

    /** GFLOP/s of each sample, sorted. */
    record Row(double[] samples) {
        double median() {
            int k = samples.length;
            return k % 2 == 1 ? samples[k / 2] : (samples[k / 2 - 1] + samples[k / 2]) / 2;
        }

        double min() {
            return samples[0];
        }

        double max() {
            return samples[samples.length - 1];
        }
    }

    /** One n×n problem: seeded random A and B, and C. */
    static final class Problem {
        final int n;
        final float[] a, b, c;

        Problem(int n) {
            this.n = n;
            Random random = new Random(42);
            a = random(random, n * n);
            b = random(random, n * n);
            c = new float[n * n];
        }

        private static float[] random(Random random, int size) {
            float[] x = new float[size];
            for (int i = 0; i < size; i++) {
                x[i] = random.nextFloat() * 2 - 1;
            }
            return x;
        }

        void run(Parallelism parallelism) {
            Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n, GemmEpilogue.none(), parallelism);
        }

        /**
         * Warm-up for {@code budgetNanos} (at least one call), then samples of about a tenth of the budget each
         * (at least one call each) until the budget is spent, with {@link #MIN_SAMPLES} to {@link #MAX_SAMPLES}.
         */
        Row measure(Parallelism parallelism, long budgetNanos) {
            long start = System.nanoTime(), last;
            long fastest = Long.MAX_VALUE;
            do {
                long t0 = System.nanoTime();
                run(parallelism);
                last = System.nanoTime();
                fastest = Math.min(fastest, last - t0);
            } while (last - start < budgetNanos);
            long perSample = Math.max(1, budgetNanos / 10);
            int reps = (int) Math.max(1, Math.min(1_000_000, perSample / Math.max(1, fastest)));
            double flop = 2.0 * n * n * n * reps;
            double[] samples = new double[MAX_SAMPLES];
            int count = 0;
            long measureStart = System.nanoTime();
            while (count < MAX_SAMPLES && (count < MIN_SAMPLES || System.nanoTime() - measureStart < budgetNanos)) {
                long t0 = System.nanoTime();
                for (int r = 0; r < reps; r++) {
                    run(parallelism);
                }
                long elapsed = Math.max(1, System.nanoTime() - t0);
                samples[count++] = flop / elapsed; // flop per ns = GFLOP/s
            }
            double[] result = Arrays.copyOf(samples, count);
            Arrays.sort(result);
            return new Row(result);
        }

        /** @return null when C passes {@link GemmCheck#verify}, else what is wrong */
        String check() {
            try {
                GemmCheck.verify("ResVec", n, n, n, a, b, c);
                return null;
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        }
    }
}

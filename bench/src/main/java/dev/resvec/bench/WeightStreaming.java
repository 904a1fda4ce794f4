package dev.resvec.bench;

import dev.resvec.kernels.Elementwise;
import dev.resvec.kernels.Gemm;
import dev.resvec.kernels.GemmEpilogue;
import dev.resvec.kernels.PackedMatrix;
import dev.resvec.kernels.Parallelism;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * How a GEMM with pre-packed weights runs when the weights come from memory, as in a network at batch 1 (each
 * layer's filters were last read a whole call ago): the same product timed on one weight matrix over and over
 * (warm) and cycling through enough distinct ones to leave the caches (cold), beside a plain vector read of the
 * same matrices' elements ({@link Elementwise#rowMax}: what one core streams when nothing else waits on the
 * loads). Where cold is about warm plus the plain read, the streaming and the arithmetic run one after the other
 * instead of overlapping.
 *
 * <pre>java --add-modules=jdk.incubator.vector -cp bench/target/benchmarks.jar \
 *     dev.resvec.bench.WeightStreaming THREADS SHAPE[,SHAPE...] MEBIBYTES</pre>
 * <p>SHAPE is MxKxN (the weights are M×K, pre-packed; N the columns of the other operand); MEBIBYTES the weights
 * cycled through in the cold case (more than the last-level cache; a thin product keeps a second, transposed copy
 * of each, so the heap holds up to twice that). Prints one Markdown row per shape, medians of five 1-second windows
 * each, after one untimed pass over every matrix.
 */
public final class WeightStreaming {
    private WeightStreaming() {}

    /**
     * Medians of one call, milliseconds.
     *
     * @param coldMillis  the product, each call on the next of {@code matrices} weight matrices
     * @param warmMillis  the product on one weight matrix, repeatedly
     * @param readMillis  a plain read of one weight matrix's elements (its row maxima), cycling through the matrices
     * @param matrices    how many distinct weight matrices the cold case cycles through
     */
    public record Outcome(double coldMillis, double warmMillis, double readMillis, int matrices) {}

    /**
     * Measures one shape; the cold and warm products are checked against a double-precision product.
     *
     * @param threads       the threads of each product
     * @param m             rows of the weights (and of C)
     * @param k             columns of the weights, rows of the other operand
     * @param n             columns of the other operand (and of C)
     * @param weightBytes   the weights to cycle through in the cold case (at least one matrix, at most 4096)
     * @param windows       timing windows per case (the median is reported)
     * @param windowMillis  length of each window
     */
    public static Outcome measure(int threads, int m, int k, int n, long weightBytes, int windows, long windowMillis) {
        int matrices = (int) Math.max(1, Math.min(4096, weightBytes / (4L * m * k)));
        Random random = new Random(1);
        float[][] raw = new float[matrices][];
        PackedMatrix[] packed = new PackedMatrix[matrices];
        for (int i = 0; i < matrices; i++) {
            raw[i] = GemmBenchmark.randomMatrix(random, m * k);
            packed[i] = Gemm.pack(false, m, k, raw[i], 0, k);
        }
        float[] b = GemmBenchmark.randomMatrix(random, k * n), c = new float[m * n];
        Parallelism parallelism = Parallelism.threads(threads);
        int[] next = {0};
        Runnable cold = () -> {
            int i = next[0];
            next[0] = (i + 1) % matrices;
            Gemm.sgemm(packed[i], false, n, 1f, b, 0, n, 0f, c, 0, n, GemmEpilogue.none(), parallelism);
        };
        Runnable warm = () -> Gemm.sgemm(packed[0], false, n, 1f, b, 0, n, 0f, c, 0, n, GemmEpilogue.none(),
                parallelism);
        float[] rowMax = new float[m];
        Runnable read = () -> {
            int i = next[0];
            next[0] = (i + 1) % matrices;
            Elementwise.rowMax(m, k, raw[i], 0, k, rowMax, 0);
        };
        // One untimed pass over every matrix first: a thin product reads its weights in a second layout built on
        // first use (PackedPanels.right), and that build, with the JIT's, is setup, not the product.
        for (int i = 0; i < matrices; i++) {
            cold.run();
        }
        warm.run();
        read.run();
        double coldMillis = median(cold, windows, windowMillis);
        GemmCheck.verify("cold", m, k, n, raw[(next[0] + matrices - 1) % matrices], b, c);
        double warmMillis = median(warm, windows, windowMillis);
        GemmCheck.verify("warm", m, k, n, raw[0], b, c);
        double readMillis = median(read, windows, windowMillis);
        return new Outcome(coldMillis, warmMillis, readMillis, matrices);
    }

    /** The median over {@code windows} windows of each window's mean call. */
    private static double median(Runnable call, int windows, long windowMillis) {
        List<Double> means = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
            long start = System.nanoTime(), end = start + windowMillis * 1_000_000L;
            int calls = 0;
            long now;
            do {
                call.run();
                calls++;
                now = System.nanoTime();
            } while (now < end);
            means.add((now - start) / 1e6 / calls);
        }
        return Alternation.median(means);
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: WeightStreaming THREADS SHAPE[,SHAPE...] MEBIBYTES (SHAPE as MxKxN)");
            System.exit(2);
        }
        int threads = Alternation.positive(args, 0, "THREADS");
        long bytes = (long) Alternation.positive(args, 2, "MEBIBYTES") << 20;
        System.out.println("| M×K×N | threads | weights | cold ms (GB/s of weights, GFLOP/s) | warm ms (GFLOP/s)"
                + " | plain read ms (GB/s) |");
        System.out.println("|---|---|---|---|---|---|");
        for (String shape : args[1].split(",")) {
            int[] mkn = GemmBenchmark.parseShape(shape);
            int m = mkn[0], k = mkn[1], n = mkn[2];
            Outcome o = measure(threads, m, k, n, bytes, 5, 1000);
            double gigabytes = 4e-9 * m * k, gflop = 2e-9 * m * k * n;
            System.out.println(String.format(Locale.ROOT,
                    "| %d×%d×%d | %d | %d × %.0f KiB | %.4f (%.1f, %.0f) | %.4f (%.0f) | %.4f (%.1f) |", m, k, n,
                    threads, o.matrices(), 4.0 * m * k / 1024, o.coldMillis(), gigabytes / o.coldMillis() * 1e3,
                    gflop / o.coldMillis() * 1e3, o.warmMillis(), gflop / o.warmMillis() * 1e3, o.readMillis(),
                    gigabytes / o.readMillis() * 1e3));
        }
    }
}

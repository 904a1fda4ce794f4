package dev.resvec.bench;

import dev.resvec.bench.peers.GemmPeer;
import dev.resvec.kernels.Gemm;
import dev.resvec.kernels.GemmEpilogue;
import dev.resvec.kernels.Parallelism;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * ResVec's SGEMM and a peer's alternated in one JVM, round by round on the same matrices: the ratio of two runs
 * minutes apart on this VM moves with its speed (up to 2× between JVMs, and within one JVM from one minute to the
 * next), while adjacent rounds see the same conditions. Each round times one side for {@code roundMillis}; the
 * first {@code skip} rounds of each side are warm-up. Reported per shape: each side's median call over the counted
 * rounds in GFLOP/s, and the range and median of the per-round ratios (ResVec's speed over the peer's: the peer's
 * median call time in the round over ResVec's).
 *
 * <pre>java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     dev.resvec.bench.GemmAlternation THREADS SHAPE[,SHAPE...] [PEER [CORE_TYPE]]</pre>
 * <p>PEER is one of {@link GemmPeer#NAMES} (default openblas; CORE_TYPE as OpenBLAS's, default auto). A native peer
 * whose worker threads spin between calls may slow ResVec's next round on 2 threads; 1-thread ratios have no such
 * bias.
 */
public final class GemmAlternation {
    private GemmAlternation() {}

    /**
     * One shape's outcome.
     *
     * @param resvecGflops  ResVec's median call, GFLOP/s
     * @param peerGflops    the peer's median call, GFLOP/s
     * @param lowestRatio   the lowest per-round ratio, ResVec's speed over the peer's
     * @param medianRatio   their median
     * @param highestRatio  the highest
     */
    public record Outcome(double resvecGflops, double peerGflops, double lowestRatio, double medianRatio,
                          double highestRatio) {}

    /**
     * Alternates the two on C = A·B (row-major, seeded random A and B) for {@code rounds} rounds a side.
     *
     * @throws IllegalArgumentException when rounds ≤ skip, skip &lt; 0 or roundMillis &lt; 1 (and as
     *                                  {@link GemmPeer#create} for the peer)
     */
    public static Outcome compare(String peerName, String coreType, int threads, int m, int k, int n, int rounds,
                                  int skip, long roundMillis) {
        if (skip < 0 || rounds <= skip || roundMillis < 1) {
            throw new IllegalArgumentException("GemmAlternation: expected rounds > skip >= 0 and roundMillis >= 1,"
                    + " got rounds " + rounds + ", skip " + skip + ", roundMillis " + roundMillis);
        }
        Random random = new Random(1);
        float[] a = GemmBenchmark.randomMatrix(random, m * k), b = GemmBenchmark.randomMatrix(random, k * n);
        float[] c = new float[m * n];
        GemmPeer peer = GemmPeer.create(peerName, coreType, threads, m, k, n, a, b);
        Parallelism parallelism = Parallelism.threads(threads);
        Runnable resvec = () -> Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n,
                GemmEpilogue.none(), parallelism);
        List<Double> ours = new ArrayList<>(), theirs = new ArrayList<>(), ratios = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            double ourMedian = median(round(resvec, roundMillis, round >= skip ? ours : null));
            double theirMedian = median(round(peer::run, roundMillis, round >= skip ? theirs : null));
            if (round >= skip) {
                ratios.add(theirMedian / ourMedian);
            }
        }
        GemmCheck.verify("ResVec", m, k, n, a, b, c);
        Collections.sort(ratios);
        double flops = 2.0 * m * n * k;
        return new Outcome(flops / median(ours) / 1e6, flops / median(theirs) / 1e6, ratios.getFirst(),
                ratios.get(ratios.size() / 2), ratios.getLast());
    }

    /** Calls {@code call} for about {@code millis} ms; returns the calls' times in ms, also added to {@code kept}. */
    private static List<Double> round(Runnable call, long millis, List<Double> kept) {
        List<Double> times = new ArrayList<>();
        long start = System.nanoTime();
        do {
            long t = System.nanoTime();
            call.run();
            times.add((System.nanoTime() - t) / 1e6);
        } while (System.nanoTime() - start < millis * 1_000_000L);
        if (kept != null) {
            kept.addAll(times);
        }
        return times;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** Prints one Markdown row per shape: 14 rounds of 0.3 s a side, the first 4 not counted. */
    public static void main(String[] args) {
        if (args.length < 2 || args.length > 4) {
            System.err.println("usage: GemmAlternation THREADS SHAPE[,SHAPE...] [PEER [CORE_TYPE]]"
                    + " (SHAPE as MxKxN; PEER default openblas, CORE_TYPE default auto)");
            System.exit(2);
        }
        int threads = Integer.parseInt(args[0]);
        String peer = args.length > 2 ? args[2] : "openblas", coreType = args.length > 3 ? args[3] : "auto";
        System.out.println("| M×K×N | threads | ResVec GFLOP/s | " + peer + " GFLOP/s | ResVec ÷ " + peer
                + " (per-round min / median / max) |");
        System.out.println("|---|---|---|---|---|");
        for (String shape : args[1].split(",")) {
            int[] mkn = GemmBenchmark.parseShape(shape);
            Outcome o = compare(peer, coreType, threads, mkn[0], mkn[1], mkn[2], 14, 4, 300);
            System.out.println(String.format(Locale.ROOT, "| %d×%d×%d | %d | %.0f | %.0f | %.3f / %.3f / %.3f |",
                    mkn[0], mkn[1], mkn[2], threads, o.resvecGflops(), o.peerGflops(), o.lowestRatio(),
                    o.medianRatio(), o.highestRatio()));
        }
    }
}

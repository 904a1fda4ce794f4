package dev.resvec.bench;

import dev.resvec.bench.peers.GemmPeer;
import dev.resvec.kernels.Gemm;
import dev.resvec.kernels.GemmEpilogue;
import dev.resvec.kernels.Parallelism;
import java.util.Locale;
import java.util.Random;

/**
 * ResVec's SGEMM and a peer's on the same row-major matrices (seeded random A and B), {@linkplain Alternation
 * alternated} round by round in one JVM: 14 rounds of 0.3 s a side, the first 4 not counted. Prints one Markdown
 * row per shape: each side's median call in GFLOP/s and the per-round ratios (ResVec's speed over the peer's).
 *
 * <pre>java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     dev.resvec.bench.GemmAlternation THREADS SHAPE[,SHAPE...] [PEER [CORE_TYPE]]</pre>
 * <p>PEER is one of {@link GemmPeer#NAMES} (default openblas; CORE_TYPE as OpenBLAS's, default auto).
 */
public final class GemmAlternation {
    private GemmAlternation() {}

    /**
     * Alternates the two on an m×k times k×n product; both sides' C are checked against a double-precision product.
     *
     * @throws IllegalArgumentException as {@link Alternation#compare} and {@link GemmPeer#create}
     */
    public static Alternation.Outcome compare(String peerName, String coreType, int threads, int m, int k, int n,
                                              int rounds, int skip, long roundMillis) {
        Random random = new Random(1);
        float[] a = GemmBenchmark.randomMatrix(random, m * k), b = GemmBenchmark.randomMatrix(random, k * n);
        float[] c = new float[m * n];
        GemmPeer peer = GemmPeer.create(peerName, coreType, threads, m, k, n, a, b);
        Parallelism parallelism = Parallelism.threads(threads);
        Alternation.Outcome o = Alternation.compare(() -> Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n,
                0f, c, 0, n, GemmEpilogue.none(), parallelism), peer::run, rounds, skip, roundMillis);
        GemmCheck.verify("ResVec", m, k, n, a, b, c);
        GemmCheck.verify(peer.describe(), m, k, n, a, b, peer.result());
        return o;
    }

    public static void main(String[] args) {
        if (args.length < 2 || args.length > 4) {
            System.err.println("usage: GemmAlternation THREADS SHAPE[,SHAPE...] [PEER [CORE_TYPE]]"
                    + " (SHAPE as MxKxN; PEER default openblas, CORE_TYPE default auto)");
            System.exit(2);
        }
        int threads = Alternation.positive(args, 0, "THREADS");
        String peer = args.length > 2 ? args[2] : "openblas", coreType = args.length > 3 ? args[3] : "auto";
        System.out.println("| M×K×N | threads | ResVec GFLOP/s | " + peer + " GFLOP/s | ResVec ÷ " + peer
                + " (per-round min / median / max) |");
        System.out.println("|---|---|---|---|---|");
        for (String shape : args[1].split(",")) {
            int[] mkn = GemmBenchmark.parseShape(shape);
            Alternation.Outcome o = compare(peer, coreType, threads, mkn[0], mkn[1], mkn[2], 14, 4, 300);
            double mflop = 2e-6 * mkn[0] * mkn[1] * mkn[2];
            System.out.println(String.format(Locale.ROOT, "| %d×%d×%d | %d | %.0f | %.0f | %.3f / %.3f / %.3f |",
                    mkn[0], mkn[1], mkn[2], threads, mflop / o.oursMillis(), mflop / o.theirsMillis(),
                    o.lowestRatio(), o.medianRatio(), o.highestRatio()));
        }
    }
}

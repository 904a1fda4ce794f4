package dev.resvec.bench;

import dev.resvec.kernels.Kernels;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Markdown tables that set ResVec's JMH results beside a peer measured in the same run ({@code bench/compare-peers.sh}
 * runs both, then this). Usage:
 * <pre>
 *   java -cp bench/target/benchmarks.jar dev.resvec.bench.PeerComparison gemm --resvec R.json --peer gemm-quick.csv
 *   java -cp bench/target/benchmarks.jar dev.resvec.bench.PeerComparison add  --resvec R.json --peer stream-add.csv
 *   java -cp bench/target/benchmarks.jar dev.resvec.bench.PeerComparison conv --resvec R.json --peer torch_conv.csv
 *   java -cp bench/target/benchmarks.jar dev.resvec.bench.PeerComparison conv-plan --layers 3x3_64-64_56 ...
 *   java -cp bench/target/benchmarks.jar dev.resvec.bench.PeerComparison provider
 * </pre>
 * <ul>
 *   <li>{@code gemm}: {@link GemmBenchmark} results (JMH {@code -rf json}) against {@code gemm-quick.sh}'s CSV
 *       ({@code peer,threads,M,K,N,gflops_median}); GFLOP/s = 2·M·N·K / time.</li>
 *   <li>{@code add}: {@link ElementwiseBenchmark} results against {@code stream-add.sh}'s CSV; GB/s = 12·n / time
 *       (the peer's convention); 1 thread is set against the peer's "free" row, more threads against its "join"
 *       row (a call that splits, runs and joins).</li>
 *   <li>{@code conv}, {@code conv-plan}: {@link ConvBenchmark} against {@code bench/peers/torch_conv.py}, and the
 *       JMH runs that cover a selection of layers and algorithms; see {@link ConvComparison}.</li>
 *   <li>{@code provider}: prints the kernel provider line of this JVM (run it with the forks' JVM flags).</li>
 * </ul>
 * Columns: the median over all measured iterations of all forks; ± half the width of JMH's 99.9 % confidence
 * interval of the mean (n/a with fewer than two iterations); the range of the per-fork medians (Vector API results
 * can be bimodal across forks); the peer's median; and the ratio ResVec / peer (above 1: ResVec is faster).
 */
public final class PeerComparison {
    private PeerComparison() {}

    public static void main(String[] args) {
        try {
            System.exit(run(args, System.out));
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("PeerComparison: " + e.getMessage());
            System.exit(2);
        }
    }

    static int run(String[] args, PrintStream out) throws IOException {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            out.println("usage: PeerComparison gemm|add --resvec RESULTS.json --peer PEER.csv\n"
                    + "       PeerComparison conv --resvec RESULTS.json [--resvec ...] (--peer PEER.csv | --peer-missing WHY)"
                    + " [--errors ERRORS.txt ...]\n"
                    + "       PeerComparison conv-plan [--layers L,..] [--algorithms A,..] [--batch B,..] [--threads T,..]"
                    + " [--directions D,..]\n"
                    + "       PeerComparison provider");
            return args.length == 0 ? 2 : 0;
        }
        String what = args[0];
        if (what.equals("provider")) {
            out.println(Kernels.provider().describe());
            return 0;
        }
        if (what.equals("conv")) {
            return ConvComparison.table(args, out);
        }
        if (what.equals("conv-plan")) {
            return ConvComparison.plan(args, out, System.err);
        }
        Path resvec = null, peer = null;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + arg + " needs a value");
            }
            switch (arg) {
                case "--resvec" -> resvec = Path.of(args[++i]);
                case "--peer" -> peer = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (resvec == null || peer == null) {
            throw new IllegalArgumentException("both --resvec RESULTS.json and --peer PEER.csv are needed");
        }
        List<JmhResult> results = JmhResult.read(Files.readString(resvec));
        List<Map<String, String>> peerRows = readCsv(Files.readString(peer));
        String prefix = switch (what) {
            case "gemm" -> "dev.resvec.bench.GemmBenchmark.";
            case "add" -> "dev.resvec.bench.ElementwiseBenchmark.add";
            default -> throw new IllegalArgumentException("first argument must be gemm, add, conv, conv-plan or provider,"
                    + " got " + what);
        };
        if (results.stream().noneMatch(r -> r.benchmark().startsWith(prefix))) {
            throw new IllegalArgumentException(resvec + " holds no " + prefix + "* results (did the benchmark fail?"
                    + " see its log)");
        }
        out.print(what.equals("gemm") ? gemmTable(results, peerRows) : addTable(results, peerRows));
        return 0;
    }

    // ---------------------------------------------------------------- GEMM

    static String gemmTable(List<JmhResult> results, List<Map<String, String>> peerRows) {
        // peer -> "threads/M,K,N" -> GFLOP/s
        Map<String, Map<String, Double>> peers = new LinkedHashMap<>();
        for (Map<String, String> row : peerRows) {
            String key = row.get("threads") + "/" + row.get("M") + "," + row.get("K") + "," + row.get("N");
            peers.computeIfAbsent(row.get("peer"), p -> new LinkedHashMap<>()).put(key, parseDouble(row.get("gflops_median")));
        }
        List<JmhResult> gemm = new ArrayList<>();
        for (JmhResult r : results) {
            if (r.benchmark().startsWith("dev.resvec.bench.GemmBenchmark.")) {
                gemm.add(r);
            }
        }
        gemm.sort((x, y) -> Integer.compare(x.intParam("threads"), y.intParam("threads")));
        StringBuilder sb = new StringBuilder();
        sb.append("| M,K,N | threads | provider | ResVec GFLOP/s | ± (99.9% CI) | fork medians |");
        StringBuilder rule = new StringBuilder("|---|---|---|---|---|---|");
        for (String p : peers.keySet()) {
            sb.append(' ').append(peerName(p)).append(" GFLOP/s | ResVec/").append(peerName(p)).append(" |");
            rule.append("---|---|");
        }
        sb.append('\n').append(rule).append('\n');
        for (JmhResult r : gemm) {
            int[] mkn = GemmBenchmark.parseShape(r.params().get("shape"));
            double flop = 2.0 * mkn[0] * mkn[1] * mkn[2];
            // GFLOP/s = flop / (µs · 1e3), where µs = score · unitToMicros
            double scale = flop / (1e3 * unitToMicros(r.unit()));
            String shape = mkn[0] + "," + mkn[1] + "," + mkn[2];
            double median = scale / r.median();
            sb.append("| ").append(shape).append(" | ").append(r.intParam("threads")).append(" | ")
                    .append(r.params().getOrDefault("provider", "?")).append(" | ").append(fmt(median)).append(" | ")
                    .append(halfWidth(scale, r)).append(" | ").append(forkRange(scale, r)).append(" |");
            for (Map<String, Double> byKey : peers.values()) {
                Double p = byKey.get(r.intParam("threads") + "/" + shape);
                sb.append(' ').append(p == null ? "–" : fmt(p)).append(" | ")
                        .append(p == null || p <= 0 ? "–" : String.format(Locale.ROOT, "%.2f", median / p)).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- residual add

    static String addTable(List<JmhResult> results, List<Map<String, String>> peerRows) {
        // "op/threads/mode/bytes" -> GB/s
        Map<String, Double> peer = new LinkedHashMap<>();
        for (Map<String, String> row : peerRows) {
            peer.put(row.get("op") + "/" + row.get("threads") + "/" + row.get("mode") + "/" + row.get("bytes_per_operand"),
                    parseDouble(row.get("gbps_median")));
        }
        List<JmhResult> adds = new ArrayList<>();
        for (JmhResult r : results) {
            if (r.benchmark().startsWith("dev.resvec.bench.ElementwiseBenchmark.add")) {
                adds.add(r);
            }
        }
        adds.sort((x, y) -> {
            int c = op(x).compareTo(op(y));
            if (c == 0) {
                c = Integer.compare(x.intParam("threads"), y.intParam("threads"));
            }
            return c != 0 ? c : Long.compare(x.longParam("bytes"), y.longParam("bytes"));
        });
        StringBuilder sb = new StringBuilder();
        sb.append("| op | size per operand | threads | ResVec GB/s | ± (99.9% CI) | fork medians | peer GB/s | peer mode | ResVec/peer |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|\n");
        for (JmhResult r : adds) {
            long bytes = r.longParam("bytes");
            int threads = r.intParam("threads");
            // 12 bytes per element = 3 bytes per operand byte; GB/s = bytes / ns, where ns = score · unitToMicros · 1e3
            double scale = 3.0 * bytes / (1e3 * unitToMicros(r.unit()));
            double median = scale / r.median();
            String mode = threads == 1 ? "free" : "join";
            Double p = peer.get(op(r) + "/" + threads + "/" + mode + "/" + bytes);
            sb.append("| ").append(op(r)).append(" | ").append(size(bytes)).append(" | ").append(threads).append(" | ")
                    .append(fmt(median)).append(" | ").append(halfWidth(scale, r)).append(" | ")
                    .append(forkRange(scale, r)).append(" | ").append(p == null ? "–" : fmt(p)).append(" | ")
                    .append(mode).append(" | ")
                    .append(p == null || p <= 0 ? "–" : String.format(Locale.ROOT, "%.2f", median / p)).append(" |\n");
        }
        return sb.toString();
    }

    /** @return the peer's name for a benchmark method: {@code oop} or {@code inplace} */
    private static String op(JmhResult r) {
        String b = r.benchmark();
        return b.endsWith("addInPlace") ? "inplace" : b.endsWith("addOutOfPlace") ? "oop" : b;
    }

    // ---------------------------------------------------------------- formatting

    /** @return µs per one of {@code unit}'s time unit, from a JMH unit such as "us/op" */
    static double unitToMicros(String unit) {
        String time = unit.endsWith("/op") ? unit.substring(0, unit.length() - 3) : unit;
        return switch (time) {
            case "ns" -> 1e-3;
            case "us" -> 1;
            case "ms" -> 1e3;
            case "s" -> 1e6;
            default -> throw new IllegalArgumentException("expected a time per op unit (avgt mode), got " + unit);
        };
    }

    private static String halfWidth(double scale, JmhResult r) {
        double lo = r.confidenceLow(), hi = r.confidenceHigh();
        if (!(lo > 0) || !(hi > 0) || Double.isNaN(lo) || Double.isNaN(hi)) {
            return "n/a";
        }
        return fmt((scale / lo - scale / hi) / 2);
    }

    private static String forkRange(double scale, JmhResult r) {
        double[] medians = r.forkMedians();
        if (medians.length == 0) {
            return "–";
        }
        double min = Double.POSITIVE_INFINITY, max = 0;
        for (double m : medians) {
            min = Math.min(min, scale / m);
            max = Math.max(max, scale / m);
        }
        return medians.length == 1 ? fmt(min) + " (1 fork)" : fmt(min) + "–" + fmt(max);
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    }

    static String size(long bytes) {
        return bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? bytes / (1 << 20) + " MiB"
                : bytes >= 1 << 10 && bytes % (1 << 10) == 0 ? bytes / (1 << 10) + " KiB" : bytes + " B";
    }

    private static String peerName(String peer) {
        return switch (peer) {
            case "openblas" -> "OpenBLAS";
            case "blis" -> "BLIS";
            default -> peer;
        };
    }

    private static double parseDouble(String s) {
        if (s == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Reads a simple CSV (a header line, no quoting: what the peer scripts write); blank and '#' lines skipped. */
    static List<Map<String, String>> readCsv(String text) {
        List<Map<String, String>> rows = new ArrayList<>();
        String[] header = null;
        for (String line : text.split("\r?\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (header == null) {
                header = cells;
                Set<String> names = new LinkedHashSet<>(Arrays.asList(header));
                if (names.size() != header.length) {
                    throw new IllegalArgumentException("CSV header has duplicate columns: " + line);
                }
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length && i < cells.length; i++) {
                row.put(header[i].trim(), cells[i].trim());
            }
            rows.add(row);
        }
        if (header == null) {
            throw new IllegalArgumentException("the peer CSV is empty (did the peer script fail? see its stderr)");
        }
        return rows;
    }
}

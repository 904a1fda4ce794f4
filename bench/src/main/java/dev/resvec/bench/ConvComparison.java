package dev.resvec.bench;

import dev.resvec.bench.report.MarkdownReport;
import dev.resvec.kernels.ConvAlgorithm;
import dev.resvec.kernels.ConvShape;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@link ConvBenchmark} beside PyTorch ({@code bench/peers/torch_conv.py}): which JMH runs to start, and the
 * Markdown table of their results. Reached through {@link PeerComparison} ({@code bench/compare-conv.sh} calls both):
 * <pre>
 *   PeerComparison conv-plan --layers L,.. --algorithms A,.. --batch 1,8 --threads 1,2 --directions D,..
 *   PeerComparison conv --resvec R.json [--resvec R2.json ...] (--peer torch_conv.csv | --peer-missing "why")
 *                       [--errors conv-errors.txt ...]
 * </pre>
 * <ul>
 *   <li>{@code conv-plan} prints one line per JMH run: the benchmark regexp and its {@code -p} options, separated by
 *       spaces. JMH applies a {@code -p} list to every selected benchmark, so layers are grouped by benchmark method
 *       ({@code conv3x3}, {@code conv1x1}, {@code conv7x7}) and by the requested algorithms that accept them; a
 *       layer no requested algorithm accepts is skipped with a note on stderr.</li>
 *   <li>{@code conv} prints the table: per layer, batch, threads and direction the algorithms side by side; ResVec's
 *       median ms (all iterations of all forks), ± half JMH's 99.9 % confidence interval, the range of the per-fork
 *       medians, effective GFLOP/s ({@link ConvShape#flops()} / time: 2·C·K·R·S·outH·outW per image, for every
 *       direction); PyTorch's median ms and GFLOP/s; PyTorch ms / ResVec ms (above 1: ResVec is faster); and for
 *       algorithms other than im2col, im2col's time / this one's (the Winograd or no-im2col speedup). Rows
 *       {@code fwd+bwd (sum)} add forwardUnprepared + backwardData + backwardFilter (a training step of the layer)
 *       and stand against PyTorch's forward+backward through autograd. Last, the measured error of ResVec's
 *       forward rows, as in {@code resvec bench}'s convolution table: the worst |out − exact| / Σ|terms| of the
 *       output's first image against a double-precision direct convolution, the largest over the cell's forks, from
 *       the {@link ConvErrors} file the forks wrote ({@code --errors}). Then the targets, met or not.</li>
 * </ul>
 * The peer CSV is {@code peer,threads,layer,batch,direction,ms_median} with directions {@code forward},
 * {@code backwardData}, {@code backwardFilter}, {@code forwardBackward}; ResVec's {@code forward} and
 * {@code forwardUnprepared} both stand against PyTorch's {@code forward} (which has no prepared filters).
 */
final class ConvComparison {
    static final String PREFIX = "dev.resvec.bench.ConvBenchmark.";
    /** The derived direction: forwardUnprepared + backwardData + backwardFilter. */
    static final String FWD_BWD = "fwd+bwd (sum)";

    /** The default layers, in table order (also the benchmark's @Param defaults). */
    static final List<String> LAYERS = List.of("3x3_64-64_56", "3x3_128-128_28", "3x3_256-256_14", "3x3_512-512_7",
            "1x1_64-256_56", "1x1_256-64_56", "1x1_128-512_28", "1x1_512-128_28", "1x1_256-1024_14",
            "1x1_1024-256_14", "1x1_512-2048_7", "1x1_2048-512_7", "1x1s2_256-512_56", "7x7s2_3-64_224");
    private static final List<String> DIRECTION_ORDER = List.of("forward", "forwardUnprepared", "backwardData",
            "backwardFilter", FWD_BWD);
    private static final List<ConvAlgorithm> ALGORITHM_ORDER = List.of(ConvAlgorithm.WINOGRAD_F4X4_3X3,
            ConvAlgorithm.WINOGRAD_F2X2_3X3, ConvAlgorithm.POINTWISE_GEMM, ConvAlgorithm.IM2COL_GEMM,
            ConvAlgorithm.DIRECT, ConvAlgorithm.AUTO);

    private ConvComparison() {}

    // ---------------------------------------------------------------- conv-plan

    static int plan(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> o = options(args,
                Set.of("--layers", "--algorithms", "--batch", "--threads", "--directions"));
        List<String> layers = list(o.getOrDefault("--layers", String.join(",", LAYERS)));
        List<String> algorithms = list(o.getOrDefault("--algorithms",
                "WINOGRAD_F4X4_3X3,WINOGRAD_F2X2_3X3,POINTWISE_GEMM,IM2COL_GEMM"));
        String batch = positiveInts("--batch", o.getOrDefault("--batch", "1,8"));
        String threads = positiveInts("--threads", o.getOrDefault("--threads", "1,2"));
        List<String> directions = list(o.getOrDefault("--directions", String.join(",", ConvBenchmark.DIRECTIONS)));
        for (String d : directions) {
            if (!Arrays.asList(ConvBenchmark.DIRECTIONS).contains(d)) {
                throw new IllegalArgumentException("unknown direction '" + d + "'; expected some of "
                        + String.join(",", ConvBenchmark.DIRECTIONS));
            }
        }
        List<ConvAlgorithm> algs = new ArrayList<>();
        for (String a : algorithms) {
            try {
                algs.add(ConvAlgorithm.valueOf(a));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown algorithm '" + a + "'; expected some of "
                        + Arrays.toString(ConvAlgorithm.values()));
            }
            if (algs.getLast() == ConvAlgorithm.AUTO) {
                throw new IllegalArgumentException("AUTO is not benchmarked: name the algorithms");
            }
        }
        for (String line : planLines(layers, algs, batch, threads, directions, err)) {
            out.println(line);
        }
        return 0;
    }

    /** @return one line of JMH arguments per run (see the class comment) */
    static List<String> planLines(List<String> layers, List<ConvAlgorithm> algorithms, String batch, String threads,
                                  List<String> directions, PrintStream err) {
        // "group algorithms" -> layers, in the order of first appearance
        Map<String, List<String>> runs = new LinkedHashMap<>();
        for (String layer : layers) {
            ConvShape shape = ConvBenchmark.shape(layer, 1);
            String group = ConvBenchmark.group(layer);
            List<String> accepted = new ArrayList<>();
            for (ConvAlgorithm a : algorithms) {
                if (a.accepts(shape)) {
                    accepted.add(a.name());
                }
            }
            if (accepted.isEmpty()) {
                err.println("conv-plan: skipping layer " + layer + ": none of " + algorithms + " accepts "
                        + shape.describe());
                continue;
            }
            runs.computeIfAbsent(group + " " + String.join(",", accepted), k -> new ArrayList<>()).add(layer);
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("nothing to run: no requested algorithm accepts any requested layer");
        }
        List<String> lines = new ArrayList<>();
        String methods = directions.size() == 1 ? directions.getFirst() : "(" + String.join("|", directions) + ")";
        for (Map.Entry<String, List<String>> run : runs.entrySet()) {
            String[] key = run.getKey().split(" ");
            lines.add("ConvBenchmark\\." + key[0] + "_" + methods + "$ -p layer=" + String.join(",", run.getValue())
                    + " -p algorithm=" + key[1] + " -p batch=" + batch + " -p threads=" + threads);
        }
        return lines;
    }

    // ---------------------------------------------------------------- conv (the table)

    static int table(String[] args, PrintStream out) throws IOException {
        List<Path> resvec = new ArrayList<>();
        List<Path> errorFiles = new ArrayList<>();
        Path peer = null;
        String missing = null;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + arg + " needs a value");
            }
            switch (arg) {
                case "--resvec" -> resvec.add(Path.of(args[++i]));
                case "--peer" -> peer = Path.of(args[++i]);
                case "--peer-missing" -> missing = args[++i];
                case "--errors" -> errorFiles.add(Path.of(args[++i]));
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (resvec.isEmpty() || (peer == null) == (missing == null)) {
            throw new IllegalArgumentException("usage: conv --resvec RESULTS.json [--resvec ...] (--peer PEER.csv |"
                    + " --peer-missing WHY) [--errors ERRORS.txt ...]");
        }
        List<JmhResult> results = new ArrayList<>();
        for (Path p : resvec) {
            results.addAll(JmhResult.read(Files.readString(p)));
        }
        if (results.stream().noneMatch(r -> r.benchmark().startsWith(PREFIX))) {
            throw new IllegalArgumentException(resvec + " hold no ConvBenchmark results (did the benchmark fail? see"
                    + " its log)");
        }
        List<Map<String, String>> peerRows = peer == null ? null : PeerComparison.readCsv(Files.readString(peer));
        Map<String, Double> errors = null;
        if (!errorFiles.isEmpty()) {
            List<ConvErrors.Entry> entries = new ArrayList<>();
            for (Path p : errorFiles) {
                entries.addAll(ConvErrors.read(p));
            }
            errors = ConvErrors.worstByKey(entries);
        }
        out.print(table(results, peerRows, missing, errors));
        return 0;
    }

    /** One ResVec cell. */
    record Row(String layer, ConvAlgorithm algorithm, int batch, int threads, String direction, double ms,
               String plusMinus, String forks, double flops) {
        String cell() {
            return layer + "/" + batch + "/" + threads + "/" + direction;
        }
    }

    /** The table without measured errors (their column says they were not recorded). */
    static String table(List<JmhResult> results, List<Map<String, String>> peerRows, String missing) {
        return table(results, peerRows, missing, null);
    }

    /**
     * @param peerRows the peer's CSV rows, or null when the peer is missing
     * @param missing  why the peer is missing (shown under the table), or null
     * @param errors   the worst measured error by {@link ConvErrors#key}, or null when none was recorded
     */
    static String table(List<JmhResult> results, List<Map<String, String>> peerRows, String missing,
                        Map<String, Double> errors) {
        // "layer/batch/threads/peerDirection" -> ms
        Map<String, Double> peer = new LinkedHashMap<>();
        String peerName = "PyTorch";
        if (peerRows != null) {
            for (Map<String, String> r : peerRows) {
                peer.put(r.get("layer") + "/" + r.get("batch") + "/" + r.get("threads") + "/" + r.get("direction"),
                        parse(r.get("ms_median")));
            }
        }
        List<Row> rows = rows(results);
        StringBuilder sb = new StringBuilder();
        sb.append("| layer | algorithm | batch | threads | direction | ResVec ms | ± (99.9% CI) | fork medians (ms) |"
                + " ResVec GFLOP/s | ").append(peerName).append(" ms | ").append(peerName).append(" GFLOP/s | ")
                .append(peerName).append("/ResVec | im2col/this | measured error |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        Map<String, Row> byKey = new LinkedHashMap<>();
        for (Row r : rows) {
            byKey.put(r.cell() + "/" + r.algorithm(), r);
        }
        for (Row r : rows) {
            Double p = peerRows == null ? null : peer.get(peerKey(r.layer(), r.batch(), r.threads(), r.direction()));
            Row im2col = r.algorithm() == ConvAlgorithm.IM2COL_GEMM ? null
                    : byKey.get(r.cell() + "/" + ConvAlgorithm.IM2COL_GEMM);
            String peerMs = peerRows == null ? "missing" : p == null || !(p > 0) ? "–" : ms(p);
            String peerGflops = peerRows == null ? "missing" : p == null || !(p > 0) ? "–"
                    : PeerComparison.fmt(r.flops() / (p * 1e6));
            String ratio = peerRows == null ? "missing" : p == null || !(p > 0) ? "–" : ratio(p / r.ms());
            sb.append("| ").append(r.layer()).append(" | ").append(r.algorithm()).append(" | ").append(r.batch())
                    .append(" | ").append(r.threads()).append(" | ").append(r.direction()).append(" | ")
                    .append(ms(r.ms())).append(" | ").append(r.plusMinus()).append(" | ").append(r.forks())
                    .append(" | ").append(PeerComparison.fmt(r.flops() / (r.ms() * 1e6))).append(" | ")
                    .append(peerMs).append(" | ").append(peerGflops).append(" | ").append(ratio).append(" | ")
                    .append(im2col == null ? "–" : ratio(im2col.ms() / r.ms())).append(" | ")
                    .append(measuredError(r, errors)).append(" |\n");
        }
        if (missing != null) {
            sb.append("\n").append(peerName).append(": missing — ").append(missing).append('\n');
        }
        sb.append(errors == null ? ERRORS_NOT_RECORDED : ERRORS_LEGEND);
        sb.append(targets(rows, peerRows == null ? null : peer));
        return sb.toString();
    }

    /** Under the table: what the measured error column holds. */
    static final String ERRORS_LEGEND = "\nMeasured error: ResVec's worst |out − exact| / Σ|terms| over the forward"
            + " output's first image against a double-precision direct convolution, computed after the trial (not"
            + " timed), the largest over the cell's forks; in brackets in units of float's 2⁻²⁴. Forward directions"
            + " only (– elsewhere, and where no fork recorded one).\n";
    /** Under the table when no error file was given. */
    static final String ERRORS_NOT_RECORDED = "\nMeasured error: not recorded (no --errors file; bench/compare-conv.sh"
            + " has the forks write one).\n";

    /** @return the row's measured error cell: {@link MarkdownReport#measuredError} of its forks' worst, or – */
    private static String measuredError(Row r, Map<String, Double> errors) {
        Double e = errors == null ? null : errors.get(ConvErrors.key(r.layer(), r.algorithm().name(), r.batch(),
                r.threads(), r.direction()));
        return e == null ? "–" : MarkdownReport.measuredError(e);
    }

    /** The ResVec rows, the derived fwd+bwd sums included, in table order. */
    static List<Row> rows(List<JmhResult> results) {
        List<Row> rows = new ArrayList<>();
        for (JmhResult r : results) {
            if (!r.benchmark().startsWith(PREFIX)) {
                continue;
            }
            String layer = r.params().get("layer");
            int batch = r.intParam("batch");
            ConvShape shape = ConvBenchmark.shape(layer, batch);
            double toMs = PeerComparison.unitToMicros(r.unit()) / 1e3;
            rows.add(new Row(layer, ConvAlgorithm.valueOf(r.params().get("algorithm")), batch, r.intParam("threads"),
                    ConvBenchmark.direction(r.benchmark()), r.median() * toMs, plusMinus(r, toMs), forks(r, toMs),
                    shape.flops()));
        }
        // fwd+bwd: one training step of the layer
        Map<String, Row> byKey = new LinkedHashMap<>();
        for (Row r : rows) {
            byKey.put(r.cell() + "/" + r.algorithm(), r);
        }
        List<Row> sums = new ArrayList<>();
        for (Row r : rows) {
            if (r.direction().equals("forwardUnprepared")) {
                String base = r.layer() + "/" + r.batch() + "/" + r.threads() + "/";
                Row bd = byKey.get(base + "backwardData/" + r.algorithm());
                Row bf = byKey.get(base + "backwardFilter/" + r.algorithm());
                if (bd != null && bf != null) {
                    sums.add(new Row(r.layer(), r.algorithm(), r.batch(), r.threads(), FWD_BWD,
                            r.ms() + bd.ms() + bf.ms(), "n/a", "–", 3 * r.flops()));
                }
            }
        }
        rows.addAll(sums);
        rows.sort(Comparator.comparingInt((Row r) -> layerOrder(r.layer(), rows))
                .thenComparingInt(Row::batch).thenComparingInt(Row::threads)
                .thenComparingInt(r -> DIRECTION_ORDER.indexOf(r.direction()))
                .thenComparingInt(r -> ALGORITHM_ORDER.indexOf(r.algorithm())));
        return rows;
    }

    /** The performance targets, from the rows at hand. */
    static String targets(List<Row> rows, Map<String, Double> peer) {
        StringBuilder sb = new StringBuilder("\nTargets (issue 4), from the rows above:\n");
        int lines = 0;
        // 1. Winograd F(4x4,3x3) forward >= 1.8x im2col on the 3x3 stride-1 layers with C >= 64
        Map<String, Row> byKey = new LinkedHashMap<>();
        for (Row r : rows) {
            byKey.put(r.cell() + "/" + r.algorithm(), r);
        }
        Check wino = new Check();
        for (Row r : rows) {
            ConvShape s = ConvBenchmark.shape(r.layer(), 1);
            if (r.algorithm() == ConvAlgorithm.WINOGRAD_F4X4_3X3 && r.direction().equals("forward")
                    && s.inChannels() >= 64) {
                Row im2col = byKey.get(r.cell() + "/" + ConvAlgorithm.IM2COL_GEMM);
                if (im2col != null) {
                    wino.add(im2col.ms() / r.ms(), 1.8, r.layer() + " batch " + r.batch() + " " + r.threads() + "T");
                }
            }
        }
        if (wino.count > 0) {
            sb.append("- Winograd F(4x4,3x3) forward (prepared) >= 1.8x im2col + GEMM: ").append(wino).append('\n');
            lines++;
        }
        if (peer != null) {
            // 2. forward >= 1.5x PyTorch; 3. forward + backward faster than PyTorch (best measured algorithm)
            lines += best(rows, peer, "forward", 1.5, "forward (prepared, best algorithm) >= 1.5x PyTorch conv2d", sb);
            lines += best(rows, peer, FWD_BWD, 1.0 + 1e-9,
                    "forward + backward (best algorithm, sum of the three) faster than PyTorch autograd", sb);
        }
        if (lines == 0) {
            sb.append("- none of the targets' cells was measured in this run\n");
        }
        return sb.toString();
    }

    private static int best(List<Row> rows, Map<String, Double> peer, String direction, double target, String what,
                            StringBuilder sb) {
        Map<String, Row> best = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r.direction().equals(direction)) {
                best.merge(r.cell(), r, (a, b) -> b.ms() < a.ms() ? b : a);
            }
        }
        Check c = new Check();
        for (Row r : best.values()) {
            Double p = peer.get(peerKey(r.layer(), r.batch(), r.threads(), direction));
            if (p != null && p > 0) {
                c.add(p / r.ms(), target, r.layer() + " batch " + r.batch() + " " + r.threads() + "T " + r.algorithm());
            }
        }
        if (c.count == 0) {
            return 0;
        }
        sb.append("- ").append(what).append(": ").append(c).append('\n');
        return 1;
    }

    /** Counts cells that meet a ratio target and remembers the lowest. */
    private static final class Check {
        int count, met;
        double lowest = Double.POSITIVE_INFINITY;
        String where;

        void add(double ratio, double target, String cell) {
            count++;
            if (ratio >= target) {
                met++;
            }
            if (ratio < lowest) {
                lowest = ratio;
                where = cell;
            }
        }

        @Override
        public String toString() {
            return "met in " + met + " of " + count + " cells; lowest " + ratio(lowest) + "x (" + where + ")";
        }
    }

    // ---------------------------------------------------------------- helpers

    static String peerKey(String layer, int batch, int threads, String direction) {
        String d = switch (direction) {
            case "forward", "forwardUnprepared" -> "forward";
            case FWD_BWD -> "forwardBackward";
            default -> direction;
        };
        return layer + "/" + batch + "/" + threads + "/" + d;
    }

    private static int layerOrder(String layer, List<Row> rows) {
        int i = LAYERS.indexOf(layer);
        if (i >= 0) {
            return i;
        }
        for (int j = 0; j < rows.size(); j++) {
            if (rows.get(j).layer().equals(layer)) {
                return LAYERS.size() + j;
            }
        }
        return Integer.MAX_VALUE;
    }

    private static String plusMinus(JmhResult r, double toMs) {
        double lo = r.confidenceLow(), hi = r.confidenceHigh();
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            return "n/a";
        }
        return ms((hi - lo) / 2 * toMs);
    }

    private static String forks(JmhResult r, double toMs) {
        double[] medians = r.forkMedians();
        if (medians.length == 0) {
            return "–";
        }
        double min = Arrays.stream(medians).min().orElseThrow() * toMs;
        double max = Arrays.stream(medians).max().orElseThrow() * toMs;
        return medians.length == 1 ? ms(min) + " (1 fork)" : ms(min) + "–" + ms(max);
    }

    /** @return milliseconds with three significant digits (no exponent) */
    static String ms(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        String f = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : a >= 0.1 ? "%.3f" : a >= 0.01 ? "%.4f"
                : "%.5f";
        return String.format(Locale.ROOT, f, v);
    }

    /** @return a ratio with two decimals (three below 0.1, so a far-off ratio does not read 0.00) */
    static String ratio(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "–"
                : String.format(Locale.ROOT, Math.abs(v) < 0.1 ? "%.3f" : "%.2f", v);
    }

    private static double parse(String s) {
        try {
            return s == null ? Double.NaN : Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static List<String> list(String csv) {
        List<String> out = new ArrayList<>(new LinkedHashSet<>(Arrays.stream(csv.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList()));
        if (out.isEmpty()) {
            throw new IllegalArgumentException("an empty list: '" + csv + "'");
        }
        return out;
    }

    private static String positiveInts(String option, String csv) {
        if (!csv.matches("[1-9][0-9]*(,[1-9][0-9]*)*")) {
            throw new IllegalArgumentException(option + " must be positive integers separated by commas, got '" + csv
                    + "'");
        }
        return csv;
    }

    /** Parses {@code args[1..]} as {@code --name value} pairs of the given names. */
    private static Map<String, String> options(String[] args, Set<String> withValue) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (withValue.contains(args[i])) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + args[i] + " needs a value");
                }
                o.put(args[i], args[++i]);
            } else {
                throw new IllegalArgumentException("unknown option " + args[i] + " (expected " + withValue + ")");
            }
        }
        return o;
    }
}

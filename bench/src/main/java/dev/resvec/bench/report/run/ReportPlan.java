package dev.resvec.bench.report.run;

import dev.resvec.bench.ConvBenchmark;
import dev.resvec.bench.ElementwiseBenchmark;
import dev.resvec.bench.ElementwiseKernelsBenchmark;
import dev.resvec.bench.GemmBenchmark;
import dev.resvec.bench.MachineLimitsBenchmark;
import dev.resvec.bench.OrtInferenceBenchmark;
import dev.resvec.bench.PeerGemmBenchmark;
import dev.resvec.bench.PredictorBenchmark;
import dev.resvec.bench.TrainStepBenchmark;
import dev.resvec.bench.report.Missing;
import dev.resvec.bench.report.Percent;
import dev.resvec.bench.report.Row;
import dev.resvec.bench.report.Variant;
import dev.resvec.kernels.Elementwise;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a report measures in each mode: the JMH jobs in order (limits first), the PyTorch cases, and what cannot run
 * here (named, with the reason). Every section is in every mode, each with ResVec at 1 and all threads, its scalar
 * and 128-bit variant rows and its peers at 1 and all threads where they have a parallel form; the modes differ in
 * cases, thread counts of the variant rows, forks and iterations ({@link Mode}):
 * <ul>
 *   <li><b>smoke</b>: one tiny case per kind of job, 1 thread (GEMM, the elementwise add and the limits also at
 *       all threads) — proves the pipeline works in CI; of the peers only the cheap GEMM ones that need no Python,
 *       at 64³ and 1 thread: EJML, netlib VectorBLAS and OpenBLAS (through FFM, where the probe found it); PyTorch
 *       and ONNX Runtime (python3-torch, an exported model) are named as {@link #NOT_IN_SMOKE};</li>
 *   <li><b>quick</b> (2½ to 3 minutes here): a few cases per section — GEMM 1024³; three ResNet layers; the add at
 *       16 KiB (1 thread: a call that small never splits), 1 MiB and 64 MiB, addRelu and softmax at 1 MiB
 *       (1 thread); ResNet-18 at batch 1; the training step — with the 1-thread and all-threads rows of a GEMM,
 *       convolution, network or training case in one fork ({@link Mode#interleavesThreads}); the variant rows at
 *       1 thread on one case per section; the GEMM peers at 1024³ (netlib only through VectorBLAS: its JNI path
 *       runs the OpenBLAS of the auto row; EJML at 1 thread);</li>
 *   <li><b>full</b>: every size and both ResNets at batch 1 and 8, one fork configuration per row; variant rows at
 *       every thread count on representative cases.</li>
 * </ul>
 */
public final class ReportPlan {
    public static final String LIMITS = "limits";
    public static final String GEMM = "gemm";
    public static final String CONV = "conv";
    public static final String ELEMENTWISE = "elementwise";
    public static final String INFERENCE = "inference";
    public static final String TRAINING = "training";
    /** The sections, in report order. */
    public static final List<String> SECTIONS = List.of(LIMITS, GEMM, CONV, ELEMENTWISE, INFERENCE, TRAINING);
    /** The peers that can be switched on and off. */
    public static final List<String> PEERS = List.of("openblas", "netlib", "ejml", "pytorch", "onnxruntime");
    /** The peers a smoke run can measure: the GEMM peers that need no Python (GEMM only, 64³, 1 thread). */
    public static final List<String> SMOKE_PEERS = List.of("openblas", "netlib", "ejml");
    /** Why a smoke run leaves out PyTorch and ONNX Runtime (in the sections and the Peers table). */
    public static final String NOT_IN_SMOKE = "not run in smoke mode (needs python3-torch and an exported model)";

    /** The FMA limit row's case. */
    public static final String FMA_PEAK = Percent.FMA_PEAK;
    /** The implementation name of the limit probes. */
    static final String PROBE = "Java probe";

    static final List<String> SQUARES = List.of("64x64x64", "128x128x128", "256x256x256", "512x512x512",
            "1024x1024x1024", "2048x2048x2048");
    /** ResNet-50's im2col GEMMs (batch 1, 224×224), as ../shared/peers/gemm-quick.sh: M = out channels, K = in
     * channels · kernel area, N = out pixels. */
    /**
     * The scalar provider's GEMM rows in the full report: the squares up to 512 and the two ResNet-50 im2col shapes
     * of {@code ../shared/peers/gemm-quick.sh} with a long depth and a small output (the 3×3 layers at 14×14 and
     * 7×7: 231 MFLOP a call each, against 512³'s 268). Quick mode keeps its one scalar row (256³).
     */
    static final List<String> SCALAR_SHAPES = List.of("64x64x64", "128x128x128", "256x256x256", "512x512x512",
            "256x2304x196", "512x4608x49");

    static final List<String> RESNET_SHAPES = List.of("64x147x12544", "64x576x3136", "128x1152x784", "256x2304x196",
            "512x4608x49", "256x64x3136", "64x256x3136", "512x128x784", "1024x256x196", "2048x512x49");
    static final List<String> LAYERS_3X3 = List.of("3x3_64-64_56", "3x3_128-128_28", "3x3_256-256_14",
            "3x3_512-512_7");
    static final List<String> LAYERS_1X1 = List.of("1x1_64-256_56", "1x1_256-64_56", "1x1_128-512_28",
            "1x1_512-128_28", "1x1_256-1024_14", "1x1_1024-256_14", "1x1_512-2048_7", "1x1_2048-512_7",
            "1x1s2_256-512_56");
    static final String STEM = "7x7s2_3-64_224";
    static final String F4 = "WINOGRAD_F4X4_3X3";
    static final String F2 = "WINOGRAD_F2X2_3X3";
    static final String IM2COL = "IM2COL_GEMM";
    static final String POINTWISE = "POINTWISE_GEMM";
    static final List<String> SINGLE_KERNELS = List.of("relu", "reluBackward", "axpy", "scale", "channelBias",
            "channelAffine", "channelSums", "rowMax", "softmax", "logSoftmax");

    private final ReportOptions options;
    private final Context ctx;
    private final List<Job> jobs = new ArrayList<>();
    private final Map<String, List<Missing>> missing = new LinkedHashMap<>();
    private final List<String> torchConv = new ArrayList<>();
    private final List<String> torchInfer = new ArrayList<>();
    private int torchTrain;

    /**
     * What the plan needs to know about this machine and run.
     *
     * @param threads     the thread counts
     * @param baseJvmArgs the forks' common JVM arguments
     * @param variants    main first, then the variant rows' configurations
     * @param facts       the CPU
     * @param main        what the main JVM sees (the FMA probe's flops)
     * @param peers       the JVM peers as probed, or null when none was asked for
     * @param onnxDir     where the ONNX models are
     */
    public record Context(List<ThreadSpec> threads, List<String> baseJvmArgs, List<Variant> variants,
                          MachineFacts facts, JvmInfo main, PeersInfo peers, Path onnxDir) {}

    /**
     * The plan's result.
     *
     * @param jobs       the JMH jobs, in run order
     * @param missing    per section, what cannot run and why
     * @param torchConv  PyTorch convolution cases, {@code layer:batch}
     * @param torchInfer PyTorch inference cases, {@code model:batch}
     * @param torchTrain PyTorch training batch, 0 for none
     */
    public record Plan(List<Job> jobs, Map<String, List<Missing>> missing, List<String> torchConv,
                       List<String> torchInfer, int torchTrain) {
        /** @return the JMH rows the jobs give (an alternating job gives two) */
        public int rowCount() {
            return jobs.stream().mapToInt(j -> j.rowThreads().size()).sum();
        }

        /** @return whether PyTorch has anything to time */
        public boolean hasTorchWork() {
            return !torchConv.isEmpty() || !torchInfer.isEmpty() || torchTrain > 0;
        }

        /** @return the sections PyTorch has cases in */
        public List<String> torchSections() {
            List<String> sections = new ArrayList<>();
            if (!torchConv.isEmpty()) {
                sections.add(CONV);
            }
            if (!torchInfer.isEmpty()) {
                sections.add(INFERENCE);
            }
            if (torchTrain > 0) {
                sections.add(TRAINING);
            }
            return sections;
        }
    }

    private ReportPlan(ReportOptions options, Context ctx) {
        this.options = options;
        this.ctx = ctx;
    }

    /** @return the plan of a run with these options on this machine */
    public static Plan build(ReportOptions options, Context ctx) {
        ReportPlan p = new ReportPlan(options, ctx);
        if (p.selected(LIMITS) || p.selected(GEMM) || p.selected(CONV) || p.selected(ELEMENTWISE)
                || p.selected(INFERENCE) || p.selected(TRAINING)) {
            p.limits();
        }
        if (p.selected(GEMM)) {
            p.gemm();
        }
        if (p.selected(CONV)) {
            p.conv();
        }
        if (p.selected(ELEMENTWISE)) {
            p.elementwise();
        }
        if (p.selected(INFERENCE)) {
            p.inference();
        }
        if (p.selected(TRAINING)) {
            p.training();
        }
        return new Plan(List.copyOf(p.jobs), p.missing, List.copyOf(p.torchConv), List.copyOf(p.torchInfer),
                p.torchTrain);
    }

    private boolean selected(String section) {
        return options.sections().contains(section);
    }

    private Mode mode() {
        return options.mode();
    }

    private boolean peer(String name) {
        return options.peers().contains(name);
    }

    private void missing(String section, String what, String why) {
        missing.computeIfAbsent(section, s -> new ArrayList<>()).add(new Missing(what, why));
    }

    /** Picks per mode. */
    private <T> T pick(T smoke, T quick, T full) {
        return switch (mode()) {
            case SMOKE -> smoke;
            case QUICK -> quick;
            case FULL -> full;
        };
    }

    private List<ThreadSpec> one() {
        return List.of(ctx.threads().get(0));
    }

    /** The variant rows' thread counts: 1 thread in smoke and quick, every count in full. */
    private List<ThreadSpec> variantThreads() {
        return mode() == Mode.FULL ? ctx.threads() : one();
    }

    private List<Variant> otherVariants() {
        return ctx.variants().subList(1, ctx.variants().size());
    }

    private Variant main() {
        return ctx.variants().get(0);
    }

    private List<String> jvm(Variant v) {
        List<String> args = new ArrayList<>(ctx.baseJvmArgs());
        args.addAll(v.jvmArgs());
        return args;
    }

    private void add(String section, String caseName, String impl, String algorithm, String variant, ThreadSpec t,
                     Class<?> benchmark, String method, Map<String, String> params, int jmhThreads,
                     List<String> jvmArgs, Work work, String limit, Iterations iterations) {
        add(section, caseName, impl, algorithm, variant, t, null, benchmark, method, params, jmhThreads, jvmArgs, work,
                limit, iterations);
    }

    /** A job of one row, or of two with an alternate thread count (its benchmark has {@code alternateThreads}). */
    private void add(String section, String caseName, String impl, String algorithm, String variant, ThreadSpec t,
                     ThreadSpec alternate, Class<?> benchmark, String method, Map<String, String> params,
                     int jmhThreads, List<String> jvmArgs, Work work, String limit, Iterations iterations) {
        Map<String, String> p = new LinkedHashMap<>(params);
        if (benchmark != MachineLimitsBenchmark.class) { // the limit probes run on JMH threads (-t), not a parameter
            p.put("threads", String.valueOf(t.count()));
        }
        if (alternate != null) {
            p.put("alternateThreads", String.valueOf(alternate.count()));
        }
        jobs.add(new Job(section, caseName, impl, algorithm, variant, t, alternate, benchmark.getName() + "." + method,
                p, jmhThreads, jvmArgs, work, limit, alternate == null ? iterations : iterations.alternating(),
                options.forksPerJob()));
    }

    /** A job for some thread counts: given one count, or two to time in turn in one fork. */
    @FunctionalInterface
    private interface ThreadedJob {
        void add(ThreadSpec threads, ThreadSpec alternate);
    }

    /**
     * Adds a case's jobs at these thread counts: where the mode interleaves, the first two counts in one fork
     * (the rest alone), else one job per count.
     */
    private void atThreads(List<ThreadSpec> threads, ThreadedJob job) {
        int from = 0;
        if (mode().interleavesThreads && threads.size() >= 2) {
            job.add(threads.get(0), threads.get(1));
            from = 2;
        }
        threads.subList(from, threads.size()).forEach(t -> job.add(t, null));
    }

    // ---------------------------------------------------------------------------------------------------- limits

    /** @return the elementwise and stream sizes of this mode, bytes per operand */
    List<Long> streamSizes() {
        return pick(List.of(64L << 10), List.of(16L << 10, 1L << 20, 64L << 20),
                List.of(4L << 10, 16L << 10, 64L << 10, 256L << 10, 1L << 20, 4L << 20, 16L << 20, 64L << 20));
    }

    /** @return the stream limit row's case for a size */
    static String streamCase(long bytes) {
        return Percent.STREAM + " " + MachineFacts.size(bytes);
    }

    /**
     * The limit probes' JVM: G1 instead of the benchmarks' ParallelGC. On JDK 25.0.3 (Zen 5) the FMA probe's
     * loop — 16 vector accumulators, no memory access — ran at 0.1 GFLOP/s under ParallelGC and SerialGC and at
     * about 218 under G1 (the same code; the GEMM kernels showed no such difference), see MachineLimitsBenchmark.
     */
    private List<String> limitJvm() {
        return withG1(jvm(main()));
    }

    /**
     * The elementwise rows' JVM: every object on a 64-byte line ({@value #LINE_ALIGNED_OBJECTS}), as the C loop's
     * buffers they are set against are, so that the streaming loops start their stores on a line
     * (VectorElementwise.lead: Java does not say where an array lies, and a 64-byte vector that straddles two lines
     * costs two accesses); and G1, as a JVM runs by default, which puts an array of half a region or more at a
     * region's start even without the flag.
     */
    private List<String> elementwiseJvm(Variant v) {
        List<String> args = withG1(jvm(v));
        args.add(LINE_ALIGNED_OBJECTS);
        return args;
    }

    /** The HotSpot flag that starts every object on a cache line. */
    public static final String LINE_ALIGNED_OBJECTS = "-XX:ObjectAlignmentInBytes=64";

    /** @return the JVM arguments with G1 in place of ParallelGC */
    private static List<String> withG1(List<String> jvm) {
        List<String> args = new ArrayList<>(jvm);
        args.replaceAll(a -> a.equals("-XX:+UseParallelGC") ? "-XX:+UseG1GC" : a);
        return args;
    }

    private void limits() {
        if (ctx.main().fmaChains() > 0) {
            double flops = 2.0 * MachineLimitsBenchmark.FMA_ITERATIONS * ctx.main().fmaChains()
                    * (ctx.main().preferredBits() / 32);
            for (ThreadSpec t : ctx.threads()) {
                add(LIMITS, FMA_PEAK, PROBE, null, Row.MAIN, t, MachineLimitsBenchmark.class, "fmaPeak", Map.of(),
                        t.count(), limitJvm(), new Work(Work.GFLOPS, null, flops, 0, 0), null, mode().peak);
            }
        } else {
            missing(LIMITS, FMA_PEAK, "the probe needs the Vector API, which this JVM cannot run; no GFLOP/s figure"
                    + " gets a percentage");
        }
        for (long bytes : streamSizes()) {
            for (ThreadSpec t : addThreads(bytes)) {
                int n = MachineLimitsBenchmark.floatsPerThread(bytes, t.count());
                add(LIMITS, streamCase(bytes), PROBE, null, Row.MAIN, t, MachineLimitsBenchmark.class, "streamAdd",
                        Map.of("bytes", Long.toString(bytes)), t.count(), limitJvm(),
                        new Work(Work.GBPS, null, 0, 12.0 * n, 0), null, mode().limits);
            }
        }
    }

    /**
     * @return the thread counts of the add and its stream limit at this size: in quick mode 1 thread only below
     * {@link Elementwise#PARALLEL_THRESHOLD} (such an add never splits, so its all-threads row is a second 1-thread
     * call), every count otherwise
     */
    private List<ThreadSpec> addThreads(long bytes) {
        return mode() == Mode.QUICK && bytes / Float.BYTES < Elementwise.PARALLEL_THRESHOLD ? one() : ctx.threads();
    }

    // ---------------------------------------------------------------------------------------------------- GEMM

    private static double gemmFlops(String shape) {
        int[] mkn = GemmBenchmark.parseShape(shape);
        return 2.0 * mkn[0] * mkn[1] * mkn[2];
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private void gemm() {
        // quick: one shape, the classic; the ResNet layers' GEMMs are timed through the convolution section
        List<String> shapes = pick(List.of("64x64x64"), List.of("1024x1024x1024"), concat(SQUARES, RESNET_SHAPES));
        for (String s : shapes) {
            atThreads(ctx.threads(), (t, alternate) -> gemmJob(s, main(), t, alternate, "sgemm"));
        }
        for (Variant v : otherVariants()) {
            List<String> vs = v.id().equals(Row.SCALAR)
                    ? pick(List.of("64x64x64"), List.of("256x256x256"), SCALAR_SHAPES)
                    : pick(List.of("64x64x64"), List.of("1024x1024x1024"),
                            concat(SQUARES.subList(2, 6), List.of("64x576x3136", "256x2304x196", "2048x512x49")));
            for (String s : vs) {
                for (ThreadSpec t : variantThreads()) {
                    gemmJob(s, v, t, null, v.id().equals(Row.SCALAR) ? "sgemmScalar" : "sgemm");
                }
            }
        }
        gemmPeers(shapes);
    }

    private void gemmJob(String shape, Variant v, ThreadSpec t, ThreadSpec alternate, String method) {
        add(GEMM, shape, v.impl("ResVec"), null, v.id(), t, alternate, GemmBenchmark.class, method,
                Map.of("shape", shape, "provider", method.equals("sgemm") ? "vector" : "scalar"),
                1, jvm(v), new Work(Work.GFLOPS, "ms", gemmFlops(shape), 0, 0), FMA_PEAK, mode().kernels);
    }

    private void gemmPeers(List<String> shapes) {
        PeersInfo pi = ctx.peers();
        boolean avx512 = ctx.facts().hasAvx512() && System.getProperty("os.arch", "").matches("amd64|x86_64");
        if (!peer("openblas")) {
            missing(GEMM, "OpenBLAS", "not run (--peers)");
        } else if (pi.openblasError() != null) {
            missing(GEMM, "OpenBLAS", pi.openblasError());
        } else {
            String auto = pi.openblasCore();
            // smoke: the auto kernels at 1 thread, which is all the FFM path needs to run
            boolean forceSkx = avx512 && !auto.matches("(?i)SkylakeX|CooperLake|SapphireRapids")
                    && mode() != Mode.SMOKE;
            List<String> autoShapes = forceSkx ? pick(shapes, List.of("1024x1024x1024"), shapes) : shapes;
            for (String s : autoShapes) {
                // Next to the forced AVX-512 kernels, the auto-detected ones once per shape, and at all threads
                // on one shape: what a default install gives.
                boolean allThreads = mode() != Mode.SMOKE
                        && (!forceSkx || (mode() == Mode.FULL && s.equals("1024x1024x1024")));
                for (ThreadSpec t : allThreads ? ctx.threads() : one()) {
                    peerGemm("OpenBLAS (auto)", "openblas", "auto", s, t);
                }
            }
            if (forceSkx) {
                for (String s : shapes) {
                    for (ThreadSpec t : ctx.threads()) {
                        peerGemm("OpenBLAS SkylakeX (forced)", "openblas", "SkylakeX", s, t);
                    }
                }
            }
        }
        List<String> javaShapes = pick(List.of("64x64x64"), List.of("1024x1024x1024"),
                concat(SQUARES.subList(0, 5), List.of("64x576x3136", "256x2304x196", "2048x512x49")));
        if (!peer("netlib")) {
            missing(GEMM, "netlib-java", "not run (--peers)");
        } else if (pi.netlibError() != null) {
            missing(GEMM, "netlib-java", pi.netlibError());
        } else {
            // JNI to the same OpenBLAS as the auto rows: what the JNI path costs, on a few shapes. Not in quick mode:
            // there it gave the auto row's figure (97 and 99 GFLOP/s at 1024³ in the quick report of 2026-12-02).
            // smoke: VectorBLAS only (JNI is the OpenBLAS row again, F2J the slow path)
            for (String s : pick(List.<String>of(), List.<String>of(), javaShapes)) {
                for (ThreadSpec t : mode() == Mode.FULL && s.equals("1024x1024x1024") ? ctx.threads() : one()) {
                    peerGemm("netlib JNI→libblas", "netlib-jni", "auto", s, t);
                }
            }
            for (String s : javaShapes) {
                peerGemm("netlib VectorBLAS", "netlib-vectorblas", "auto", s, ctx.threads().get(0));
                if (mode() == Mode.FULL) {
                    // F2J's plain loops take about a second per 1024³ call: the full report only
                    peerGemm("netlib Java (F2J)", "netlib-java", "auto", s, ctx.threads().get(0));
                }
            }
        }
        if (!peer("ejml")) {
            missing(GEMM, "EJML", "not run (--peers)");
        } else if (pi.ejmlError() != null) {
            missing(GEMM, "EJML", pi.ejmlError());
        } else {
            for (String s : javaShapes) {
                // quick: 1 thread only (its all-threads row is as far behind: 28.6× against 27.6× in the quick
                // report of 2026-12-02, at 2 s a row)
                for (ThreadSpec t : s.equals("1024x1024x1024") && mode() != Mode.QUICK ? ctx.threads() : one()) {
                    peerGemm("EJML", t.count() == 1 ? "ejml" : "ejml-mt", "auto", s, t);
                }
            }
        }
    }

    private void peerGemm(String impl, String name, String coreType, String shape, ThreadSpec t) {
        List<String> args = new ArrayList<>(ctx.baseJvmArgs());
        if (name.equals("netlib-java")) {
            args.removeIf(a -> a.contains("jdk.incubator.vector")); // else netlib picks VectorBLAS
        }
        // EJML takes a third of a second per 1024³ call: iterations of one call
        Iterations it = name.startsWith("ejml") && shape.equals("1024x1024x1024") ? mode().slowPeers : mode().kernels;
        add(GEMM, shape, impl, null, Row.PEER, t, PeerGemmBenchmark.class, "sgemm",
                Map.of("impl", name, "coreType", coreType, "shape", shape), 1, args,
                new Work(Work.GFLOPS, "ms", gemmFlops(shape), 0, 0), FMA_PEAK, it);
    }

    // ---------------------------------------------------------------------------------------------------- conv

    private void conv() {
        Map<String, List<String>> layers = new LinkedHashMap<>();
        switch (mode()) {
            case SMOKE -> {
                layers.put("3x3_16-16_8", List.of(F4, IM2COL));
                layers.put("1x1_16-32_8", List.of(POINTWISE));
            }
            case QUICK -> {
                layers.put("3x3_64-64_56", List.of(F4, IM2COL));
                layers.put("3x3_256-256_14", List.of(F4));
                layers.put("1x1_256-64_56", List.of(POINTWISE));
            }
            case FULL -> {
                LAYERS_3X3.forEach(l -> layers.put(l, List.of(F4, F2, IM2COL)));
                LAYERS_1X1.forEach(l -> layers.put(l, List.of(POINTWISE, IM2COL)));
                layers.put(STEM, List.of(IM2COL));
            }
        }
        List<Integer> batches = pick(List.of(1), List.of(1), List.of(1, 8));
        for (int batch : batches) {
            for (Map.Entry<String, List<String>> e : layers.entrySet()) {
                for (String algorithm : e.getValue()) {
                    if (batch > 1 && algorithm.equals(IM2COL) && e.getKey().startsWith("1x1")) {
                        continue; // im2col on a 1×1 layer is a copy and the same GEMM: batch 1 shows it
                    }
                    atThreads(ctx.threads(), (t, alternate) -> convJob(e.getKey(), batch, algorithm, main(), t,
                            alternate));
                }
                torchConv.add(e.getKey() + ":" + batch);
            }
        }
        for (Variant v : otherVariants()) {
            Map<String, List<String>> vl = new LinkedHashMap<>();
            switch (mode()) {
                case SMOKE -> vl.put("3x3_16-16_8", List.of(F4));
                case QUICK -> vl.put("3x3_64-64_56", List.of(F4));
                case FULL -> {
                    vl.put("3x3_64-64_56", List.of(F4, IM2COL));
                    vl.put("3x3_256-256_14", List.of(F4, IM2COL));
                    vl.put("1x1_256-64_56", List.of(POINTWISE));
                }
            }
            vl.forEach((layer, algorithms) -> algorithms.forEach(a -> variantThreads()
                    .forEach(t -> convJob(layer, 1, a, v, t, null))));
        }
        if (!peer("pytorch")) {
            missing(CONV, "PyTorch", "not run (--peers)");
            torchConv.clear();
        } else if (mode() == Mode.SMOKE) {
            missing(CONV, "PyTorch", NOT_IN_SMOKE);
            torchConv.clear();
        }
    }

    static String convCase(String layer, int batch) {
        return layer + " b" + batch;
    }

    static String algorithmLabel(String algorithm) {
        return switch (algorithm) {
            case F4 -> "F(4×4,3×3)";
            case F2 -> "F(2×2,3×3)";
            case IM2COL -> "im2col";
            case POINTWISE -> "1×1 GEMM";
            default -> algorithm;
        };
    }

    private void convJob(String layer, int batch, String algorithm, Variant v, ThreadSpec t, ThreadSpec alternate) {
        double flops = ConvBenchmark.shape(layer, batch).flops();
        add(CONV, convCase(layer, batch), v.impl("ResVec " + algorithmLabel(algorithm)), algorithm, v.id(), t,
                alternate, ConvBenchmark.class, ConvBenchmark.group(layer) + "_forward",
                Map.of("layer", layer, "algorithm", algorithm, "batch", String.valueOf(batch)),
                1, jvm(v), new Work(Work.TIME, "ms", flops, 0, 0), FMA_PEAK, mode().kernels);
    }

    // ---------------------------------------------------------------------------------------------------- elementwise

    private void elementwise() {
        List<Long> sizes = streamSizes();
        List<Long> oneSize = pick(List.of(64L << 10), List.of(1L << 20), sizes);
        // One fork per row, never two thread counts in one: a 2-thread 1 MiB add took 22-27 µs a call in a fork of
        // its own and 21-99 µs (medians 23 and 29 in two forks) in iterations alternating with 1-thread ones, whole
        // iterations slow (the hand-over to a pool thread that idled through the 1-thread iteration, we think);
        // calls of a third of a millisecond and more (GEMM, convolution, networks) showed no such loss
        for (long bytes : sizes) {
            for (ThreadSpec t : addThreads(bytes)) {
                elementwiseJob("add", bytes, main(), t);
            }
        }
        for (String kernel : pick(List.<String>of(), List.of("addRelu"), List.of("add in place", "addRelu"))) {
            for (long bytes : oneSize) {
                // quick: 1 thread (its all-threads row splits as the add's does)
                for (ThreadSpec t : mode() == Mode.QUICK ? one() : ctx.threads()) {
                    elementwiseJob(kernel, bytes, main(), t);
                }
            }
        }
        List<String> singles = pick(List.of("relu", "softmax"), List.of("softmax"), SINGLE_KERNELS);
        List<Long> singleSizes = pick(oneSize, oneSize, List.of(16L << 10, 1L << 20, 64L << 20));
        for (String kernel : singles) {
            for (long bytes : singleSizes) {
                elementwiseJob(kernel, bytes, main(), ctx.threads().get(0));
            }
        }
        for (Variant v : otherVariants()) {
            List<String> kernels = pick(List.of("add"), List.of("add"), List.of("add", "channelAffine", "softmax"));
            for (String kernel : kernels) {
                for (long bytes : pick(oneSize, oneSize, singleSizes)) {
                    for (ThreadSpec t : kernel.equals("add") ? variantThreads() : one()) {
                        elementwiseJob(kernel, bytes, v, t);
                    }
                }
            }
        }
    }

    private void elementwiseJob(String kernel, long bytes, Variant v, ThreadSpec t) {
        Class<?> benchmark;
        String method;
        int traffic;
        switch (kernel) {
            case "add" -> {
                benchmark = ElementwiseBenchmark.class;
                method = "addOutOfPlace";
                traffic = 12;
            }
            case "add in place" -> {
                benchmark = ElementwiseBenchmark.class;
                method = "addInPlace";
                traffic = 12;
            }
            default -> {
                benchmark = ElementwiseKernelsBenchmark.class;
                method = kernel;
                traffic = ElementwiseKernelsBenchmark.TRAFFIC.get(kernel);
            }
        }
        double n = bytes / 4.0;
        add(ELEMENTWISE, kernel + " " + MachineFacts.size(bytes), v.impl("ResVec"), null, v.id(), t, benchmark, method,
                Map.of("bytes", Long.toString(bytes)), 1, elementwiseJvm(v), new Work(Work.GBPS, "µs", 0, traffic * n, 0),
                streamCase(bytes), mode().memory);
    }

    // ---------------------------------------------------------------------------------------------------- networks

    private void inference() {
        // quick: one network (a ResNet-50 row takes as long as a ResNet-18 one and says much the same)
        List<String> cases = pick(List.of("resnet18:1"), List.of("resnet18:1"),
                List.of("resnet18:1", "resnet50:1", "resnet18:8", "resnet50:8"));
        for (String c : cases) {
            // A fork per thread count, never alternating: the networks are the slowest rows to settle, and in two A/B
            // runs (JMH, ResNet-18 b1, 2026-12-02) the 2-thread iterations of an alternating fork took 14-18 and 31-35
            // ms a call where forks of their own took 13-18 (the JIT sees both counts' profiles in one fork)
            for (ThreadSpec t : mode() == Mode.SMOKE ? one() : ctx.threads()) {
                inferenceJob(c, main(), t, null);
            }
        }
        if (mode() != Mode.SMOKE) {
            for (Variant v : otherVariants()) {
                for (String c : pick(List.<String>of(), List.of("resnet18:1"), List.of("resnet18:1", "resnet50:1"))) {
                    for (ThreadSpec t : variantThreads()) {
                        inferenceJob(c, v, t, null);
                    }
                }
            }
        }
        if (!peer("pytorch")) {
            missing(INFERENCE, "PyTorch", "not run (--peers)");
        } else if (mode() == Mode.SMOKE) {
            missing(INFERENCE, "PyTorch", NOT_IN_SMOKE);
        } else {
            torchInfer.addAll(cases);
        }
        if (!peer("onnxruntime")) {
            missing(INFERENCE, "ONNX Runtime", "not run (--peers)");
        } else if (mode() == Mode.SMOKE) {
            missing(INFERENCE, "ONNX Runtime", NOT_IN_SMOKE);
        } else if (ctx.peers().onnxruntimeError() != null) {
            missing(INFERENCE, "ONNX Runtime", ctx.peers().onnxruntimeError());
        } else {
            for (String c : cases) {
                String model = c.split(":")[0];
                int batch = Integer.parseInt(c.split(":")[1]);
                atThreads(ctx.threads(), (t, alternate) -> add(INFERENCE, inferenceCase(model, batch), "ONNX Runtime",
                        null, Row.PEER, t, alternate, OrtInferenceBenchmark.class, "run",
                        Map.of("onnx", ctx.onnxDir().resolve(model + ".onnx").toString(), "batch",
                                String.valueOf(batch)),
                        1, ctx.baseJvmArgs(), inferenceWork(model, batch), FMA_PEAK, mode().networkPeers));
            }
        }
    }

    /**
     * The most a ResVec inference fork spends, before JMH's warm-up, calling its predictor until the call time
     * settles ({@link dev.resvec.nn.predict.Predictor#warmUp}).
     */
    static final int INFERENCE_SETTLE_SECONDS = 30;

    static String inferenceCase(String model, int batch) {
        return model + " b" + batch;
    }

    private static Work inferenceWork(String model, int batch) {
        return new Work(Work.TIME, "ms", batch * ModelFlops.forward(model), 0, batch);
    }

    private void inferenceJob(String c, Variant v, ThreadSpec t, ThreadSpec alternate) {
        String model = c.split(":")[0];
        int batch = Integer.parseInt(c.split(":")[1]);
        add(INFERENCE, inferenceCase(model, batch), v.impl("ResVec"), null, v.id(), t, alternate,
                PredictorBenchmark.class, "predict", Map.of("model", model, "batch", String.valueOf(batch),
                        "settleSeconds", mode() == Mode.SMOKE ? "0" : String.valueOf(INFERENCE_SETTLE_SECONDS)),
                1, jvm(v), inferenceWork(model, batch), FMA_PEAK,
                v.id().equals(Row.SCALAR) ? mode().scalarNetworks : mode().networks);
    }

    private void training() {
        int batch = TrainStepBenchmark.BATCH;
        atThreads(mode() == Mode.SMOKE ? one() : ctx.threads(), (t, alternate) -> trainingJob(batch, main(), t,
                alternate));
        if (mode() != Mode.SMOKE) {
            for (Variant v : otherVariants()) {
                for (ThreadSpec t : variantThreads()) {
                    trainingJob(batch, v, t, null);
                }
            }
        }
        if (!peer("pytorch")) {
            missing(TRAINING, "PyTorch", "not run (--peers)");
        } else if (mode() == Mode.SMOKE) {
            missing(TRAINING, "PyTorch", NOT_IN_SMOKE);
        } else {
            torchTrain = batch;
        }
    }

    static String trainingCase(int batch) {
        return "resnet20 step b" + batch;
    }

    static Work trainingWork(int batch) {
        return new Work(Work.TIME, "ms", 3.0 * batch * ModelFlops.forward("resnet20"), 0, batch);
    }

    private void trainingJob(int batch, Variant v, ThreadSpec t, ThreadSpec alternate) {
        add(TRAINING, trainingCase(batch), v.impl("ResVec"), null, v.id(), t, alternate, TrainStepBenchmark.class,
                "trainStep", Map.of(), 1, jvm(v), trainingWork(batch), FMA_PEAK,
                v.id().equals(Row.SCALAR) ? mode().scalarTraining : mode().training);
    }
}

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
import dev.resvec.bench.report.Row;
import dev.resvec.bench.report.Variant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a report measures in each mode: the JMH jobs in order (limits first), the PyTorch cases, and what cannot run
 * here (named, with the reason). Every section is in every mode; the modes differ in sizes, thread counts of the
 * variant rows, and forks and iterations ({@link Mode}):
 * <ul>
 *   <li><b>smoke</b>: one tiny case per kind of job, 1 thread (the limits also at all threads), peers off by
 *       default — proves the pipeline works in CI;</li>
 *   <li><b>quick</b>: a few sizes per section at 1 and all threads (inference at batch 1 only); the variant rows
 *       (scalar, 128-bit) at 1 thread on one case per section; the JVM GEMM peers at 1024³, OpenBLAS's best
 *       kernels on every GEMM shape;</li>
 *   <li><b>full</b>: every size; variant rows at every thread count on representative cases.</li>
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

    /** The FMA limit row's case. */
    public static final String FMA_PEAK = "FMA peak";
    /** The implementation name of the limit probes. */
    static final String PROBE = "Java probe";

    static final List<String> SQUARES = List.of("64x64x64", "128x128x128", "256x256x256", "512x512x512",
            "1024x1024x1024", "2048x2048x2048");
    /** ResNet-50's im2col GEMMs (batch 1, 224×224), as ../shared/peers/gemm-quick.sh: M = out channels, K = in
     * channels · kernel area, N = out pixels. */
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
        jobs.add(new Job(section, caseName, impl, algorithm, variant, t, benchmark.getName() + "." + method, params,
                jmhThreads, jvmArgs, work, limit, iterations, options.forksPerJob()));
    }

    // ---------------------------------------------------------------------------------------------------- limits

    /** @return the elementwise and stream sizes of this mode, bytes per operand */
    List<Long> streamSizes() {
        return pick(List.of(64L << 10), List.of(16L << 10, 1L << 20, 64L << 20),
                List.of(4L << 10, 16L << 10, 64L << 10, 256L << 10, 1L << 20, 4L << 20, 16L << 20, 64L << 20));
    }

    /** @return the stream limit row's case for a size */
    static String streamCase(long bytes) {
        return "stream add " + MachineFacts.size(bytes);
    }

    /**
     * The limit probes' JVM: G1 instead of the benchmarks' ParallelGC. On JDK 25.0.3 (Zen 5) the FMA probe's
     * loop — 16 vector accumulators, no memory access — ran at 0.1 GFLOP/s under ParallelGC and SerialGC and at
     * about 218 under G1 (the same code; the GEMM kernels showed no such difference), see MachineLimitsBenchmark.
     */
    private List<String> limitJvm() {
        List<String> args = new ArrayList<>(jvm(main()));
        args.replaceAll(a -> a.equals("-XX:+UseParallelGC") ? "-XX:+UseG1GC" : a);
        return args;
    }

    private void limits() {
        if (ctx.main().fmaChains() > 0) {
            double flops = 2.0 * MachineLimitsBenchmark.FMA_ITERATIONS * ctx.main().fmaChains()
                    * (ctx.main().preferredBits() / 32);
            for (ThreadSpec t : ctx.threads()) {
                add(LIMITS, FMA_PEAK, PROBE, null, Row.MAIN, t, MachineLimitsBenchmark.class, "fmaPeak", Map.of(),
                        t.count(), limitJvm(), new Work(Work.GFLOPS, null, flops, 0, 0), null, mode().limits);
            }
        } else {
            missing(LIMITS, FMA_PEAK, "the probe needs the Vector API, which this JVM cannot run; no GFLOP/s figure"
                    + " gets a percentage");
        }
        for (long bytes : streamSizes()) {
            for (ThreadSpec t : ctx.threads()) {
                int n = MachineLimitsBenchmark.floatsPerThread(bytes, t.count());
                add(LIMITS, streamCase(bytes), PROBE, null, Row.MAIN, t, MachineLimitsBenchmark.class, "streamAdd",
                        Map.of("bytes", Long.toString(bytes)), t.count(), limitJvm(),
                        new Work(Work.GBPS, null, 0, 12.0 * n, 0), null, mode().limits);
            }
        }
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
        List<String> shapes = pick(List.of("64x64x64"), List.of("1024x1024x1024", "64x576x3136"),
                concat(SQUARES, RESNET_SHAPES));
        for (String s : shapes) {
            for (ThreadSpec t : ctx.threads()) {
                gemmJob(s, main(), t, "sgemm");
            }
        }
        for (Variant v : otherVariants()) {
            List<String> vs = v.id().equals(Row.SCALAR)
                    ? pick(List.of("64x64x64"), List.of("256x256x256"), SQUARES.subList(0, 4))
                    : pick(List.of("64x64x64"), List.of("1024x1024x1024"),
                            concat(SQUARES.subList(2, 6), List.of("64x576x3136", "256x2304x196", "2048x512x49")));
            for (String s : vs) {
                for (ThreadSpec t : variantThreads()) {
                    gemmJob(s, v, t, v.id().equals(Row.SCALAR) ? "sgemmScalar" : "sgemm");
                }
            }
        }
        gemmPeers(shapes);
    }

    private void gemmJob(String shape, Variant v, ThreadSpec t, String method) {
        add(GEMM, shape, v.impl("ResVec"), null, v.id(), t, GemmBenchmark.class, method,
                Map.of("shape", shape, "threads", String.valueOf(t.count()),
                        "provider", method.equals("sgemm") ? "vector" : "scalar"),
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
            boolean forceSkx = avx512 && !auto.matches("(?i)SkylakeX|CooperLake|SapphireRapids");
            List<String> autoShapes = forceSkx ? pick(shapes, List.of("1024x1024x1024"), shapes) : shapes;
            for (String s : autoShapes) {
                // Next to the forced AVX-512 kernels, the auto-detected ones once per shape, and at all threads
                // on one shape: what a default install gives.
                boolean allThreads = !forceSkx || (mode() == Mode.FULL && s.equals("1024x1024x1024"));
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
            // JNI to the same OpenBLAS as the auto rows: what the JNI path costs, on a few shapes.
            for (String s : pick(List.of("64x64x64"), List.of("1024x1024x1024"), javaShapes)) {
                for (ThreadSpec t : mode() == Mode.FULL && s.equals("1024x1024x1024") ? ctx.threads() : one()) {
                    peerGemm("netlib JNI→libblas", "netlib-jni", "auto", s, t);
                }
            }
            for (String s : javaShapes) {
                peerGemm("netlib VectorBLAS", "netlib-vectorblas", "auto", s, ctx.threads().get(0));
                if (mode() != Mode.QUICK) {
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
                for (ThreadSpec t : s.equals("1024x1024x1024") ? ctx.threads() : one()) {
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
        add(GEMM, shape, impl, null, Row.PEER, t, PeerGemmBenchmark.class, "sgemm",
                Map.of("impl", name, "coreType", coreType, "shape", shape, "threads", String.valueOf(t.count())),
                1, args, new Work(Work.GFLOPS, "ms", gemmFlops(shape), 0, 0), FMA_PEAK, mode().kernels);
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
                    for (ThreadSpec t : ctx.threads()) {
                        convJob(e.getKey(), batch, algorithm, main(), t);
                    }
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
                    .forEach(t -> convJob(layer, 1, a, v, t))));
        }
        if (!peer("pytorch")) {
            missing(CONV, "PyTorch", "not run (--peers)");
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

    private void convJob(String layer, int batch, String algorithm, Variant v, ThreadSpec t) {
        double flops = ConvBenchmark.shape(layer, batch).flops();
        add(CONV, convCase(layer, batch), v.impl("ResVec " + algorithmLabel(algorithm)), algorithm, v.id(), t,
                ConvBenchmark.class, ConvBenchmark.group(layer) + "_forward",
                Map.of("layer", layer, "algorithm", algorithm, "batch", String.valueOf(batch), "threads",
                        String.valueOf(t.count())),
                1, jvm(v), new Work(Work.TIME, "ms", flops, 0, 0), FMA_PEAK, mode().kernels);
    }

    // ---------------------------------------------------------------------------------------------------- elementwise

    private void elementwise() {
        List<Long> sizes = streamSizes();
        List<Long> oneSize = pick(List.of(64L << 10), List.of(1L << 20), sizes);
        for (long bytes : sizes) {
            for (ThreadSpec t : ctx.threads()) {
                elementwiseJob("add", bytes, main(), t);
            }
        }
        for (String kernel : pick(List.<String>of(), List.of("addRelu"), List.of("add in place", "addRelu"))) {
            for (long bytes : oneSize) {
                for (ThreadSpec t : ctx.threads()) {
                    elementwiseJob(kernel, bytes, main(), t);
                }
            }
        }
        List<String> singles = pick(List.of("relu", "softmax"),
                List.of("channelAffine", "softmax"), SINGLE_KERNELS);
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
                Map.of("bytes", Long.toString(bytes), "threads", String.valueOf(t.count())), 1, jvm(v),
                new Work(Work.GBPS, "µs", 0, traffic * n, 0), streamCase(bytes), mode().memory);
    }

    // ---------------------------------------------------------------------------------------------------- networks

    private void inference() {
        List<String> cases = pick(List.of("resnet18:1"), List.of("resnet18:1", "resnet50:1"),
                List.of("resnet18:1", "resnet50:1", "resnet18:8", "resnet50:8"));
        for (String c : cases) {
            for (ThreadSpec t : mode() == Mode.SMOKE ? one() : ctx.threads()) {
                inferenceJob(c, main(), t);
            }
        }
        if (mode() != Mode.SMOKE) {
            for (Variant v : otherVariants()) {
                for (String c : pick(List.<String>of(), List.of("resnet18:1"), List.of("resnet18:1", "resnet50:1"))) {
                    for (ThreadSpec t : variantThreads()) {
                        inferenceJob(c, v, t);
                    }
                }
            }
        }
        if (peer("pytorch")) {
            torchInfer.addAll(cases);
        } else {
            missing(INFERENCE, "PyTorch", "not run (--peers)");
        }
        if (!peer("onnxruntime")) {
            missing(INFERENCE, "ONNX Runtime", "not run (--peers)");
        } else if (ctx.peers().onnxruntimeError() != null) {
            missing(INFERENCE, "ONNX Runtime", ctx.peers().onnxruntimeError());
        } else {
            for (String c : cases) {
                String model = c.split(":")[0];
                int batch = Integer.parseInt(c.split(":")[1]);
                for (ThreadSpec t : ctx.threads()) {
                    add(INFERENCE, inferenceCase(model, batch), "ONNX Runtime", null, Row.PEER, t,
                            OrtInferenceBenchmark.class, "run",
                            Map.of("onnx", ctx.onnxDir().resolve(model + ".onnx").toString(),
                                    "batch", String.valueOf(batch), "threads", String.valueOf(t.count())),
                            1, ctx.baseJvmArgs(), inferenceWork(model, batch), FMA_PEAK, mode().networks);
                }
            }
        }
    }

    static String inferenceCase(String model, int batch) {
        return model + " b" + batch;
    }

    private static Work inferenceWork(String model, int batch) {
        return new Work(Work.TIME, "ms", batch * ModelFlops.forward(model), 0, batch);
    }

    private void inferenceJob(String c, Variant v, ThreadSpec t) {
        String model = c.split(":")[0];
        int batch = Integer.parseInt(c.split(":")[1]);
        add(INFERENCE, inferenceCase(model, batch), v.impl("ResVec"), null, v.id(), t, PredictorBenchmark.class,
                "predict", Map.of("model", model, "batch", String.valueOf(batch), "threads", String.valueOf(t.count())),
                1, jvm(v), inferenceWork(model, batch), FMA_PEAK, slow(v));
    }

    /** Scalar rows of the networks take seconds per call: fewer iterations in quick mode (each holds a call). */
    private Iterations slow(Variant v) {
        return v.id().equals(Row.SCALAR) && mode() == Mode.QUICK ? new Iterations(1, 300, 3, 300) : mode().networks;
    }

    private void training() {
        int batch = TrainStepBenchmark.BATCH;
        for (ThreadSpec t : ctx.threads().subList(0, mode() == Mode.SMOKE ? 1 : ctx.threads().size())) {
            trainingJob(batch, main(), t);
        }
        if (mode() != Mode.SMOKE) {
            for (Variant v : otherVariants()) {
                for (ThreadSpec t : variantThreads()) {
                    trainingJob(batch, v, t);
                }
            }
        }
        if (peer("pytorch")) {
            torchTrain = batch;
        } else {
            missing(TRAINING, "PyTorch", "not run (--peers)");
        }
    }

    static String trainingCase(int batch) {
        return "resnet20 step b" + batch;
    }

    static Work trainingWork(int batch) {
        return new Work(Work.TIME, "ms", 3.0 * batch * ModelFlops.forward("resnet20"), 0, batch);
    }

    private void trainingJob(int batch, Variant v, ThreadSpec t) {
        // A scalar step takes seconds: fewer iterations in quick mode (each holds at least one step).
        Iterations it = v.id().equals(Row.SCALAR) && mode() == Mode.QUICK ? new Iterations(1, 1000, 3, 500)
                : mode().training;
        add(TRAINING, trainingCase(batch), v.impl("ResVec"), null, v.id(), t, TrainStepBenchmark.class, "trainStep",
                Map.of("threads", String.valueOf(t.count())), 1, jvm(v), trainingWork(batch), FMA_PEAK, it);
    }
}

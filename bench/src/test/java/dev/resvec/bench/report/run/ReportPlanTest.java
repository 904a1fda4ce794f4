package dev.resvec.bench.report.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.bench.report.Missing;
import dev.resvec.bench.report.Row;
import dev.resvec.bench.report.Variant;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every mode keeps every section; peers that are off or broken are named; variants carry their flags. */
class ReportPlanTest {
    static final List<ThreadSpec> THREADS = List.of(new ThreadSpec("1", 1), new ThreadSpec("all", 2));
    static final JvmInfo MAIN = new JvmInfo("vector provider, 512-bit", "vector", 512, true, 512, 16, Map.of(),
            "JDK");
    static final MachineFacts AVX512 = new MachineFacts("cpu", 2, 2,
            List.of("avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl"), "L1d 48 KiB", "getconf", "Linux");
    static final PeersInfo PEERS = new PeersInfo("Haswell", "OpenBLAS 0.3.21", "libopenblas.so.0", null, "VectorBLAS",
            "JNIBLAS", "/usr/lib/libblas.so.3", null, "0.46.1", null, "1.29.0", null);

    static ReportOptions options(Mode mode, Set<String> peers, List<String> variants) {
        return new ReportOptions(mode, ReportPlan.SECTIONS, "1,all", 0, variants, peers, 0, Path.of("out"),
                "/usr/bin/python3", Path.of("onnx"), false, "resvec bench");
    }

    static ReportPlan.Context context(PeersInfo peers) {
        return new ReportPlan.Context(THREADS, BenchRun.BASE_JVM_ARGS, List.of(
                new Variant(Row.MAIN, "", List.of(), "vector 512"),
                new Variant(Row.SCALAR, "scalar", List.of("-Dresvec.kernels=scalar"), "scalar"),
                new Variant("vector128", "128-bit", List.of("-Dresvec.vectorBits=128"), "vector 128")),
                AVX512, MAIN, peers, Path.of("onnx"));
    }

    @Test
    void everyModeMeasuresEverySectionWithVariantRows() {
        for (Mode mode : Mode.values()) {
            ReportPlan.Plan p = ReportPlan.build(options(mode, Set.copyOf(ReportPlan.PEERS), List.of("scalar",
                    "128")), context(PEERS));
            Set<String> sections = p.jobs().stream().map(Job::section).collect(Collectors.toSet());
            assertEquals(Set.copyOf(ReportPlan.SECTIONS), sections, mode.toString());
            for (String s : List.of(ReportPlan.GEMM, ReportPlan.CONV, ReportPlan.ELEMENTWISE)) {
                Set<String> variants = p.jobs().stream().filter(j -> j.section().equals(s)).map(Job::variant)
                        .collect(Collectors.toSet());
                assertTrue(variants.containsAll(Set.of(Row.MAIN, Row.SCALAR, "vector128")), mode + " " + s + " "
                        + variants);
            }
            assertTrue(p.jobs().stream().allMatch(j -> j.forks() == mode.forks), mode.toString());
        }
    }

    @Test
    void resVecInferenceForksSettleTheirPredictorsExceptInSmokeMode() {
        for (Mode mode : Mode.values()) {
            List<Job> inference = ReportPlan.build(options(mode, Set.copyOf(ReportPlan.PEERS), List.of("scalar")),
                    context(PEERS)).jobs().stream().filter(j -> j.section().equals(ReportPlan.INFERENCE)
                    && !j.variant().equals(Row.PEER)).toList();
            assertFalse(inference.isEmpty(), mode.toString());
            String expected = mode == Mode.SMOKE ? "0" : String.valueOf(ReportPlan.INFERENCE_SETTLE_SECONDS);
            for (Job j : inference) {
                assertEquals(expected, j.params().get("settleSeconds"), mode + " " + j.caseName() + " " + j.impl());
            }
        }
    }

    @Test
    void variantJobsForkWithTheirFlagsAndTheScalarGemmUsesTheScalarBackend() {
        ReportPlan.Plan p = ReportPlan.build(options(Mode.QUICK, Set.of(), List.of("scalar", "128")),
                context(null));
        Job scalar = p.jobs().stream().filter(j -> j.section().equals(ReportPlan.GEMM)
                && j.variant().equals(Row.SCALAR)).findFirst().orElseThrow();
        assertTrue(scalar.jvmArgs().contains("-Dresvec.kernels=scalar"), scalar.jvmArgs().toString());
        assertTrue(scalar.benchmark().endsWith("GemmBenchmark.sgemmScalar"), scalar.benchmark());
        assertEquals("ResVec scalar", scalar.impl());
        Job v128 = p.jobs().stream().filter(j -> j.variant().equals("vector128")).findFirst().orElseThrow();
        assertTrue(v128.jvmArgs().contains("-Dresvec.vectorBits=128"), v128.jvmArgs().toString());
        assertTrue(p.jobs().stream().filter(j -> j.section().equals(ReportPlan.LIMITS))
                .allMatch(j -> j.jvmArgs().contains("-XX:+UseG1GC") && !j.jvmArgs().contains("-XX:+UseParallelGC")));
        // the elementwise rows with every object on a cache line, as the C loop's buffers; no other row
        assertTrue(p.jobs().stream().anyMatch(j -> j.section().equals(ReportPlan.ELEMENTWISE)));
        assertTrue(p.jobs().stream().allMatch(j -> j.section().equals(ReportPlan.ELEMENTWISE)
                == j.jvmArgs().contains("-XX:ObjectAlignmentInBytes=64")));
    }

    /**
     * The scalar GEMM rows: in full mode the squares up to 512 and the ResNet-50 im2col shapes 256x2304x196 and
     * 512x4608x49 (those of gemm-quick.sh), at every thread count, each a value of {@code sgemmScalar}'s own shape
     * parameter; quick mode keeps its one row, 256³ at 1 thread.
     */
    @Test
    void theScalarGemmRowsHoldTheResNetIm2colShapesInFullModeOnly() throws NoSuchFieldException {
        List<String> declared = List.of(dev.resvec.bench.GemmBenchmark.ScalarCase.class.getField("shape")
                .getAnnotation(org.openjdk.jmh.annotations.Param.class).value());
        Map<Mode, List<String>> expected = Map.of(
                Mode.FULL, List.of("64x64x64", "128x128x128", "256x256x256", "512x512x512", "256x2304x196",
                        "512x4608x49"),
                Mode.QUICK, List.of("256x256x256"));
        expected.forEach((mode, shapes) -> {
            List<Job> scalar = ReportPlan.build(options(mode, Set.of(), List.of("scalar")), context(null)).jobs()
                    .stream().filter(j -> j.section().equals(ReportPlan.GEMM) && j.variant().equals(Row.SCALAR))
                    .toList();
            assertEquals(shapes, scalar.stream().map(j -> j.params().get("shape")).distinct().toList(),
                    mode.toString());
            int threadCounts = mode == Mode.FULL ? THREADS.size() : 1;
            assertEquals(shapes.size() * threadCounts, scalar.size(), mode + ": one row per shape and thread count");
            assertTrue(scalar.stream().allMatch(j -> j.benchmark().endsWith("GemmBenchmark.sgemmScalar")
                    && declared.contains(j.params().get("shape"))), mode + ": sgemmScalar declares " + declared);
        });
    }

    @Test
    void peersThatAreOffOrBrokenAreNamedNeverDropped() {
        ReportPlan.Plan off = ReportPlan.build(options(Mode.QUICK, Set.of(), List.of()), context(null));
        assertTrue(off.jobs().stream().noneMatch(j -> j.variant().equals(Row.PEER)));
        assertFalse(off.hasTorchWork());
        assertEquals(Set.of("OpenBLAS", "netlib-java", "EJML"), whats(off.missing().get(ReportPlan.GEMM)));
        assertEquals(Set.of("PyTorch"), whats(off.missing().get(ReportPlan.CONV)));
        assertEquals(Set.of("PyTorch", "ONNX Runtime"), whats(off.missing().get(ReportPlan.INFERENCE)));
        assertEquals(Set.of("PyTorch"), whats(off.missing().get(ReportPlan.TRAINING)));

        PeersInfo broken = new PeersInfo(null, null, null, "no OpenBLAS library found", "VectorBLAS", "JNIBLAS", "x",
                null, "0.46.1", null, null, "UnsatisfiedLinkError: no onnxruntime");
        ReportPlan.Plan p = ReportPlan.build(options(Mode.QUICK, Set.copyOf(ReportPlan.PEERS), List.of()),
                context(broken));
        assertEquals("no OpenBLAS library found", p.missing().get(ReportPlan.GEMM).get(0).reason());
        assertEquals("UnsatisfiedLinkError: no onnxruntime", p.missing().get(ReportPlan.INFERENCE).get(0).reason());
        assertTrue(p.jobs().stream().anyMatch(j -> j.impl().equals("EJML")));
    }

    @Test
    void smokeModeRunsTheCheapGemmPeersAtOneThreadAndNamesTheRest() {
        ReportPlan.Plan p = ReportPlan.build(options(Mode.SMOKE, Set.copyOf(ReportPlan.PEERS), List.of()),
                context(PEERS));
        List<String> peerRows = p.jobs().stream().filter(j -> j.variant().equals(Row.PEER))
                .map(j -> j.impl() + " " + j.caseName() + " " + j.threads().count()).toList();
        assertEquals(List.of("OpenBLAS (auto) 64x64x64 1", "netlib VectorBLAS 64x64x64 1", "EJML 64x64x64 1"),
                peerRows, "the GEMM peers that need no Python, at 1 thread (no forced SkylakeX, JNI or F2J)");
        assertTrue(p.jobs().stream().filter(j -> j.variant().equals(Row.PEER))
                .allMatch(j -> j.iterations().equals(Mode.SMOKE.kernels)));
        assertFalse(p.hasTorchWork());
        for (String s : List.of(ReportPlan.CONV, ReportPlan.INFERENCE, ReportPlan.TRAINING)) {
            assertTrue(p.missing().get(s).stream().anyMatch(m -> m.what().equals("PyTorch")
                    && m.reason().equals(ReportPlan.NOT_IN_SMOKE)), s);
        }
        assertTrue(p.missing().get(ReportPlan.INFERENCE).stream().anyMatch(m -> m.what().equals("ONNX Runtime")
                && m.reason().equals(ReportPlan.NOT_IN_SMOKE)));

        ReportPlan.Plan off = ReportPlan.build(options(Mode.SMOKE, Set.of(), List.of()), context(null));
        assertTrue(off.jobs().stream().noneMatch(j -> j.variant().equals(Row.PEER)), "--peers none skips them");
        assertEquals(Set.of("OpenBLAS", "netlib-java", "EJML"), whats(off.missing().get(ReportPlan.GEMM)));
        PeersInfo noOpenBlas = new PeersInfo(null, null, null, "no OpenBLAS library found", "VectorBLAS", "JNIBLAS",
                "x", null, "0.46.1", null, null, "UnsatisfiedLinkError: no onnxruntime");
        ReportPlan.Plan without = ReportPlan.build(options(Mode.SMOKE, Set.copyOf(ReportPlan.SMOKE_PEERS),
                List.of()), context(noOpenBlas));
        assertEquals("no OpenBLAS library found", without.missing().get(ReportPlan.GEMM).get(0).reason());
        assertEquals(2, without.jobs().stream().filter(j -> j.variant().equals(Row.PEER)).count());
    }

    @Test
    void avx512MachinesGetOpenBlasForcedToItsSkylakeXKernels() {
        ReportPlan.Plan p = ReportPlan.build(options(Mode.QUICK, Set.of("openblas"), List.of()), context(PEERS));
        List<Job> skx = p.jobs().stream().filter(j -> "SkylakeX".equals(j.params().get("coreType"))).toList();
        assertEquals(2, skx.size(), "the quick GEMM shape at 1 and all threads");
        assertEquals("OpenBLAS SkylakeX (forced)", skx.get(0).impl());
        MachineFacts avx2 = new MachineFacts("cpu", 2, 2, List.of("avx2", "fma"), "?", "unknown", "Linux");
        ReportPlan.Context ctx = new ReportPlan.Context(THREADS, BenchRun.BASE_JVM_ARGS,
                context(PEERS).variants(), avx2, MAIN, PEERS, Path.of("onnx"));
        assertTrue(ReportPlan.build(options(Mode.QUICK, Set.of("openblas"), List.of()), ctx).jobs().stream()
                .noneMatch(j -> "SkylakeX".equals(j.params().get("coreType"))));
    }

    @Test
    void quickModeKeepsEverySectionsThreadCountsVariantsAndPeersInFewerForks() {
        ReportPlan.Plan p = ReportPlan.build(options(Mode.QUICK, Set.copyOf(ReportPlan.PEERS), List.of("scalar",
                "128")), context(PEERS));
        assertEquals(45, p.rowCount(), "rows");
        assertEquals(38, p.jobs().size(), "forks");
        Map<String, Long> rows = p.jobs().stream().collect(Collectors.groupingBy(Job::section,
                Collectors.summingLong(j -> j.rowThreads().size())));
        assertEquals(Map.of(ReportPlan.LIMITS, 7L, ReportPlan.GEMM, 9L, ReportPlan.CONV, 10L, ReportPlan.ELEMENTWISE,
                9L, ReportPlan.INFERENCE, 6L, ReportPlan.TRAINING, 4L), rows);
        for (String s : ReportPlan.SECTIONS) {
            Set<String> mainThreads = p.jobs().stream().filter(j -> j.section().equals(s)
                    && j.variant().equals(Row.MAIN)).flatMap(j -> j.rowThreads().stream()).map(ThreadSpec::key)
                    .collect(Collectors.toSet());
            assertEquals(Set.of("1", "all"), mainThreads, s);
        }
        for (String s : List.of(ReportPlan.GEMM, ReportPlan.INFERENCE)) {
            Set<String> peerThreads = p.jobs().stream().filter(j -> j.section().equals(s)
                    && j.variant().equals(Row.PEER)).flatMap(j -> j.rowThreads().stream()).map(ThreadSpec::key)
                    .collect(Collectors.toSet());
            assertEquals(Set.of("1", "all"), peerThreads, s + ": a peer at 1 and all threads");
        }
        assertTrue(p.jobs().stream().noneMatch(j -> j.impl().startsWith("netlib JNI")), "JNI = the OpenBLAS auto row");
        assertEquals(List.of("resnet18:1"), p.torchInfer());
    }

    @Test
    void quickModeTimesBothThreadCountsOfACaseInOneForkWhereCallsAreLong() {
        ReportPlan.Plan p = ReportPlan.build(options(Mode.QUICK, Set.copyOf(ReportPlan.PEERS), List.of("scalar",
                "128")), context(PEERS));
        List<Job> pairs = p.jobs().stream().filter(j -> j.alternate() != null).toList();
        assertEquals(Set.of(ReportPlan.GEMM, ReportPlan.CONV, ReportPlan.INFERENCE, ReportPlan.TRAINING),
                pairs.stream().map(Job::section).collect(Collectors.toSet()));
        for (Job j : pairs) {
            assertEquals("1", j.params().get("threads"), j.describe());
            assertEquals("2", j.params().get("alternateThreads"), j.describe());
            assertEquals("all", j.alternate().key());
            assertTrue(j.variant().equals(Row.MAIN) || j.impl().equals("ONNX Runtime"), j.describe());
            Iterations single = switch (j.section()) {
                case ReportPlan.INFERENCE -> j.variant().equals(Row.PEER) ? Mode.QUICK.networkPeers
                        : Mode.QUICK.networks;
                case ReportPlan.TRAINING -> Mode.QUICK.training;
                default -> Mode.QUICK.kernels;
            };
            assertEquals(single.alternating(), j.iterations(), j.describe());
            assertEquals(2 * single.measurements(), j.iterations().measurements(), "each row keeps its samples");
        }
        assertTrue(p.jobs().stream().filter(j -> j.section().equals(ReportPlan.ELEMENTWISE)
                || j.section().equals(ReportPlan.LIMITS)).allMatch(j -> j.alternate() == null),
                "short parallel calls lose speed after 1-thread iterations: one fork per row");
        assertTrue(ReportPlan.build(options(Mode.FULL, Set.copyOf(ReportPlan.PEERS), List.of("scalar", "128")),
                context(PEERS)).jobs().stream().allMatch(j -> j.alternate() == null), "full: a fork per row");
    }

    @Test
    void theNetlibJavaForkHasNoVectorApiSoNetlibPicksItsF2jBlas() {
        ReportPlan.Plan p = ReportPlan.build(options(Mode.FULL, Set.of("netlib"), List.of()), context(PEERS));
        Job java = p.jobs().stream().filter(j -> "netlib-java".equals(j.params().get("impl"))).findFirst()
                .orElseThrow();
        assertTrue(java.jvmArgs().stream().noneMatch(a -> a.contains("jdk.incubator.vector")), java.jvmArgs()
                .toString());
    }

    @Test
    void optionsAreValidated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ReportOptions(Mode.QUICK,
                List.of("gemm", "fft"), "1", 0, List.of(), Set.of(), 0, Path.of("o"), "p", Path.of("x"), false, "c"));
        assertTrue(e.getMessage().contains("'fft'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ReportOptions(Mode.QUICK, List.of("gemm"), "1", 384,
                List.of(), Set.of(), 0, Path.of("o"), "p", Path.of("x"), false, "c"));
        assertThrows(IllegalArgumentException.class, () -> new ReportOptions(Mode.QUICK, List.of("gemm"), "1", 0,
                List.of("64"), Set.of(), 0, Path.of("o"), "p", Path.of("x"), false, "c"));
        assertThrows(IllegalArgumentException.class, () -> new ReportOptions(Mode.QUICK, List.of("gemm"), "1", 0,
                List.of(), Set.of("mkl"), 0, Path.of("o"), "p", Path.of("x"), false, "c"));
    }

    private static Set<String> whats(List<Missing> missing) {
        return missing.stream().map(Missing::what).collect(Collectors.toSet());
    }
}

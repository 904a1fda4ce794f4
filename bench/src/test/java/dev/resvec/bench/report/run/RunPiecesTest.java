package dev.resvec.bench.report.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.bench.report.Figure;
import dev.resvec.bench.report.Row;
import dev.resvec.bench.report.Stats;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Thread specs, units, figures from samples, flags, FLOP counts, sizes. */
class RunPiecesTest {

    static Job job(Work work) {
        return new Job("gemm", "1024x1024x1024", "ResVec", null, Row.MAIN, new ThreadSpec("1", 1), null, "a.B.c",
                Map.of(), 1, List.of(), work, "FMA peak", new Iterations(1, 10, 3, 10), 1);
    }

    static Row rowOf(Job job, List<double[]> forks) {
        List<Row> rows = JmhExecutor.rowsOf(job, forks);
        assertEquals(1, rows.size());
        return rows.get(0);
    }

    @Test
    void threadSpecsResolveAllAndDropDuplicates() {
        assertEquals(List.of(new ThreadSpec("1", 1), new ThreadSpec("all", 8)), ThreadSpec.parse("1,all", 8));
        assertEquals(List.of(new ThreadSpec("1", 1)), ThreadSpec.parse("1,all", 1), "all = 1 on one processor");
        assertEquals(List.of(new ThreadSpec("1", 1), new ThreadSpec("4", 4), new ThreadSpec("all", 16)),
                ThreadSpec.parse(" 1, 4 ,all", 16));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ThreadSpec.parse("1,two", 2));
        assertTrue(e.getMessage().contains("'two'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ThreadSpec.parse("0", 2));
        assertThrows(IllegalArgumentException.class, () -> ThreadSpec.parse(",", 2));
    }

    @Test
    void jmhUnitsBecomeSecondsPerCall() {
        assertEquals(2e-3, JmhExecutor.secondsPerCall(2, "ms/op"), 1e-18);
        assertEquals(3e-6, JmhExecutor.secondsPerCall(3, "us/op"), 1e-18);
        assertEquals(4e-9, JmhExecutor.secondsPerCall(4, "ns/op"), 1e-20);
        assertEquals(0.25, JmhExecutor.secondsPerCall(4, "ops/s"), 1e-15);
        assertEquals(1e-6, JmhExecutor.secondsPerCall(1000, "ops/ms"), 1e-18);
        assertThrows(IllegalArgumentException.class, () -> JmhExecutor.secondsPerCall(1, "furlongs/op"));
    }

    @Test
    void workTurnsTimesIntoEveryFigureThePrimaryFirst() {
        Work w = new Work(Work.TIME, "ms", 2e9, 0, 8);
        List<Figure> f = w.figures(new double[] {0.010, 0.020, 0.030});
        assertEquals(List.of("time", "GFLOP/s", "images/s"), f.stream().map(Figure::name).toList());
        assertEquals(20, f.get(0).median(), 1e-9);
        assertEquals(100, f.get(1).median(), 1e-9);
        assertEquals(2e9 / 0.030 / 1e9, f.get(1).ciLow(), 1e-9, "the slowest call is the lowest rate");
        assertEquals(400, f.get(2).median(), 1e-9);
        List<Figure> rate = new Work(Work.GBPS, null, 0, 12e6, 0).figures(new double[] {1e-3});
        assertEquals(List.of("GB/s"), rate.stream().map(Figure::name).toList(), "no time figure without a unit");
        assertThrows(IllegalArgumentException.class, () -> new Work(Work.GFLOPS, "ms", 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Work(Work.TIME, "s", 1, 0, 0));
    }

    @Test
    void rowsAreFlaggedForAWideIntervalOrDisagreeingForks() {
        Work w = new Work(Work.GFLOPS, "ms", 1e9, 0, 0);
        Row tight = rowOf(job(w), List.of(new double[] {1e-2, 1.01e-2, 0.99e-2}));
        assertEquals(List.of(), tight.flags());
        assertEquals(List.of(), tight.forkMedians(), "one fork: no per-fork medians");
        Row wide = rowOf(job(w), List.of(new double[] {1e-2, 1.5e-2, 0.8e-2}));
        assertEquals(List.of(Stats.WIDE), wide.flags());
        Row bimodal = rowOf(job(w), List.of(new double[] {1e-2, 1e-2, 1e-2}, new double[] {2e-2, 2e-2,
            2e-2}));
        assertEquals(List.of(100.0, 50.0), bimodal.forkMedians());
        assertTrue(bimodal.flags().contains(Stats.FORKS_DISAGREE), bimodal.flags().toString());
        assertEquals("no measured iterations", rowOf(job(w), List.of(new double[0])).error());
    }

    @Test
    void anAlternatingJobDealsEachForksMeasuredIterationsToItsTwoRows() {
        ThreadSpec one = new ThreadSpec("1", 1), all = new ThreadSpec("all", 2);
        Work w = new Work(Work.TIME, "ms", 1e9, 0, 0);
        Job pair = new Job("gemm", "1024x1024x1024", "ResVec", null, Row.MAIN, one, all, "a.B.c", Map.of(), 1,
                List.of(), w, "FMA peak", new Iterations(1, 10, 6, 10), 2);
        assertEquals(List.of(one, all), pair.rowThreads());
        // measured iterations alternate 1 thread, 2 threads, 1 thread, ... in each fork (ThreadAlternation)
        List<Row> rows = JmhExecutor.rowsOf(pair, List.of(new double[] {4e-3, 2e-3, 4e-3, 2.2e-3, 4.2e-3, 2e-3},
                new double[] {4.4e-3, 2.4e-3, 4.4e-3, 2.4e-3, 4.4e-3, 2.4e-3}));
        assertEquals(List.of("1", "all"), rows.stream().map(Row::threadsKey).toList());
        assertEquals(List.of(1, 2), rows.stream().map(Row::threads).toList());
        assertEquals(4.3, rows.get(0).primary().median(), 1e-9, "1 thread: 4, 4, 4.2, 4.4, 4.4, 4.4 ms");
        assertEquals(2.3, rows.get(1).primary().median(), 1e-9, "2 threads: 2, 2, 2.2, 2.4, 2.4, 2.4 ms");
        assertEquals(List.of(4.0, 4.4), rows.get(0).forkMedians(), "each row's forks from its own iterations");
        List<Row> failed = JmhExecutor.failed(pair, "boom");
        assertEquals(List.of("boom", "boom"), failed.stream().map(Row::error).toList());
        assertEquals(List.of("1", "all"), failed.stream().map(Row::threadsKey).toList());
        assertThrows(IllegalArgumentException.class, () -> new Job("gemm", "c", "ResVec", null, Row.MAIN, one, all,
                "a.B.c", Map.of(), 1, List.of(), w, null, new Iterations(1, 10, 5, 10), 1), "an odd count");
        assertThrows(IllegalArgumentException.class, () -> new Job("gemm", "c", "ResVec", null, Row.MAIN, one, one,
                "a.B.c", Map.of(), 1, List.of(), w, null, new Iterations(1, 10, 6, 10), 1), "the same count");
    }

    @Test
    void theMostSpecificMessageIsTheReason() {
        Exception e = new RuntimeException("Benchmark had encountered error", new IllegalStateException(
                "OpenBLAS runs its Haswell kernels although OPENBLAS_CORETYPE=SkylakeX was set\n  at ..."));
        assertEquals("OpenBLAS runs its Haswell kernels although OPENBLAS_CORETYPE=SkylakeX was set (see jmh.log)",
                JmhExecutor.reason(e));
    }

    @Test
    void flopCountsMatchWhatPyTorchHooksCount() {
        // ../shared/peers/README.md: conv + linear 2·MACs per image measured with PyTorch forward hooks:
        // 3.628 GFLOP (resnet18), 8.178 (resnet50), 0.0811 (their CIFAR ResNet-20, zero-padding shortcuts).
        assertEquals(3.628, ModelFlops.forward("resnet18") / 1e9, 0.0005);
        assertEquals(8.178, ModelFlops.forward("resnet50") / 1e9, 0.0005);
        double projections = 2 * (ModelFlops.conv(16, 32, 1, 16) + ModelFlops.conv(32, 64, 1, 8));
        assertEquals(0.0811, (ModelFlops.forward("resnet20") - projections) / 1e9, 0.00005);
        assertThrows(IllegalArgumentException.class, () -> ModelFlops.forward("vgg16"));
    }

    @Test
    void sizesReadAndPrint() {
        assertEquals(48 * 1024, MachineFacts.parseSysfsSize("48K"));
        assertEquals(32L << 20, MachineFacts.parseSysfsSize("32768K"));
        assertEquals(1L << 20, MachineFacts.parseSysfsSize("1M"));
        assertEquals("48 KiB", MachineFacts.size(48 * 1024));
        assertEquals("64 MiB", MachineFacts.size(64L << 20));
        assertEquals("1.5 MiB", MachineFacts.size(3L << 19));
        assertEquals(1L << 20, BenchRun.sizeOf("add in place 1 MiB"));
        assertEquals(16 * 1024, BenchRun.sizeOf("softmax 16 KiB"));
        assertEquals(-1, BenchRun.sizeOf("1024x1024x1024"));
        assertEquals("1:05", BenchRun.clock(65));
        assertEquals("1:19:06", BenchRun.clock(4746));
    }

    /** A convolution job of ResVec's passes the error file to its forks; the rows get the largest value in it. */
    @Test
    void convolutionRowsTakeTheLargestMeasuredErrorOfTheirForks(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        Work w = new Work(Work.TIME, "ms", 1e9, 0, 0);
        Job conv = new Job(ReportPlan.CONV, "3x3_64-64_56 b1", "ResVec F(4×4,3×3)", "WINOGRAD_F4X4_3X3", Row.MAIN,
                new ThreadSpec("1", 1), null, dev.resvec.bench.ConvBenchmark.class.getName() + ".conv3x3_forward",
                Map.of(), 1, List.of(), w, "FMA peak", new Iterations(1, 10, 3, 10), 1);
        assertTrue(JmhExecutor.measuresError(conv));
        assertFalse(JmhExecutor.measuresError(job(w)), "a GEMM row");
        java.nio.file.Path file = dir.resolve("e.txt");
        for (double e : new double[] {1.5e-6, 2.31e-6, 1.9e-6}) { // the forks' lines, as ConvBenchmark writes them
            dev.resvec.bench.ConvErrors.append(file, new dev.resvec.bench.ConvErrors.Entry("3x3_64-64_56",
                    "WINOGRAD_F4X4_3X3", 1, 1, "forward", e));
        }
        List<Row> rows = JmhExecutor.withMeasuredError(JmhExecutor.rowsOf(conv, List.of(new double[] {1e-3})), file);
        assertEquals(2.31e-6, rows.get(0).measuredError());
        List<Row> none = JmhExecutor.withMeasuredError(JmhExecutor.rowsOf(conv, List.of(new double[] {1e-3})),
                dir.resolve("absent.txt"));
        assertEquals(null, none.get(0).measuredError());
    }
}

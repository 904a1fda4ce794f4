package dev.resvec.bench.report;

import java.util.List;
import java.util.Map;

/** Small reports for the tests, built by hand. */
final class Reports {
    private Reports() {}

    static Figure rate(double median, double low, double high) {
        return new Figure("GFLOP/s", "GFLOP/s", median, low, high, 0.95, 9, true);
    }

    static Figure time(double median, double low, double high) {
        return new Figure("time", "ms", median, low, high, 0.95, 9, false);
    }

    static Row row(String section, String caseName, String impl, String variant, String threadsKey, int threads,
                   Figure... figures) {
        return new Row(section, caseName, impl, null, variant, threadsKey, threads, List.of(figures), null, List.of(),
                List.of(), null);
    }

    /**
     * A convolution section: ResVec's F(4×4,3×3) at 1 thread with a measured error of 2.31·10⁻⁶, its im2col row
     * failed, and PyTorch (no measured error).
     */
    static Section conv() {
        Row f4 = row("conv", "3x3_64-64_56 b1", "ResVec F(4×4,3×3)", Row.MAIN, "1", 1, time(1.2, 1.1, 1.3))
                .withMeasuredError(2.31e-6);
        Row failed = Row.failed("conv", "3x3_64-64_56 b1", "ResVec im2col", "IM2COL_GEMM", Row.MAIN, "1", 1,
                "boom (see jmh.log)");
        Row torch = row("conv", "3x3_64-64_56 b1", "PyTorch", Row.PEER, "1", 1, time(1.5, 1.4, 1.6));
        return new Section("conv", "Convolution", "", List.of(f4, failed, torch), List.of());
    }

    static Figure gbs(double median, double low, double high) {
        return new Figure("GB/s", "GB/s", median, low, high, 0.95, 9, true);
    }

    /**
     * A report of limits (the FMA peak, the stream add at 16 KiB and 1 MiB on 1 thread), an elementwise section
     * (ResVec's add at 16 KiB, 241 GB/s: 132 % of the stream add; at 1 MiB, 83.8 GB/s: 96.9 %) and a convolution
     * section (F(4×4,3×3) at 296 GFLOP/s: 148 % of the FMA peak; im2col at 146: 73.0 %).
     */
    static Report elementwise() {
        Figure fma = rate(200, 195, 205);
        Figure s16 = gbs(183, 182, 184);
        Figure s1m = gbs(86.5, 86.3, 86.9);
        Row fmaRow = row("limits", "FMA peak", "Java probe", Row.MAIN, "1", 1, fma);
        Row stream16 = row("limits", "stream add 16 KiB", "Java probe", Row.MAIN, "1", 1, s16);
        Row stream1m = row("limits", "stream add 1 MiB", "Java probe", Row.MAIN, "1", 1, s1m);
        Row add16 = row("elementwise", "add 16 KiB", "ResVec", Row.MAIN, "1", 1, gbs(241, 240, 247))
                .withPercent(Percent.of("stream add 16 KiB", gbs(241, 240, 247), s16));
        Row add1m = row("elementwise", "add 1 MiB", "ResVec", Row.MAIN, "1", 1, gbs(83.8, 83, 84))
                .withPercent(Percent.of("stream add 1 MiB", gbs(83.8, 83, 84), s1m));
        Row wino = row("conv", "3x3_64-64_56 b1", "ResVec F(4×4,3×3)", Row.MAIN, "1", 1, time(0.781, 0.77, 0.86),
                rate(296, 270, 300)).withPercent(Percent.of("FMA peak", rate(296, 270, 300), fma));
        Row im2col = row("conv", "3x3_64-64_56 b1", "ResVec im2col", Row.MAIN, "1", 1, time(1.43, 1.42, 1.44),
                rate(146, 145, 147)).withPercent(Percent.of("FMA peak", rate(146, 145, 147), fma));
        Report base = small(147, "cpu");
        return new Report(base.schema(), base.created(), base.mode(), base.durationSeconds(), base.command(),
                base.machine(), base.measurement(), base.variants(), base.peers(), List.of(
                        new Section("limits", "Machine limits", "The ceilings.", List.of(fmaRow, stream16, stream1m),
                                List.of()),
                        new Section("conv", "Convolution", "Forward.", List.of(wino, im2col), List.of()),
                        new Section("elementwise", "Elementwise kernels", "Memory-bound.", List.of(add16, add1m),
                                List.of())));
    }

    static Machine machine(String cpu, String provider) {
        return new Machine(cpu, 2, 2, List.of("avx2", "fma", "avx512f"), "L1d 48 KiB, L2 1 MiB", "getconf",
                "L1 32 KiB, L2 512 KiB, L3 8 MiB", "Linux 6.1 amd64", "Temurin 25", List.of("--add-modules=x"),
                Map.of("UseAVX", "3", "MaxVectorSize", "64"), provider, 512, true, 512, List.of(1, 2));
    }

    /**
     * A report with a limits section (FMA peak 200 / 400 GFLOP/s at 1 / all threads) and a GEMM section: ResVec at
     * 1 and all threads, a scalar variant and an OpenBLAS peer at 1 thread, and one failed row.
     */
    static Report small(double resvec1T, String cpu) {
        Row fma1 = row("limits", "FMA peak", "Java probe", Row.MAIN, "1", 1, rate(200, 195, 205));
        Row fma2 = row("limits", "FMA peak", "Java probe", Row.MAIN, "all", 2, rate(400, 390, 410));
        Row r1 = row("gemm", "1024x1024x1024", "ResVec", Row.MAIN, "1", 1,
                rate(resvec1T, resvec1T * 0.98, resvec1T * 1.02),
                time(2000 / resvec1T, 2000 / resvec1T * 0.98, 2000 / resvec1T * 1.02))
                .withPercent(Percent.of("FMA peak", rate(resvec1T, resvec1T * 0.98, resvec1T * 1.02),
                        rate(200, 195, 205)));
        Row r2 = row("gemm", "1024x1024x1024", "ResVec", Row.MAIN, "all", 2, rate(250, 240, 260));
        Row scalar = row("gemm", "1024x1024x1024", "ResVec scalar", Row.SCALAR, "1", 1, rate(7.5, 7.4, 7.6));
        Row peer = row("gemm", "1024x1024x1024", "OpenBLAS (auto)", Row.PEER, "1", 1, rate(100, 99, 101));
        Row failed = Row.failed("gemm", "64x576x3136", "ResVec", null, Row.MAIN, "1", 1, "boom (see jmh.log)");
        Section limits = new Section("limits", "Machine limits", "The ceilings.", List.of(fma1, fma2), List.of());
        Section gemm = new Section("gemm", "GEMM", "C = A·B.", List.of(r1, r2, scalar, peer, failed),
                List.of(new Missing("EJML", "not run (--peers)")));
        return new Report(Report.SCHEMA, "2026-12-02T08:00:00Z", "quick", 123.5, "resvec bench --quick",
                machine(cpu, "vector provider, 512-bit species (16 floats), FMA on (automatic)"), "How.",
                List.of(new Variant(Row.MAIN, "", List.of(), "vector provider, 512-bit"),
                        new Variant(Row.SCALAR, "scalar", List.of("-Dresvec.kernels=scalar"), "scalar provider")),
                List.of(new PeerStatus("OpenBLAS", true, "0.3.21"), new PeerStatus("EJML", false, "not run")),
                List.of(limits, gemm));
    }
}

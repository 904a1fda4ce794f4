package dev.resvec.bench.report.run;

/**
 * How long the report measures: forks and iterations per kind of job. The selection of cases per mode is in
 * {@link ReportPlan}.
 */
public enum Mode {
    /** Proves the pipeline works (CI): 1 fork, 1 + 2 iterations of 30 ms, tiny sizes, peers skipped. */
    SMOKE(1, new Iterations(1, 30, 2, 30), new Iterations(1, 30, 2, 30), new Iterations(1, 30, 2, 30),
            new Iterations(1, 30, 2, 30), new Iterations(1, 30, 2, 30)),
    /**
     * A few minutes: 1 fork, short iterations, a few sizes per section. 9 short measured iterations where calls are
     * short, so that the 95 % interval of the median ({@code [x(2), x(8)]}) leaves out one wild sample each side.
     * About a second of warm-up for the kernels: an interpreted vector kernel runs hundreds of times slower, and
     * C2 took up to a second to compile softmax here (its first iterations at 45 ms a call instead of 0.12).
     */
    QUICK(1, new Iterations(2, 300, 9, 60), new Iterations(2, 500, 9, 60), new Iterations(2, 500, 9, 60),
            new Iterations(4, 1000, 5, 300), new Iterations(6, 1000, 5, 400)),
    /** The whole report: 3 forks (Vector API results can be bimodal across forks), longer iterations. */
    FULL(3, new Iterations(2, 500, 5, 300), new Iterations(2, 400, 5, 300), new Iterations(2, 200, 5, 200),
            new Iterations(5, 1000, 5, 1000), new Iterations(6, 2000, 5, 2000));

    /** Forks per job. */
    public final int forks;
    /** The machine-limit probes. */
    public final Iterations limits;
    /** GEMM and convolution. */
    public final Iterations kernels;
    /** The elementwise kernels (calls of nanoseconds to milliseconds). */
    public final Iterations memory;
    /**
     * Inference (calls of tens of milliseconds to seconds). At least 4 s of warm-up: C2 compiles a ResNet-50's
     * kernels over the first 5–7 s of calls (JDK 25, Zen 5), and with 0.6 s the quick report measured 63 ms at 1
     * thread and 63 at 2 where the settled predictor takes 57 and 38.
     */
    public final Iterations networks;
    /**
     * The training step: the JIT needs about 30 steps to settle (TrainStepBenchmark's own measurement), hence at
     * least 6 s of warm-up (with 4 s the quick report measured 327–337 ms at 1 thread where the settled step takes
     * 218–234).
     */
    public final Iterations training;

    Mode(int forks, Iterations limits, Iterations kernels, Iterations memory, Iterations networks,
         Iterations training) {
        this.forks = forks;
        this.limits = limits;
        this.kernels = kernels;
        this.memory = memory;
        this.networks = networks;
        this.training = training;
    }

    /** @return {@code smoke}, {@code quick} or {@code full} */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package dev.resvec.bench.report.run;

/**
 * How long the report measures: forks and iterations per kind of job. The selection of cases per mode is in
 * {@link ReportPlan}.
 */
public enum Mode {
    /** Proves the pipeline works (CI): 1 fork, 1 + 2 iterations of 30 ms, tiny sizes, peers skipped. */
    SMOKE(1, new Iterations(1, 30, 2, 30), new Iterations(1, 30, 2, 30), new Iterations(1, 30, 2, 30),
            new Iterations(1, 30, 2, 30)),
    /** A few minutes: 1 fork, short iterations, a few sizes per section. */
    QUICK(1, new Iterations(1, 200, 5, 100), new Iterations(2, 200, 5, 150), new Iterations(2, 100, 5, 100),
            new Iterations(2, 300, 5, 300)),
    /** The whole report: 3 forks (Vector API results can be bimodal across forks), longer iterations. */
    FULL(3, new Iterations(2, 500, 5, 500), new Iterations(3, 500, 5, 500), new Iterations(2, 300, 5, 300),
            new Iterations(3, 1000, 5, 1000));

    /** Forks per job. */
    public final int forks;
    /** The machine-limit probes. */
    public final Iterations limits;
    /** GEMM and convolution. */
    public final Iterations kernels;
    /** The elementwise kernels (calls of nanoseconds to milliseconds). */
    public final Iterations memory;
    /** Inference and training (calls of tens of milliseconds to seconds). */
    public final Iterations networks;

    Mode(int forks, Iterations limits, Iterations kernels, Iterations memory, Iterations networks) {
        this.forks = forks;
        this.limits = limits;
        this.kernels = kernels;
        this.memory = memory;
        this.networks = networks;
    }

    /** @return {@code smoke}, {@code quick} or {@code full} */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

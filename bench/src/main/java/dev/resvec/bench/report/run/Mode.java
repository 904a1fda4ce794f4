package dev.resvec.bench.report.run;

/**
 * How long the report measures: forks and iterations per kind of job, and whether a case's thread counts share a
 * fork. The selection of cases per mode is in {@link ReportPlan}.
 *
 * <p>The warm-ups are what C2 needs on the 2-vCPU Zen 5 VM (JDK 25), from JIT logs of forks
 * ({@code -Xlog:jit+compilation}) and per-call times: a first call runs interpreted and in C1 code, where every
 * vector is an object, while both vCPUs compile (1.2 s for a 1024³ GEMM, 1.5–2.8 s for a ResNet-18 forward,
 * 3–4.3 s for a training step); after it a ResNet-18 settled within 1.5 s at 1 thread and 2.5 s at 2, a training
 * step within 2–4 s (in one fork of ten 6 s: a rarely called edge-tile GEMM kernel reached C2 late). Shorter
 * warm-ups than the ones below left the first measured iterations up to 1.5× slow. Not always long enough: on
 * 2026-12-04 a 2-thread ResNet-18 fork still ran 13–14.6 ms a call after four 1 s warm-up iterations where it
 * settled at 12.4, so ResVec's inference forks first call their predictor until its call time settles
 * ({@link ReportPlan#INFERENCE_SETTLE_SECONDS}). What warm-ups cannot remove:
 * this VM's speed drifts by 10–40 % over seconds, with no JIT or GC activity and nothing else running in the guest
 * (a settled ResNet-18 forward at 1 thread went from 22 to 38 ms and back within one JVM), and a JVM can settle
 * 30–40 % slower than another (ResNet-18: 22 or 29 ms, the 128-bit training step: 380–540 ms).
 */
public enum Mode {
    /**
     * Proves the pipeline works (CI): 1 fork, 1 + 2 iterations of 30 ms, tiny sizes; the GEMM and convolution rows
     * at 1 and all threads in one fork each, so that CI runs the alternation too. Of the peers, where enabled, only
     * the GEMM ones that need no Python run, at 64³ and 1 thread ({@link ReportPlan#SMOKE_PEERS}: EJML, netlib
     * VectorBLAS, OpenBLAS through FFM where the probe finds it, named as missing otherwise); PyTorch and ONNX
     * Runtime are named as not run in smoke mode.
     */
    SMOKE(1, true, tiny(), tiny(), tiny(), tiny(), tiny(), tiny(), tiny(), tiny(), tiny(), tiny()),
    /**
     * 2 min 18 s to 2 min 58 s here (2:17–2:28 in four runs before the inference forks settled their predictors,
     * 2:43–2:58 after): 1 fork, short iterations, a few cases per section, and the 1-thread and all-threads rows of a case with calls of a third of a millisecond or more in one fork, iteration
     * by iteration ({@link dev.resvec.bench.ThreadAlternation}): one JVM start and one JIT warm-up for both, and both
     * under the same conditions. 9 short measured iterations per row where calls are short, so that the 95 %
     * interval of the median ({@code [x(2), x(8)]}) leaves out one wild sample each side. The FMA probe's loop
     * reaches C2 after about 0.8 s (its measured iterations ran at 68 % of the peak after 0.6 s of warm-up); the
     * streaming add over 16 KiB was still speeding up after 0.5 s when given 0.2 s of warm-up (2.4 → 3.5 million
     * calls a second).
     */
    QUICK(1, true,
            new Iterations(4, 250, 9, 30), new Iterations(2, 300, 9, 30),
            new Iterations(2, 500, 9, 40), new Iterations(2, 500, 9, 40),
            new Iterations(4, 1000, 5, 200), new Iterations(5, 1000, 5, 200),
            // ONNX Runtime is native code: its second call is as fast as its hundredth
            new Iterations(2, 500, 5, 200),
            // calls of 0.3–0.4 s (scalar ResNet-18, EJML's 1024³) and 2.6 s (a scalar training step): an iteration
            // holds one call
            new Iterations(1, 300, 3, 300), new Iterations(1, 1000, 3, 500), new Iterations(1, 300, 5, 300)),
    /** The whole report: 3 forks (Vector API results can be bimodal across forks), longer iterations. */
    FULL(3, false,
            new Iterations(2, 500, 5, 300), new Iterations(2, 500, 5, 300),
            new Iterations(2, 400, 5, 300), new Iterations(2, 200, 5, 200),
            new Iterations(5, 1000, 5, 1000), new Iterations(6, 2000, 5, 2000),
            new Iterations(5, 1000, 5, 1000),
            new Iterations(5, 1000, 5, 1000), new Iterations(6, 2000, 5, 2000), new Iterations(2, 400, 5, 300));

    /** Forks per job. */
    public final int forks;
    /**
     * Whether the first two thread counts of a case share a fork, alternating iteration by iteration: ResVec's GEMM,
     * convolution and training rows and ONNX Runtime's inference. Not ResVec's inference (its 2-thread rows
     * settled less reliably alternating with 1-thread iterations, see {@link ReportPlan}), nor the elementwise rows (a 2-thread call of tens
     * of microseconds lost up to 4× in iterations that follow 1-thread ones, see {@link ReportPlan}), the limit
     * probes (JMH threads) or the GEMM peers (their benchmark takes one thread count).
     */
    public final boolean interleavesThreads;
    /** The FMA-peak probe. */
    public final Iterations peak;
    /** The streaming-add limit probes. */
    public final Iterations limits;
    /** GEMM and convolution. */
    public final Iterations kernels;
    /**
     * The elementwise kernels (calls of nanoseconds to milliseconds). About a second of warm-up: C2 took up to a
     * second to compile softmax here (its first iterations at 45 ms a call instead of 0.12; 0.23 ms after half a
     * second), and with 0.3 s the 16 KiB add's first two measured iterations were 20 % and 55 % slow.
     */
    public final Iterations memory;
    /** ResVec's inference (calls of tens of milliseconds). */
    public final Iterations networks;
    /** The training step (a step of 0.15–0.5 s). */
    public final Iterations training;
    /** ONNX Runtime's inference. */
    public final Iterations networkPeers;
    /** The scalar inference rows (a call of a third of a second or more). */
    public final Iterations scalarNetworks;
    /** The scalar training rows (a step of seconds). */
    public final Iterations scalarTraining;
    /** The slowest GEMM peer rows (EJML at 1024³: a third of a second per call). */
    public final Iterations slowPeers;

    Mode(int forks, boolean interleavesThreads, Iterations peak, Iterations limits, Iterations kernels,
         Iterations memory, Iterations networks, Iterations training, Iterations networkPeers,
         Iterations scalarNetworks, Iterations scalarTraining, Iterations slowPeers) {
        this.forks = forks;
        this.interleavesThreads = interleavesThreads;
        this.peak = peak;
        this.limits = limits;
        this.kernels = kernels;
        this.memory = memory;
        this.networks = networks;
        this.training = training;
        this.networkPeers = networkPeers;
        this.scalarNetworks = scalarNetworks;
        this.scalarTraining = scalarTraining;
        this.slowPeers = slowPeers;
    }

    private static Iterations tiny() {
        return new Iterations(1, 30, 2, 30);
    }

    /** @return {@code smoke}, {@code quick} or {@code full} */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

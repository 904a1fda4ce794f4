package dev.resvec.bench;

import dev.resvec.kernels.Parallelism;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * ResVec's CIFAR ResNet-20 training step ({@link TrainStepFixture}, what {@link TrainStepBenchmark} times) and
 * PyTorch's ({@code torch_report.py}'s, the report's peer row) {@linkplain Alternation alternated} round by round:
 * PyTorch runs in a child process that steps only when asked ({@link TorchCalls}), so the two sides take turns
 * on the same cores and see the same conditions. Why: on the 2-vCPU VM this was built on, the same build's step
 * measured 190 ms in one quick report and 306–352 ms in the next three, minutes apart, while PyTorch's moved between
 * 151 and 284 ms; a ratio of figures taken minutes apart says more about the VM than about either library.
 *
 * <p>PyTorch's step time depends on the process as much as on the VM's moment: six processes in a row, 15 steps
 * each, had medians of 310, 230, 148, 153, 166 and 382 ms. So {@value #TORCH_PROCESSES} processes take the rounds
 * in turn (each warmed by {@value #TORCH_WARM_UP_STEPS} steps first). ResVec first steps alone for
 * {@value #WARM_UP_SECONDS} s (the JIT needs ~30 steps); then {@code rounds} rounds of {@value #ROUND_MILLIS} ms a
 * side, the first 2 not counted. PyTorch's calls are
 * timed by this JVM around the request, which adds the pipe's round trip (tens of microseconds against steps of
 * 100 ms and more). Prints one Markdown row.
 *
 * <pre>java --add-modules=jdk.incubator.vector -cp bench/target/benchmarks.jar \
 *     dev.resvec.bench.TrainingAlternation THREADS [PYTHON [ROUNDS]]     # PYTHON: /usr/bin/python3 by default</pre>
 */
public final class TrainingAlternation {
    static final int WARM_UP_SECONDS = 10;
    static final long ROUND_MILLIS = 4000;
    static final int TORCH_PROCESSES = 3;
    static final int TORCH_WARM_UP_STEPS = 3;
    private static final int UNCOUNTED_ROUNDS = 2;

    private TrainingAlternation() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: TrainingAlternation THREADS [PYTHON [ROUNDS]]");
            System.exit(2);
        }
        int threads = Alternation.positive(args, 0, "THREADS");
        String python = args.length > 1 ? args[1] : "/usr/bin/python3";
        int rounds = args.length > 2 ? Alternation.positive(args, 2, "ROUNDS") : 14;
        if (rounds <= UNCOUNTED_ROUNDS) {
            throw new IllegalArgumentException("ROUNDS must be more than the " + UNCOUNTED_ROUNDS
                    + " uncounted ones, got " + rounds);
        }
        Parallelism.setDefaultThreads(threads);
        TrainStepFixture fixture = new TrainStepFixture();
        long end = System.nanoTime() + WARM_UP_SECONDS * 1_000_000_000L;
        while (System.nanoTime() < end) {
            fixture.step();
        }
        Path dir = Files.createTempDirectory("resvec-training-alternation");
        List<TorchCalls> torch = TorchCalls.startWarm(TORCH_PROCESSES, TORCH_WARM_UP_STEPS, dir,
                d -> TorchCalls.trainSteps(python, TrainStepFixture.BATCH, threads, d));
        try {
            Alternation.Outcome o = Alternation.compare(fixture::step,
                    round -> torch.get(round % TORCH_PROCESSES)::step, rounds, UNCOUNTED_ROUNDS, ROUND_MILLIS);
            System.out.println("| CIFAR ResNet-20 train step, batch | threads | ResVec ms | PyTorch ms"
                    + " | ResVec ÷ PyTorch (per-round min / median / max) |");
            System.out.println("|---|---|---|---|---|");
            System.out.println(String.format(Locale.ROOT, "| %d | %d | %.1f | %.1f | %.3f / %.3f / %.3f |",
                    TrainStepFixture.BATCH, threads, o.oursMillis(), o.theirsMillis(), o.lowestRatio(),
                    o.medianRatio(), o.highestRatio()));
        } finally {
            torch.forEach(TorchCalls::close);
        }
    }
}

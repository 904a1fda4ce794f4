package dev.resvec.bench.report.run;

/**
 * JMH's iteration settings for one job: warm-up iterations (not measured: JIT compilation, caches, the thread pool
 * starting) and measured iterations, each of at least the given time (and at least one call).
 *
 * @param warmups       warm-up iterations
 * @param warmupMs      time of each, ms
 * @param measurements  measured iterations (per fork: the samples of a row)
 * @param measurementMs time of each, ms
 */
public record Iterations(int warmups, int warmupMs, int measurements, int measurementMs) {
    public Iterations {
        if (warmups < 0 || warmupMs < 1 || measurements < 1 || measurementMs < 1) {
            throw new IllegalArgumentException("iterations: expected warm-ups >= 0 and measurements >= 1 of >= 1 ms,"
                    + " got " + warmups + " x " + warmupMs + " ms, " + measurements + " x " + measurementMs + " ms");
        }
    }

    /** @return seconds one fork spends iterating (calls slower than an iteration make it longer) */
    public double seconds() {
        return (warmups * (double) warmupMs + measurements * (double) measurementMs) / 1000;
    }

    /**
     * @return the iterations of a job that times two thread counts in turn ({@link Job#alternate()}): the same
     * warm-up (it warms the JIT for both), twice the measured iterations (each row keeps its count)
     */
    public Iterations alternating() {
        return new Iterations(warmups, warmupMs, 2 * measurements, measurementMs);
    }

    /** @return e.g. {@code 2 × 200 ms warm-up + 5 × 150 ms} */
    public String describe() {
        return warmups + " × " + warmupMs + " ms warm-up + " + measurements + " × " + measurementMs + " ms";
    }
}

package dev.resvec.nn.predict;

import java.util.List;
import java.util.Locale;

/**
 * Where the time of a {@link Predictor} call goes, operation by operation, as {@link Predictor#profile} measured it
 * on this machine: per operation the median over the timed calls of its wall time (System.nanoTime around the
 * operation, which includes waiting for the threads it shares work with), in the plan's order. ONNX Runtime's
 * session profiling and {@code torch.profiler} answer the same question; this is the table, not a trace.
 *
 * <p>GFLOP/s count the multiply-adds of the direct convolution whatever the algorithm computes, so a Winograd layer
 * can pass the machine's FMA peak. In a network each layer finds its weights and inputs where the previous layers
 * left the caches, so it may run slower here than alone in a benchmark. The medians of the operations need not add
 * up to the median of the calls.
 *
 * @param batch       images per call
 * @param threads     the threads each call could use
 * @param runs        timed calls
 * @param totalMillis the median over the timed calls of the whole call's time (the operations' sum per call)
 * @param operations  one entry per operation of the plan, in execution order
 */
public record PredictorProfile(int batch, int threads, int runs, double totalMillis, List<Operation> operations) {
    /**
     * One operation's median time.
     *
     * @param name         the layer and what runs for it, as {@link Predictor#describe()} prints it
     * @param millis       median time of the operation over the timed calls
     * @param multiplyAdds multiply-adds of the operation per call (convolutions and linear layers; 0 for the others)
     */
    public record Operation(String name, double millis, long multiplyAdds) {
        /** @return 2·multiply-adds / time in GFLOP/s, or 0 for an operation without multiply-adds */
        public double gflops() {
            return multiplyAdds == 0 || millis <= 0 ? 0 : 2.0 * multiplyAdds / (millis * 1e6);
        }
    }

    /**
     * Copies the operations, so that the record is immutable.
     *
     * @throws NullPointerException when {@code operations} or one of them is null
     */
    public PredictorProfile {
        operations = List.copyOf(operations);
    }

    /** @return the operations' multiply-adds per call, in all */
    public long multiplyAdds() {
        return operations.stream().mapToLong(Operation::multiplyAdds).sum();
    }

    /**
     * @return a plain-text table: per operation its median time, its share of the operations' summed medians and its
     *         GFLOP/s, then the total
     */
    public String toTable() {
        double sum = operations.stream().mapToDouble(Operation::millis).sum();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%10s %6s %8s  %s%n", "ms", "%", "GFLOP/s", "operation"));
        for (Operation o : operations) {
            s.append(String.format(Locale.ROOT, "%10.3f %6.1f %8s  %s%n", o.millis(),
                    sum > 0 ? 100 * o.millis() / sum : 0, o.multiplyAdds() == 0 ? "" : String.format(Locale.ROOT,
                            "%.1f", o.gflops()), o.name()));
        }
        s.append(String.format(Locale.ROOT, "%10.3f %6.1f %8s  the operations' medians summed (the %% column's"
                + " whole)%n", sum, sum > 0 ? 100.0 : 0, ""));
        s.append(String.format(Locale.ROOT, "%10.3f %6s %8.1f  total: median of %d call%s, batch %d, %d thread%s%n",
                totalMillis, "", totalMillis > 0 ? 2.0 * multiplyAdds() / (totalMillis * 1e6) : 0, runs,
                runs == 1 ? "" : "s", batch, threads, threads == 1 ? "" : "s"));
        return s.toString();
    }
}

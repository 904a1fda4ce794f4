package dev.resvec.bench.report;

import java.util.Arrays;

/**
 * The statistics of a row: the median of all samples and a distribution-free confidence interval of the median
 * from order statistics (Conover, <i>Practical Nonparametric Statistics</i>, 3rd ed., §3.2): with the samples sorted,
 * {@code [x(k), x(n−k+1)]} covers the true median with probability {@code 1 − 2·P(B ≤ k−1)}, B ~ Binomial(n, ½).
 * The largest k whose coverage is at least 95 % is taken; with 5 samples or fewer no k reaches 95 %, and the
 * interval is the whole range, whose coverage {@code 1 − 2·2⁻ⁿ} (75 % for 3, 93.75 % for 5) is recorded with it.
 *
 * <p>Why the median and this interval rather than JMH's mean ± t-interval: benchmark samples are skewed (a
 * preempted iteration is slow, never fast) and Vector API results can be bimodal across forks; the median ignores
 * one wild sample, and the order-statistic interval assumes no distribution at all. All forks' samples are pooled,
 * so fork-to-fork differences widen the interval instead of hiding in one fork.
 */
public final class Stats {
    /** The coverage asked for. */
    public static final double LEVEL = 0.95;
    /** A row whose interval is wider than this fraction of its median is flagged {@link #WIDE}. */
    public static final double WIDE_LIMIT = 0.20;
    /** A row whose per-fork medians differ by more than this factor is flagged {@link #FORKS_DISAGREE}. */
    public static final double FORK_LIMIT = 1.15;
    /** Flag: the confidence interval is wider than ±10 % of the median. */
    public static final String WIDE = "wide-ci";
    /** Flag: the forks' medians differ by more than 15 % (bimodal JIT outcomes, or a disturbed fork). */
    public static final String FORKS_DISAGREE = "forks-disagree";

    private Stats() {}

    /**
     * @param name           the figure's name
     * @param unit           its unit
     * @param samples        at least one finite positive value
     * @param higherIsBetter which way is better
     * @return the median and its interval
     * @throws IllegalArgumentException for no samples, or a sample that is not finite and positive
     */
    public static Figure figure(String name, String unit, double[] samples, boolean higherIsBetter) {
        double[] x = sorted(samples, name);
        int n = x.length;
        int k = rank(n);
        return new Figure(name, unit, median(x), x[k - 1], x[n - k], coverage(n, k), n, higherIsBetter);
    }

    /**
     * @return the largest k with coverage ≥ {@link #LEVEL}, or 1 when none reaches it
     */
    static int rank(int n) {
        int best = 1;
        for (int k = 1; 2 * k <= n + 1; k++) {
            if (coverage(n, k) >= LEVEL) {
                best = k;
            } else {
                break;
            }
        }
        return best;
    }

    /** @return {@code 1 − 2·P(B ≤ k−1)} for B ~ Binomial(n, ½): the coverage of {@code [x(k), x(n−k+1)]} */
    static double coverage(int n, int k) {
        double tail = 0;
        double term = Math.pow(0.5, n); // P(B = 0)
        for (int i = 0; i < k; i++) {
            tail += term;
            term = term * (n - i) / (i + 1);
        }
        return Math.max(0, 1 - 2 * tail);
    }

    /** @return the median of values sorted ascending */
    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** @return the median of any values (a copy is sorted) */
    public static double medianOf(double[] values) {
        return median(sorted(values, "values"));
    }

    private static double[] sorted(double[] samples, String name) {
        if (samples == null || samples.length == 0) {
            throw new IllegalArgumentException(name + ": no samples");
        }
        for (double s : samples) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException(name + ": every sample must be finite and positive, got " + s);
            }
        }
        double[] x = samples.clone();
        Arrays.sort(x);
        return x;
    }
}

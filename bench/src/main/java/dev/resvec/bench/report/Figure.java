package dev.resvec.bench.report;

import java.util.Locale;

/**
 * One measured figure: the median of its samples, a confidence interval of that median, its unit and which way is
 * better.
 *
 * @param name           what it measures: {@code time}, {@code GFLOP/s}, {@code GB/s}, {@code images/s}
 * @param unit           e.g. {@code ms}, {@code GFLOP/s}
 * @param median         the median of the samples
 * @param ciLow          low end of the confidence interval of the median
 * @param ciHigh         high end
 * @param ciLevel        the interval's coverage (0.95, or less with fewer than 6 samples, 0 with one; see
 *                       {@link Stats})
 * @param samples        how many samples (measured iterations over all forks, or timed calls of a peer)
 * @param higherIsBetter true for rates, false for times
 */
public record Figure(String name, String unit, double median, double ciLow, double ciHigh, double ciLevel, int samples,
                     boolean higherIsBetter) {

    public Figure {
        if (name == null || name.isBlank() || unit == null || unit.isBlank()) {
            throw new IllegalArgumentException("a figure needs a name and a unit, got '" + name + "', '" + unit + "'");
        }
        if (!(median > 0) || !(ciLow <= median) || !(median <= ciHigh) || !(ciLow > 0) || Double.isInfinite(ciHigh)) {
            throw new IllegalArgumentException("figure " + name + ": expected 0 < ciLow <= median <= ciHigh < inf, got "
                    + ciLow + " <= " + median + " <= " + ciHigh);
        }
        if (!(ciLevel >= 0 && ciLevel < 1) || samples < 1) {
            throw new IllegalArgumentException("figure " + name + ": expected a CI level in [0, 1) and samples >= 1,"
                    + " got " + ciLevel + ", " + samples);
        }
    }

    /** @return the width of the interval relative to the median: (high − low) / median */
    public double relativeWidth() {
        return (ciHigh - ciLow) / median;
    }

    /** @return the median as a speed: itself for a rate, its inverse for a time (so that larger is faster) */
    public double speed() {
        return higherIsBetter ? median : 1 / median;
    }

    /** @return whether the two intervals share a point (the noise rule of {@link Comparison}) */
    public boolean overlaps(Figure other) {
        return ciLow <= other.ciHigh && other.ciLow <= ciHigh;
    }

    /** @return e.g. {@code 152 [149, 155]} in three significant digits */
    public String format() {
        return number(median) + " [" + number(ciLow) + ", " + number(ciHigh) + "]";
    }

    /** @return a positive number in three significant digits, without exponent up to 10⁷ */
    public static String number(double v) {
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        double a = Math.abs(v);
        if (a >= 1e7 || (a < 1e-4 && a > 0)) {
            return String.format(Locale.ROOT, "%.2e", v);
        }
        String pattern = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : a >= 0.1 ? "%.3f" : "%.4f";
        return String.format(Locale.ROOT, pattern, v);
    }
}

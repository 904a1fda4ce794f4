package dev.resvec.core.testing;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * The values a generated tensor holds: a range {@code [min, max]}, optionally kept away from zero
 * ({@code |x| >= delta}) so that a gradient check never straddles a kink (ReLU at 0, |x|) or a pole (1/x).
 * Values are rounded to float, so a FLOAT32 copy of a generated FLOAT64 tensor holds the very same numbers.
 *
 * @param min   the smallest value
 * @param max   the largest value
 * @param delta values closer to 0 than this are moved to ±delta (0: no constraint)
 */
public record Values(double min, double max, double delta) {
    /** Checks the range. */
    public Values {
        if (!(min <= max) || !(delta >= 0) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("Values: needs finite min <= max and delta >= 0, got [" + min + ", "
                    + max + "], delta " + delta);
        }
        if (delta > 0 && min > -delta && max < delta) {
            throw new IllegalArgumentException("Values: [" + min + ", " + max + "] holds no value with |x| >= "
                    + delta);
        }
    }

    /** @return values in {@code [min, max]} */
    public static Values between(double min, double max) {
        return new Values(min, max, 0);
    }

    /** @return these values kept at {@code |x| >= delta} (away from the kink at 0) */
    public Values awayFromZero(double delta) {
        return new Values(min, max, delta);
    }

    /**
     * @return the arbitrary: jqwik's doubles in the range (which shrink towards 0, then are moved to ±delta),
     * rounded to float
     */
    public Arbitrary<Double> arbitrary() {
        return Arbitraries.doubles().between(min, max).map(this::adjust);
    }

    private double adjust(double x) {
        double v = x;
        if (Math.abs(v) < delta) {
            v = x >= 0 ? delta : -delta;
            if (v > max || v < min) {
                v = -v;
            }
        }
        double r = (float) v;
        if (r > max || r < min) { // rounding stepped out of the range: step back in
            r = Math.nextAfter((float) v, x);
        }
        return r;
    }
}

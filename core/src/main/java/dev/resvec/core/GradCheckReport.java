package dev.resvec.core;

import java.util.Arrays;
import java.util.Locale;

/**
 * The outcome of a {@link GradCheck}: pass or fail, how many values were compared and how many failed, the maximum
 * absolute and relative errors, and the worst element. {@link #toString()} is the text a failing test should print;
 * {@link #assertPassed()} throws it.
 */
public final class GradCheckReport {
    private final String check;
    private final String actualName;
    private final String referenceName;
    private final double atol;
    private final double rtol;
    private final long compared;
    private final long failures;
    private final double maxAbsError;
    private final double maxRelError;
    private final Element worst;

    /**
     * One compared value.
     *
     * @param quantity    what was compared (e.g. "d out[3] / d input 1[0, 2]", "gradient of input 0", "output")
     * @param input       the input's position (-1 for an output value)
     * @param index       the element's multi-index in that input (or in the output); empty for a projection
     * @param outputIndex the output element differentiated (flat), -1 where not applicable
     * @param actual      the value under test: the analytic gradient (gradient check), the float32 value
     *                    (agreement check)
     * @param reference   the reference: the numeric gradient, the float64 value
     * @param bound       the tolerance that applied: {@code atol + rtol·|reference|}
     */
    public record Element(String quantity, int input, int[] index, int outputIndex, double actual, double reference,
                          double bound) {
        /** @return {@code |actual − reference|} */
        public double error() {
            return Math.abs(actual - reference);
        }

        /** @return the analytic gradient (the same as {@link #actual()} in a gradient check) */
        public double analytic() {
            return actual;
        }

        /** @return the numeric gradient (the same as {@link #reference()} in a gradient check) */
        public double numeric() {
            return reference;
        }

        @Override
        public String toString() {
            return quantity + (input >= 0 ? " (input " + input + ", index " + Arrays.toString(index) + ")" : "");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Element e && quantity.equals(e.quantity) && input == e.input
                    && Arrays.equals(index, e.index) && outputIndex == e.outputIndex
                    && Double.compare(actual, e.actual) == 0 && Double.compare(reference, e.reference) == 0;
        }

        @Override
        public int hashCode() {
            return quantity.hashCode() * 31 + Arrays.hashCode(index);
        }
    }

    GradCheckReport(String check, String actualName, String referenceName, double atol, double rtol, long compared,
                    long failures, double maxAbsError, double maxRelError, Element worst) {
        this.check = check;
        this.actualName = actualName;
        this.referenceName = referenceName;
        this.atol = atol;
        this.rtol = rtol;
        this.compared = compared;
        this.failures = failures;
        this.maxAbsError = maxAbsError;
        this.maxRelError = maxRelError;
        this.worst = worst;
    }

    /** @return true when every compared value was within tolerance */
    public boolean passed() {
        return failures == 0;
    }

    /** @return how many values were compared */
    public long compared() {
        return compared;
    }

    /** @return how many were out of tolerance */
    public long failures() {
        return failures;
    }

    /** @return the largest {@code |actual − reference|} */
    public double maxAbsError() {
        return maxAbsError;
    }

    /** @return the largest {@code |actual − reference| / |reference|} over references that are not zero */
    public double maxRelError() {
        return maxRelError;
    }

    /** @return the element closest to (or furthest past) its tolerance; null when nothing was compared */
    public Element worst() {
        return worst;
    }

    /** @return which check ran, e.g. "gradient check (full Jacobian)" */
    public String check() {
        return check;
    }

    /** @throws AssertionError carrying this report when the check failed */
    public GradCheckReport assertPassed() {
        if (!passed()) {
            throw new AssertionError(toString());
        }
        return this;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(check).append(": ").append(passed() ? "PASSED" : "FAILED").append(String.format(Locale.ROOT,
                " (%d of %d values out of tolerance |%s - %s| <= %.3g + %.3g*|%s|)", failures, compared, actualName,
                referenceName, atol, rtol, referenceName));
        sb.append(String.format(Locale.ROOT, "%n  max abs error %.6e, max rel error %.6e", maxAbsError, maxRelError));
        if (worst != null) {
            sb.append(String.format(Locale.ROOT, "%n  worst: %s%n         %s = %.17g, %s = %.17g, error %.6e, bound"
                            + " %.6e", worst, actualName, worst.actual(), referenceName, worst.reference(),
                    worst.error(), worst.bound()));
        }
        return sb.toString();
    }
}

package dev.resvec.bench.report;

/**
 * A figure as a percentage of the machine's limit (FMA peak or streaming bandwidth) at the same thread count, with
 * the interval carried through conservatively: {@code [row low / limit high, row high / limit low]}.
 *
 * @param limit  the limit row's case, e.g. {@code FMA peak} or {@code stream add 1 MiB}
 * @param median 100 · row median / limit median
 * @param low    100 · row low / limit high
 * @param high   100 · row high / limit low
 */
public record Percent(String limit, double median, double low, double high) {
    /** The FMA limit row's case. */
    public static final String FMA_PEAK = "FMA peak";
    /** The start of a stream limit row's case: {@code stream add 1 MiB}. */
    public static final String STREAM = "stream add";

    /** @return the percentage of {@code row} (a rate) of {@code limit} (a rate of the same unit) */
    public static Percent of(String limitCase, Figure row, Figure limit) {
        if (!row.unit().equals(limit.unit())) {
            throw new IllegalArgumentException("percent of limit: " + row.unit() + " against " + limit.unit());
        }
        return new Percent(limitCase, 100 * row.median() / limit.median(), 100 * row.ciLow() / limit.ciHigh(),
                100 * row.ciHigh() / limit.ciLow());
    }

    /**
     * @return whether the median passes the limit: possible where the limit is not a ceiling of what the row counts
     *         (see {@code MarkdownReport.LimitNote})
     */
    public boolean aboveLimit() {
        return median > 100;
    }

    /** @return e.g. {@code 71 %} */
    public String format() {
        return Figure.number(median) + " %";
    }
}

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

    /** @return the percentage of {@code row} (a rate) of {@code limit} (a rate of the same unit) */
    public static Percent of(String limitCase, Figure row, Figure limit) {
        if (!row.unit().equals(limit.unit())) {
            throw new IllegalArgumentException("percent of limit: " + row.unit() + " against " + limit.unit());
        }
        return new Percent(limitCase, 100 * row.median() / limit.median(), 100 * row.ciLow() / limit.ciHigh(),
                100 * row.ciHigh() / limit.ciLow());
    }

    /** @return e.g. {@code 71 %} */
    public String format() {
        return Figure.number(median) + " %";
    }
}

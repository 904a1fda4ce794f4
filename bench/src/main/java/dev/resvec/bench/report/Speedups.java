package dev.resvec.bench.report;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which ResVec row each row is set against in the "ResVec ÷ this" column: a variant row (scalar, 128-bit) against
 * the main row of the same case, algorithm and threads — the gain from SIMD width; a peer row against the fastest
 * main ResVec row of the same case and threads (the best algorithm) — ResVec against the peer. Main rows have none.
 */
final class Speedups {
    private Speedups() {}

    /** @return the ResVec row {@code row} is measured against, if any */
    static Optional<Row> reference(Row row, List<Row> sectionRows) {
        if (row.variant().equals(Row.MAIN) || row.primary() == null) {
            return Optional.empty();
        }
        return sectionRows.stream()
                .filter(r -> r.variant().equals(Row.MAIN) && r.primary() != null)
                .filter(r -> r.caseName().equals(row.caseName()) && r.threadsKey().equals(row.threadsKey()))
                .filter(r -> !row.isResVec() || Objects.equals(r.algorithm(), row.algorithm()))
                .filter(r -> r.primary().unit().equals(row.primary().unit()))
                .max(Comparator.comparingDouble(r -> r.primary().speed()));
    }

    /** @return speed of the reference / speed of the row, or NaN without a reference */
    static double ratio(Row row, List<Row> sectionRows) {
        return reference(row, sectionRows).map(ref -> ref.primary().speed() / row.primary().speed()).orElse(Double.NaN);
    }
}

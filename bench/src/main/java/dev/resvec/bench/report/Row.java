package dev.resvec.bench.report;

import java.util.List;

/**
 * One line of a section: one case (a shape, a layer, a model), one implementation, one thread count.
 *
 * @param section        the section's id, e.g. {@code gemm}
 * @param caseName       what was computed, e.g. {@code 1024x1024x1024} or {@code resnet50 batch 1}
 * @param impl           who computed it, e.g. {@code ResVec}, {@code ResVec scalar}, {@code OpenBLAS SkylakeX}
 * @param algorithm      the algorithm where a section has several ({@code WINOGRAD_F4X4_3X3}), else null
 * @param variant        {@link #MAIN}, {@link #SCALAR}, {@code vector128} (a ResVec variant) or {@link #PEER}
 * @param threadsKey     {@code 1}, {@code all}, or another count: the key rows match on across machines
 * @param threads        the threads it ran on
 * @param figures        the figures, the primary one first; empty when the row failed
 * @param percentOfLimit the primary rate as a percentage of the machine's limit, or null
 * @param forkMedians    the primary figure's median per fork (several forks only)
 * @param flags          {@link Stats#WIDE}, {@link Stats#FORKS_DISAGREE}
 * @param error          why the row has no figures, or null
 * @param measuredError  ResVec's convolution rows: the worst {@code |out − exact| / Σ|terms|} of the forward output
 *                       (first image) against a double-precision direct convolution, measured in the row's forks
 *                       outside the timed region (the largest over its forks); null elsewhere
 */
public record Row(String section, String caseName, String impl, String algorithm, String variant, String threadsKey,
                  int threads, List<Figure> figures, Percent percentOfLimit, List<Double> forkMedians,
                  List<String> flags, String error, Double measuredError) {
    /** The variant of ResVec's own rows at the report's chosen species. */
    public static final String MAIN = "main";
    /** ResVec on the scalar provider. */
    public static final String SCALAR = "scalar";
    /** Another library. */
    public static final String PEER = "peer";

    public Row {
        require(section, "section");
        require(caseName, "case");
        require(impl, "impl");
        require(variant, "variant");
        require(threadsKey, "threadsKey");
        if (threads < 1) {
            throw new IllegalArgumentException("row " + caseName + "/" + impl + ": threads must be >= 1, got "
                    + threads);
        }
        figures = List.copyOf(figures);
        forkMedians = List.copyOf(forkMedians);
        flags = List.copyOf(flags);
        if (figures.isEmpty() == (error == null)) {
            throw new IllegalArgumentException("row " + caseName + "/" + impl + ": either figures or an error, got "
                    + figures.size() + " figures and error " + error);
        }
    }

    /** A row without a measured error. */
    public Row(String section, String caseName, String impl, String algorithm, String variant, String threadsKey,
               int threads, List<Figure> figures, Percent percentOfLimit, List<Double> forkMedians, List<String> flags,
               String error) {
        this(section, caseName, impl, algorithm, variant, threadsKey, threads, figures, percentOfLimit, forkMedians,
                flags, error, null);
    }

    /** @return this row with a measured error (null: none) */
    public Row withMeasuredError(Double measured) {
        return new Row(section, caseName, impl, algorithm, variant, threadsKey, threads, figures, percentOfLimit,
                forkMedians, flags, error, measured);
    }

    private static void require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a row needs a " + what);
        }
    }

    /** @return {@code section/case/impl/threadsKey}: what rows of two reports are matched on */
    public String id() {
        return section + "/" + caseName + "/" + impl + "/" + threadsKey;
    }

    /** @return the primary figure, or null for a failed row */
    public Figure primary() {
        return figures.isEmpty() ? null : figures.get(0);
    }

    /** @return the first figure with this name, or null */
    public Figure figure(String name) {
        return figures.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }

    /** @return the first rate figure (higher is better), or null: what charts and limits use */
    public Figure rate() {
        return figures.stream().filter(Figure::higherIsBetter).findFirst().orElse(null);
    }

    /** @return whether this is one of ResVec's own rows (main or a variant) */
    public boolean isResVec() {
        return !variant.equals(PEER);
    }

    /** @return this row with a percentage of limit */
    public Row withPercent(Percent percent) {
        return new Row(section, caseName, impl, algorithm, variant, threadsKey, threads, figures, percent, forkMedians,
                flags, error, measuredError);
    }

    /** @return a failed row */
    public static Row failed(String section, String caseName, String impl, String algorithm, String variant,
                             String threadsKey, int threads, String error) {
        return new Row(section, caseName, impl, algorithm, variant, threadsKey, threads, List.of(), null, List.of(),
                List.of(), error);
    }
}

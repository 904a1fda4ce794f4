package dev.resvec.bench.report;

import java.util.List;

/**
 * A JVM configuration ResVec's rows run under: the main one (the chosen species) and the variants that show the
 * gain from SIMD width (the scalar provider, the 128-bit species).
 *
 * @param id       {@link Row#MAIN}, {@link Row#SCALAR}, {@code vector128}, {@code vector256}
 * @param label    the suffix of its rows' implementation name: empty for main, {@code scalar}, {@code 128-bit}
 * @param jvmArgs  what the forks get on top of the common arguments, e.g. {@code -Dresvec.kernels=scalar}
 * @param provider the provider line a JVM with these arguments reports (measured in a child JVM)
 */
public record Variant(String id, String label, List<String> jvmArgs, String provider) {
    public Variant {
        jvmArgs = List.copyOf(jvmArgs);
    }

    /** @return the implementation name of ResVec under this variant, e.g. {@code ResVec 128-bit} */
    public String impl(String base) {
        return label.isEmpty() ? base : base + " " + label;
    }
}

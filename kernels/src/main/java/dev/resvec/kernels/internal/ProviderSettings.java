package dev.resvec.kernels.internal;

import java.util.function.UnaryOperator;

/**
 * The system properties that force the kernel provider's choice, parsed and validated together before anything is
 * chosen or any vector class is loaded:
 * {@code -Dresvec.kernels=scalar|vector}, {@code -Dresvec.vectorBits=128|256|512} and
 * {@code -Dresvec.gemm.tile=3x3|8x2}. Unset or blank means "the library decides".
 *
 * <p>A malformed value is an {@link IllegalStateException} naming the property, the values it takes and the value
 * given, and it is one whatever the provider: a typo in {@code -Dresvec.vectorBits} is not ignored because
 * {@code -Dresvec.kernels=scalar} happens to be set too. {@link #system()} parses once and throws that same error
 * on every call (see {@link Settled}), so the second kernel call does not meet a bare {@code NoClassDefFoundError}.
 *
 * @param kernels    the forced provider, or {@link Choice#AUTO}
 * @param vectorBits the forced float species width (128, 256 or 512), or 0 for the CPU's widest
 * @param gemmTile   the forced SGEMM register tile ({@code "3x3"} or {@code "8x2"}), or {@code ""} for the one
 *                   the register file suggests
 */
public record ProviderSettings(Choice kernels, int vectorBits, String gemmTile) {
    /** The property that forces the provider. */
    public static final String KERNELS = "resvec.kernels";
    /** The property that forces the vector width. */
    public static final String VECTOR_BITS = "resvec.vectorBits";
    /** The property that forces the SGEMM register tile. */
    public static final String GEMM_TILE = "resvec.gemm.tile";

    /** What {@code -Dresvec.kernels} asks for. */
    public enum Choice {
        /** unset: the vector provider where it can run, else the scalar one with a WARN */
        AUTO,
        /** {@code scalar}: the scalar twins, whatever the JVM could run */
        SCALAR,
        /** {@code vector}: the Vector API kernels, and an error where they cannot run */
        VECTOR
    }

    private static final class Holder {
        static final Settled<ProviderSettings> SYSTEM = Settled.of(() -> parse(System::getProperty));
    }

    /**
     * @return this JVM's settings, parsed on the first call
     * @throws IllegalStateException on every call when a property is malformed
     */
    public static ProviderSettings system() {
        return Holder.SYSTEM.get();
    }

    /**
     * Parses the settings (a pure function of the properties, for tests).
     *
     * @param property the value of a property by name, null when unset
     * @return the validated settings
     * @throws IllegalStateException naming the property, its allowed values and the value given
     */
    public static ProviderSettings parse(UnaryOperator<String> property) {
        String kernels = value(property, KERNELS);
        Choice choice = switch (kernels) {
            case "" -> Choice.AUTO;
            case "scalar" -> Choice.SCALAR;
            case "vector" -> Choice.VECTOR;
            default -> throw malformed(KERNELS, "scalar or vector", kernels);
        };
        String bits = value(property, VECTOR_BITS);
        int vectorBits = switch (bits) {
            case "" -> 0;
            case "128" -> 128;
            case "256" -> 256;
            case "512" -> 512;
            default -> throw malformed(VECTOR_BITS, "128, 256 or 512", bits);
        };
        String tile = value(property, GEMM_TILE);
        if (!tile.isEmpty() && !tile.equals("3x3") && !tile.equals("8x2")) {
            throw malformed(GEMM_TILE, "3x3 or 8x2", tile);
        }
        return new ProviderSettings(choice, vectorBits, tile);
    }

    /**
     * The species width the vector kernels run at on a CPU whose widest accelerated float species has
     * {@code preferredBits}: the forced width, or the preferred one.
     *
     * @param preferredBits the CPU's widest accelerated float species, in bits
     * @return the width in bits
     * @throws IllegalStateException when the forced width is wider than the CPU's (it would run in software, 10-100x
     *                               slower than the scalar kernels)
     */
    public int vectorBitsOn(int preferredBits) {
        if (vectorBits == 0) {
            return preferredBits;
        }
        if (vectorBits > preferredBits) {
            throw new IllegalStateException("-D" + VECTOR_BITS + " must be at most this CPU's widest accelerated float"
                    + " species, " + preferredBits + " bits (128, 256 or 512 up to it), got " + vectorBits
                    + "; wider vectors would run in software");
        }
        return vectorBits;
    }

    private static String value(UnaryOperator<String> property, String name) {
        String v = property.apply(name);
        return v == null ? "" : v.trim();
    }

    private static IllegalStateException malformed(String name, String allowed, String given) {
        return new IllegalStateException("-D" + name + " must be " + allowed + " (or unset, for the library's own"
                + " choice), got '" + given + "'");
    }
}

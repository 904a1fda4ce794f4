package dev.resvec.kernels.internal;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * The parsing of the tuning and experiment properties ({@code -Dresvec.gemm.kc=256}, {@code -Dresvec.pool.workers=3},
 * …; the README lists them): unset or blank means the library's own value; anything else must be a value the
 * property takes, or an {@link IllegalStateException} names the property, what it takes and the value given, e.g.
 * {@code -Dresvec.gemm.kc must be an integer from 1 to 16384 (or unset, for the library's own choice), got 'abc'}.
 *
 * <p>Why strict: {@link Integer#getInteger} and {@link Long#getLong} return their default for {@code abc} or
 * {@code 2k}, and {@link Boolean#parseBoolean} reads {@code ture} as false, so a typo silently measured the
 * library's own setting, and a zero or negative size went on into the kernels. Why an {@code IllegalStateException}:
 * a property is the JVM's configuration, not an argument of the call; it is what {@link ProviderSettings} throws for
 * {@code -Dresvec.kernels}, and what {@link Settled} keeps, so a property read once, in a holder class, gives the
 * same error on every call instead of a {@code NoClassDefFoundError} from the second call on.
 *
 * <p>The parse methods take the property's name and its raw value (null when unset), so they are pure functions;
 * the read methods take where the values come from ({@code System::getProperty}, or a map in tests).
 */
public final class TuningProperty {
    private TuningProperty() {}

    /**
     * @param name     the property, for the message
     * @param raw      its value, null or blank when unset; surrounding blanks are ignored
     * @param fallback the library's own value, for unset
     * @param min      the least value accepted
     * @param max      the greatest value accepted
     * @return the value, or {@code fallback} when unset
     * @throws IllegalStateException when the value is not a decimal integer from {@code min} to {@code max}
     */
    public static int parseInt(String name, String raw, int fallback, int min, int max) {
        return (int) parseLong(name, raw, fallback, min, max);
    }

    /** As {@link #parseInt}, for a {@code long} property. */
    public static long parseLong(String name, String raw, long fallback, long min, long max) {
        String value = raw == null ? "" : raw.trim();
        if (value.isEmpty()) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException notANumber) {
            throw malformed(name, range(min, max), value);
        }
        if (parsed < min || parsed > max) {
            throw malformed(name, range(min, max), value);
        }
        return parsed;
    }

    /**
     * A switch: {@code true} or {@code false}, in any case.
     *
     * @return the value, or {@code fallback} when unset
     * @throws IllegalStateException for anything else ({@code yes}, {@code 1}, {@code ture})
     */
    public static boolean parseFlag(String name, String raw, boolean fallback) {
        String value = raw == null ? "" : raw.trim();
        if (value.isEmpty()) {
            return fallback;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw malformed(name, "true or false", value);
    }

    /**
     * One of a few words, exactly as listed.
     *
     * @param allowed the words the property takes, {@code fallback} among them
     * @return the value, or {@code fallback} when unset
     * @throws IllegalStateException for any other word
     */
    public static String parseChoice(String name, String raw, String fallback, String... allowed) {
        String value = raw == null ? "" : raw.trim();
        if (value.isEmpty()) {
            return fallback;
        }
        if (Arrays.asList(allowed).contains(value)) {
            return value;
        }
        throw malformed(name, words(allowed), value);
    }

    /** {@link #parseInt} of the property {@code name} as {@code properties} gives it. */
    public static int readInt(UnaryOperator<String> properties, String name, int fallback, int min, int max) {
        return parseInt(name, properties.apply(name), fallback, min, max);
    }

    /** {@link #parseLong} of the property {@code name} as {@code properties} gives it. */
    public static long readLong(UnaryOperator<String> properties, String name, long fallback, long min, long max) {
        return parseLong(name, properties.apply(name), fallback, min, max);
    }

    private static String range(long min, long max) {
        return "an integer from " + min + " to " + max;
    }

    private static String words(String... allowed) {
        int last = allowed.length - 1;
        return last == 0 ? allowed[0]
                : String.join(", ", Arrays.copyOf(allowed, last)) + " or " + allowed[last];
    }

    /** The same wording as {@link ProviderSettings}' errors. */
    private static IllegalStateException malformed(String name, String allowed, String given) {
        return new IllegalStateException("-D" + name + " must be " + allowed + " (or unset, for the library's own"
                + " choice), got '" + given + "'");
    }
}

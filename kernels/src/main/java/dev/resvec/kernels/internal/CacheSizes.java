package dev.resvec.kernels.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Per-core data cache sizes in bytes, read once from Linux sysfs ({@code /sys/devices/system/cpu/cpu0/cache}),
 * with common defaults (32 KiB, 512 KiB, 8 MiB) where it cannot be read; overridable with
 * {@code -Dresvec.cache.l1=32768} etc. for experiments (bytes, 1 to {@value #MAX_BYTES}; a malformed value is an
 * {@link IllegalStateException} on every call of {@link #detected()}, see {@link TuningProperty}).
 *
 * @param l1 level-1 data cache of one core
 * @param l2 level-2 cache of one core
 * @param l3 level-3 cache (shared)
 */
public record CacheSizes(long l1, long l2, long l3) {
    private static final Path SYSFS = Path.of("/sys/devices/system/cpu/cpu0/cache");
    /** The largest size an override may give: 1 TiB. */
    static final long MAX_BYTES = 1L << 40;

    // Settled: a malformed override fails every call the same way, not with a NoClassDefFoundError from the second.
    private static final class Holder {
        static final Settled<CacheSizes> DETECTED = Settled.of(() -> detect().withOverrides(System::getProperty));
    }

    /**
     * @return this machine's cache sizes, with the system properties' overrides
     * @throws IllegalStateException on every call when an override is malformed
     */
    public static CacheSizes detected() {
        return Holder.DETECTED.get();
    }

    /**
     * @param properties the system properties (a map in tests)
     * @return these sizes with {@code resvec.cache.l1}, {@code l2} and {@code l3} from {@code properties} where set
     * @throws IllegalStateException when one is not an integer from 1 to {@value #MAX_BYTES}
     */
    CacheSizes withOverrides(UnaryOperator<String> properties) {
        return new CacheSizes(TuningProperty.readLong(properties, "resvec.cache.l1", l1, 1, MAX_BYTES),
                TuningProperty.readLong(properties, "resvec.cache.l2", l2, 1, MAX_BYTES),
                TuningProperty.readLong(properties, "resvec.cache.l3", l3, 1, MAX_BYTES));
    }

    private static CacheSizes detect() {
        long[] sizes = {32 * 1024, 512 * 1024, 8L * 1024 * 1024};
        for (int index = 0; index < 8; index++) {
            Path dir = SYSFS.resolve("index" + index);
            try {
                String type = Files.readString(dir.resolve("type")).trim();
                if (type.equals("Instruction")) {
                    continue;
                }
                int level = Integer.parseInt(Files.readString(dir.resolve("level")).trim());
                long size = parseSize(Files.readString(dir.resolve("size")).trim());
                if (level >= 1 && level <= 3 && size > 0) {
                    sizes[level - 1] = size;
                }
            } catch (IOException | RuntimeException notThere) {
                // keep the default for this level
            }
        }
        return new CacheSizes(sizes[0], sizes[1], sizes[2]);
    }

    static long parseSize(String text) {
        String s = text.toUpperCase(Locale.ROOT);
        long unit = 1;
        if (s.endsWith("K")) {
            unit = 1024;
        } else if (s.endsWith("M")) {
            unit = 1024 * 1024;
        } else if (s.endsWith("G")) {
            unit = 1024L * 1024 * 1024;
        }
        if (unit != 1) {
            s = s.substring(0, s.length() - 1);
        }
        return Long.parseLong(s) * unit;
    }
}

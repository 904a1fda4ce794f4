package dev.resvec.kernels.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Per-core data cache sizes in bytes, read once from Linux sysfs ({@code /sys/devices/system/cpu/cpu0/cache}),
 * with common defaults (32 KiB, 512 KiB, 8 MiB) where it cannot be read; overridable with
 * {@code -Dresvec.cache.l1=32768} etc. for experiments.
 *
 * @param l1 level-1 data cache of one core
 * @param l2 level-2 cache of one core
 * @param l3 level-3 cache (shared)
 */
public record CacheSizes(long l1, long l2, long l3) {
    private static final Path SYSFS = Path.of("/sys/devices/system/cpu/cpu0/cache");

    private static final class Holder {
        static final CacheSizes DETECTED = detect();
    }

    /** @return this machine's cache sizes */
    public static CacheSizes detected() {
        return Holder.DETECTED;
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
        return new CacheSizes(Long.getLong("resvec.cache.l1", sizes[0]), Long.getLong("resvec.cache.l2", sizes[1]),
                Long.getLong("resvec.cache.l3", sizes[2]));
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

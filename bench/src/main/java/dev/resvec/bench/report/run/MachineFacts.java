package dev.resvec.bench.report.run;

import dev.resvec.kernels.internal.CacheSizes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The CPU, caches and OS of this machine, from the usual Linux sources ({@code /proc/cpuinfo}, sysfs,
 * {@code getconf}, {@code /etc/os-release}) with {@code lscpu} and macOS's {@code sysctl} as fallbacks; a fact that
 * none of them gives is "unknown", never a guess.
 *
 * @param cpuModel      model name, with family/model/stepping where the CPU has them
 * @param logicalCpus   processors the JVM sees
 * @param physicalCores distinct (package, core) pairs in sysfs, 0 when unknown
 * @param isa           the SIMD-relevant flags present, in {@link #ISA_FLAGS} order
 * @param caches        e.g. {@code L1d 48 KiB, L2 1 MiB, L3 32 MiB}
 * @param cacheSource   {@code sysfs}, {@code getconf}, {@code sysctl} or {@code unknown}
 * @param os            name, version, architecture, distribution
 */
public record MachineFacts(String cpuModel, int logicalCpus, int physicalCores, List<String> isa, String caches,
                           String cacheSource, String os) {
    /**
     * The flags worth a line in a SIMD report: x86 (AVX, AVX2, FMA, the AVX-512 subsets, AMX) and Arm (NEON is
     * "asimd" in Linux's cpuinfo, SVE).
     */
    public static final List<String> ISA_FLAGS = List.of("sse4_2", "avx", "avx2", "fma", "f16c", "avx512f",
            "avx512cd", "avx512bw", "avx512dq", "avx512vl", "avx512ifma", "avx512vbmi", "avx512_vbmi2",
            "avx512_vnni", "avx512_bf16", "avx512_fp16", "avx_vnni", "amx_tile", "amx_bf16", "amx_int8", "asimd",
            "asimdhp", "asimddp", "sve", "sve2", "bf16", "i8mm");

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    private static final Path SYS_CPU = Path.of("/sys/devices/system/cpu");

    /** @return the facts of this machine */
    public static MachineFacts detect() {
        Map<String, String> cpuinfo = firstProcessor();
        String[] caches = detectCaches();
        return new MachineFacts(detectCpuModel(cpuinfo), Runtime.getRuntime().availableProcessors(),
                countPhysicalCores(), detectIsa(cpuinfo), caches[0], caches[1], detectOs());
    }

    /** @return true when the CPU has the AVX-512 subsets OpenBLAS's SkylakeX kernels need */
    public boolean hasAvx512() {
        return isa.containsAll(List.of("avx512f", "avx512bw", "avx512dq", "avx512vl"));
    }

    /** @return the fields of the first processor block of /proc/cpuinfo (empty where there is none) */
    private static Map<String, String> firstProcessor() {
        Map<String, String> fields = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(CPUINFO)) {
                if (line.isBlank() && !fields.isEmpty()) {
                    break;
                }
                int colon = line.indexOf(':');
                if (colon > 0) {
                    fields.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the fallbacks below
        }
        return fields;
    }

    private static String detectCpuModel(Map<String, String> cpuinfo) {
        String name = cpuinfo.get("model name");
        if (name != null) {
            String family = cpuinfo.get("cpu family"), model = cpuinfo.get("model"), step = cpuinfo.get("stepping");
            return family == null ? name : name + " (family " + family + ", model " + model + ", stepping " + step
                    + ")";
        }
        String lscpu = field(command("lscpu"), "Model name");
        if (lscpu != null) {
            return lscpu;
        }
        String sysctl = command("sysctl", "-n", "machdep.cpu.brand_string").trim();
        return sysctl.isEmpty() ? "unknown (" + System.getProperty("os.arch") + ")" : sysctl;
    }

    private static List<String> detectIsa(Map<String, String> cpuinfo) {
        String flags = cpuinfo.getOrDefault("flags", cpuinfo.getOrDefault("Features", ""));
        Set<String> present = new HashSet<>(List.of(flags.toLowerCase(Locale.ROOT).split("\\s+")));
        return ISA_FLAGS.stream().filter(present::contains).toList();
    }

    private static int countPhysicalCores() {
        Set<String> cores = new HashSet<>();
        try (var dirs = Files.list(SYS_CPU)) {
            for (Path cpu : dirs.filter(p -> p.getFileName().toString().matches("cpu[0-9]+")).toList()) {
                Path topology = cpu.resolve("topology");
                cores.add(Files.readString(topology.resolve("physical_package_id")).trim() + ":"
                        + Files.readString(topology.resolve("core_id")).trim());
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return cores.size();
    }

    /** @return {description, source} */
    static String[] detectCaches() {
        List<String> sysfs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Path dir = SYS_CPU.resolve("cpu0/cache/index" + i);
            try {
                String type = Files.readString(dir.resolve("type")).trim();
                if (type.equals("Instruction")) {
                    continue;
                }
                String level = Files.readString(dir.resolve("level")).trim();
                String size = Files.readString(dir.resolve("size")).trim();
                sysfs.add("L" + level + (type.equals("Data") ? "d" : "") + " " + size(parseSysfsSize(size)));
            } catch (IOException | RuntimeException e) {
                // no such index
            }
        }
        if (!sysfs.isEmpty()) {
            return new String[] {String.join(", ", sysfs), "sysfs"};
        }
        String getconf = command("getconf", "-a");
        List<String> fromGetconf = new ArrayList<>();
        String[][] keys = {{"LEVEL1_DCACHE_SIZE", "L1d"}, {"LEVEL2_CACHE_SIZE", "L2"}, {"LEVEL3_CACHE_SIZE", "L3"}};
        for (String[] k : keys) {
            String v = field(getconf, k[0]);
            try {
                long bytes = v == null ? 0 : Long.parseLong(v.trim());
                if (bytes > 0) {
                    fromGetconf.add(k[1] + " " + size(bytes));
                }
            } catch (NumberFormatException e) {
                // leave it out
            }
        }
        if (!fromGetconf.isEmpty()) {
            return new String[] {String.join(", ", fromGetconf), "getconf"};
        }
        List<String> fromSysctl = new ArrayList<>();
        String[][] mac = {{"hw.l1dcachesize", "L1d"}, {"hw.l2cachesize", "L2"}, {"hw.l3cachesize", "L3"}};
        for (String[] k : mac) {
            try {
                long bytes = Long.parseLong(command("sysctl", "-n", k[0]).trim());
                if (bytes > 0) {
                    fromSysctl.add(k[1] + " " + size(bytes));
                }
            } catch (NumberFormatException e) {
                // leave it out
            }
        }
        return fromSysctl.isEmpty() ? new String[] {"unknown", "unknown"}
                : new String[] {String.join(", ", fromSysctl), "sysctl"};
    }

    /** @return bytes of a sysfs cache size such as {@code 48K} or {@code 32768K} */
    static long parseSysfsSize(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT);
        long unit = s.endsWith("K") ? 1024 : s.endsWith("M") ? 1 << 20 : s.endsWith("G") ? 1L << 30 : 1;
        return Long.parseLong(unit == 1 ? s : s.substring(0, s.length() - 1)) * unit;
    }

    /** @return the cache sizes the kernels' GEMM blocking uses (sysfs, else its defaults) */
    public static String kernelBlocking() {
        CacheSizes c = CacheSizes.detected();
        return "L1 " + size(c.l1()) + ", L2 " + size(c.l2()) + ", L3 " + size(c.l3());
    }

    /** @return e.g. {@code 48 KiB}, {@code 1 MiB}, {@code 1.5 MiB} */
    public static String size(long bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return bytes / (1 << 20) + " MiB";
        }
        if (bytes >= 1 << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes + " B";
    }

    private static String detectOs() {
        String base = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return base + " (" + line.substring(12).replace("\"", "") + ")";
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return base;
    }

    /** @return the value after "key:" or "key " on the first line that starts with it, or null */
    private static String field(String text, String key) {
        for (String line : text.split("\n")) {
            if (line.startsWith(key)) {
                String rest = line.substring(key.length()).trim();
                return rest.startsWith(":") ? rest.substring(1).trim() : rest;
            }
        }
        return null;
    }

    /** @return a short command's stdout, or "" when it cannot run */
    private static String command(String... cmd) {
        try {
            return ChildProcess.run(List.of(cmd), null, 10).stdout();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}

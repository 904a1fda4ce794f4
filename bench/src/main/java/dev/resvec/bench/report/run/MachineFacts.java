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
import java.util.function.Supplier;

/**
 * The CPU, caches and OS of this machine, from the usual Linux sources ({@code /proc/cpuinfo}, sysfs,
 * {@code getconf}, {@code /etc/os-release}) with {@code lscpu} and macOS's {@code sysctl} as fallbacks; a fact that
 * none of them gives is "unknown", never a guess.
 *
 * @param cpuModel      model name, with family/model/stepping where the CPU has them
 * @param logicalCpus   processors the JVM sees
 * @param physicalCores distinct (package, core) pairs in sysfs, 0 when unknown
 * @param isa           the SIMD-relevant flags present, in {@link #ISA_FLAGS} order: x86's as cpuinfo names them
 *                      ({@code avx2}, {@code fma}, {@code avx512f} ...), Arm's NEON, SVE and SVE2 by those names
 * @param caches        e.g. {@code L1d 48 KiB, L2 1 MiB, L3 32 MiB}
 * @param cacheSource   {@code sysfs}, {@code getconf}, {@code sysctl} or {@code unknown}
 * @param os            name, version, architecture, distribution
 */
public record MachineFacts(String cpuModel, int logicalCpus, int physicalCores, List<String> isa, String caches,
                           String cacheSource, String os) {
    /**
     * The flags worth a line in a SIMD report, as Linux's cpuinfo names them: x86 (AVX, AVX2, FMA, the AVX-512
     * subsets, AMX) and Arm (NEON is "asimd", "neon" on 32-bit Arm; SVE, SVE2), reported as {@link #ISA_NAMES} says.
     */
    public static final List<String> ISA_FLAGS = List.of("sse4_2", "avx", "avx2", "fma", "f16c", "avx512f",
            "avx512cd", "avx512bw", "avx512dq", "avx512vl", "avx512ifma", "avx512vbmi", "avx512_vbmi2",
            "avx512_vnni", "avx512_bf16", "avx512_fp16", "avx_vnni", "amx_tile", "amx_bf16", "amx_int8", "neon",
            "asimd", "asimdhp", "asimddp", "sve", "sve2", "bf16", "i8mm");

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    private static final Path SYS_CPU = Path.of("/sys/devices/system/cpu");

    /** The flags shown under another name: Linux calls Arm's Advanced SIMD (NEON) "asimd" ("neon" on 32-bit Arm). */
    static final Map<String, String> ISA_NAMES = Map.of("asimd", "NEON", "neon", "NEON", "sve", "SVE", "sve2",
            "SVE2");

    /** Arm CPU implementers (the first byte of MIDR_EL1), as {@code /proc/cpuinfo}'s "CPU implementer". */
    static final Map<Integer, String> ARM_IMPLEMENTERS = Map.ofEntries(Map.entry(0x41, "Arm"),
            Map.entry(0x42, "Broadcom"), Map.entry(0x43, "Cavium"), Map.entry(0x46, "Fujitsu"),
            Map.entry(0x48, "HiSilicon"), Map.entry(0x4e, "NVIDIA"), Map.entry(0x50, "APM"),
            Map.entry(0x51, "Qualcomm"), Map.entry(0x61, "Apple"), Map.entry(0x6d, "Microsoft"),
            Map.entry(0xc0, "Ampere"));

    /**
     * Common Arm parts by (implementer, part), as util-linux's lscpu names them: the cores of the cloud machines
     * (Graviton 2/3/4 are Neoverse-N1/V1/V2, Ampere Altra is Neoverse-N1, Grace is Neoverse-V2, Cobalt 100 is
     * Neoverse-N2) and a few others.
     */
    static final Map<Integer, String> ARM_PARTS = Map.ofEntries(
            Map.entry(0x41_d03, "Cortex-A53"), Map.entry(0x41_d05, "Cortex-A55"), Map.entry(0x41_d07, "Cortex-A57"),
            Map.entry(0x41_d08, "Cortex-A72"), Map.entry(0x41_d0b, "Cortex-A76"), Map.entry(0x41_d0c, "Neoverse-N1"),
            Map.entry(0x41_d40, "Neoverse-V1"), Map.entry(0x41_d49, "Neoverse-N2"), Map.entry(0x41_d4a, "Neoverse-E1"),
            Map.entry(0x41_d4f, "Neoverse-V2"), Map.entry(0x41_d84, "Neoverse-V3"), Map.entry(0x41_d8e, "Neoverse-N3"),
            Map.entry(0x43_0af, "ThunderX2-99xx"), Map.entry(0x46_001, "A64FX"), Map.entry(0x48_d01, "Kunpeng-920"),
            Map.entry(0x6d_d49, "Azure-Cobalt-100"), Map.entry(0xc0_ac3, "Ampere-1"),
            Map.entry(0xc0_ac4, "Ampere-1a"));

    /** @return the facts of this machine */
    public static MachineFacts detect() {
        Map<String, String> cpuinfo = firstProcessor(readCpuinfo());
        String[] caches = detectCaches();
        return new MachineFacts(cpuModel(cpuinfo, () -> field(command("lscpu"), "Model name"),
                () -> command("sysctl", "-n", "machdep.cpu.brand_string").trim(), System.getProperty("os.arch")),
                Runtime.getRuntime().availableProcessors(), countPhysicalCores(), isa(cpuinfo), caches[0], caches[1],
                detectOs());
    }

    /** @return true when the CPU has the AVX-512 subsets OpenBLAS's SkylakeX kernels need */
    public boolean hasAvx512() {
        return isa.containsAll(List.of("avx512f", "avx512bw", "avx512dq", "avx512vl"));
    }

    /** @return /proc/cpuinfo, or "" where there is none (not Linux) */
    private static String readCpuinfo() {
        try {
            return Files.readString(CPUINFO);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * @param cpuinfo the text of {@code /proc/cpuinfo}
     * @return the fields of its first processor block (empty where there is none), the first of a repeated key
     */
    static Map<String, String> firstProcessor(String cpuinfo) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : cpuinfo.split("\\R")) {
            if (line.isBlank() && !fields.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return fields;
    }

    /**
     * The CPU's name: the "model name" of x86 (with family, model and stepping); on Arm, where cpuinfo has
     * none, the core named from "CPU implementer" and "CPU part" ({@link #ARM_PARTS}, else lscpu's name, else
     * the bare numbers); then lscpu's and macOS's names; else "unknown".
     *
     * @param cpuinfo   the first processor's fields ({@link #firstProcessor})
     * @param lscpu     lscpu's "Model name", or null (asked only when needed)
     * @param sysctl    macOS's brand string, or "" (asked only when needed)
     * @param arch      {@code os.arch}, for the unknown case
     */
    static String cpuModel(Map<String, String> cpuinfo, Supplier<String> lscpu, Supplier<String> sysctl,
                           String arch) {
        String name = cpuinfo.get("model name");
        if (name != null && !name.isBlank()) {
            String family = cpuinfo.get("cpu family"), model = cpuinfo.get("model"), step = cpuinfo.get("stepping");
            return family == null ? name : name + " (family " + family + ", model " + model + ", stepping " + step
                    + ")";
        }
        String implementer = cpuinfo.get("CPU implementer"), part = cpuinfo.get("CPU part");
        if (implementer != null && part != null) {
            return armCpu(implementer, part, cpuinfo.get("CPU variant"), cpuinfo.get("CPU revision"), lscpu);
        }
        String fromLscpu = named(lscpu.get());
        if (fromLscpu != null) {
            return fromLscpu;
        }
        String brand = sysctl.get();
        return brand == null || brand.isBlank() ? "unknown (" + arch + ")" : brand.trim();
    }

    /**
     * @return e.g. {@code Arm Neoverse-N1 (implementer 0x41, part 0xd0c, r3p1)}; for a part not in
     *         {@link #ARM_PARTS} lscpu's name for it, else {@code ARM implementer 0x41 part 0xd99}
     */
    private static String armCpu(String implementer, String part, String variant, String revision,
                                 Supplier<String> lscpu) {
        Integer impl = hex(implementer), partNo = hex(part), var = hex(variant), rev = hex(revision);
        String implText = impl == null ? implementer : String.format(Locale.ROOT, "0x%02x", impl);
        String partText = partNo == null ? part : String.format(Locale.ROOT, "0x%03x", partNo);
        String ids = "implementer " + implText + ", part " + partText
                + (var != null && rev != null ? ", r" + var + "p" + rev : "");
        String core = impl == null || partNo == null ? null : ARM_PARTS.get(impl << 12 | partNo);
        String vendor = impl == null ? null : ARM_IMPLEMENTERS.get(impl);
        if (core != null) {
            return (vendor == null ? "" : vendor + " ") + core + " (" + ids + ")";
        }
        String fromLscpu = named(lscpu.get());
        if (fromLscpu != null) {
            return (vendor == null ? "" : vendor + " ") + fromLscpu + " (" + ids + ")";
        }
        return "ARM implementer " + implText + " part " + partText + (vendor == null ? "" : " (" + vendor + ")");
    }

    /** @return a number as cpuinfo writes it ({@code 0x41}, {@code 0xd0c}, {@code 1}), or null */
    private static Integer hex(String text) {
        try {
            return text == null ? null : Integer.decode(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** @return a model name that names something: not null, blank or lscpu's "-" */
    private static String named(String name) {
        return name == null || name.isBlank() || name.trim().equals("-") ? null : name.trim();
    }

    /**
     * @param cpuinfo the first processor's fields ({@link #firstProcessor}): x86's "flags" or Arm's "Features"
     * @return the {@link #ISA_FLAGS} present, in that order, Arm's SIMD under its own names ({@link #ISA_NAMES}:
     *         NEON, SVE, SVE2); empty when cpuinfo lists no flags
     */
    static List<String> isa(Map<String, String> cpuinfo) {
        String flags = cpuinfo.getOrDefault("flags", cpuinfo.getOrDefault("Features", ""));
        Set<String> present = new HashSet<>(List.of(flags.toLowerCase(Locale.ROOT).trim().split("\\s+")));
        return ISA_FLAGS.stream().filter(present::contains).map(f -> ISA_NAMES.getOrDefault(f, f)).distinct()
                .toList();
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

    /**
     * @return the value after "key:" or "key " on the first line that starts with it, leading blanks aside (newer
     *         lscpus indent "Model name" under "Vendor ID"), or null
     */
    static String field(String text, String key) {
        for (String line : text.split("\n")) {
            line = line.strip();
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

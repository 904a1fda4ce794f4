package dev.resvec.kernels.internal;

import java.lang.management.ManagementFactory;
import java.util.function.UnaryOperator;

/** Reads the HotSpot options that decide whether vector code can be fast here; tolerant of their absence. */
public final class VmFlags {
    private VmFlags() {}

    /**
     * @return null when C2 (the optimizing JIT that intrinsifies the Vector API) is on, else why it is not and the
     *         flag that turns it on; without C2 vector code runs 10-100x slower than scalar code
     */
    public static String whyNoC2() {
        return whyNoC2(System.getProperty("java.vm.name", ""), System.getProperty("java.vm.info", ""),
                VmFlags::option);
    }

    /**
     * The decision of {@link #whyNoC2()} as a pure function of what the JVM reports, for tests: {@code -Xint} shows
     * as {@code java.vm.info} "interpreted mode", {@code -XX:TieredStopAtLevel=1} only as the option's value. Each
     * reason ends with the flag that turns C2 on, for the fallback's WARN: HotSpot takes the last of two
     * conflicting flags, so adding it after the others works even where the command line cannot be edited.
     *
     * @param vmName the {@code java.vm.name} property
     * @param vmInfo the {@code java.vm.info} property
     * @param option a HotSpot option's value by name ({@code "true"}, {@code "1"}, …), null where unknown
     * @return null when C2 is on, else why not and the flag to add
     */
    public static String whyNoC2(String vmName, String vmInfo, UnaryOperator<String> option) {
        if (vmName.toLowerCase(java.util.Locale.ROOT).contains("client")) {
            return "the JVM is a client VM (" + vmName + "), without C2; add -server to the java command line";
        }
        if (vmInfo.contains("interpreted")) {
            return "the JVM runs interpreted only (-Xint); add -Xmixed to the java command line (after -Xint)";
        }
        if ("false".equals(option.apply("UseCompiler"))) {
            return "the JIT is off (-XX:-UseCompiler); add -XX:+UseCompiler to the java command line";
        }
        String tiered = option.apply("TieredCompilation");
        String stopAt = option.apply("TieredStopAtLevel");
        if ("true".equals(tiered) && stopAt != null && Integer.parseInt(stopAt) < 4) {
            return "C2 is off (-XX:TieredStopAtLevel=" + stopAt + "); add -XX:TieredStopAtLevel=4 to the java command"
                    + " line (after the other)";
        }
        return null;
    }

    /** @return true when HotSpot reports hardware FMA ({@code -XX:+UseFMA}); false when unknown */
    public static boolean useFma() {
        return "true".equals(option("UseFMA"));
    }

    /**
     * @return the byte offset of element 0 of a {@code float[]} in this JVM's object layout (64-bit HotSpot): 12 with
     *         compact object headers, 20 without compressed class pointers, else (and where unknown) 16
     */
    public static int floatArrayBaseOffset() {
        if ("true".equals(option("UseCompactObjectHeaders"))) {
            return 12;
        }
        return "false".equals(option("UseCompressedClassPointers")) ? 20 : 16;
    }

    /**
     * @return the smallest {@code float[]} length whose element 0 this JVM places at a known distance from a
     *         64-byte cache line's start ({@link #floatArrayBaseOffset()} past it): 0 with
     *         {@code -XX:ObjectAlignmentInBytes=64} or more (every object starts on a line); under G1 the lengths
     *         of half a heap region or more (G1 puts such "humongous" arrays at the start of a region); else never
     *         ({@link Integer#MAX_VALUE})
     */
    public static int floatArraysOnCacheLinesFrom() {
        return floatArraysOnCacheLinesFrom(VmFlags::option);
    }

    /** As {@link #floatArraysOnCacheLinesFrom()}, from the options as given, for tests. */
    static int floatArraysOnCacheLinesFrom(UnaryOperator<String> option) {
        if (longOption(option, "ObjectAlignmentInBytes", 8) >= 64) {
            return 0;
        }
        if ("true".equals(option.apply("UseG1GC"))) {
            long halfRegionFloats = longOption(option, "G1HeapRegionSize", 0) / 2 / Float.BYTES;
            return halfRegionFloats <= 0 ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE, halfRegionFloats);
        }
        return Integer.MAX_VALUE;
    }

    private static long longOption(UnaryOperator<String> option, String name, long unknown) {
        String value = option.apply(name);
        try {
            return value == null ? unknown : Long.parseLong(value);
        } catch (NumberFormatException notANumber) {
            return unknown;
        }
    }

    private static String option(String name) {
        try {
            return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption(name).getValue();
        } catch (Throwable notAvailable) { // no jdk.management module, not HotSpot, or no such option
            return null;
        }
    }
}

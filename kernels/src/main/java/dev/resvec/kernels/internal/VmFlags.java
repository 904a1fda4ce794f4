package dev.resvec.kernels.internal;

import java.lang.management.ManagementFactory;

/** Reads the HotSpot options that decide whether vector code can be fast here; tolerant of their absence. */
public final class VmFlags {
    private VmFlags() {}

    /**
     * @return null when C2 (the optimizing JIT that intrinsifies the Vector API) is on, else why it is not;
     *         without C2 vector code runs 10-100x slower than scalar code
     */
    public static String whyNoC2() {
        String vmName = System.getProperty("java.vm.name", "");
        String vmInfo = System.getProperty("java.vm.info", "");
        if (vmName.toLowerCase(java.util.Locale.ROOT).contains("client")) {
            return "the JVM is a client VM (" + vmName + ")";
        }
        if (vmInfo.contains("interpreted")) {
            return "the JVM runs interpreted only (-Xint)";
        }
        String useCompiler = option("UseCompiler");
        if ("false".equals(useCompiler)) {
            return "the JIT is off (-XX:-UseCompiler)";
        }
        String tiered = option("TieredCompilation");
        String stopAt = option("TieredStopAtLevel");
        if ("true".equals(tiered) && stopAt != null && Integer.parseInt(stopAt) < 4) {
            return "C2 is off (-XX:TieredStopAtLevel=" + stopAt + ")";
        }
        return null;
    }

    /** @return true when HotSpot reports hardware FMA ({@code -XX:+UseFMA}); false when unknown */
    public static boolean useFma() {
        return "true".equals(option("UseFMA"));
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

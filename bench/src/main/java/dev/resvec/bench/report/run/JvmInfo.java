package dev.resvec.bench.report.run;

import dev.resvec.bench.report.JsonFields;
import dev.resvec.bench.report.JsonValues;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a JVM with given arguments sees ({@link EnvironmentProbe} {@code jvm}, run as a child).
 *
 * @param provider       the kernel provider line
 * @param providerName   {@code vector} or {@code scalar}
 * @param vectorBits     the kernels' species width (0: scalar)
 * @param fma            whether the kernels use FMA
 * @param preferredBits  the FMA probe's (preferred) species width, 0 when the probe cannot run
 * @param fmaChains      the probe's chains, 0 when it cannot run
 * @param vmOptions      HotSpot's vector options
 * @param jdk            vendor, version, VM
 */
record JvmInfo(String provider, String providerName, int vectorBits, boolean fma, int preferredBits, int fmaChains,
               Map<String, String> vmOptions, String jdk) {

    /**
     * @throws IllegalStateException when the child fails (with its last stderr lines, e.g. a bad vector width)
     */
    static JvmInfo probe(List<String> jvmArgs, Path log) throws IOException {
        ChildProcess.Result r = ChildProcess.run(ChildProcess.java(jvmArgs, EnvironmentProbe.class.getName(), "jvm"),
                log, 120);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("a JVM with " + String.join(" ", jvmArgs) + " failed to start the kernels"
                    + " (exit " + r.exitCode() + "): " + ChildProcess.tail(log, 3));
        }
        JsonFields j = new JsonFields(JsonValues.parse(r.stdout().trim()), "environment probe", "jvm");
        return new JvmInfo(j.string("provider"), j.string("providerName"), (int) j.number("vectorBits"), j.bool("fma"),
                j.has("preferredBits") ? (int) j.number("preferredBits") : 0,
                j.has("fmaChains") ? (int) j.number("fmaChains") : 0, j.stringMap("vmOptions"), j.string("jdk"));
    }
}

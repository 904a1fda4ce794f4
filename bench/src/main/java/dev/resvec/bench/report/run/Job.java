package dev.resvec.bench.report.run;

import java.util.List;
import java.util.Map;

/**
 * One row to measure with JMH: a benchmark method with all its parameters fixed, the JVM it forks, and how to read
 * its score.
 *
 * @param section    the section's id
 * @param caseName   the row's case
 * @param impl       the row's implementation name
 * @param algorithm  the algorithm, or null
 * @param variant    the row's variant id ({@code main}, {@code scalar}, {@code vector128}, {@code peer})
 * @param threads    the row's thread count
 * @param benchmark  {@code fully.qualified.Class.method}
 * @param params     the {@code @Param} values
 * @param jmhThreads JMH worker threads (the limit probes: one per thread; everything else 1)
 * @param jvmArgs    the forks' complete JVM arguments
 * @param work       how a call's time becomes figures
 * @param limit      the limit row's case this row is a percentage of (at the same thread key), or null
 * @param iterations warm-up and measurement
 * @param forks      forks
 */
public record Job(String section, String caseName, String impl, String algorithm, String variant, ThreadSpec threads,
                  String benchmark, Map<String, String> params, int jmhThreads, List<String> jvmArgs, Work work,
                  String limit, Iterations iterations, int forks) {
    public Job {
        params = Map.copyOf(params);
        jvmArgs = List.copyOf(jvmArgs);
        if (jmhThreads < 1 || forks < 1) {
            throw new IllegalArgumentException("job " + caseName + ": JMH threads and forks must be >= 1");
        }
    }

    /** @return a one-line name for progress output */
    public String describe() {
        String t = threads.key().equals("all") ? "all threads (" + threads.count() + ")"
                : threads.count() + (threads.count() == 1 ? " thread" : " threads");
        return section + " " + caseName + " " + impl + ", " + t;
    }
}

package dev.resvec.bench.report.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row to measure with JMH — or two: a benchmark method with all its parameters fixed, the JVM it forks, and how
 * to read its score. With an {@code alternate} thread count the fork times both counts, iteration by iteration
 * ({@link dev.resvec.bench.ThreadAlternation}: {@code -p alternateThreads}), and the job gives one row per count
 * (the report's quick mode: the 1-thread and all-threads rows of a case share one JVM and its JIT warm-up).
 *
 * @param section    the section's id
 * @param caseName   the row's case
 * @param impl       the row's implementation name
 * @param algorithm  the algorithm, or null
 * @param variant    the row's variant id ({@code main}, {@code scalar}, {@code vector128}, {@code peer})
 * @param threads    the row's thread count (the first row's, for a job with an alternate count)
 * @param alternate  the second row's thread count, timed every other iteration in the same fork, or null
 * @param benchmark  {@code fully.qualified.Class.method}
 * @param params     the {@code @Param} values ({@code threads} and {@code alternateThreads} included)
 * @param jmhThreads JMH worker threads (the limit probes: one per thread; everything else 1)
 * @param jvmArgs    the forks' complete JVM arguments
 * @param work       how a call's time becomes figures
 * @param limit      the limit row's case this row is a percentage of (at the same thread key), or null
 * @param iterations warm-up and measurement (the measured iterations of both rows, for an alternating job)
 * @param forks      forks
 */
public record Job(String section, String caseName, String impl, String algorithm, String variant, ThreadSpec threads,
                  ThreadSpec alternate, String benchmark, Map<String, String> params, int jmhThreads,
                  List<String> jvmArgs, Work work, String limit, Iterations iterations, int forks) {
    public Job {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params)); // in the given order
        jvmArgs = List.copyOf(jvmArgs);
        if (jmhThreads < 1 || forks < 1) {
            throw new IllegalArgumentException("job " + caseName + ": JMH threads and forks must be >= 1");
        }
        if (alternate != null && (jmhThreads != 1 || alternate.count() == threads.count()
                || iterations.measurements() % 2 != 0)) {
            throw new IllegalArgumentException("job " + caseName + ": an alternate thread count needs 1 JMH thread, "
                    + "a count other than " + threads.count() + " and an even number of measured iterations, got "
                    + alternate.count() + " and " + iterations.measurements());
        }
    }

    /** @return the thread counts of its rows: {@code threads}, then {@code alternate} where there is one */
    public List<ThreadSpec> rowThreads() {
        return alternate == null ? List.of(threads) : List.of(threads, alternate);
    }

    /** @return a one-line name for progress output */
    public String describe() {
        return describe(threads) + (alternate == null ? "" : " ⇄ " + threadWords(alternate));
    }

    /** @return a one-line name of its row at this thread count */
    public String describe(ThreadSpec t) {
        return section + " " + caseName + " " + impl + ", " + threadWords(t);
    }

    private static String threadWords(ThreadSpec t) {
        return t.key().equals("all") ? "all threads (" + t.count() + ")"
                : t.count() + (t.count() == 1 ? " thread" : " threads");
    }
}

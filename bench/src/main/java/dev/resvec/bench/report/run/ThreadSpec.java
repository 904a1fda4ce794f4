package dev.resvec.bench.report.run;

import java.util.ArrayList;
import java.util.List;

/**
 * A thread count of the report: its key (what rows of two reports match on: {@code 1}, {@code all}, or a number)
 * and the count on this machine.
 *
 * @param key   {@code 1}, {@code all} or a decimal count
 * @param count the threads
 */
public record ThreadSpec(String key, int count) {
    public ThreadSpec {
        if (count < 1) {
            throw new IllegalArgumentException("thread counts must be >= 1, got " + count);
        }
    }

    /**
     * @param spec e.g. {@code 1,all} or {@code 1,4,all}
     * @param cpus the processors of this machine ("all")
     * @return the distinct thread counts in order; {@code all} is left out where it equals an earlier count
     * @throws IllegalArgumentException for an entry that is neither a positive count nor "all"
     */
    public static List<ThreadSpec> parse(String spec, int cpus) {
        List<ThreadSpec> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            ThreadSpec t;
            if (p.equals("all")) {
                t = new ThreadSpec("all", cpus);
            } else {
                int n;
                try {
                    n = Integer.parseInt(p);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--threads: expected counts or 'all' separated by commas, got '"
                            + p + "' in '" + spec + "'");
                }
                if (n < 1) {
                    throw new IllegalArgumentException("--threads: counts must be >= 1, got " + n);
                }
                t = new ThreadSpec(String.valueOf(n), n);
            }
            if (out.stream().noneMatch(o -> o.count() == t.count())) {
                out.add(t);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--threads: no thread count in '" + spec + "'");
        }
        return List.copyOf(out);
    }
}

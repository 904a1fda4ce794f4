package dev.resvec.bench;

import dev.resvec.bench.report.JsonValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark × parameter combination from a JMH {@code -rf json} file: the fields the peer tables need.
 *
 * @param benchmark      e.g. {@code dev.resvec.bench.GemmBenchmark.sgemm}
 * @param params         the {@code @Param} values
 * @param unit           the score unit, e.g. {@code us/op}
 * @param median         the 50th percentile over all measured iterations of all forks
 * @param confidenceLow  JMH's 99.9 % confidence interval of the mean, low end (NaN with one iteration)
 * @param confidenceHigh its high end
 * @param rawData        per fork, the measured iteration scores
 */
record JmhResult(String benchmark, Map<String, String> params, String unit, double median, double confidenceLow,
                 double confidenceHigh, List<double[]> rawData) {

    /** @return every result in a JMH JSON result file */
    static List<JmhResult> read(String json) {
        Object root = JsonValues.parse(json);
        if (!(root instanceof List<?> list)) {
            throw new IllegalArgumentException("a JMH JSON result file is an array of results");
        }
        List<JmhResult> results = new ArrayList<>();
        for (Object item : list) {
            Map<?, ?> r = map(item, "result");
            Map<?, ?> metric = map(r.get("primaryMetric"), "primaryMetric");
            Map<String, String> params = new LinkedHashMap<>();
            if (r.get("params") instanceof Map<?, ?> p) {
                p.forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
            }
            Map<?, ?> percentiles = map(metric.get("scorePercentiles"), "scorePercentiles");
            List<?> confidence = metric.get("scoreConfidence") instanceof List<?> c ? c : List.of();
            List<double[]> raw = new ArrayList<>();
            if (metric.get("rawData") instanceof List<?> forks) {
                for (Object fork : forks) {
                    if (fork instanceof List<?> iterations) {
                        raw.add(iterations.stream().mapToDouble(JmhResult::number).toArray());
                    }
                }
            }
            results.add(new JmhResult(String.valueOf(r.get("benchmark")), params, String.valueOf(metric.get("scoreUnit")),
                    number(percentiles.get("50.0")),
                    confidence.size() == 2 ? number(confidence.get(0)) : Double.NaN,
                    confidence.size() == 2 ? number(confidence.get(1)) : Double.NaN, raw));
        }
        return results;
    }

    /** @return the median of each fork's measured iterations */
    double[] forkMedians() {
        return rawData.stream().filter(f -> f.length > 0).mapToDouble(JmhResult::medianOf).toArray();
    }

    int intParam(String name) {
        return Integer.parseInt(param(name));
    }

    long longParam(String name) {
        return Long.parseLong(param(name));
    }

    private String param(String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException(benchmark + " has no parameter '" + name + "' (params: " + params + ")");
        }
        return v;
    }

    static double medianOf(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static Map<?, ?> map(Object o, String what) {
        if (o instanceof Map<?, ?> m) {
            return m;
        }
        throw new IllegalArgumentException("JMH JSON: '" + what + "' is not an object");
    }

    /** JMH writes NaN as the string "NaN"; numbers otherwise. */
    private static double number(Object o) {
        if (o instanceof Double d) {
            return d;
        }
        if (o instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }
}

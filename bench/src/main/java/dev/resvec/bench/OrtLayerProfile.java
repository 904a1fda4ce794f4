package dev.resvec.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.resvec.bench.report.JsonValues;
import java.io.IOException;
import java.io.Reader;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ONNX Runtime's time per node of a model, the peer's side of {@code resvec profile}: the session as
 * {@link OrtInferenceBenchmark} sets it up, with ONNX Runtime's own profiling on ({@code enableProfiling}), a number of
 * calls on one seeded random batch, then per node the median of its kernel times over the calls after the first
 * {@code skip} (the warm-up), in the order the nodes ran.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.resvec.bench.OrtLayerProfile MODEL.onnx THREADS [BATCH [CALLS [SKIP]]]</pre>
 */
public final class OrtLayerProfile {
    private OrtLayerProfile() {}

    /**
     * One node's median kernel time.
     *
     * @param name   the node's name in the optimised graph
     * @param op     its operator (Conv, after ONNX Runtime's fusions: with the bias, the ReLU and a residual Add)
     * @param millis the median of its kernel times over the counted calls
     */
    public record Node(String name, String op, double millis) {}

    public static void main(String[] args) throws OrtException, IOException {
        if (args.length < 2 || args.length > 5) {
            System.err.println("usage: OrtLayerProfile MODEL.onnx THREADS [BATCH [CALLS [SKIP]]]"
                    + " (defaults: batch 1, 60 calls, the first 20 not counted)");
            System.exit(2);
        }
        Path model = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int calls = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        int skip = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        if (!Files.isRegularFile(model) || threads < 1 || batch < 1 || skip < 0 || calls <= skip) {
            throw new IllegalArgumentException("OrtLayerProfile: expected an ONNX file, threads >= 1, batch >= 1 and"
                    + " calls > skip >= 0, got " + String.join(" ", args));
        }
        Path prefix = Files.createTempDirectory("ort-profile").resolve("profile");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Path trace;
        try (OrtSession session = OrtInferenceBenchmark.session(env, model, threads, prefix);
             OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(InferenceInputs.images(batch)),
                     new long[] {batch, 3, 224, 224})) {
            String input = session.getInputNames().iterator().next();
            for (int i = 0; i < calls; i++) {
                try (OrtSession.Result ignored = session.run(Map.of(input, tensor))) {
                    // the profile records the call
                }
            }
            trace = Path.of(session.endProfiling());
        }
        List<Node> nodes;
        try (Reader in = Files.newBufferedReader(trace)) {
            nodes = medians(JsonValues.parse(in), skip);
        }
        double total = nodes.stream().mapToDouble(Node::millis).sum();
        System.out.printf(Locale.ROOT, "ONNX Runtime %s, %s, batch %d, %d thread%s: median kernel time per node over"
                + " calls %d-%d (trace %s)%n", env.getVersion(), model.getFileName(), batch, threads,
                threads == 1 ? "" : "s", skip + 1, calls, trace);
        for (Node n : nodes) {
            System.out.printf(Locale.ROOT, "%10.3f  %-20s %s%n", n.millis(), n.op(), n.name());
        }
        System.out.printf(Locale.ROOT, "%10.3f  total of the nodes' medians%n", total);
    }

    /**
     * @param trace the parsed trace file ONNX Runtime's profiling writes: an array of Chrome trace events, a node's
     *              kernel time an event of category "Node" named NAME_kernel_time, with its duration in µs and its
     *              operator in args.op_name
     * @param skip  the first calls of each node not counted
     * @return per node, in the order of their first kernel time, the median of their later kernel times
     * @throws IllegalArgumentException when the trace is not such an array, or a node ran no more than skip times
     */
    static List<Node> medians(Object trace, int skip) {
        if (!(trace instanceof List<?> events)) {
            throw new IllegalArgumentException("OrtLayerProfile: expected a JSON array of trace events, got "
                    + (trace == null ? "null" : trace.getClass().getSimpleName()));
        }
        Map<String, List<Double>> times = new LinkedHashMap<>();
        Map<String, String> ops = new LinkedHashMap<>();
        for (Object e : events) {
            if (e instanceof Map<?, ?> event && "Node".equals(event.get("cat"))
                    && event.get("name") instanceof String name && name.endsWith("_kernel_time")
                    && event.get("dur") instanceof Double micros) {
                String node = name.substring(0, name.length() - "_kernel_time".length());
                times.computeIfAbsent(node, k -> new ArrayList<>()).add(micros / 1000);
                Object op = event.get("args") instanceof Map<?, ?> a ? a.get("op_name") : null;
                ops.put(node, op == null ? "?" : op.toString());
            }
        }
        List<Node> nodes = new ArrayList<>();
        for (Map.Entry<String, List<Double>> t : times.entrySet()) {
            List<Double> all = t.getValue();
            if (all.size() <= skip) {
                throw new IllegalArgumentException("OrtLayerProfile: node " + t.getKey() + " ran " + all.size()
                        + " times, not more than the " + skip + " skipped");
            }
            // sorted here, not through report.Stats: a trivial node's kernel time can be 0 µs, which Stats rejects
            double[] counted = all.subList(skip, all.size()).stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(counted);
            int n = counted.length;
            double median = n % 2 == 1 ? counted[n / 2] : (counted[n / 2 - 1] + counted[n / 2]) / 2;
            nodes.add(new Node(t.getKey(), ops.get(t.getKey()), median));
        }
        return nodes;
    }
}

package dev.resvec.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.bench.report.JsonValues;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link OrtLayerProfile#medians}: per node, the median of the counted kernel times, in first-run order. */
class OrtLayerProfileTest {
    private static String event(String name, String cat, double micros, String op) {
        return "{\"cat\":\"" + cat + "\",\"name\":\"" + name + "\",\"dur\":" + micros + ",\"args\":{\"op_name\":\""
                + op + "\"}}";
    }

    @Test
    void mediansOfTheCountedCallsPerNodeInOrder() {
        String trace = "[" + String.join(",",
                event("session_initialization", "Session", 9000, "-"),
                event("conv1_kernel_time", "Node", 5000, "Conv"),       // skipped: the first call
                event("conv1_fence_before", "Node", 1, "Conv"),
                event("pool_kernel_time", "Node", 100, "MaxPool"),
                event("conv1_kernel_time", "Node", 2000, "Conv"),
                event("pool_kernel_time", "Node", 300, "MaxPool"),
                event("conv1_kernel_time", "Node", 1000, "Conv"),
                event("pool_kernel_time", "Node", 200, "MaxPool"),
                event("conv1_kernel_time", "Node", 4000, "Conv")) + "]";
        List<OrtLayerProfile.Node> nodes = OrtLayerProfile.medians(JsonValues.parse(trace), 1);
        // conv1: 2, 1, 4 ms counted -> 2; pool: 0.3, 0.2 -> 0.25
        assertEquals(List.of(new OrtLayerProfile.Node("conv1", "Conv", 2.0),
                new OrtLayerProfile.Node("pool", "MaxPool", 0.25)), nodes);
    }

    @Test
    void tracesThatDoNotFitAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OrtLayerProfile.medians(JsonValues.parse("{}"), 0));
        assertTrue(e.getMessage().contains("JSON array of trace events"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OrtLayerProfile.medians(JsonValues.parse(
                "[" + event("c_kernel_time", "Node", 5, "Conv") + "]"), 1));
        assertTrue(e.getMessage().contains("node c ran 1 times, not more than the 1 skipped"), e.getMessage());
    }
}

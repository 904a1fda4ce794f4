package dev.resvec.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.bench.report.JsonValues;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeerComparisonTest {
    /** The shape of a JMH 1.37 {@code -rf json} file, trimmed. */
    static String result(String benchmark, String params, String unit, double median, String low, String high,
                                 String raw) {
        return """
                {
                    "jmhVersion" : "1.37",
                    "benchmark" : "%s",
                    "mode" : "avgt",
                    "params" : { %s },
                    "primaryMetric" : {
                        "score" : %s,
                        "scoreError" : 1.5,
                        "scoreConfidence" : [ %s, %s ],
                        "scorePercentiles" : { "0.0" : 1.0, "50.0" : %s, "100.0" : 1e9 },
                        "scoreUnit" : "%s",
                        "rawData" : [ %s ]
                    },
                    "secondaryMetrics" : { }
                }""".formatted(benchmark, params, median, low, high, median, unit, raw);
    }

    @Test
    void jsonReadsWhatJmhWrites() {
        Object v = JsonValues.parse("""
                [ {"a" : "x\\"y\\u00e9", "b" : [1, -2.5e3, true, false, null], "c" : {}, "d" : [], "e" : NaN } ]""");
        Map<?, ?> m = (Map<?, ?>) ((List<?>) v).get(0);
        assertEquals("x\"yé", m.get("a"));
        assertEquals(List.of(1.0, -2500.0, true, false), ((List<?>) m.get("b")).subList(0, 4));
        assertEquals(null, ((List<?>) m.get("b")).get(4));
        assertTrue(Double.isNaN((Double) m.get("e")));
        assertThrows(IllegalArgumentException.class, () -> JsonValues.parse("[1, 2"));
        assertThrows(IllegalArgumentException.class, () -> JsonValues.parse("{\"a\" 1}"));
        assertThrows(IllegalArgumentException.class, () -> JsonValues.parse("[1] x"));
    }

    @Test
    void gemmTableComputesGflopsAndRatios() {
        // 1024³: 2.147 GFLOP; 21474.83648 µs per call = 100 GFLOP/s.
        String json = "[" + result("dev.resvec.bench.GemmBenchmark.sgemm",
                "\"provider\" : \"vector\", \"shape\" : \"1024x1024x1024\", \"threads\" : \"2\"", "us/op",
                21474.83648, "21000", "22000", "[21474.83648, 21474.83648], [42949.67296, 42949.67296]")
                + "," + result("dev.resvec.bench.GemmBenchmark.sgemm",
                "\"provider\" : \"vector\", \"shape\" : \"64x147x12544\", \"threads\" : \"1\"", "ms/op",
                1.0, "\"NaN\"", "\"NaN\"", "[1.0]") + "]";
        List<JmhResult> results = JmhResult.read(json);
        assertEquals(2, results.size());
        assertArrayEquals(new double[] {21474.83648, 42949.67296}, results.get(0).forkMedians(), 1e-9);
        List<Map<String, String>> peer = PeerComparison.readCsv("""
                peer,threads,M,K,N,gflops_median
                openblas,1,1024,1024,1024,83.61
                openblas,2,1024,1024,1024,200.0
                openblas,1,64,147,12544,118.03
                """);
        String table = PeerComparison.gemmTable(results, peer);
        String[] lines = table.split("\n");
        assertEquals(4, lines.length, table);
        assertTrue(lines[0].contains("OpenBLAS GFLOP/s | ResVec/OpenBLAS"), table);
        // sorted by threads: the 1-thread row first. 2·64·147·12544 flop in 1 ms = 236.0 GFLOP/s; 236.0/118.03 = 2.00
        assertTrue(lines[2].startsWith("| 64,147,12544 | 1 | vector | 236 | n/a | 236 (1 fork) | 118 | 2.00 |"), lines[2]);
        // the interval [21000, 22000] µs is [97.6, 102.3] GFLOP/s: ± 2.32; fork medians 50 and 100
        assertTrue(lines[3].startsWith("| 1024,1024,1024 | 2 | vector | 100 | 2.32 | 50.0–100 | 200 | 0.50 |"), lines[3]);
    }

    @Test
    void addTableUsesTwelveBytesPerElementAndThePeersModes() {
        // 1 MiB per operand: 262144 floats, 3 MiB moved; 31457.28 ns per call = 100 GB/s.
        String json = "[" + result("dev.resvec.bench.ElementwiseBenchmark.addOutOfPlace",
                "\"bytes\" : \"1048576\", \"threads\" : \"1\"", "ns/op", 31457.28, "\"NaN\"", "\"NaN\"", "[31457.28]")
                + "," + result("dev.resvec.bench.ElementwiseBenchmark.addInPlace",
                "\"bytes\" : \"1048576\", \"threads\" : \"2\"", "ns/op", 31457.28, "\"NaN\"", "\"NaN\"", "[31457.28]")
                + "]";
        List<Map<String, String>> peer = PeerComparison.readCsv("""
                peer,op,threads,mode,bytes_per_operand,ns_per_call_median,gbps_median,gbps_min,gbps_max
                stream-add,oop,1,free,1048576,41223.7,80.00,71.45,76.45
                stream-add,inplace,2,free,1048576,1,400.00,1,1
                stream-add,inplace,2,join,1048576,1,200.00,1,1
                """);
        String table = PeerComparison.addTable(JmhResult.read(json), peer);
        String[] lines = table.split("\n");
        assertEquals(4, lines.length, table);
        assertTrue(lines[2].startsWith("| inplace | 1 MiB | 2 | 100 | n/a | 100 (1 fork) | 200 | join | 0.50 |"), table);
        assertTrue(lines[3].startsWith("| oop | 1 MiB | 1 | 100 | n/a | 100 (1 fork) | 80.0 | free | 1.25 |"), table);
    }

    @Test
    void shapesParse() {
        assertArrayEquals(new int[] {64, 147, 12544}, GemmBenchmark.parseShape("64x147x12544"));
        assertArrayEquals(new int[] {2, 3, 4}, GemmBenchmark.parseShape("2,3,4"));
        assertThrows(IllegalArgumentException.class, () -> GemmBenchmark.parseShape("2x3"));
        assertThrows(IllegalArgumentException.class, () -> GemmBenchmark.parseShape("0x3x4"));
    }
}

package dev.resvec.bench;

import static dev.resvec.bench.PeerComparisonTest.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.kernels.ConvAlgorithm;
import dev.resvec.kernels.ConvShape;
import dev.resvec.kernels.Convolution;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvComparisonTest {
    private static final String B = "dev.resvec.bench.ConvBenchmark.";

    private static String conv(String method, String layer, String algorithm, int batch, int threads, double ms) {
        return result(B + method, "\"algorithm\" : \"" + algorithm + "\", \"batch\" : \"" + batch + "\", \"layer\" : \""
                + layer + "\", \"threads\" : \"" + threads + "\"", "ms/op", ms, "\"NaN\"", "\"NaN\"", "[" + ms + "]");
    }

    @Test
    void layerNamesParse() {
        assertEquals(ConvShape.of(8, 64, 56, 56, 64, 3, 1, 1), ConvBenchmark.shape("3x3_64-64_56", 8));
        ConvShape down = ConvBenchmark.shape("1x1s2_256-512_56", 1);
        assertEquals(ConvShape.of(1, 256, 56, 56, 512, 1, 2, 0), down);
        assertEquals(28, down.outHeight());
        ConvShape stem = ConvBenchmark.shape("7x7s2_3-64_224", 1);
        assertEquals(3, stem.padH());
        assertEquals(112, stem.outWidth());
        // 2·C·K·9·H·W per image for the 3x3 layers
        assertEquals(2.0 * 64 * 64 * 9 * 56 * 56, ConvBenchmark.shape("3x3_64-64_56", 1).flops());
        for (String bad : new String[] {"3x5_64-64_56", "3x3_64_56", "3x3_0-64_56", "3x3s0_64-64_56", "", "x"}) {
            assertThrows(IllegalArgumentException.class, () -> ConvBenchmark.shape(bad, 1), bad);
        }
        assertEquals("conv1x1", ConvBenchmark.group("1x1s2_256-512_56"));
        assertEquals("conv7x7", ConvBenchmark.group("7x7s2_3-64_224"));
        assertThrows(IllegalArgumentException.class, () -> ConvBenchmark.group("5x5_8-8_20"));
        // the default layers are the benchmark's @Param defaults and all parse
        for (String layer : ConvComparison.LAYERS) {
            ConvBenchmark.group(layer);
        }
    }

    @Test
    void directionComesFromTheMethodName() {
        assertEquals("backwardData", ConvBenchmark.direction(B + "conv3x3_backwardData"));
        assertEquals("forward", ConvBenchmark.direction(B + "conv7x7_forward"));
        assertEquals("forwardUnprepared", ConvBenchmark.direction(B + "conv1x1_forwardUnprepared"));
        assertThrows(IllegalArgumentException.class, () -> ConvBenchmark.direction(B + "conv3x3_sideways"));
        assertThrows(IllegalArgumentException.class, () -> ConvBenchmark.direction("GemmBenchmark.sgemm"));
    }

    @Test
    void planGroupsLayersByMethodAndAcceptedAlgorithms() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> lines = ConvComparison.planLines(
                List.of("3x3_64-64_56", "1x1_64-256_56", "3x3s2_64-128_56", "3x3_128-128_28", "1x1s2_256-512_56",
                        "7x7s2_3-64_224"),
                List.of(ConvAlgorithm.WINOGRAD_F4X4_3X3, ConvAlgorithm.POINTWISE_GEMM, ConvAlgorithm.IM2COL_GEMM),
                "1,8", "1,2", List.of("forward", "backwardData"), new PrintStream(err));
        assertEquals(List.of(
                "ConvBenchmark\\.conv3x3_(forward|backwardData)$ -p layer=3x3_64-64_56,3x3_128-128_28"
                        + " -p algorithm=WINOGRAD_F4X4_3X3,IM2COL_GEMM -p batch=1,8 -p threads=1,2",
                "ConvBenchmark\\.conv1x1_(forward|backwardData)$ -p layer=1x1_64-256_56,1x1s2_256-512_56"
                        + " -p algorithm=POINTWISE_GEMM,IM2COL_GEMM -p batch=1,8 -p threads=1,2",
                "ConvBenchmark\\.conv3x3_(forward|backwardData)$ -p layer=3x3s2_64-128_56"
                        + " -p algorithm=IM2COL_GEMM -p batch=1,8 -p threads=1,2",
                "ConvBenchmark\\.conv7x7_(forward|backwardData)$ -p layer=7x7s2_3-64_224"
                        + " -p algorithm=IM2COL_GEMM -p batch=1,8 -p threads=1,2"), lines);
        assertEquals("", err.toString(StandardCharsets.UTF_8));

        lines = ConvComparison.planLines(List.of("3x3_64-64_56", "1x1_64-256_56"),
                List.of(ConvAlgorithm.WINOGRAD_F2X2_3X3), "1", "1", List.of("forward"), new PrintStream(err));
        assertEquals(List.of("ConvBenchmark\\.conv3x3_forward$ -p layer=3x3_64-64_56 -p algorithm=WINOGRAD_F2X2_3X3"
                + " -p batch=1 -p threads=1"), lines);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("skipping layer 1x1_64-256_56"), err.toString());
        assertThrows(IllegalArgumentException.class, () -> ConvComparison.planLines(List.of("1x1_64-256_56"),
                List.of(ConvAlgorithm.WINOGRAD_F4X4_3X3), "1", "1", List.of("forward"), new PrintStream(err)));
    }

    @Test
    void planCommandValidatesItsOptions() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertEquals(0, PeerComparison.run(new String[] {"conv-plan"}, ps));
        assertEquals(3, out.toString(StandardCharsets.UTF_8).strip().split("\n").length, out.toString());
        for (String[] bad : new String[][] {{"conv-plan", "--directions", "up"}, {"conv-plan", "--algorithms", "FFT"},
                {"conv-plan", "--algorithms", "AUTO"}, {"conv-plan", "--batch", "0"}, {"conv-plan", "--threads"},
                {"conv-plan", "--layers", "3x3"}, {"conv-plan", "--bogus", "1"}}) {
            assertThrows(IllegalArgumentException.class, () -> PeerComparison.run(bad, ps), Arrays.toString(bad));
        }
    }

    @Test
    void tableComputesGflopsRatiosSpeedupsSumsAndTargets() {
        String l = "3x3_64-64_56"; // 231.211008 MFLOP per image
        String json = "[" + String.join(",",
                conv("conv3x3_forward", l, "WINOGRAD_F4X4_3X3", 1, 1, 1.0),
                conv("conv3x3_forward", l, "IM2COL_GEMM", 1, 1, 2.0),
                conv("conv3x3_forwardUnprepared", l, "WINOGRAD_F4X4_3X3", 1, 1, 1.25),
                conv("conv3x3_backwardData", l, "WINOGRAD_F4X4_3X3", 1, 1, 1.5),
                conv("conv3x3_backwardFilter", l, "WINOGRAD_F4X4_3X3", 1, 1, 2.25),
                conv("conv1x1_forward", "1x1_64-256_56", "POINTWISE_GEMM", 8, 2, 4.0)) + "]";
        List<Map<String, String>> peer = PeerComparison.readCsv("""
                peer,threads,layer,batch,direction,ms_median
                pytorch,1,3x3_64-64_56,1,forward,3.0
                pytorch,1,3x3_64-64_56,1,backwardData,1.0
                pytorch,1,3x3_64-64_56,1,forwardBackward,10.0
                pytorch,2,3x3_64-64_56,1,forward,1.0
                """);
        String table = ConvComparison.table(JmhResult.read(json), peer, null);
        String[] lines = table.split("\n");
        assertTrue(lines[0].startsWith("| layer | algorithm | batch | threads | direction | ResVec ms |"), table);
        assertTrue(lines[0].contains("| PyTorch ms | PyTorch GFLOP/s | PyTorch/ResVec | im2col/this | measured error |"),
                table);
        assertEquals(lines[0].chars().filter(c -> c == '|').count(), lines[1].chars().filter(c -> c == '|').count(),
                "the separator has a cell per column");
        // order: layer, batch, threads, direction (forward, unprepared, data, filter, sum), algorithm
        assertEquals("| 3x3_64-64_56 | WINOGRAD_F4X4_3X3 | 1 | 1 | forward | 1.00 | n/a | 1.00 (1 fork) | 231 | 3.00"
                + " | 77.1 | 3.00 | 2.00 | – |", lines[2]);
        assertEquals("| 3x3_64-64_56 | IM2COL_GEMM | 1 | 1 | forward | 2.00 | n/a | 2.00 (1 fork) | 116 | 3.00 | 77.1"
                + " | 1.50 | – | – |", lines[3]);
        assertTrue(lines[4].startsWith("| 3x3_64-64_56 | WINOGRAD_F4X4_3X3 | 1 | 1 | forwardUnprepared | 1.25 |"),
                table);
        assertTrue(lines[4].endsWith("| 3.00 | 77.1 | 2.40 | – | – |"), lines[4]);
        assertTrue(lines[5].contains("| backwardData | 1.50 |") && lines[5].endsWith("| 1.00 | 231 | 0.67 | – | – |"),
                lines[5]);
        assertTrue(lines[6].contains("| backwardFilter | 2.25 |") && lines[6].endsWith("| – | – | – | – | – |"),
                lines[6]);
        // fwd+bwd: 1.25 + 1.5 + 2.25 = 5 ms for 3 × 231 MFLOP = 139 GFLOP/s; PyTorch 10 ms: ratio 2.00
        assertEquals("| 3x3_64-64_56 | WINOGRAD_F4X4_3X3 | 1 | 1 | fwd+bwd (sum) | 5.00 | n/a | – | 139 | 10.0 | 69.4"
                + " | 2.00 | – | – |", lines[7]);
        // 1x1 64->256 at 56x56, batch 8: 2·64·256·3136·8 = 822 MFLOP in 4 ms = 206 GFLOP/s; no peer cell
        assertTrue(lines[8].startsWith("| 1x1_64-256_56 | POINTWISE_GEMM | 8 | 2 | forward | 4.00 | n/a |"), lines[8]);
        assertTrue(lines[8].endsWith("| 206 | – | – | – | – | – |"), lines[8]);
        assertTrue(table.contains("- Winograd F(4x4,3x3) forward (prepared) >= 1.8x im2col + GEMM: met in 1 of 1 cells;"
                + " lowest 2.00x (3x3_64-64_56 batch 1 1T)"), table);
        assertTrue(table.contains("- forward (prepared, best algorithm) >= 1.5x PyTorch conv2d: met in 1 of 1 cells;"
                + " lowest 3.00x (3x3_64-64_56 batch 1 1T WINOGRAD_F4X4_3X3)"), table);
        assertTrue(table.contains("faster than PyTorch autograd: met in 1 of 1 cells; lowest 2.00x"), table);
        assertFalse(table.contains("missing"), table);
        assertTrue(table.contains("\nMeasured error: not recorded (no --errors file; bench/compare-conv.sh has the"
                + " forks write one).\n"), table);
    }

    @Test
    void aMissingPeerIsNamedNotDropped() {
        String json = "[" + conv("conv3x3_forward", "3x3_512-512_7", "WINOGRAD_F2X2_3X3", 1, 2, 0.5) + "]";
        String table = ConvComparison.table(JmhResult.read(json), null, "run ../shared/peers/setup.sh torch");
        String[] lines = table.split("\n");
        assertTrue(lines[2].endsWith("| missing | missing | missing | – | – |"), lines[2]);
        assertTrue(table.contains("PyTorch: missing — run ../shared/peers/setup.sh torch"), table);
        assertEquals("0.050", ConvComparison.ratio(0.05));
        assertEquals("1.50", ConvComparison.ratio(1.5));
        // no im2col row, no peer: no target can be judged
        assertTrue(table.contains("- none of the targets' cells was measured in this run"), table);
    }

    @Test
    void tableCommandReadsSeveralResultFiles(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.json"), b = dir.resolve("b.json"), p = dir.resolve("p.csv");
        Files.writeString(a, "[" + conv("conv3x3_forward", "3x3_64-64_56", "IM2COL_GEMM", 1, 1, 2) + "]");
        Files.writeString(b, "[" + conv("conv7x7_backwardData", "7x7s2_3-64_224", "IM2COL_GEMM", 1, 1, 3)
                + "]");
        Files.writeString(p, "peer,threads,layer,batch,direction,ms_median\n"
                + "pytorch,1,7x7s2_3-64_224,1,backwardData,6\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertEquals(0, PeerComparison.run(new String[] {"conv", "--resvec", a.toString(), "--resvec", b.toString(),
                "--peer", p.toString()}, ps));
        String table = out.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("| 3x3_64-64_56 | IM2COL_GEMM | 1 | 1 | forward | 2.00 |"), table);
        assertTrue(table.contains("| 7x7s2_3-64_224 | IM2COL_GEMM | 1 | 1 | backwardData | 3.00 |"), table);
        assertTrue(table.contains("| 6.00 | 39.3 | 2.00 | – |"), table); // 2·3·64·49·112·112 = 236 MFLOP in 6 ms
        assertThrows(IllegalArgumentException.class, () -> PeerComparison.run(new String[] {"conv", "--resvec",
                a.toString()}, ps)); // neither --peer nor --peer-missing
        Files.writeString(a, "[]");
        assertThrows(IllegalArgumentException.class, () -> PeerComparison.run(new String[] {"conv", "--resvec",
                a.toString(), "--peer-missing", "x"}, ps));
    }

    /**
     * The measured-error column: each forward cell shows the largest error its forks appended (in the format and
     * through the writer the forks use), keyed by layer, algorithm, batch, threads and direction, so that another
     * cell's entries never leak into it; backward and summed rows have none.
     */
    @Test
    void measuredErrorsFillTheForwardCellsFromTheForksFile(@TempDir Path dir) throws Exception {
        String l = "3x3_64-64_56";
        Path results = dir.resolve("r.json"), errors = dir.resolve("conv-errors.txt");
        Files.writeString(results, "[" + String.join(",",
                conv("conv3x3_forward", l, "WINOGRAD_F4X4_3X3", 1, 1, 1.0),
                conv("conv3x3_forward", l, "IM2COL_GEMM", 1, 1, 2.0),
                conv("conv3x3_forward", l, "WINOGRAD_F4X4_3X3", 1, 2, 0.6),
                conv("conv3x3_forwardUnprepared", l, "WINOGRAD_F4X4_3X3", 1, 1, 1.25),
                conv("conv3x3_backwardData", l, "WINOGRAD_F4X4_3X3", 1, 1, 1.5),
                conv("conv3x3_backwardFilter", l, "WINOGRAD_F4X4_3X3", 1, 1, 2.25),
                conv("conv3x3_forward", l, "WINOGRAD_F2X2_3X3", 1, 1, 1.5)) + "]");
        // two forks of the 1-thread F(4x4) forward cell; one of every other forward cell but F(2x2)'s
        for (Object[] e : new Object[][] {{"WINOGRAD_F4X4_3X3", 1, "forward", 1.5e-6},
                {"IM2COL_GEMM", 1, "forward", 4.0e-7}, {"WINOGRAD_F4X4_3X3", 1, "forward", 2.31e-6},
                {"WINOGRAD_F4X4_3X3", 2, "forward", 9.0e-6}, {"WINOGRAD_F4X4_3X3", 1, "forwardUnprepared", 3.0e-6},
                {"WINOGRAD_F4X4_3X3", 1, "forward", 1.9e-6}}) {
            ConvErrors.append(errors, new ConvErrors.Entry(l, (String) e[0], 1, (int) e[1], (String) e[2],
                    (double) e[3]));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, PeerComparison.run(new String[] {"conv", "--resvec", results.toString(), "--peer-missing",
                "x", "--errors", errors.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8)));
        String table = out.toString(StandardCharsets.UTF_8);
        Map<String, String> cells = new java.util.HashMap<>();
        for (String line : table.split("\n")) {
            String[] c = line.split(" \\| ");
            if (c.length > 10 && c[0].equals("| " + l)) {
                cells.put(c[1] + " " + c[3] + "T " + c[4], c[c.length - 1].replace(" |", ""));
            }
        }
        assertEquals("2.31e-06 (38.8 u)", cells.get("WINOGRAD_F4X4_3X3 1T forward"), table); // the larger fork
        assertEquals("4.00e-07 (6.7 u)", cells.get("IM2COL_GEMM 1T forward"), table);
        assertEquals("9.00e-06 (151.0 u)", cells.get("WINOGRAD_F4X4_3X3 2T forward"), table);
        assertEquals("3.00e-06 (50.3 u)", cells.get("WINOGRAD_F4X4_3X3 1T forwardUnprepared"), table);
        assertEquals("–", cells.get("WINOGRAD_F2X2_3X3 1T forward"), "no fork recorded one: " + table);
        assertEquals("–", cells.get("WINOGRAD_F4X4_3X3 1T backwardData"), table);
        assertEquals("–", cells.get("WINOGRAD_F4X4_3X3 1T backwardFilter"), table);
        assertEquals("–", cells.get("WINOGRAD_F4X4_3X3 1T " + ConvComparison.FWD_BWD), table);
        assertEquals(8, cells.size(), table);
        assertTrue(table.contains(ConvComparison.ERRORS_LEGEND), table);
        assertFalse(table.contains("not recorded"), table);
    }

    @Test
    void aBadErrorsFileIsNamed(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("r.json"), errors = dir.resolve("e.txt");
        Files.writeString(results, "[" + conv("conv3x3_forward", "3x3_64-64_56", "IM2COL_GEMM", 1, 1, 2) + "]");
        Files.writeString(errors, "2.000e-06 layer=3x3_64-64_56 algorithm=IM2COL_GEMM batch=1 threads=1"
                + " direction=forward\n1.5e-06\n");
        PrintStream ps = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        String[] args = {"conv", "--resvec", results.toString(), "--peer-missing", "x", "--errors", errors.toString()};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PeerComparison.run(args, ps));
        assertTrue(e.getMessage().startsWith(errors + ": line 2: expected 'ERROR layer=L algorithm=A batch=B"
                + " threads=T direction=D' (what ConvBenchmark writes), got '1.5e-06'"), e.getMessage());
        String[] absent = {"conv", "--resvec", results.toString(), "--peer-missing", "x", "--errors",
                dir.resolve("absent.txt").toString()};
        assertThrows(java.nio.file.NoSuchFileException.class, () -> PeerComparison.run(absent, ps));
        assertThrows(IllegalArgumentException.class, () -> PeerComparison.run(new String[] {"conv", "--resvec",
                results.toString(), "--peer-missing", "x", "--errors"}, ps), "--errors needs a value");
    }

    /** The benchmark's own check: its reference entries agree with the kernels' double direct convolution. */
    @Test
    void referenceEntriesMatchTheDirectConvolution() {
        for (String layer : new String[] {"3x3_5-7_9", "1x1s2_6-4_9", "7x7s2_3-5_12", "3x3s2_4-3_8", "1x1_3-2_4"}) {
            ConvShape s = ConvBenchmark.shape(layer, 2);
            Random random = new Random(1);
            float[] in = GemmBenchmark.randomMatrix(random, s.inputSize());
            float[] w = GemmBenchmark.randomMatrix(random, s.filterSize());
            float[] g = GemmBenchmark.randomMatrix(random, s.outputSize());
            double[] out = new double[s.outputSize()], gradIn = new double[s.inputSize()];
            double[] gradW = new double[s.filterSize()];
            Convolution.forward(s, toDouble(in), 0, toDouble(w), 0, null, 0, out, 0);
            Convolution.backwardData(s, toDouble(g), 0, toDouble(w), 0, gradIn, 0);
            Convolution.backwardFilter(s, toDouble(in), 0, toDouble(g), 0, gradW, 0, null, 0);
            for (int i = 0; i < out.length; i++) {
                assertEquals(out[i], ConvBenchmark.Reference.output(s, in, w, i)[0], 1e-9, layer + " out " + i);
            }
            for (int i = 0; i < gradIn.length; i++) {
                assertEquals(gradIn[i], ConvBenchmark.Reference.inputGradient(s, g, w, i)[0], 1e-9,
                        layer + " dIn " + i);
            }
            for (int i = 0; i < gradW.length; i++) {
                assertEquals(gradW[i], ConvBenchmark.Reference.filterGradient(s, in, g, i)[0], 1e-9,
                        layer + " dW " + i);
            }

            // and the check passes on right results, fails on wrong ones
            for (String direction : ConvBenchmark.DIRECTIONS) {
                ConvBenchmark.Problem p = new ConvBenchmark.Problem() { };
                p.shape = s;
                p.layer = layer;
                p.algorithm = ConvAlgorithm.IM2COL_GEMM;
                p.direction = direction;
                p.in = in;
                p.w = w;
                p.gradOut = g;
                p.out = toFloat(out);
                p.gradIn = toFloat(gradIn);
                p.gradW = toFloat(gradW);
                p.verify();
                float[] wrong = switch (direction) {
                    case "forward", "forwardUnprepared" -> p.out;
                    case "backwardData" -> p.gradIn;
                    default -> p.gradW;
                };
                for (int i = 0; i < wrong.length; i++) {
                    wrong[i] = wrong[i] * 1.1f + 0.01f;
                }
                assertThrows(IllegalStateException.class, p::verify, layer + " " + direction);
            }
        }
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    private static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }
}

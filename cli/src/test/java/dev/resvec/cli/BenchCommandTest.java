package dev.resvec.cli;

import static dev.resvec.cli.Run.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.bench.report.PeerStatus;
import dev.resvec.bench.report.Report;
import dev.resvec.bench.report.ReportJson;
import dev.resvec.bench.report.Row;
import dev.resvec.bench.report.Section;
import dev.resvec.bench.report.run.ReportPlan;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code resvec bench}: the smoke mode end to end (JMH forks, every section, the report directory), so that the
 * command cannot rot; {@code resvec bench compare} on two reports; bad usage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BenchCommandTest {
    @TempDir
    static Path dir;

    private Run smoke;
    private Path smokeDir;

    /**
     * One smoke run for the class (about half a minute on 2 cores): every other test reads what it wrote. Smoke
     * mode runs the peers that need no Python ({@link ReportPlan#SMOKE_PEERS}), so CI runs the GEMM peers' paths.
     */
    @BeforeAll
    void runSmoke() {
        smokeDir = dir.resolve("smoke");
        smoke = run("bench", "--smoke", "--out", smokeDir.toString());
    }

    private Report smokeReport() throws IOException {
        try (Reader r = Files.newBufferedReader(smokeDir.resolve("report.json"))) {
            return ReportJson.read(r);
        }
    }

    @Test
    void smokeRunWritesEverySectionWithoutAFailedRow() throws IOException {
        assertEquals(0, smoke.exitCode(), smoke.out() + smoke.err());
        Report report = smokeReport();
        assertEquals("smoke", report.mode());
        assertEquals(ReportPlan.SECTIONS, report.sections().stream().map(Section::id).toList());
        for (Section s : report.sections()) {
            assertFalse(s.rows().isEmpty(), "no rows in " + s.id());
            for (Row r : s.rows()) {
                assertEquals(null, r.error(), r.id());
                assertTrue(r.primary().median() > 0, r.id());
            }
        }
        List<String> variants = report.rows().stream().map(Row::variant).distinct().toList();
        assertTrue(variants.containsAll(List.of(Row.MAIN, Row.SCALAR, "vector128")), variants.toString());
        assertTrue(report.machine().provider().contains("provider"), report.machine().provider());
        assertTrue(smoke.out().contains("report written"), smoke.out());
    }

    /**
     * The GEMM peers that need no Python run (OpenBLAS where this machine has it, else named as missing); PyTorch
     * and ONNX Runtime are named as not run in smoke mode.
     */
    @Test
    void smokeRunMeasuresTheCheapGemmPeersAndNamesTheOthers() throws IOException {
        assertEquals(0, smoke.exitCode(), smoke.out() + smoke.err());
        Report report = smokeReport();
        List<Row> gemmPeers = report.rows().stream().filter(r -> r.section().equals(ReportPlan.GEMM)
                && r.variant().equals(Row.PEER)).toList();
        for (String impl : List.of("EJML", "netlib VectorBLAS")) {
            List<Row> rows = gemmPeers.stream().filter(r -> r.impl().equals(impl)).toList();
            assertEquals(1, rows.size(), impl + " in " + gemmPeers);
            assertEquals(null, rows.get(0).error(), impl);
            assertEquals(1, rows.get(0).threads(), impl);
            assertTrue(rows.get(0).primary().median() > 0, impl);
        }
        Map<String, PeerStatus> peers = report.peers().stream().collect(Collectors.toMap(PeerStatus::peer,
                p -> p));
        assertTrue(peers.get("EJML").ran(), peers.toString());
        assertTrue(peers.get("netlib-java 3.2.0").ran(), peers.toString());
        PeerStatus openblas = peers.get("OpenBLAS");
        boolean openblasRow = gemmPeers.stream().anyMatch(r -> r.impl().startsWith("OpenBLAS") && r.error() == null);
        Section gemm = report.sections().stream().filter(s -> s.id().equals(ReportPlan.GEMM)).findFirst()
                .orElseThrow();
        assertTrue(openblas.ran() == openblasRow, openblas + " " + gemmPeers);
        assertTrue(openblasRow || gemm.missing().stream().anyMatch(m -> m.what().equals("OpenBLAS")),
                "OpenBLAS has a row or is named as missing: " + gemm.missing());
        for (String peer : List.of("PyTorch", "ONNX Runtime")) {
            assertFalse(peers.get(peer).ran(), peer);
            assertEquals(ReportPlan.NOT_IN_SMOKE, peers.get(peer).detail(), peer);
        }
    }

    @Test
    void smokeRunWritesMarkdownAndCharts() throws IOException {
        String md = Files.readString(smokeDir.resolve("report.md"));
        for (String heading : List.of("## Machine", "## Peers", "## Machine limits", "## GEMM",
                "## Elementwise kernels", "## ResNet inference", "## CIFAR ResNet-20 training step")) {
            assertTrue(md.contains(heading), "no " + heading);
        }
        BufferedImage gemm = ImageIO.read(smokeDir.resolve("gemm-1.png").toFile());
        assertEquals(dev.resvec.bench.report.Charts.WIDTH, gemm.getWidth());
        assertTrue(Files.size(smokeDir.resolve("jmh.log")) > 0, "JMH's output goes to jmh.log");
    }

    @Test
    void compareSetsTwoReportsSideBySide() throws IOException {
        assertEquals(0, smoke.exitCode(), smoke.err());
        Path copy = dir.resolve("other/report.json");
        Files.createDirectories(copy.getParent());
        Files.copy(smokeDir.resolve("report.json"), copy);
        Path out = dir.resolve("compare");
        Run r = run("bench", "compare", smokeDir.resolve("report.json").toString(), copy.getParent().toString(),
                "--labels", "first,second", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        int rows = smokeReport().rows().size();
        assertTrue(r.out().contains(rows + " matched rows (first vs second): second faster in 0, slower in 0, "
                + "within noise in " + rows), r.out());
        String md = Files.readString(out.resolve("compare.md"));
        assertTrue(md.contains("| A: first | B: second |"), md);
        assertTrue(Files.exists(out.resolve("compare-gemm.png")));
    }

    @Test
    void badUsageIsExitTwoWithTheReason() throws IOException {
        Run both = run("bench", "--quick", "--full");
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("exclude each other"), both.err());
        Run section = run("bench", "--sections", "gemm,fft", "--dry-run");
        assertEquals(2, section.exitCode());
        assertTrue(section.err().contains("unknown section 'fft'"), section.err());
        Run missing = run("bench", "compare", dir.resolve("nothing.json").toString(), dir.toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("no report at"), missing.err());
        Path notAReport = dir.resolve("bad.json");
        try (Writer w = Files.newBufferedWriter(notAReport)) {
            w.write("{\"schema\": \"something-else\"}");
        }
        Run bad = run("bench", "compare", notAReport.toString(), notAReport.toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("expected schema 'resvec-bench-report/1'"), bad.err());
    }
}

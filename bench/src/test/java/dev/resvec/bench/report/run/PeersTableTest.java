package dev.resvec.bench.report.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resvec.bench.report.MarkdownReport;
import dev.resvec.bench.report.PeerStatus;
import dev.resvec.bench.report.Report;
import dev.resvec.bench.report.Row;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The Peers table names exactly the peer paths that ran in the mode, and each other one with why it did not: quick
 * mode runs netlib only through VectorBLAS and EJML only on 1 thread, and says so.
 */
class PeersTableTest {
    static final Set<String> JVM_PEERS = Set.of("openblas", "netlib", "ejml", "onnxruntime");
    static final String JNI = "JNI: JNIBLAS → /usr/lib/libblas.so.3";
    static final String VECTOR_BLAS = "VectorBLAS (with the Vector API)";
    static final String F2J = "F2J-derived Java BLAS (a fork without the Vector API)";

    /** @return the Peers table's lines of a run in this mode whose rows are these (all succeeded unless failed) */
    static List<String> peersTable(Mode mode, List<ThreadSpec> threads, Predicate<Job> failed) throws IOException {
        ReportOptions options = ReportPlanTest.options(mode, JVM_PEERS, List.of());
        ReportPlan.Context ctx = new ReportPlan.Context(threads, BenchRun.BASE_JVM_ARGS,
                ReportPlanTest.context(ReportPlanTest.PEERS).variants(), ReportPlanTest.AVX512, ReportPlanTest.MAIN,
                ReportPlanTest.PEERS, ReportPlanTest.context(ReportPlanTest.PEERS).onnxDir());
        ReportPlan.Plan plan = ReportPlan.build(options, ctx);
        ReportPlan.Plan full = ReportPlan.build(options.withMode(Mode.FULL), ctx);
        Map<String, List<Row>> rows = new LinkedHashMap<>();
        for (Job j : plan.jobs()) {
            List<Row> jobRows = failed.test(j) ? j.rowThreads().stream().map(t -> Row.failed(j.section(),
                    j.caseName(), j.impl(), j.algorithm(), j.variant(), t.key(), t.count(), "boom")).toList()
                    : JmhExecutor.rowsOf(j, List.of(new double[] {1e-3, 1.1e-3, 1.2e-3, 1.3e-3}));
            rows.computeIfAbsent(j.section(), s -> new ArrayList<>()).addAll(jobRows);
        }
        List<PeerStatus> peers = BenchRun.peerStatus(options, ReportPlanTest.PEERS, null, rows, plan, full);
        Report base = MachineFactsTest.committed().findFirst().orElseThrow();
        Report r = new Report(base.schema(), base.created(), mode.id(), base.durationSeconds(), base.command(),
                base.machine(), base.measurement(), base.variants(), peers, base.sections());
        String md = MarkdownReport.render(r, List.of());
        String after = md.substring(md.indexOf("## Peers"));
        return after.lines().dropWhile(l -> !l.startsWith("|")).takeWhile(l -> l.startsWith("|")).skip(2).toList();
    }

    static String line(List<String> table, String peer) {
        return table.stream().filter(l -> l.startsWith("| " + peer + " |")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + peer + " in\n" + String.join("\n", table)));
    }

    /** The quick and smoke modes' netlib and EJML lines: the paths that ran, then those left to full mode. */
    private static List<String> assertLeavesToFullMode(Mode mode) throws IOException {
        List<String> t = peersTable(mode, ReportPlanTest.THREADS, j -> false);
        String left = "not run in " + mode.id() + " mode (full mode runs them): ";
        assertEquals("| netlib-java 3.2.0 | yes | " + VECTOR_BLAS + "; " + left + JNI + ", " + F2J + " |",
                line(t, "netlib-java 3.2.0"));
        assertEquals("| EJML | yes | 0.46.1: CommonOps_FDRM (1 thread); " + left + "CommonOps_MT_FDRM (more threads) |",
                line(t, "EJML"));
        return t;
    }

    @Test
    void quickModeListsOnlyThePathsItRanAndNamesTheOthers() throws IOException {
        assertLeavesToFullMode(Mode.QUICK);
    }

    @Test
    void smokeModeNamesWhatItLeavesOut() throws IOException {
        List<String> t = assertLeavesToFullMode(Mode.SMOKE);
        assertEquals("| ONNX Runtime | **missing** | " + ReportPlan.NOT_IN_SMOKE + " |", line(t, "ONNX Runtime"));
    }

    @Test
    void fullModeListsEveryPath() throws IOException {
        List<String> t = peersTable(Mode.FULL, ReportPlanTest.THREADS, j -> false);
        assertEquals("| netlib-java 3.2.0 | yes | " + JNI + "; " + VECTOR_BLAS + "; " + F2J + " |",
                line(t, "netlib-java 3.2.0"));
        assertEquals("| EJML | yes | 0.46.1: CommonOps_FDRM (1 thread); CommonOps_MT_FDRM (more threads) |",
                line(t, "EJML"));
        assertTrue(t.stream().noneMatch(l -> l.contains("not run in")), String.join("\n", t));
    }

    /** A path whose rows all failed, or that no mode runs on this machine, is named as such, never dropped. */
    @Test
    void failedAndImpossiblePathsAreNamed() throws IOException {
        List<String> t = peersTable(Mode.QUICK, ReportPlanTest.THREADS, j -> j.impl().equals("netlib VectorBLAS"));
        assertEquals("| netlib-java 3.2.0 | **missing** | no row succeeded (the sections say why): every row failed: "
                + VECTOR_BLAS + "; not run in quick mode (full mode runs them): " + JNI + ", " + F2J + " |",
                line(t, "netlib-java 3.2.0"));
        t = peersTable(Mode.FULL, List.of(new ThreadSpec("1", 1)), j -> false);
        assertEquals("| EJML | yes | 0.46.1: CommonOps_FDRM (1 thread); not run with these sections and thread "
                + "counts: CommonOps_MT_FDRM (more threads) |", line(t, "EJML"));
    }
}

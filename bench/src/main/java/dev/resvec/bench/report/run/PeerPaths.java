package dev.resvec.bench.report.run;

import dev.resvec.bench.report.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The ways a GEMM peer is measured (netlib-java through JNI, VectorBLAS and F2J; EJML on 1 thread and in parallel),
 * for the report's Peers table: it names the ways that ran, and each that did not with the reason (not in this mode,
 * or no row succeeded), so that the table never claims a path the run skipped nor drops one silently.
 */
final class PeerPaths {
    private PeerPaths() {}

    /**
     * One way a peer runs: the rows of one implementation at some thread counts.
     *
     * @param label   what the Peers table calls it
     * @param impl    the rows' implementation name ({@link Job#impl()}, {@link Row#impl()})
     * @param threads the thread counts that are this way
     */
    record Path(String label, String impl, IntPredicate threads) {
        boolean matches(Job j) {
            return j.impl().equals(impl) && j.rowThreads().stream().anyMatch(t -> threads.test(t.count()));
        }

        boolean matches(Row r) {
            return r.impl().equals(impl) && threads.test(r.threads());
        }
    }

    /** @return netlib-java's paths, JNI first, as the probe found them */
    static List<Path> netlib(PeersInfo p) {
        return List.of(new Path("JNI: " + p.netlibNative() + " → " + p.netlibLibraries(), "netlib JNI→libblas",
                        t -> true),
                new Path(p.netlibJava() + " (with the Vector API)", "netlib VectorBLAS", t -> true),
                new Path("F2J-derived Java BLAS (a fork without the Vector API)", "netlib Java (F2J)", t -> true));
    }

    /** @return EJML's paths: its single-threaded and its parallel operations */
    static List<Path> ejml() {
        return List.of(new Path("CommonOps_FDRM (1 thread)", "EJML", t -> t == 1),
                new Path("CommonOps_MT_FDRM (more threads)", "EJML", t -> t > 1));
    }

    /**
     * @param paths   the peer's paths
     * @param mode    this run's mode
     * @param planned this run's jobs
     * @param full    the jobs of the same run in full mode (the same as {@code planned} in full mode)
     * @param rows    this run's rows
     * @return the paths that ran, then the planned ones without a successful row, then those this mode leaves to
     *         full mode ("not run in quick mode (full mode runs them)"), then any the run would not plan at all
     */
    static String describe(List<Path> paths, Mode mode, List<Job> planned, List<Job> full, List<Row> rows) {
        List<String> ran = new ArrayList<>(), failed = new ArrayList<>(), fullOnly = new ArrayList<>(),
                never = new ArrayList<>();
        for (Path p : paths) {
            if (rows.stream().anyMatch(r -> p.matches(r) && r.error() == null)) {
                ran.add(p.label());
            } else if (planned.stream().anyMatch(p::matches)) {
                failed.add(p.label());
            } else if (mode != Mode.FULL && full.stream().anyMatch(p::matches)) {
                fullOnly.add(p.label());
            } else {
                never.add(p.label());
            }
        }
        List<String> parts = new ArrayList<>(ran);
        if (!failed.isEmpty()) {
            parts.add("every row failed: " + String.join(", ", failed));
        }
        if (!fullOnly.isEmpty()) {
            parts.add("not run in " + mode.id() + " mode (full mode runs them): " + String.join(", ", fullOnly));
        }
        if (!never.isEmpty()) {
            parts.add("not run with these sections and thread counts: " + String.join(", ", never));
        }
        return String.join("; ", parts);
    }
}

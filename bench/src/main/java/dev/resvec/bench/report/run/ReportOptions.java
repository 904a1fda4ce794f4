package dev.resvec.bench.report.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What {@code resvec bench} was asked to do.
 *
 * @param mode       smoke, quick or full
 * @param sections   the sections to run, a subset of {@link ReportPlan#SECTIONS} (limits always run when another
 *                   section needs them)
 * @param threads    thread counts, e.g. {@code 1,all}
 * @param vectorBits the main rows' species width (128, 256, 512), or 0 for the preferred one
 * @param variants   the variant rows: {@code scalar}, {@code 128}, {@code 256}
 * @param peers      the peers to run, a subset of {@link ReportPlan#PEERS}
 * @param forks      forks per job, or 0 for the mode's
 * @param out        the report directory
 * @param python     the Python with PyTorch
 * @param onnxDir    where the ONNX models are exported to (and reused from)
 * @param dryRun     print the plan and its time estimate, run nothing
 * @param command    the command line, for the report's header
 */
public record ReportOptions(Mode mode, List<String> sections, String threads, int vectorBits, List<String> variants,
                            Set<String> peers, int forks, Path out, String python, Path onnxDir, boolean dryRun,
                            String command) {
    public ReportOptions {
        sections = List.copyOf(sections);
        variants = List.copyOf(variants);
        peers = Set.copyOf(peers);
        for (String s : sections) {
            if (!ReportPlan.SECTIONS.contains(s)) {
                throw new IllegalArgumentException("--sections: unknown section '" + s + "'; expected some of "
                        + String.join(",", ReportPlan.SECTIONS));
            }
        }
        if (sections.isEmpty()) {
            throw new IllegalArgumentException("--sections: no section to run");
        }
        for (String v : variants) {
            if (!List.of("scalar", "128", "256").contains(v)) {
                throw new IllegalArgumentException("--variants: expected scalar, 128 or 256 (or none), got '" + v
                        + "'");
            }
        }
        for (String p : peers) {
            if (!ReportPlan.PEERS.contains(p)) {
                throw new IllegalArgumentException("--peers: unknown peer '" + p + "'; expected some of "
                        + String.join(",", ReportPlan.PEERS) + " (or all, none)");
            }
        }
        if (vectorBits != 0 && vectorBits != 128 && vectorBits != 256 && vectorBits != 512) {
            throw new IllegalArgumentException("--vector-bits: expected 128, 256 or 512, got " + vectorBits);
        }
        if (forks < 0 || forks > 20) {
            throw new IllegalArgumentException("--forks: expected 1 to 20, got " + forks);
        }
    }

    /** @return the same options in another mode */
    public ReportOptions withMode(Mode other) {
        return new ReportOptions(other, sections, threads, vectorBits, variants, peers, forks, out, python, onnxDir,
                dryRun, command);
    }

    /** @return forks per job */
    public int forksPerJob() {
        return forks > 0 ? forks : mode.forks;
    }
}

package dev.resvec.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A whole performance report: what {@code report.json} holds and {@code report.md} shows.
 *
 * @param schema          {@link #SCHEMA}
 * @param created         ISO-8601 instant the run started
 * @param mode            {@code smoke}, {@code quick} or {@code full}
 * @param durationSeconds wall time of the run
 * @param command         the command line that made it
 * @param machine         the header
 * @param measurement     how rows were measured (forks, iterations, statistics), one paragraph
 * @param variants        the JVM configurations of ResVec's rows
 * @param peers           each peer: ran or not, and why
 * @param sections        the sections, limits first
 */
public record Report(String schema, String created, String mode, double durationSeconds, String command,
                     Machine machine, String measurement, List<Variant> variants, List<PeerStatus> peers,
                     List<Section> sections) {
    /** The format of report.json; a reader refuses others. */
    public static final String SCHEMA = "resvec-bench-report/1";

    public Report {
        variants = List.copyOf(variants);
        peers = List.copyOf(peers);
        sections = List.copyOf(sections);
    }

    /** @return the section with this id */
    public Optional<Section> section(String id) {
        return sections.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** @return every row of every section, in order */
    public List<Row> rows() {
        List<Row> all = new ArrayList<>();
        sections.forEach(s -> all.addAll(s.rows()));
        return all;
    }
}

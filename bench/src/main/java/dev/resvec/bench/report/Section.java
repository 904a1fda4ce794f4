package dev.resvec.bench.report;

import java.util.List;

/**
 * One section of the report.
 *
 * @param id          {@code limits}, {@code gemm}, {@code conv}, {@code elementwise}, {@code inference},
 *                    {@code training}
 * @param title       the heading
 * @param description what is measured and how (Markdown, one paragraph)
 * @param rows        the rows, in table order
 * @param missing     what could not run in this section, and why
 */
public record Section(String id, String title, String description, List<Row> rows, List<Missing> missing) {
    public Section {
        if (id == null || id.isBlank() || title == null || title.isBlank()) {
            throw new IllegalArgumentException("a section needs an id and a title");
        }
        description = description == null ? "" : description;
        rows = List.copyOf(rows);
        missing = List.copyOf(missing);
        for (Row r : rows) {
            if (!r.section().equals(id)) {
                throw new IllegalArgumentException("row " + r.id() + " is not in section " + id);
            }
        }
    }
}

package dev.resvec.bench.report;

import java.util.ArrayList;
import java.util.List;

/** A GitHub-flavoured Markdown table: a header and rows of cells, '|' in cells escaped. */
final class MarkdownTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    MarkdownTable(String... header) {
        this.header = List.of(header);
    }

    MarkdownTable row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + header.size()
                    + " columns");
        }
        rows.add(List.of(cells));
        return this;
    }

    int size() {
        return rows.size();
    }

    void appendTo(StringBuilder out) {
        line(out, header);
        out.append('|');
        header.forEach(h -> out.append("---|"));
        out.append('\n');
        rows.forEach(r -> line(out, r));
    }

    private static void line(StringBuilder out, List<String> cells) {
        out.append('|');
        for (String c : cells) {
            out.append(' ').append(c.replace("|", "\\|").replace("\n", " ")).append(" |");
        }
        out.append('\n');
    }
}

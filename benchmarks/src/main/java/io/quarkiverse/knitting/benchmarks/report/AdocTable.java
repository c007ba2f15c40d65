package io.quarkiverse.knitting.benchmarks.report;

import java.util.ArrayList;
import java.util.List;

/** An AsciiDoc table: a header row, then rows of cells; the first column left-aligned, the others right. */
final class AdocTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();
    private boolean allLeft;

    AdocTable(String... header) {
        this.header = List.of(header);
    }

    /** Aligns every column left: for tables of sentences rather than numbers. */
    AdocTable textual() {
        allLeft = true;
        return this;
    }

    AdocTable row(String... cells) {
        return row(List.of(cells));
    }

    AdocTable row(List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("a row of " + cells.size() + " cells in a table of " + header.size());
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    String render() {
        StringBuilder cols = new StringBuilder("<");
        for (int i = 1; i < header.size(); i++) {
            cols.append(allLeft ? ",<" : ",>");
        }
        StringBuilder out = new StringBuilder();
        out.append("[cols=\"").append(cols).append("\",options=\"header\"]\n|===\n");
        appendRow(out, header);
        for (List<String> row : rows) {
            appendRow(out, row);
        }
        return out.append("|===\n\n").toString();
    }

    private static void appendRow(StringBuilder out, List<String> cells) {
        for (String cell : cells) {
            out.append("|").append(cell.replace("|", "\\|")).append(' ');
        }
        out.setLength(out.length() - 1);
        out.append('\n');
    }
}

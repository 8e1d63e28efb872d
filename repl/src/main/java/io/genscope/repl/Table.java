package io.genscope.repl;

import java.util.ArrayList;
import java.util.List;

/**
 * Rows of text columns printed aligned: every column as wide as its widest cell, so a long field
 * or register name pushes its column out instead of the rest of its row. The last column is not
 * padded.
 */
public final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final String indent;

    /** A table whose lines start with {@code indent}. */
    public Table(String indent) {
        this.indent = indent;
    }

    /** Adds a row (cells may be fewer than other rows'). */
    public Table row(String... cells) {
        rows.add(cells.clone());
        return this;
    }

    /** The aligned lines, without line ends. */
    public List<String> lines() {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < r.length - 1; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        List<String> out = new ArrayList<>(rows.size());
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder(indent);
            for (int i = 0; i < r.length; i++) {
                sb.append(r[i]);
                if (i < r.length - 1) {
                    sb.append(" ".repeat(width[i] - r[i].length() + 1));
                }
            }
            out.add(sb.toString().stripTrailing());
        }
        return out;
    }

    /** Prints the lines to {@code out}. */
    public void printTo(Output out) {
        lines().forEach(out::line);
    }
}

package dev.digitstream.tools.cli;

import java.util.List;

/** A table of strings as aligned plain text or as Markdown. */
public final class Table {

    private Table() {}

    public static String text(final List<String> header, final List<List<String>> rows) {
        final int[] widths = new int[header.size()];
        for (int c = 0; c < header.size(); c++) {
            widths[c] = header.get(c).length();
            for (final List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        final StringBuilder out = new StringBuilder();
        appendText(out, header, widths);
        for (final List<String> row : rows) {
            appendText(out, row, widths);
        }
        return out.toString();
    }

    public static String markdown(final List<String> header, final List<List<String>> rows) {
        final StringBuilder out = new StringBuilder();
        appendMarkdown(out, header);
        out.append('|').append("---|".repeat(header.size())).append(System.lineSeparator());
        rows.forEach(row -> appendMarkdown(out, row));
        return out.toString();
    }

    private static void appendText(final StringBuilder out, final List<String> cells, final int[] widths) {
        for (int c = 0; c < cells.size(); c++) {
            final String cell = cells.get(c);
            // The phase name reads best left-aligned, numbers right-aligned.
            out.append(
                    c == 0
                            ? cell + " ".repeat(widths[c] - cell.length())
                            : " ".repeat(widths[c] - cell.length()) + cell);
            out.append(c == cells.size() - 1 ? System.lineSeparator() : "  ");
        }
    }

    private static void appendMarkdown(final StringBuilder out, final List<String> cells) {
        out.append("| ").append(String.join(" | ", cells)).append(" |").append(System.lineSeparator());
    }
}

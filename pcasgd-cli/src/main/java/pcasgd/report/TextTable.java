package pcasgd.report;

import java.util.ArrayList;
import java.util.List;

/** A plain monospace table for the terminal and for Markdown (pipe) output. */
public final class TextTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(List<String> header) {
        this.header = List.copyOf(header);
    }

    public TextTable add(List<String> row) {
        if (row.size() != header.size()) {
            throw new IllegalArgumentException("row has " + row.size() + " cells, header has " + header.size());
        }
        rows.add(List.copyOf(row));
        return this;
    }

    public int rowCount() {
        return rows.size();
    }

    private int[] widths() {
        int[] w = new int[header.size()];
        for (int c = 0; c < w.length; c++) {
            w[c] = header.get(c).length();
            for (List<String> r : rows) {
                w[c] = Math.max(w[c], r.get(c).length());
            }
        }
        return w;
    }

    /** Markdown pipe table, aligned so it also reads well as plain text. */
    public String render() {
        int[] w = widths();
        StringBuilder sb = new StringBuilder();
        line(sb, header, w);
        List<String> rule = new ArrayList<>();
        for (int width : w) {
            rule.add("-".repeat(width));
        }
        line(sb, rule, w);
        for (List<String> r : rows) {
            line(sb, r, w);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] w) {
        sb.append('|');
        for (int c = 0; c < cells.size(); c++) {
            sb.append(' ').append(cells.get(c)).append(" ".repeat(w[c] - cells.get(c).length())).append(" |");
        }
        sb.append('\n');
    }

    /**
     * One row on its own, each cell padded to at least its header's width, so rows printed one at
     * a time line up under {@code new TextTable(header).render()}.
     */
    public static String line(List<String> header, List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells, header has " + header.size());
        }
        int[] w = new int[header.size()];
        for (int c = 0; c < w.length; c++) {
            w[c] = Math.max(header.get(c).length(), cells.get(c).length());
        }
        StringBuilder sb = new StringBuilder();
        line(sb, cells, w);
        return sb.toString().stripTrailing();
    }

    /** Fixed decimals, "-" for NaN. */
    public static String fmt(double v, int decimals) {
        return MetricsCsv.fixed(v, decimals);
    }
}

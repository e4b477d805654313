package pcasgd.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one PNG shows, independent of the charting library: one or more panels (e.g. one per τ),
 * each with named series of points that carry a mean ± std over seeds. The same object renders
 * as Markdown tables, so every figure has the numbers behind it.
 */
public record Figure(String stem, String title, List<Panel> panels) {

    /** {@code categorical}: x values are labels (a bar chart), otherwise numbers (a line chart). */
    public record Panel(String title, String xLabel, String yLabel, boolean logY, boolean categorical,
                        List<Series> series) { }

    public record Series(String name, List<Point> points) { }

    /** {@code x} is the position on a numeric axis; {@code label} names it in tables and bar charts. */
    public record Point(String label, double x, Summary y) { }

    /** One pivot table per panel: a row per series, a column per x value, cells mean ± std (n). */
    public String markdown(int decimals) {
        StringBuilder sb = new StringBuilder("### ").append(title).append("\n\n");
        for (Panel p : panels) {
            if (panels.size() > 1 || !p.title().isEmpty()) {
                sb.append("**").append(p.title()).append("** — ");
            }
            sb.append(p.yLabel()).append(" by ").append(p.xLabel()).append(" (mean ± std)\n\n");
            Set<String> xs = new LinkedHashSet<>();
            p.series().forEach(s -> s.points().forEach(pt -> xs.add(pt.label())));
            List<String> header = new ArrayList<>(List.of(""));
            header.addAll(xs);
            TextTable t = new TextTable(header);
            for (Series s : p.series()) {
                List<String> row = new ArrayList<>(List.of(s.name()));
                for (String x : xs) {
                    row.add(s.points().stream().filter(pt -> pt.label().equals(x)).findFirst()
                            .map(pt -> pt.y().format(decimals)).orElse("-"));
                }
                t.add(row);
            }
            sb.append(t.render()).append('\n');
        }
        return sb.toString();
    }
}

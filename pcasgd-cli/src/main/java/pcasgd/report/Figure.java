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

    /** What a point's error bar shows: the spread of the values, or the 95 % t-interval of their mean. */
    public enum Spread { STD, CI95 }

    /** A fixed y-axis range. */
    public record Range(double min, double max) { }

    /**
     * {@code categorical}: x values are labels (a bar chart), otherwise numbers (a line chart).
     * {@code note}: what the panel leaves out and why ("" for nothing), printed under it; {@code yRange}:
     * the y-axis, or null to fit it to whatever is drawn.
     */
    public record Panel(String title, String xLabel, String yLabel, boolean logY, boolean categorical,
                        List<Series> series, String note, Range yRange, Spread spread) {
        public Panel(String title, String xLabel, String yLabel, boolean logY, boolean categorical, List<Series> series) {
            this(title, xLabel, yLabel, logY, categorical, series, "", null, Spread.STD);
        }

        /** The error bar of a point: its std, or the half-width of its 95 % t-interval (0 where there is none). */
        public double error(Point p) {
            return Figure.error(p, spread);
        }
    }

    static double error(Point p, Spread spread) {
        double e = spread == Spread.CI95 ? p.y().halfWidth95() : p.y().std();
        return Double.isFinite(e) ? e : 0;
    }

    public record Series(String name, List<Point> points) { }

    /** {@code x} is the position on a numeric axis; {@code label} names it in tables and bar charts. */
    public record Point(String label, double x, Summary y) { }

    /** One pivot table per panel: a row per series, a column per x value, cells mean ± std or mean [95 % interval]. */
    public String markdown(int decimals) {
        StringBuilder sb = new StringBuilder("### ").append(title).append("\n\n");
        for (Panel p : panels) {
            if (panels.size() > 1 || !p.title().isEmpty()) {
                sb.append("**").append(p.title()).append("** — ");
            }
            sb.append(p.yLabel()).append(" by ").append(p.xLabel()).append(p.spread() == Spread.CI95
                    ? " (mean [95 % t-interval], n seeds)\n\n" : " (mean ± std)\n\n");
            Set<String> xs = new LinkedHashSet<>();
            p.series().forEach(s -> s.points().forEach(pt -> xs.add(pt.label())));
            List<String> header = new ArrayList<>(List.of(""));
            header.addAll(xs);
            TextTable t = new TextTable(header);
            for (Series s : p.series()) {
                List<String> row = new ArrayList<>(List.of(s.name()));
                for (String x : xs) {
                    row.add(s.points().stream().filter(pt -> pt.label().equals(x)).findFirst()
                            .map(pt -> p.spread() == Spread.CI95 ? pt.y().formatInterval(decimals) + " (n=" + pt.y().count() + ")"
                                    : pt.y().format(decimals)).orElse("-"));
                }
                t.add(row);
            }
            sb.append(t.render()).append('\n');
            if (!p.note().isEmpty()) {
                sb.append(p.note()).append("\n\n");
            }
        }
        return sb.toString();
    }
}

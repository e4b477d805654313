package pcasgd.report;

import pcasgd.io.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import pcasgd.report.Figure.Panel;
import pcasgd.report.Figure.Point;
import pcasgd.report.Figure.Range;
import pcasgd.report.Figure.Series;

/**
 * Renders a {@link Figure} to PNG with XChart, headless: one chart per panel, panels in a grid of
 * up to three columns; lines with error bars (± std, or a 95 % interval where the panel says so), or
 * grouped bars for categorical x. Each series is drawn in its {@link MethodStyle}; a panel's note is
 * printed under its chart.
 */
public final class Charts {
    static final int PANEL_WIDTH = 640;
    static final int PANEL_HEIGHT = 440;
    private static final Font NOTE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final int NOTE_MARGIN = 12;

    static {
        // charts are drawn into images only; never touch a display
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() { }

    public static void writePng(Figure figure, Path file) throws IOException {
        BufferedImage image = image(figure);
        AtomicFiles.write(file, out -> ImageIO.write(image, "png", out));
    }

    /** The same PNG as {@link #writePng}, in memory (e.g. to inline it in a page). */
    public static byte[] png(Figure figure) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            ImageIO.write(image(figure), "png", out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot encode " + figure.stem() + " as PNG", e);
        }
        return out.toByteArray();
    }

    private static BufferedImage image(Figure figure) {
        List<Chart<?, ?>> charts = charts(figure);
        List<List<String>> notes = new ArrayList<>();
        for (Panel p : figure.panels()) {
            notes.add(wrap(p.note(), PANEL_WIDTH - 2 * NOTE_MARGIN));
        }
        int lineHeight = metrics().getHeight();
        int noteHeight = notes.stream().mapToInt(List::size).max().orElse(0) * lineHeight;
        int cellHeight = PANEL_HEIGHT + (noteHeight > 0 ? noteHeight + NOTE_MARGIN : 0);
        int cols = Math.min(3, charts.size());
        int rows = (charts.size() + cols - 1) / cols;
        // composed by hand: XChart's own grid needs exactly rows x cols charts
        BufferedImage image = new BufferedImage(cols * PANEL_WIDTH, rows * cellHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(NOTE_FONT);
        for (int i = 0; i < charts.size(); i++) {
            int x = (i % cols) * PANEL_WIDTH;
            int y = (i / cols) * cellHeight;
            g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), x, y, null);
            g.setColor(new Color(60, 60, 60));
            List<String> lines = notes.get(i);
            for (int l = 0; l < lines.size(); l++) {
                g.drawString(lines.get(l), x + NOTE_MARGIN, y + PANEL_HEIGHT + (l + 1) * lineHeight - metrics().getDescent());
            }
        }
        g.dispose();
        return image;
    }

    /** One chart per panel, every series in its figure-wide {@link MethodStyle}. */
    static List<Chart<?, ?>> charts(Figure figure) {
        Map<String, MethodStyle> styles = MethodStyle.forFigure(
                figure.panels().stream().flatMap(p -> p.series().stream()).map(Series::name).toList());
        List<Chart<?, ?>> charts = new ArrayList<>();
        for (Panel p : figure.panels()) {
            String title = figure.panels().size() == 1 && p.title().isEmpty() ? figure.title()
                    : figure.title() + (p.title().isEmpty() ? "" : " — " + p.title());
            charts.add(p.categorical() ? bars(p, title, styles) : lines(p, title, styles));
        }
        return charts;
    }

    static Marker marker(MethodStyle.Shape shape) {
        return switch (shape) {
            case SQUARE -> SeriesMarkers.SQUARE;
            case CIRCLE -> SeriesMarkers.CIRCLE;
            case DIAMOND -> SeriesMarkers.DIAMOND;
            case TRIANGLE_UP -> SeriesMarkers.TRIANGLE_UP;
            case TRIANGLE_DOWN -> SeriesMarkers.TRIANGLE_DOWN;
            case CROSS -> SeriesMarkers.CROSS;
            case PLUS -> SeriesMarkers.PLUS;
            case OVAL -> SeriesMarkers.OVAL;
            case RECTANGLE -> SeriesMarkers.RECTANGLE;
            case TRAPEZOID -> SeriesMarkers.TRAPEZOID;
        };
    }

    private static XYChart lines(Panel p, String title, Map<String, MethodStyle> styles) {
        XYChart c = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(title)
                .xAxisTitle(p.xLabel()).yAxisTitle(p.yLabel()).build();
        style(c.getStyler());
        c.getStyler().setErrorBarsColorSeriesColor(true);
        c.getStyler().setYAxisLogarithmic(p.logY());
        c.getStyler().setMarkerSize(7);
        legend(c.getStyler(), p.series());
        if (p.series().stream().flatMap(s -> s.points().stream()).allMatch(Charts::atWholeNumber)) {
            c.getStyler().setXAxisDecimalPattern("#");
        }
        Range r = p.yRange();
        if (r != null && !p.logY()) {
            c.getStyler().setYAxisMin(r.min());
            c.getStyler().setYAxisMax(r.max());
            if (r.min() < 0 && r.max() > 0) {
                c.addAnnotation(new AnnotationLine(0, false, false));
            }
        }
        for (Series s : p.series()) {
            List<Point> pts = s.points().stream().filter(pt -> Double.isFinite(pt.y().mean()))
                    .filter(pt -> !p.logY() || pt.y().mean() > 0).toList();
            if (pts.isEmpty()) {
                continue;
            }
            double[] x = pts.stream().mapToDouble(Point::x).toArray();
            double[] y = pts.stream().mapToDouble(pt -> pt.y().mean()).toArray();
            boolean hasSpread = pts.stream().anyMatch(pt -> pt.y().count() > 1) && !p.logY();
            XYSeries series = hasSpread ? c.addSeries(s.name(), x, y, pts.stream().mapToDouble(p::error).toArray())
                    : c.addSeries(s.name(), x, y);
            MethodStyle st = styles.get(s.name());
            series.setLineColor(st.colour());
            series.setMarkerColor(st.colour());
            series.setMarker(marker(st.shape()));
            if (pts.size() > 40) {
                // a per-step trajectory: markers would hide the line
                series.setMarker(SeriesMarkers.NONE);
            }
        }
        return c;
    }

    /** A point at a whole number, or placed beside one it is labelled with (series side by side around a τ). */
    private static boolean atWholeNumber(Point pt) {
        if (pt.x() == Math.rint(pt.x())) {
            return true;
        }
        double labelled = SweepTable.parse(pt.label());
        return labelled == Math.rint(labelled) && Math.abs(pt.x() - labelled) < 0.5;
    }

    private static CategoryChart bars(Panel p, String title, Map<String, MethodStyle> styles) {
        CategoryChart c = new CategoryChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(title)
                .xAxisTitle(p.xLabel()).yAxisTitle(p.yLabel()).build();
        style(c.getStyler());
        c.getStyler().setErrorBarsColorSeriesColor(true);
        c.getStyler().setYAxisMin(0.0);
        legend(c.getStyler(), p.series());
        // every series gets every category (XChart needs equal x data); a missing one shows as 0
        List<String> categories = new ArrayList<>();
        p.series().forEach(s -> s.points().forEach(pt -> {
            if (!categories.contains(pt.label())) {
                categories.add(pt.label());
            }
        }));
        if (categories.stream().anyMatch(cat -> cat.length() > 10)) {
            c.getStyler().setXAxisLabelRotation(20);
        }
        for (Series s : p.series()) {
            List<Number> y = new ArrayList<>();
            List<Number> err = new ArrayList<>();
            for (String cat : categories) {
                Point v = s.points().stream().filter(pt -> pt.label().equals(cat)).findFirst().orElse(null);
                boolean empty = v == null || v.y().isEmpty();
                y.add(empty ? 0 : v.y().mean());
                err.add(empty ? 0 : p.error(v));
            }
            CategorySeries series = c.addSeries(s.name(), categories, y, err);
            Color colour = styles.get(s.name()).colour();
            series.setFillColor(colour);
            series.setLineColor(colour);
            series.setMarkerColor(colour);
        }
        return c;
    }

    /**
     * A few short names go in a row under the chart; more (or longer) ones in a column at the side,
     * where they fit; too many for any legend (ResNet-20 has 65 blocks) get none: the Markdown table names them.
     */
    private static void legend(AxesChartStyler s, List<Series> series) {
        int row = series.stream().mapToInt(x -> x.name().length() + 6).sum();
        if (series.size() > 14) {
            s.setLegendVisible(false);
        } else if (series.size() > 6 || row > 80) {
            s.setLegendPosition(Styler.LegendPosition.OutsideE);
            s.setLegendLayout(Styler.LegendLayout.Vertical);
        }
    }

    private static void style(AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(225, 225, 225));
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setAntiAlias(true);
        s.setChartTitleFont(s.getChartTitleFont().deriveFont(13f));
    }

    private static FontMetrics metrics() {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        FontMetrics m = g.getFontMetrics(NOTE_FONT);
        g.dispose();
        return m;
    }

    /** A note broken into lines no wider than {@code width} pixels, at word boundaries. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        if (text.isBlank()) {
            return lines;
        }
        FontMetrics m = metrics();
        StringBuilder line = new StringBuilder();
        for (String word : text.trim().split("\\s+")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (!line.isEmpty() && m.stringWidth(candidate) > width) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        lines.add(line.toString());
        return lines;
    }
}

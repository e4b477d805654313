package pcasgd.report;

import pcasgd.io.AtomicFiles;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import pcasgd.report.Figure.Panel;
import pcasgd.report.Figure.Point;
import pcasgd.report.Figure.Series;

/**
 * Renders a {@link Figure} to PNG with XChart, headless: one chart per panel, panels in a grid of
 * up to three columns; lines with ± std error bars, or grouped bars for categorical x.
 */
public final class Charts {
    static final int PANEL_WIDTH = 640;
    static final int PANEL_HEIGHT = 440;
    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
        new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207)};

    static {
        // charts are drawn into images only; never touch a display
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() { }

    public static void writePng(Figure figure, Path file) throws IOException {
        List<Chart<?, ?>> charts = new ArrayList<>();
        List<String> names = figure.panels().stream().flatMap(p -> p.series().stream()).map(Series::name).distinct().toList();
        for (Panel p : figure.panels()) {
            String title = figure.panels().size() == 1 && p.title().isEmpty() ? figure.title()
                    : figure.title() + (p.title().isEmpty() ? "" : " — " + p.title());
            charts.add(p.categorical() ? bars(p, title) : lines(p, title, names));
        }
        int cols = Math.min(3, charts.size());
        int rows = (charts.size() + cols - 1) / cols;
        // composed by hand: XChart's own grid needs exactly rows x cols charts
        BufferedImage image = new BufferedImage(cols * PANEL_WIDTH, rows * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (int i = 0; i < charts.size(); i++) {
            g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), (i % cols) * PANEL_WIDTH, (i / cols) * PANEL_HEIGHT, null);
        }
        g.dispose();
        AtomicFiles.write(file, out -> ImageIO.write(image, "png", out));
    }

    /** A series keeps its colour in every panel of a figure: colours follow the figure's first-seen order of names. */
    private static Color colour(List<String> names, String name) {
        return PALETTE[Math.max(0, names.indexOf(name)) % PALETTE.length];
    }

    private static XYChart lines(Panel p, String title, List<String> names) {
        XYChart c = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(title)
                .xAxisTitle(p.xLabel()).yAxisTitle(p.yLabel()).build();
        style(c.getStyler());
        c.getStyler().setErrorBarsColorSeriesColor(true);
        c.getStyler().setYAxisLogarithmic(p.logY());
        c.getStyler().setMarkerSize(6);
        legend(c.getStyler(), p.series().size());
        if (p.series().stream().flatMap(s -> s.points().stream()).allMatch(pt -> pt.x() == Math.rint(pt.x()))) {
            c.getStyler().setXAxisDecimalPattern("#");
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
            XYSeries series = hasSpread ? c.addSeries(s.name(), x, y, pts.stream().mapToDouble(pt -> pt.y().std()).toArray())
                    : c.addSeries(s.name(), x, y);
            series.setLineColor(colour(names, s.name()));
            series.setMarkerColor(colour(names, s.name()));
            if (pts.size() > 40) {
                // a per-step trajectory: markers would hide the line
                series.setMarker(SeriesMarkers.NONE);
            }
        }
        return c;
    }

    private static CategoryChart bars(Panel p, String title) {
        CategoryChart c = new CategoryChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(title)
                .xAxisTitle(p.xLabel()).yAxisTitle(p.yLabel()).build();
        style(c.getStyler());
        c.getStyler().setErrorBarsColorSeriesColor(true);
        c.getStyler().setXAxisLabelRotation(20);
        c.getStyler().setYAxisMin(0.0);
        legend(c.getStyler(), p.series().size());
        // every series gets every category (XChart needs equal x data); a missing one shows as 0
        List<String> categories = new ArrayList<>();
        p.series().forEach(s -> s.points().forEach(pt -> {
            if (!categories.contains(pt.label())) {
                categories.add(pt.label());
            }
        }));
        for (Series s : p.series()) {
            List<Number> y = new ArrayList<>();
            List<Number> err = new ArrayList<>();
            for (String cat : categories) {
                Summary v = s.points().stream().filter(pt -> pt.label().equals(cat)).findFirst().map(Point::y)
                        .orElse(Summary.of());
                y.add(v.isEmpty() ? 0 : v.mean());
                err.add(v.isEmpty() ? 0 : v.std());
            }
            c.addSeries(s.name(), categories, y, err);
        }
        return c;
    }

    /**
     * Many series (e.g. one per parameter block) get a vertical legend at the side, where it fits;
     * too many for any legend (ResNet-20 has 65 blocks) get none: the Markdown table names them.
     */
    private static void legend(AxesChartStyler s, int series) {
        if (series > 14) {
            s.setLegendVisible(false);
        } else if (series > 6) {
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
        s.setSeriesColors(PALETTE);
        s.setAntiAlias(true);
        s.setChartTitleFont(s.getChartTitleFont().deriveFont(13f));
    }
}

package pcasgd.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import pcasgd.metrics.EpochMetrics;
import pcasgd.metrics.MetricSet;
import pcasgd.metrics.MetricValue;
import pcasgd.metrics.StandardMetrics;

/** Figures and PNGs from a small generated sweep CSV with known numbers. */
class FiguresTest {
    static final List<String> METHODS = List.of("pc-asgd", "pc-asgd-pv", "dsgd");

    /** accuracy = 0.5 + 0.1·epoch − 0.01·τ + 0.01·seed; PV predicts 30% of the time, 20% + 10%·block per block. */
    static Path writeCsv(Path dir) throws Exception {
        List<String> lines = new ArrayList<>(List.of(String.join(",", SweepCsv.header(List.of("tau", "method", "agents", "theta")))));
        for (int tau : new int[] {0, 4}) {
            for (String method : METHODS) {
                for (long seed = 1; seed <= 3; seed++) {
                    List<EpochMetrics> epochs = new ArrayList<>();
                    for (int e = 1; e <= 3; e++) {
                        boolean pv = method.equals("pc-asgd-pv");
                        Map<String, MetricValue> v = new LinkedHashMap<>();
                        MetricSet.standard().names().forEach(n -> v.put(n, MetricValue.of(Double.NaN)));
                        v.put(StandardMetrics.TRAIN_LOSS, MetricValue.of(1.0 / e));
                        v.put(StandardMetrics.TEST_LOSS, MetricValue.of(1.0 / e));
                        v.put(StandardMetrics.TEST_ACCURACY, MetricValue.of(0.5 + 0.1 * e - 0.01 * tau + 0.01 * seed));
                        v.put(StandardMetrics.CONSENSUS_DISTANCE, MetricValue.of(0.1));
                        v.put(StandardMetrics.PREDICT_FRACTION, MetricValue.of(pv ? 0.3 : Double.NaN));
                        v.put(StandardMetrics.LATE_FRACTION, MetricValue.of(0.5));
                        // the predictor's share of staleness removed: 0.1·epoch for PC-ASGD, none for DSGD
                        v.put(StandardMetrics.STALENESS_REMOVED, MetricValue.of(method.equals("dsgd") ? Double.NaN : 0.1 * e));
                        v.put(StandardMetrics.SIMULATED_TIME, MetricValue.of((method.equals("dsgd") ? 1 + tau : 1) * 10.0 * e));
                        v.put(StandardMetrics.AGENT_ACCURACIES, MetricValue.indexed(new double[0]));
                        v.put(StandardMetrics.PREDICT_PER_LAYER, pv ? MetricValue.list(List.of("conv1.weight", "conv1.bias"),
                                new double[] {0.2, 0.3}) : MetricValue.list(List.of(), new double[0]));
                        epochs.add(new EpochMetrics(e, 10L * e, 2.0 + seed, v));
                    }
                    Map<String, String> settings = new LinkedHashMap<>();
                    settings.put("tau", Integer.toString(tau));
                    settings.put("method", method);
                    settings.put("agents", "8");
                    settings.put("theta", "0.5");
                    lines.addAll(SweepCsv.lines(settings, seed, epochs, "ok"));
                }
            }
        }
        Path csv = dir.resolve("sweep.csv");
        SweepCsv.write(csv, lines);
        return csv;
    }

    @Test
    void figuresCarryMeanAndStdOverSeedsAndSkipWhatIsMissing(@TempDir Path dir) throws Exception {
        SweepTable t = SweepTable.read(List.of(writeCsv(dir)));
        assertEquals(2 * 3 * 3, t.runs().size());
        Figures.Outcome o = Figures.all(t);
        List<String> stems = o.figures().stream().map(Figure::stem).toList();
        assertEquals(List.of("accuracy_vs_epoch", "accuracy_vs_tau", "gap_to_dsgd", "pv_choices", "pv_choices_per_layer",
                "time_per_epoch", "accuracy_vs_time", "prediction_quality"), stems);
        // accuracy against measured time: epochs of 2 + seed seconds (seeds 1-3), so epoch 2 closes at 6, 8 and 10 s,
        // 8 s on average, where dsgd's accuracy is 0.5 + 0.2 - 0.01 tau + 0.01 seed, 0.72 - 0.01 tau on average
        Figure vsTime = o.figures().get(6);
        Figure.Panel first = vsTime.panels().get(0);
        int tau = Integer.parseInt(first.title().replace("τ=", ""));
        Figure.Point dsgdAt2 = first.series().stream().filter(x -> x.name().equals("dsgd")).findFirst().orElseThrow().points().get(1);
        assertEquals(8.0, dsgdAt2.x(), 1e-12);
        assertEquals(0.72 - 0.01 * tau, dsgdAt2.y().mean(), 1e-12);
        assertEquals(2, o.skipped().size(), o.skipped().toString());
        assertTrue(o.skipped().get(0).startsWith("accuracy_vs_agents: skipped"), o.skipped().get(0));
        assertTrue(o.skipped().get(1).startsWith("gap_to_stale_dsgd: skipped"), "no stale-dsgd runs: " + o.skipped().get(1));

        Figure vsTau = o.figures().get(1);
        Figure.Series dsgd = vsTau.panels().get(0).series().stream().filter(s -> s.name().equals("dsgd")).findFirst().orElseThrow();
        Figure.Point atFour = dsgd.points().get(1);
        assertEquals("4", atFour.label());
        assertEquals(0.5 + 0.3 - 0.04 + 0.02, atFour.y().mean(), 1e-9); // seeds 1..3 average to 2
        assertEquals(0.01, atFour.y().std(), 1e-9);
        assertEquals(3, atFour.y().count());
        assertTrue(vsTau.markdown(4).contains("| dsgd       | 0.8200 ± 0.0100 | 0.7800 ± 0.0100 |"), vsTau.markdown(4));

        Figure epochs = o.figures().get(0);
        assertEquals(List.of("τ=0", "τ=4"), epochs.panels().stream().map(Figure.Panel::title).toList(), "one panel per τ");

        Figure pv = o.figures().get(3);
        assertEquals(0.7, pv.panels().get(0).series().get(1).points().get(0).y().mean(), 1e-9, "clipping = 1 - predicting");

        // time per epoch: a bar series per method (its colour in every figure), grouped by τ
        Figure time = o.figures().get(5);
        Figure.Panel simulated = time.panels().get(1);
        assertEquals(METHODS, simulated.series().stream().map(Figure.Series::name).toList());
        Figure.Point dsgdAtFour = simulated.series().get(2).points().get(1);
        assertEquals("τ=4", dsgdAtFour.label());
        assertEquals(50.0, dsgdAtFour.y().mean(), 1e-9, "simulated time per epoch charges waiting");
        assertEquals(4.0, time.panels().get(0).series().get(0).points().get(0).y().mean(), 1e-9, "wall seconds per epoch: 2 + seed, seeds 1..3");

        assertNull(Figures.finalAccuracyVs(t.where(Map.of("tau", "4.0")), "tau", "x", "x", "x"), "one τ left: nothing to plot");
        assertEquals(9, t.where(Map.of("tau", "4.0")).runs().size());
    }

    @Test
    void plotCommandWritesReadablePngsAndTables(@TempDir Path dir) throws Exception {
        Path csv = writeCsv(dir);
        Path out = dir.resolve("figs");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int rc;
        try {
            System.setOut(new PrintStream(buf, true, "UTF-8"));
            rc = pcasgd.cli.Main.run("plot", "--input", csv.toString(), "--output", out.toString());
        } finally {
            System.setOut(old);
        }
        assertEquals(0, rc, buf.toString("UTF-8"));
        assertTrue(buf.toString("UTF-8").contains("accuracy_vs_agents: skipped"), buf.toString("UTF-8"));
        for (String stem : List.of("accuracy_vs_epoch", "accuracy_vs_tau", "pv_choices", "pv_choices_per_layer", "time_per_epoch")) {
            Path png = out.resolve(stem + ".png");
            assertTrue(Files.size(png) > 5_000, stem + " is a real image");
            BufferedImage img = ImageIO.read(png.toFile());
            assertTrue(img.getWidth() >= Charts.PANEL_WIDTH && img.getHeight() >= Charts.PANEL_HEIGHT, stem);
        }
        assertTrue(Files.notExists(out.resolve("accuracy_vs_agents.png")));
        String tables = Files.readString(out.resolve("tables.md"));
        assertTrue(tables.contains("### Final test accuracy vs delay τ"), tables);
    }

    @Test
    void seriesOfPredictingMethodsAreLabelledWithTheirPredictor() {
        java.util.function.BiFunction<String, Map<String, String>, String> label = (m, extra) -> {
            Map<String, String> settings = new LinkedHashMap<>(Map.of("method", m));
            settings.putAll(extra);
            return Figures.label(new SweepTable.Run(settings, 1, List.of()));
        };
        assertEquals("predict-only (taylor, β=auto)", label.apply("predict-only", Map.of("predictor", "taylor", "damping", "auto")));
        assertEquals("pc-asgd (extrapolate)", label.apply("pc-asgd", Map.of("predictor", "extrapolate", "damping", "1.0")));
        assertEquals("pc-asgd (draft)", label.apply("pc-asgd", Map.of("predictor", "draft", "damping", "0.5")),
                "the draft has no trust factor");
        assertEquals("stale-dsgd", label.apply("stale-dsgd", Map.of("predictor", "extrapolate")), "no prediction, no predictor");
        assertEquals("dsgd", label.apply("dsgd", Map.of()));
        assertEquals("predict-only (taylor, β=1.0)", label.apply("predict-only", Map.of("predictor", "taylor", "damping", "1.0")),
                "only the default predictor's default trust goes without saying");
    }

    @Test
    void runDirectoriesAreReadLikeSweepRows(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("runs/a");
        Files.createDirectories(run);
        Files.writeString(run.resolve("config.yaml"), "method: dsgd\ntau: 2\nagents: 4\ntheta: 0.5\nseed: 9\n");
        Map<String, MetricValue> v = new LinkedHashMap<>();
        MetricSet.standard().names().forEach(n -> v.put(n, MetricValue.of(Double.NaN)));
        v.put(StandardMetrics.TEST_ACCURACY, MetricValue.of(0.75));
        EpochMetrics m = new EpochMetrics(1, 5, 1.5, v);
        Files.writeString(run.resolve("metrics.csv"), MetricsCsv.metrics(List.of(m)));
        Files.writeString(run.resolve("timing.csv"), MetricsCsv.timing(List.of(m)));
        SweepTable t = SweepTable.read(List.of(dir.resolve("runs")));
        assertEquals(1, t.runs().size());
        SweepTable.Run r = t.runs().get(0);
        assertEquals("dsgd", r.setting("method"));
        assertEquals(9, r.seed());
        assertEquals(0.75, r.last("test_accuracy"));
        assertEquals(1.5, r.last(SweepCsv.WALL));
    }

    /**
     * A sweep written by hand, final accuracies only (one epoch), in the columns of an older sweep.csv
     * (no later metric columns). Seeds pair up across methods:
     * stale-dsgd τ=4: 0.80 0.82 0.84, τ=16: 0.78 0.80 0.82; pc-asgd τ=4: 0.83 0.84 0.85, τ=16: 0.82 0.83 0.84;
     * predict-only 0.81 everywhere but τ=16 seed 1, which ends at chance (0.10); local (τ=0) 0.20 0.15 0.25;
     * clip-only at τ=16 seed 1 diverged.
     */
    static final String HAND_CSV = """
            method,tau,seed,epoch,step,test_accuracy,wall_seconds,status
            stale-dsgd,4,1,1,10,0.80,1.0,ok
            stale-dsgd,4,2,1,10,0.82,1.0,ok
            stale-dsgd,4,3,1,10,0.84,1.0,ok
            stale-dsgd,16,1,1,10,0.78,1.0,ok
            stale-dsgd,16,2,1,10,0.80,1.0,ok
            stale-dsgd,16,3,1,10,0.82,1.0,ok
            pc-asgd,4,1,1,10,0.83,1.0,ok
            pc-asgd,4,2,1,10,0.84,1.0,ok
            pc-asgd,4,3,1,10,0.85,1.0,ok
            pc-asgd,16,1,1,10,0.82,1.0,ok
            pc-asgd,16,2,1,10,0.83,1.0,ok
            pc-asgd,16,3,1,10,0.84,1.0,ok
            predict-only,4,1,1,10,0.81,1.0,ok
            predict-only,4,2,1,10,0.81,1.0,ok
            predict-only,4,3,1,10,0.81,1.0,ok
            predict-only,16,1,1,10,0.10,1.0,ok
            predict-only,16,2,1,10,0.81,1.0,ok
            predict-only,16,3,1,10,0.81,1.0,ok
            local,0,1,1,10,0.20,1.0,ok
            local,0,2,1,10,0.15,1.0,ok
            local,0,3,1,10,0.25,1.0,ok
            clip-only,16,1,0,0,,,diverged
            """;

    static SweepTable handTable(Path dir) throws Exception {
        Path csv = dir.resolve("sweep.csv");
        Files.writeString(csv, HAND_CSV);
        return SweepTable.read(List.of(csv));
    }

    static Figure.Series series(Figure.Panel p, String name) {
        return p.series().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
    }

    @Test
    void aSweepWrittenBeforeLaterMetricColumnsStillReads(@TempDir Path dir) throws Exception {
        SweepTable t = handTable(dir);
        assertEquals(21, t.runs().size(), "every finished run");
        assertEquals(1, t.diverged().size(), "the diverged point is kept apart");
        assertEquals(0.85, t.runs().get(8).last("test_accuracy"), 1e-12);
        assertTrue(Double.isNaN(t.runs().get(0).last(StandardMetrics.CONSENSUS_DISTANCE)), "a column it lacks reads as missing");
        assertEquals(9, t.where(Map.of("tau", "16")).runs().size());
        assertEquals(1, t.where(Map.of("tau", "16")).diverged().size());
        assertEquals(0, t.where(Map.of("tau", "4")).diverged().size());
    }

    @Test
    void theAccuracyAxisIsFittedToTheComparedMethodsNotToChanceLevelRuns(@TempDir Path dir) throws Exception {
        SweepTable t = handTable(dir);
        Figure f = Figures.finalAccuracyVs(t, "tau", "accuracy_vs_tau", "t", "delay τ", Figures.DEFAULT_CHANCE);
        Figure.Panel p = f.panels().get(0);
        assertEquals(List.of("stale-dsgd", "pc-asgd", "predict-only"), p.series().stream().map(Figure.Series::name).toList(),
                "local is not a compared method");
        Figure.Point predictAt16 = series(p, "predict-only").points().get(1);
        assertEquals("16", predictAt16.label());
        assertEquals(2, predictAt16.y().count(), "the run at chance is left out of the mean");
        assertEquals(0.81, predictAt16.y().mean(), 1e-12);
        // mean ± std of what is drawn: stale-dsgd 0.82 ± 0.02 and 0.80 ± 0.02, pc-asgd 0.84 ± 0.01 and 0.83 ± 0.01,
        // predict-only 0.81 ± 0: from 0.78 to 0.85, a span of 0.07, 5 % of it (0.0035) spare on either side
        assertEquals(0.7765, p.yRange().min(), 1e-9);
        assertEquals(0.8535, p.yRange().max(), 1e-9);
        // with the chance-level run (0.10) or local (0.15 - 0.25) the axis would reach down to them
        assertTrue(p.note().contains("local (no communication, not compared), final accuracy 0.2000 ± 0.0500 over 3 runs"), p.note());
        assertTrue(p.note().contains("predict-only at τ=16, seed 1: 0.1000"), p.note());
        assertTrue(p.note().contains("diverged, no final accuracy: clip-only, 1 run at τ=16"), p.note());
        assertTrue(f.markdown(4).contains(p.note()), "the tables say it too");

        // accuracy per epoch: the same runs left out, the axis from the same numbers
        Figure.Panel perEpoch = Figures.accuracyVsEpoch(t, Figures.DEFAULT_CHANCE).panels().get(1);
        assertEquals("τ=16", perEpoch.title());
        assertEquals(0.78 - 0.06 * 0.05, perEpoch.yRange().min(), 1e-9);
        assertTrue(perEpoch.note().contains("predict-only, seed 1: 0.1000"), perEpoch.note());
    }

    @Test
    void theGapFigureShowsEachPairedMeanWithItsStudentTInterval(@TempDir Path dir) throws Exception {
        SweepTable t = handTable(dir);
        Figures.Outcome o = Figures.all(t);
        Figure gap = o.figures().stream().filter(f -> f.stem().equals("gap_to_stale_dsgd")).findFirst().orElseThrow();
        Figure.Panel p = gap.panels().get(0);
        assertEquals(Figure.Spread.CI95, p.spread());
        assertEquals(List.of("pc-asgd", "predict-only"), p.series().stream().map(Figure.Series::name).toList());
        // t(0.975; 2) = 0.95 / sqrt(2 · 0.975 · 0.025) and t(0.975; 1) = tan(0.475 π), in closed form
        double t2 = 0.95 / Math.sqrt(2 * 0.975 * 0.025);
        double t1 = Math.tan(0.475 * Math.PI);
        assertEquals(4.30265272975, t2, 1e-10); // the tabled value
        // pc-asgd − stale-dsgd at τ=4, seeds 1-3: +3, +2, +1 points: mean 2, std 1, n 3
        Figure.Point pcAt4 = series(p, "pc-asgd").points().get(0);
        assertEquals("4", pcAt4.label());
        assertEquals(2.0, pcAt4.y().mean(), 1e-9);
        assertEquals(3, pcAt4.y().count());
        assertEquals(t2 * 1 / Math.sqrt(3), p.error(pcAt4), 1e-9);
        assertEquals(-0.4841377, pcAt4.y().mean() - p.error(pcAt4), 1e-6);
        assertEquals(4.4841377, pcAt4.y().mean() + p.error(pcAt4), 1e-6);
        // at τ=16: +4, +3, +2: mean 3, the same interval's width
        assertEquals(3.0, series(p, "pc-asgd").points().get(1).y().mean(), 1e-9);
        // predict-only at τ=4: +1, −1, −3: mean −1, std 2
        Figure.Point poAt4 = series(p, "predict-only").points().get(0);
        assertEquals(-1.0, poAt4.y().mean(), 1e-9);
        assertEquals(t2 * 2 / Math.sqrt(3), p.error(poAt4), 1e-9);
        // at τ=16 seed 1 is at chance: seeds 2 and 3 remain, +1 and −1: mean 0, std √2, one degree of freedom
        Figure.Point poAt16 = series(p, "predict-only").points().get(1);
        assertEquals(2, poAt16.y().count());
        assertEquals(0.0, poAt16.y().mean(), 1e-9);
        assertEquals(t1 * Math.sqrt(2) / Math.sqrt(2), p.error(poAt16), 1e-9);
        assertTrue(gap.markdown(2).contains("| pc-asgd      | +2.00 [-0.48, +4.48] (n=3) | +3.00 [+0.52, +5.48] (n=3)"),
                gap.markdown(2));
        assertTrue(p.note().contains("95 % t-interval") && p.note().contains("predict-only at τ=16, seed 1: 0.1000"), p.note());
        assertTrue(p.yRange().min() < -12.7 && p.yRange().max() > 12.7, "every interval is on the axis");

        // the same numbers as the stale-DSGD table, which pairs seeds through the same helper
        assertTrue(Comparisons.markdown(t, "stale-dsgd", "tau").contains("| pc-asgd      | -   | +2.00 (+2.00 ± 1.00) | +3.00 (+3.00 ± 1.00)"),
                Comparisons.markdown(t, "stale-dsgd", "tau"));
    }

    @Test
    void theGapToAnotherReferencePairsTheSameSeedsTheOtherWayRound(@TempDir Path dir) throws Exception {
        SweepTable t = handTable(dir);
        // the hand table has no synchronous DSGD: its gap figure is skipped with the reason
        assertTrue(Figures.all(t).skipped().stream().anyMatch(s -> s.startsWith("gap_to_dsgd: skipped")), "no dsgd runs");
        Figure gap = Figures.gapToReference(t, Figures.DEFAULT_CHANCE, "pc-asgd");
        assertEquals("gap_to_pc-asgd", gap.stem());
        Figure.Panel p = gap.panels().get(0);
        assertEquals("final accuracy − pc-asgd's, same seed (points)", p.yLabel());
        // stale-dsgd − pc-asgd at τ=4, seeds 1-3: −3, −2, −1 points: mean −2, std 1, the same t(0.975; 2) interval
        Figure.Point staleAt4 = series(p, "stale-dsgd").points().get(0);
        assertEquals(-2.0, staleAt4.y().mean(), 1e-9);
        assertEquals(0.95 / Math.sqrt(2 * 0.975 * 0.025) / Math.sqrt(3), p.error(staleAt4), 1e-9);
    }

    @Test
    void studentTQuantilesMatchTheirClosedForms() {
        assertEquals(Math.tan(0.475 * Math.PI), StudentT.quantile(0.975, 1), 1e-9);
        assertEquals(0.95 / Math.sqrt(2 * 0.975 * 0.025), StudentT.quantile(0.975, 2), 1e-9);
        assertEquals(-StudentT.quantile(0.975, 5), StudentT.quantile(0.025, 5), 1e-12);
        assertEquals(1.959964, StudentT.quantile(0.975, 1e7), 1e-5, "many degrees of freedom: the normal quantile");
        assertTrue(Double.isNaN(Summary.of(0.5).halfWidth95()), "one value: no interval");
    }

    @Test
    void aMethodKeepsItsColourAndMarkerInEveryFigure(@TempDir Path dir) throws Exception {
        SweepTable t = handTable(dir);
        Figure vsTau = Figures.finalAccuracyVs(t, "tau", "accuracy_vs_tau", "t", "delay τ", Figures.DEFAULT_CHANCE);
        Figure gap = Figures.gapToReference(t, Figures.DEFAULT_CHANCE);
        XYChart a = (XYChart) Charts.charts(vsTau).get(0);
        XYChart b = (XYChart) Charts.charts(gap).get(0);
        // pc-asgd is the second series in one figure and the first in the other
        for (String m : List.of("pc-asgd", "predict-only")) {
            XYSeries x = a.getSeriesMap().get(m);
            XYSeries y = b.getSeriesMap().get(m);
            assertEquals(x.getLineColor(), y.getLineColor(), m);
            assertEquals(x.getMarkerColor(), y.getMarkerColor(), m);
            assertEquals(x.getMarker().getClass(), y.getMarker().getClass(), m);
        }
        // and it is the table's: a sweep without a predictor column ran the default predictor
        MethodStyle pc = MethodStyle.TABLE.get("pc-asgd (extrapolate)");
        assertEquals(pc.colour(), b.getSeriesMap().get("pc-asgd").getLineColor());
        assertEquals(Charts.marker(pc.shape()).getClass(), b.getSeriesMap().get("pc-asgd").getMarker().getClass());

        // the practical variant: first of three in one figure, last of eleven in another, same style
        Map<String, MethodStyle> one = MethodStyle.forFigure(List.of("pc-asgd-pv (extrapolate)", "dsgd", "stale-dsgd"));
        List<String> many = new ArrayList<>(List.of("dsgd", "local", "stale-dsgd", "clip-only", "predict-only (draft)",
                "predict-only (extrapolate)", "pc-asgd (draft)", "pc-asgd (taylor, β=auto)", "layer 1", "layer 2"));
        many.add("pc-asgd-pv (extrapolate)");
        Map<String, MethodStyle> other = MethodStyle.forFigure(many);
        assertEquals(one.get("pc-asgd-pv (extrapolate)"), other.get("pc-asgd-pv (extrapolate)"));
        assertEquals(one.get("dsgd"), other.get("dsgd"));
        assertEquals(MethodStyle.forFigure(List.of("pc-asgd-pv")).get("pc-asgd-pv"), one.get("pc-asgd-pv (extrapolate)"),
                "no predictor column: the default predictor's style");
        // time per epoch draws a method's bars in the same colour
        Figure time = Figures.timePerEpoch(t);
        CategoryChart bars = (CategoryChart) Charts.charts(time).get(0);
        assertEquals(pc.colour(), bars.getSeriesMap().get("pc-asgd").getFillColor());
    }

    @Test
    void noColourRepeatsWithinAFigure() {
        List<String> names = new ArrayList<>(MethodStyle.TABLE.keySet());
        // the bare labels stand for table entries that are taken here; 70 more names (ResNet-20 has 65 blocks)
        names.addAll(List.of("pc-asgd", "pc-asgd-pv", "predict-only"));
        for (int i = 0; i < 70; i++) {
            names.add("layer" + i + ".weight");
        }
        Map<String, MethodStyle> styles = MethodStyle.forFigure(names);
        assertEquals(names.size(), styles.size());
        assertEquals(names.size(), styles.values().stream().map(MethodStyle::colour).distinct().count(),
                "every series its own colour");
        MethodStyle.TABLE.forEach((label, style) -> assertEquals(style, styles.get(label), label));
        // the same unknown names in another order get the same colours: nothing depends on series order
        List<String> reversed = new ArrayList<>(names);
        java.util.Collections.reverse(reversed);
        assertEquals(styles, MethodStyle.forFigure(reversed));
    }

    @Test
    void settingsAreWrittenAsGreekLetters() {
        List<SweepTable.Run> runs = new ArrayList<>();
        for (String alpha : List.of("0.1", "1.0")) {
            Map<String, String> s = new LinkedHashMap<>(Map.of("method", "dsgd", "dirichletAlpha", alpha, "tau", "16"));
            runs.add(new SweepTable.Run(s, 1, List.of(Map.of("epoch", "1", "test_accuracy", "0.8"))));
        }
        SweepTable t = new SweepTable(List.of("method", "dirichletAlpha", "tau"), runs);
        assertEquals(List.of("α=0.1", "α=1.0"), List.copyOf(Figures.split(t, t.runs(), Set.of("method")).keySet()));
        assertEquals("τ", Figures.symbol("tau"));
        assertEquals("β", Figures.symbol("damping"));
        assertEquals("θ", Figures.symbol("theta"));
    }
}

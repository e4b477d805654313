package pcasgd.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Collectors;
import pcasgd.algorithm.Method;
import pcasgd.algorithm.PredictorSpec;
import pcasgd.metrics.MetricValue;
import pcasgd.metrics.StandardMetrics;
import pcasgd.report.Figure.Panel;
import pcasgd.report.Figure.Point;
import pcasgd.report.Figure.Range;
import pcasgd.report.Figure.Series;
import pcasgd.report.Figure.Spread;
import pcasgd.report.SweepTable.Run;

/**
 * The paper's five figures computed from finished runs, as {@link Figure}s. Runs that share all
 * settings but the seed are averaged (mean ± std); settings that vary but are not on a figure's
 * axes (e.g. τ in the accuracy-vs-epoch figure) get one panel per value.
 *
 * <p>Accuracy axes show the methods being compared: the no-communication baseline {@code local},
 * runs that end at chance level and runs that diverged are not drawn there (they would stretch the
 * axis from 0.1 to 0.9 around methods 3 points apart); each panel's note names them and their numbers.
 */
public final class Figures {
    static final String METHOD = "method";
    static final String ACCURACY_LABEL = "test accuracy of averaged model x̄ (fraction)";
    static final String TAU_AXIS = "delay τ of a late message (steps)";
    /** The method every gap is measured against: asynchronous, no compensation. */
    static final String REFERENCE = "stale-dsgd";
    /** The method that waits for every copy: what asynchrony gives up accuracy against. */
    static final String SYNCHRONOUS = "dsgd";
    /** The baseline that never communicates: its x̄ is an average of unrelated models, not a compared method. */
    static final String LOCAL = "local";
    /** Chance level of the ten-class test sets the sweeps use (Fashion-MNIST, CIFAR-10). */
    public static final double DEFAULT_CHANCE = 0.1;
    /** A run whose final accuracy is below this multiple of chance level counts as having collapsed to it. */
    static final double CHANCE_FACTOR = 1.5;

    /** How settings are written in titles, labels and tables. */
    private static final Map<String, String> SYMBOLS = Map.of("tau", "τ", "dirichletAlpha", "α", "damping", "β",
            "theta", "θ");

    /** Figures that could be drawn, and one message per figure that could not. */
    public record Outcome(List<Figure> figures, List<String> skipped) { }

    private Figures() { }

    /** A setting's name as figures write it: τ, α, β, θ for tau, dirichletAlpha, damping, theta. */
    public static String symbol(String key) {
        return SYMBOLS.getOrDefault(key, key);
    }

    public static Outcome all(SweepTable table) {
        return all(table, DEFAULT_CHANCE);
    }

    /** {@code chance}: the test accuracy of a model that guesses (1 / number of classes). */
    public static Outcome all(SweepTable table, double chance) {
        List<Figure> figures = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        add(figures, skipped, "accuracy_vs_epoch", accuracyVsEpoch(table, chance), "no runs with finished epochs");
        add(figures, skipped, "accuracy_vs_tau", finalAccuracyVs(table, "tau", "accuracy_vs_tau",
                "Final test accuracy vs delay τ", TAU_AXIS, chance), "needs runs at two or more values of tau");
        add(figures, skipped, "accuracy_vs_agents", finalAccuracyVs(table, "agents", "accuracy_vs_agents",
                "Final test accuracy vs number of agents", "number of agents n", chance), "needs runs at two or more values of agents");
        add(figures, skipped, "gap_to_stale_dsgd", gapToReference(table, chance),
                "needs stale-dsgd and another method run at the same τ with two or more common seeds");
        add(figures, skipped, "gap_to_dsgd", gapToReference(table, chance, SYNCHRONOUS),
                "needs dsgd and another method run at the same τ with two or more common seeds");
        add(figures, skipped, "pv_choices", practicalVariantChoices(table), "needs pc-asgd-pv runs with recorded choices");
        add(figures, skipped, "pv_choices_per_layer", practicalVariantPerLayer(table), "needs pc-asgd-pv runs with per-layer choices");
        add(figures, skipped, "time_per_epoch", timePerEpoch(table), "needs runs with timing");
        add(figures, skipped, "accuracy_vs_time", accuracyVsTime(table, chance), "needs runs with timing");
        add(figures, skipped, "prediction_quality", predictionQuality(table), "needs predicting runs with a measured staleness");
        return new Outcome(figures, skipped);
    }

    private static void add(List<Figure> figures, List<String> skipped, String stem, Figure f, String why) {
        if (f == null || f.panels().isEmpty()) {
            skipped.add(stem + ": skipped, the input " + why);
        } else {
            figures.add(f);
        }
    }

    /** (1) Test accuracy per epoch, one series per method. */
    public static Figure accuracyVsEpoch(SweepTable t) {
        return accuracyVsEpoch(t, DEFAULT_CHANCE);
    }

    public static Figure accuracyVsEpoch(SweepTable t, double chance) {
        List<Panel> panels = new ArrayList<>();
        splitWithDiverged(t, withMethod()).forEach((label, g) -> {
            Kept k = keep(g.runs(), g.diverged(), chance, null);
            List<Series> series = new ArrayList<>();
            byLabel(k.runs()).forEach((method, rs) -> series.add(new Series(method, curve(rs, r -> i -> r.number(i, "test_accuracy")))));
            panels.add(accuracyPanel(label, "epoch", "epoch", ACCURACY_LABEL, sideBySide(nonEmpty(series)), k.note()));
        });
        return new Figure("accuracy_vs_epoch", "Test accuracy vs epoch", nonEmptyPanels(panels));
    }

    /** (2), (3) Final-epoch test accuracy against a numeric setting, one series per method. */
    public static Figure finalAccuracyVs(SweepTable t, String key, String stem, String title, String xLabel) {
        return finalAccuracyVs(t, key, stem, title, xLabel, DEFAULT_CHANCE);
    }

    public static Figure finalAccuracyVs(SweepTable t, String key, String stem, String title, String xLabel, double chance) {
        if (!t.settingColumns().contains(key) || distinct(t.runs(), key).size() < 2) {
            return null;
        }
        List<Panel> panels = new ArrayList<>();
        splitWithDiverged(t, withMethod(key)).forEach((label, g) -> {
            Kept k = keep(g.runs(), g.diverged(), chance, key);
            List<Series> series = new ArrayList<>();
            byLabel(k.runs()).forEach((method, rs) -> {
                List<Point> points = new ArrayList<>();
                groupBy(rs, key).forEach((x, group) -> points.add(new Point(x, SweepTable.parse(x),
                        Summary.of(group.stream().mapToDouble(r -> r.last("test_accuracy")).toArray()))));
                series.add(new Series(method, points));
            });
            panels.add(accuracyPanel(label, symbol(key), xLabel, "final " + ACCURACY_LABEL, sideBySide(nonEmpty(series)), k.note()));
        });
        return new Figure(stem, title, nonEmptyPanels(panels));
    }

    /**
     * Each method's final test accuracy minus stale DSGD's at the same τ and seed (the same shards,
     * initial weights and slow links), in points: the mean of these paired differences with its 95 %
     * Student-t interval, one series per method, τ on the x axis (the methods side by side around each
     * τ), a panel per value of any other setting that varies (e.g. α). A point needs two or more seeds
     * run by both; runs left out of the accuracy axes are left out here too, and named in the note.
     */
    public static Figure gapToReference(SweepTable t, double chance) {
        return gapToReference(t, chance, REFERENCE);
    }

    /** As {@link #gapToReference(SweepTable, double)}, against {@code reference} (stale DSGD or synchronous DSGD). */
    public static Figure gapToReference(SweepTable t, double chance, String reference) {
        if (!t.settingColumns().contains("tau")) {
            return null;
        }
        List<Panel> panels = new ArrayList<>();
        splitWithDiverged(t, withMethod("tau")).forEach((label, g) -> {
            Kept k = keep(g.runs(), g.diverged(), chance, "tau");
            Map<String, List<Run>> byTau = groupBy(k.runs(), "tau");
            List<Series> series = new ArrayList<>();
            for (String method : byLabel(k.runs()).keySet()) {
                if (method.equals(reference)) {
                    continue;
                }
                List<Point> points = new ArrayList<>();
                byTau.forEach((tau, runs) -> {
                    double[] d = Comparisons.pairedDifferences(runs, method, reference);
                    if (d.length >= 2) {
                        points.add(new Point(tau, SweepTable.parse(tau), Summary.of(Arrays.stream(d).map(v -> 100 * v).toArray())));
                    }
                });
                if (!points.isEmpty()) {
                    series.add(new Series(method, points));
                }
            }
            series = sideBySide(series);
            String bars = "Error bars: 95 % t-interval of the mean paired difference (n − 1 degrees of freedom, n = seeds run by both).";
            Range r = fit(series, Spread.CI95, true);
            panels.add(new Panel(label, TAU_AXIS, "final accuracy − " + name(reference) + "'s, same seed (points)", false, false, series,
                    join(bars, beyond(series, Spread.CI95, r, "τ", 2), k.note()), r, Spread.CI95));
        });
        String stem = reference.equals(REFERENCE) ? "gap_to_stale_dsgd" : "gap_to_" + reference;
        return new Figure(stem, "Gap to " + name(reference) + ", paired by seed", nonEmptyPanels(panels));
    }

    private static String name(String reference) {
        return switch (reference) {
            case REFERENCE -> "stale DSGD";
            case SYNCHRONOUS -> "synchronous DSGD";
            default -> reference;
        };
    }

    /** Spreads the series a little along x around each shared x value, so their error bars do not overlap. */
    static List<Series> sideBySide(List<Series> series) {
        if (series.size() < 2) {
            return series;
        }
        double[] xs = series.stream().flatMap(s -> s.points().stream()).mapToDouble(Point::x).distinct().sorted().toArray();
        double gap = 1;
        for (int i = 1; i < xs.length; i++) {
            gap = i == 1 ? xs[1] - xs[0] : Math.min(gap, xs[i] - xs[i - 1]);
        }
        double width = 0.3 * gap;
        List<Series> out = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            double offset = -width / 2 + i * width / (series.size() - 1);
            Series s = series.get(i);
            out.add(new Series(s.name(), s.points().stream().map(p -> new Point(p.label(), p.x() + offset, p.y())).toList()));
        }
        return out;
    }

    /** A panel of accuracies: the y axis fitted to the series drawn, the note saying what was left out. */
    private static Panel accuracyPanel(String title, String xName, String xLabel, String yLabel, List<Series> series, String note) {
        Range r = fit(series, Spread.STD, false);
        return new Panel(title, xLabel, yLabel, false, false, series, join(beyond(series, Spread.STD, r, xName, 4), note), r, Spread.STD);
    }

    /** An error bar longer than this multiple of the panel's median one does not widen the axis: it is cut there. */
    static final double LONG_BAR = 4;

    /**
     * The y range that shows every point's mean and error bar, with 5 % of the span to spare on each
     * side ({@code withZero}: 0 too, for differences); null when there is nothing to show. An error bar
     * longer than {@link #LONG_BAR} times the median bar of the panel only counts with its mean (a
     * method with two seeds and an interval of ± 27 points would flatten all the others).
     */
    static Range fit(List<Series> series, Spread spread, boolean withZero) {
        double[] bars = series.stream().flatMap(s -> s.points().stream()).filter(p -> Double.isFinite(p.y().mean()))
                .mapToDouble(p -> Figure.error(p, spread)).filter(e -> e > 0).sorted().toArray();
        double cap = bars.length == 0 ? 0 : LONG_BAR * (bars.length % 2 == 1 ? bars[bars.length / 2]
                : (bars[bars.length / 2 - 1] + bars[bars.length / 2]) / 2);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (Point p : s.points()) {
                if (Double.isFinite(p.y().mean())) {
                    double e = Figure.error(p, spread);
                    e = e > cap ? 0 : e;
                    lo = Math.min(lo, p.y().mean() - e);
                    hi = Math.max(hi, p.y().mean() + e);
                }
            }
        }
        if (withZero) {
            lo = Math.min(lo, 0);
            hi = Math.max(hi, 0);
        }
        if (!(lo <= hi)) {
            return null;
        }
        double pad = hi > lo ? 0.05 * (hi - lo) : Math.max(0.05 * Math.abs(hi), 0.005);
        return new Range(lo - pad, hi + pad);
    }

    /** The note for the error bars that run past {@code r} (cut at the axis): which, and their numbers; {@code xName} names x. */
    static String beyond(List<Series> series, Spread spread, Range r, String xName, int decimals) {
        if (r == null) {
            return "";
        }
        List<String> cut = new ArrayList<>();
        for (Series s : series) {
            for (Point p : s.points()) {
                double e = Figure.error(p, spread);
                if (Double.isFinite(p.y().mean()) && (p.y().mean() - e < r.min() || p.y().mean() + e > r.max())) {
                    cut.add(s.name() + (p.label().isEmpty() ? "" : " at " + xName + "=" + p.label()) + ": " + (spread == Spread.CI95
                            ? p.y().formatInterval(decimals) + " (n=" + p.y().count() + ")" : p.y().format(decimals)));
                }
            }
        }
        return cut.isEmpty() ? "" : "Error bars cut at the axis: " + String.join("; ", cut) + ".";
    }

    private static String join(String... notes) {
        return Arrays.stream(notes).filter(n -> !n.isEmpty()).collect(Collectors.joining(" "));
    }

    /** The runs an accuracy panel draws, and the note that names the runs it leaves out ("" for none). */
    record Kept(List<Run> runs, String note) { }

    /**
     * Splits one panel's runs: {@code local}, runs whose final accuracy is below {@link #CHANCE_FACTOR}
     * × chance, and the diverged ones are left out and described; {@code xKey} (or null) is the
     * setting on the x axis, named with each run left out.
     */
    static Kept keep(List<Run> runs, List<Run> diverged, double chance, String xKey) {
        double floor = CHANCE_FACTOR * chance;
        List<Run> kept = new ArrayList<>();
        List<Run> local = new ArrayList<>();
        List<Run> atChance = new ArrayList<>();
        for (Run r : runs) {
            if (r.setting(METHOD).equals(LOCAL)) {
                local.add(r);
            } else if (r.last("test_accuracy") < floor) {
                atChance.add(r);
            } else {
                kept.add(r);
            }
        }
        List<String> parts = new ArrayList<>();
        if (!local.isEmpty()) {
            parts.add("local (no communication, not compared), final accuracy "
                    + Summary.of(local.stream().mapToDouble(r -> r.last("test_accuracy")).toArray()).format(4)
                    + " over " + local.size() + (local.size() == 1 ? " run" : " runs"));
        }
        if (!atChance.isEmpty()) {
            parts.add("at chance level (final accuracy below " + fmt(floor, 2) + "), left out of the mean: "
                    + atChance.stream().map(r -> where(r, xKey) + ": " + fmt(r.last("test_accuracy"), 4))
                            .collect(Collectors.joining("; ")));
        }
        if (!diverged.isEmpty()) {
            Map<String, Map<String, Integer>> count = new LinkedHashMap<>();
            for (Run r : diverged) {
                count.computeIfAbsent(label(r), x -> new LinkedHashMap<>())
                        .merge(xKey == null ? "" : symbol(xKey) + "=" + r.setting(xKey), 1, Integer::sum);
            }
            List<String> items = new ArrayList<>();
            count.forEach((label, byX) -> {
                List<String> n = new ArrayList<>();
                byX.forEach((x, c) -> n.add(c + (n.isEmpty() ? (c == 1 ? " run" : " runs") : "") + (x.isEmpty() ? "" : " at " + x)));
                items.add(label + ", " + String.join(", ", n));
            });
            parts.add("diverged, no final accuracy: " + String.join("; ", items));
        }
        return new Kept(kept, parts.isEmpty() ? "" : "Not drawn: " + String.join("; ", parts) + ".");
    }

    private static String where(Run r, String xKey) {
        return label(r) + (xKey == null ? "" : " at " + symbol(xKey) + "=" + r.setting(xKey)) + ", seed " + r.seed();
    }

    private static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** One panel's runs: those that finished and those that diverged. */
    record Group(List<Run> runs, List<Run> diverged) { }

    /** Like {@link #split}, over the finished and the diverged runs together, each panel's kept apart. */
    static Map<String, Group> splitWithDiverged(SweepTable t, Set<String> onAxes) {
        Set<Run> failed = Collections.newSetFromMap(new IdentityHashMap<>());
        failed.addAll(t.diverged());
        List<Run> all = new ArrayList<>(t.runs());
        all.addAll(t.diverged());
        Map<String, Group> out = new LinkedHashMap<>();
        split(t, all, onAxes).forEach((label, runs) -> out.put(label, new Group(
                runs.stream().filter(r -> !failed.contains(r)).toList(), runs.stream().filter(failed::contains).toList())));
        return out;
    }

    /** (4) Share of predicting and clipping choices per epoch in the practical variant. */
    public static Figure practicalVariantChoices(SweepTable t) {
        List<Run> pv = practicalVariantRuns(t);
        List<Panel> panels = new ArrayList<>();
        split(t, pv, withMethod()).forEach((label, runs) -> panels.add(new Panel(label, "epoch",
                "share of steps (fraction)", false, false, nonEmpty(List.of(
                        new Series("predicting (θ = 1)", curve(runs, r -> i -> r.number(i, "predict_fraction"))),
                        new Series("clipping (θ = 0)", curve(runs, r -> i -> 1 - r.number(i, "predict_fraction"))))))));
        return new Figure("pv_choices", "PC-ASGD-PV: predicting vs clipping choices per epoch", nonEmptyPanels(panels));
    }

    /** (4b) The predicting share per layer, by layer name (weights and biases of each layer, in model order). */
    public static Figure practicalVariantPerLayer(SweepTable t) {
        List<Panel> panels = new ArrayList<>();
        split(t, practicalVariantRuns(t), withMethod()).forEach((label, runs) -> {
            List<String> names = runs.stream().flatMap(r -> r.epochs().stream())
                    .map(row -> MetricValue.parseLabels(row.getOrDefault(StandardMetrics.PREDICT_PER_LAYER, "")))
                    .max(Comparator.comparingInt(List::size)).orElse(List.of());
            List<Series> series = new ArrayList<>();
            for (int b = 0; b < names.size(); b++) {
                int layer = b;
                series.add(new Series(names.get(b).isEmpty() ? "layer " + (b + 1) : names.get(b), curve(runs, r -> i -> {
                    double[] v = perLayer(r.epochs().get(i).getOrDefault(StandardMetrics.PREDICT_PER_LAYER, ""));
                    return layer < v.length ? v[layer] : Double.NaN;
                })));
            }
            panels.add(new Panel(label, "epoch", "share of predicting choices (fraction)", false, false, nonEmpty(series)));
        });
        return new Figure("pv_choices_per_layer", "PC-ASGD-PV: predicting share per layer", nonEmptyPanels(panels));
    }

    /**
     * (6) How well each predictor predicts, per epoch: the share of each late copy's staleness it
     * removed, 1 − ‖x̂^pred − x_j^k‖ / ‖x̂ − x_j^k‖, and the share of the copies' systematic lag
     * (the errors summed over an epoch's steps) — one pair of panels per other setting.
     */
    public static Figure predictionQuality(SweepTable t) {
        List<Run> predicting = t.runs().stream().filter(r -> r.epochs().stream()
                .anyMatch(row -> Double.isFinite(SweepTable.parse(row.get(StandardMetrics.STALENESS_REMOVED))))).toList();
        List<Panel> panels = new ArrayList<>();
        split(t, predicting, withMethod()).forEach((label, runs) -> {
            for (String[] m : new String[][] {{StandardMetrics.STALENESS_REMOVED, "each copy"},
                    {StandardMetrics.LAG_REMOVED, "systematic lag"}}) {
                List<Series> series = new ArrayList<>();
                byLabel(runs).forEach((method, rs) -> series.add(new Series(method, curve(rs, r -> i -> r.number(i, m[0])))));
                String panel = label.isEmpty() ? m[1] : label + ": " + m[1];
                panels.add(new Panel(panel, "epoch", "share removed (< 0: worse than stale)", false, false,
                        nonEmpty(series)));
            }
        });
        return new Figure("prediction_quality", "Staleness removed", nonEmptyPanels(panels));
    }

    /** (5) Mean wall-clock and simulated time per epoch: a bar per method (its colour), grouped by the other settings. */
    public static Figure timePerEpoch(SweepTable t) {
        List<String> keys = panelKeys(t.settingColumns(), t.runs(), withMethod());
        Map<String, List<Point>> wall = new LinkedHashMap<>();
        Map<String, List<Point>> simulated = new LinkedHashMap<>();
        int index = 0;
        for (Map.Entry<String, List<Run>> g : split(t, t.runs(), withMethod()).entrySet()) {
            String category = g.getKey().isEmpty() ? "all runs" : g.getKey();
            for (Map.Entry<String, List<Run>> m : byLabel(g.getValue()).entrySet()) {
                List<Run> rs = m.getValue();
                wall.computeIfAbsent(m.getKey(), x -> new ArrayList<>()).add(new Point(category, index,
                        Summary.of(rs.stream().mapToDouble(Figures::wallPerEpoch).toArray())));
                simulated.computeIfAbsent(m.getKey(), x -> new ArrayList<>()).add(new Point(category, index,
                        Summary.of(rs.stream().mapToDouble(r -> r.last("simulated_time") / r.last("epoch")).toArray())));
            }
            index++;
        }
        String xLabel = keys.isEmpty() ? "all runs" : keys.stream().map(Figures::symbol).collect(Collectors.joining(", "));
        List<Panel> panels = new ArrayList<>();
        panels.add(new Panel("wall clock", xLabel, "wall-clock time per epoch (s, training only)", false, true, nonEmpty(series(wall))));
        panels.add(new Panel("simulated (dsgd waits for late messages)", xLabel,
                "simulated time per epoch (units of one local step)", false, true, nonEmpty(series(simulated))));
        return new Figure("time_per_epoch", "Time per epoch", nonEmptyPanels(panels));
    }

    private static List<Series> series(Map<String, List<Point>> byName) {
        List<Series> out = new ArrayList<>();
        byName.forEach((name, points) -> out.add(new Series(name, points)));
        return out;
    }

    /**
     * Test accuracy against wall-clock training time, one series per method: each epoch's accuracy (mean and
     * spread over runs) at the mean cumulative training seconds at its close. Measured time, not simulated.
     */
    public static Figure accuracyVsTime(SweepTable t) {
        return accuracyVsTime(t, DEFAULT_CHANCE);
    }

    public static Figure accuracyVsTime(SweepTable t, double chance) {
        List<Panel> panels = new ArrayList<>();
        splitWithDiverged(t, withMethod()).forEach((label, g) -> {
            Kept k = keep(g.runs(), g.diverged(), chance, null);
            List<Series> series = new ArrayList<>();
            byLabel(k.runs()).forEach((method, rs) -> series.add(new Series(method, timeCurve(rs))));
            panels.add(accuracyPanel(label, "epoch", "wall-clock training time (s, cumulative, measured)", ACCURACY_LABEL,
                    nonEmpty(series), k.note()));
        });
        return new Figure("accuracy_vs_time", "Test accuracy vs wall-clock time", nonEmptyPanels(panels));
    }

    /** Per epoch number: the mean cumulative wall seconds at its close and the accuracies there; epochs without timing are left out. */
    private static List<Point> timeCurve(List<Run> runs) {
        Map<Integer, List<double[]>> byEpoch = new TreeMap<>();
        for (Run r : runs) {
            double elapsed = 0;
            for (int i = 0; i < r.epochs().size(); i++) {
                elapsed += r.number(i, SweepCsv.WALL);
                if (Double.isFinite(elapsed)) {
                    byEpoch.computeIfAbsent((int) r.number(i, "epoch"), k -> new ArrayList<>())
                            .add(new double[] {elapsed, r.number(i, "test_accuracy")});
                }
            }
        }
        List<Point> points = new ArrayList<>();
        byEpoch.forEach((epoch, v) -> {
            Summary acc = Summary.of(v.stream().mapToDouble(p -> p[1]).toArray());
            double x = v.stream().mapToDouble(p -> p[0]).average().orElse(Double.NaN);
            if (!acc.isEmpty()) {
                points.add(new Point(Integer.toString(epoch), x, acc));
            }
        });
        return points;
    }

    private static double wallPerEpoch(Run r) {
        double[] v = new double[r.epochs().size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.number(i, SweepCsv.WALL);
        }
        return Summary.of(v).mean();
    }

    private static List<Run> practicalVariantRuns(SweepTable t) {
        return t.runs().stream().filter(r -> Method.find(r.setting(METHOD)).map(Method::choosesPerStep).orElse(false))
                .filter(r -> r.epochs().stream().anyMatch(row -> Double.isFinite(SweepTable.parse(row.get("predict_fraction")))))
                .toList();
    }

    static double[] perLayer(String cell) {
        return MetricValue.parseList(cell);
    }

    /** A metric per epoch index of each run, averaged over runs by epoch number. */
    private static List<Point> curve(List<Run> runs, Function<Run, IntToDoubleFunction> metric) {
        Map<Integer, List<Double>> byEpoch = new TreeMap<>();
        for (Run r : runs) {
            IntToDoubleFunction f = metric.apply(r);
            for (int i = 0; i < r.epochs().size(); i++) {
                int epoch = (int) r.number(i, "epoch");
                byEpoch.computeIfAbsent(epoch, k -> new ArrayList<>()).add(f.applyAsDouble(i));
            }
        }
        List<Point> points = new ArrayList<>();
        byEpoch.forEach((epoch, values) -> {
            Summary s = Summary.of(values.stream().mapToDouble(Double::doubleValue).toArray());
            if (!s.isEmpty()) {
                points.add(new Point(Integer.toString(epoch), epoch, s));
            }
        });
        return points;
    }

    /** The settings that vary among {@code runs}, except {@code onAxes} and those that only change what is measured. */
    static List<String> panelKeys(List<String> settingColumns, List<Run> runs, Set<String> onAxes) {
        return settingColumns.stream().filter(k -> !onAxes.contains(k) && !MEASUREMENT_ONLY.contains(k))
                .filter(k -> distinct(runs, k).size() > 1).toList();
    }

    /**
     * Runs grouped by the settings that vary among them except {@code onAxes}, labelled
     * "τ=4, agents=8" ("" when nothing else varies), numeric values in ascending order.
     */
    static Map<String, List<Run>> split(SweepTable t, List<Run> runs, Set<String> onAxes) {
        List<String> keys = panelKeys(t.settingColumns(), runs, onAxes);
        List<Run> sorted = new ArrayList<>(runs);
        for (int k = keys.size() - 1; k >= 0; k--) {
            String key = keys.get(k);
            sorted.sort(Comparator.comparingDouble(r -> orNaNLast(SweepTable.parse(r.setting(key)))));
        }
        Map<String, List<Run>> out = new LinkedHashMap<>();
        for (Run r : sorted) {
            String label = keys.stream().map(k -> symbol(k) + "=" + r.setting(k)).collect(Collectors.joining(", "));
            out.computeIfAbsent(label, x -> new ArrayList<>()).add(r);
        }
        return out;
    }

    private static double orNaNLast(double v) {
        return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }

    /** Settings that change what is measured or how fast, never the training itself: no panel of their own. */
    static final Set<String> MEASUREMENT_ONLY = Set.of("evalAgents", "workers", "intraOpThreads");

    /** Settings that are part of a series' label rather than a panel of their own. */
    static final Set<String> LABEL_SETTINGS = Set.of(METHOD, "predictor", "damping");

    private static Set<String> withMethod(String... more) {
        Set<String> s = new LinkedHashSet<>(LABEL_SETTINGS);
        s.addAll(List.of(more));
        return s;
    }

    /**
     * A run's series label: its method, and for the methods that predict, its predictor with any trust
     * factor other than the default — "predict-only (taylor, β=auto)".
     */
    static String label(Run r) {
        String m = r.setting(METHOD);
        String predictor = r.settings().get("predictor");
        if (!Method.find(m).map(Method::predicts).orElse(false) || predictor == null || predictor.isEmpty()) {
            return m;
        }
        String damping = r.settings().get("damping");
        boolean forward = PredictorSpec.takesDamping(predictor);
        boolean defaults = predictor.equals(PredictorSpec.DEFAULT)
                && String.valueOf(PredictorSpec.DEFAULT_DAMPING).equals(damping);
        String beta = forward && damping != null && !damping.isEmpty() && !defaults ? ", β=" + damping : "";
        return m + " (" + predictor + beta + ")";
    }

    /** Runs by series label, in first-seen order. */
    static Map<String, List<Run>> byLabel(List<Run> runs) {
        Map<String, List<Run>> out = new LinkedHashMap<>();
        runs.forEach(r -> out.computeIfAbsent(label(r), x -> new ArrayList<>()).add(r));
        return out;
    }

    /** Runs by one setting's value, in first-seen order (numeric values ascending). */
    static Map<String, List<Run>> groupBy(List<Run> runs, String key) {
        List<Run> sorted = new ArrayList<>(runs);
        if (sorted.stream().allMatch(r -> !Double.isNaN(SweepTable.parse(r.setting(key))))) {
            sorted.sort(Comparator.comparingDouble(r -> SweepTable.parse(r.setting(key))));
        }
        Map<String, List<Run>> out = new LinkedHashMap<>();
        sorted.forEach(r -> out.computeIfAbsent(r.setting(key), x -> new ArrayList<>()).add(r));
        return out;
    }

    static Set<String> distinct(List<Run> runs, String key) {
        Set<String> s = new LinkedHashSet<>();
        runs.forEach(r -> s.add(r.setting(key)));
        return s;
    }

    private static List<Series> nonEmpty(List<Series> series) {
        return series.stream().filter(s -> s.points().stream().anyMatch(p -> !p.y().isEmpty())).toList();
    }

    private static List<Panel> nonEmptyPanels(List<Panel> panels) {
        return panels.stream().filter(p -> !p.series().isEmpty()).toList();
    }
}

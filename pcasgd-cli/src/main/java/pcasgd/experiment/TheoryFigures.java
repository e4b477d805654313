package pcasgd.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import pcasgd.experiment.TheoryCheck.Trajectory;
import pcasgd.report.Figure;
import pcasgd.report.Figure.Panel;
import pcasgd.report.Figure.Point;
import pcasgd.report.Figure.Series;
import pcasgd.report.Summary;

/** The theory check's trajectories as CSV text and as figures (log-scale y). */
public final class TheoryFigures {
    private TheoryFigures() { }

    public static String csv(List<Trajectory> runs) {
        StringBuilder sb = new StringBuilder("variant,method,theta,tau,step,distance_to_optimum,consensus_distance\n");
        for (Trajectory t : runs) {
            sb.append(String.format(Locale.ROOT, "\"%s\",%s,%s,%d,0,%s,0.0%n", t.variant().label(), t.variant().method().id(),
                    t.variant().theta(), t.tau(), t.start()));
            for (int s = 0; s < t.distance().length; s++) {
                sb.append('"').append(t.variant().label()).append("\",").append(t.variant().method().id()).append(',')
                        .append(t.variant().theta()).append(',').append(t.tau()).append(',').append(s + 1).append(',')
                        .append(t.distance()[s]).append(',').append(t.consensus()[s]).append('\n');
            }
        }
        return sb.toString();
    }

    /** One panel per variant, one series per τ. */
    public static Figure perStep(List<Trajectory> runs, boolean consensus) {
        List<Panel> panels = new ArrayList<>();
        byVariant(runs).forEach((label, ts) -> {
            List<Series> series = new ArrayList<>();
            for (Trajectory t : ts) {
                double[] v = consensus ? t.consensus() : t.distance();
                List<Point> pts = new ArrayList<>();
                for (int s = 0; s < v.length; s++) {
                    pts.add(new Point(Integer.toString(s + 1), s + 1, Summary.of(v[s])));
                }
                series.add(new Series("τ=" + t.tau(), pts));
            }
            panels.add(new Panel(label, "step t", consensus ? "consensus distance √(1/n Σ‖x_i − x̄‖²)" : "‖x̄_t − x*‖",
                    true, false, series));
        });
        return new Figure(consensus ? "theory_consensus" : "theory_distance",
                consensus ? "Least squares: consensus distance" : "Least squares: distance of x̄ to the optimum", panels);
    }

    /** The settled neighbourhood (mean ‖x̄ − x*‖ over the last fifth of the steps) against τ, per variant. */
    public static Figure neighbourhood(List<Trajectory> runs) {
        return summary(runs, "theory_neighbourhood", "Least squares: final neighbourhood vs τ",
                "‖x̄ − x*‖ over the last fifth of the steps", t -> {
                    int from = t.distance().length - Math.max(1, t.distance().length / 5);
                    return Summary.of(java.util.Arrays.copyOfRange(t.distance(), from, t.distance().length));
                }, true);
    }

    /** Steps until ‖x̄ − x*‖ first fell below 1% of its start (the linear phase's speed). */
    public static Figure stepsToOnePercent(List<Trajectory> runs) {
        return summary(runs, "theory_steps", "Least squares: steps to 1% of the initial distance",
                "steps until ‖x̄ − x*‖ ≤ 0.01 ‖x_0 − x*‖ (- = never)", t -> {
                    int s = t.stepsToReach(0.01);
                    return s < 0 ? Summary.of() : Summary.of(s);
                }, false);
    }

    private static Figure summary(List<Trajectory> runs, String stem, String title, String yLabel,
                                  Function<Trajectory, Summary> value, boolean logY) {
        List<Series> series = new ArrayList<>();
        byVariant(runs).forEach((label, ts) -> {
            List<Point> pts = new ArrayList<>();
            ts.forEach(t -> pts.add(new Point(Integer.toString(t.tau()), t.tau(), value.apply(t))));
            series.add(new Series(label, pts));
        });
        return new Figure(stem, title, List.of(new Panel("", "delay τ of a late message (steps)", yLabel, logY, false, series)));
    }

    private static Map<String, List<Trajectory>> byVariant(List<Trajectory> runs) {
        Map<String, List<Trajectory>> m = new LinkedHashMap<>();
        runs.forEach(t -> m.computeIfAbsent(t.variant().label(), k -> new ArrayList<>()).add(t));
        return m;
    }
}

package pcasgd.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import pcasgd.report.SweepTable.Run;

/**
 * Each method's final test accuracy against a reference method's (stale DSGD), run by run: the
 * difference of the means, the same difference paired by seed (the same seed gives both runs the same
 * shards, initial weights and slow links) with its spread, and whether the gap exceeds two seed
 * standard deviations of either method's accuracy — the criterion docs/results.md applies.
 */
public final class Comparisons {
    private Comparisons() { }

    /** One markdown table per group of other settings; rows are methods, columns the values of {@code xKey}. */
    public static String markdown(SweepTable t, String reference, String xKey) {
        StringBuilder md = new StringBuilder();
        Set<String> axes = new java.util.LinkedHashSet<>(Figures.LABEL_SETTINGS);
        axes.add(xKey);
        Figures.split(t, t.runs(), axes).forEach((group, runs) -> {
            Map<String, List<Run>> byX = Figures.groupBy(runs, xKey);
            List<String> header = new ArrayList<>(List.of("method"));
            byX.keySet().forEach(x -> header.add(Figures.symbol(xKey) + "=" + x));
            TextTable table = new TextTable(header);
            Map<String, List<Run>> labels = Figures.byLabel(runs);
            boolean any = false;
            for (String label : labels.keySet()) {
                if (label.equals(reference)) {
                    continue;
                }
                List<String> row = new ArrayList<>(List.of(label));
                for (List<Run> atX : byX.values()) {
                    row.add(cell(atX, label, reference));
                }
                table.add(row);
                any = true;
            }
            if (!any) {
                return;
            }
            md.append("#### Final test accuracy minus ").append(reference).append(group.isEmpty() ? "" : " (" + group + ")")
                    .append("\n\nmean difference in points; paired by seed: mean ± std; ")
                    .append("** = the gap exceeds two seed standard deviations of either method\n\n")
                    .append(table.render()).append('\n');
        });
        return md.toString();
    }

    private static String cell(List<Run> runs, String label, String reference) {
        Map<Long, Double> mine = finals(runs, label);
        Map<Long, Double> ref = finals(runs, reference);
        if (mine.isEmpty() || ref.isEmpty()) {
            return "-";
        }
        Summary m = Summary.of(mine.values().stream().mapToDouble(Double::doubleValue).toArray());
        Summary r = Summary.of(ref.values().stream().mapToDouble(Double::doubleValue).toArray());
        Summary p = Summary.of(pairedDifferences(runs, label, reference));
        double gap = m.mean() - r.mean();
        boolean clear = m.count() > 1 && r.count() > 1 && gap > 2 * Math.max(m.std(), r.std());
        return String.format(Locale.ROOT, "%+.2f (%+.2f ± %.2f)%s", 100 * gap, 100 * p.mean(), 100 * p.std(), clear ? " **" : "");
    }

    /**
     * Paired by seed: for every seed that has a run of both, the final accuracy of {@code label}'s run
     * minus {@code reference}'s (same shards, initial weights and slow links), in the order of
     * {@code label}'s runs. A seed without a finite final accuracy on either side is left out.
     */
    static double[] pairedDifferences(List<Run> runs, String label, String reference) {
        Map<Long, Double> mine = finals(runs, label);
        Map<Long, Double> ref = finals(runs, reference);
        return mine.keySet().stream().filter(ref::containsKey).mapToDouble(s -> mine.get(s) - ref.get(s)).toArray();
    }

    /** Final accuracy of each seed's run with this label (runs that diverged count as missing). */
    private static Map<Long, Double> finals(List<Run> runs, String label) {
        Map<Long, Double> out = new LinkedHashMap<>();
        for (Run r : runs) {
            if (Figures.label(r).equals(label)) {
                double a = r.last("test_accuracy");
                if (Double.isFinite(a)) {
                    out.put(r.seed(), a);
                }
            }
        }
        return out;
    }
}

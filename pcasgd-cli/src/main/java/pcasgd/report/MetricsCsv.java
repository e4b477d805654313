package pcasgd.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import pcasgd.metrics.EpochMetrics;
import pcasgd.metrics.MetricSet;
import pcasgd.metrics.MetricValue;

/**
 * The per-epoch metrics table as CSV: {@code epoch}, {@code step}, then one column per metric of
 * the run, in the metric set's order. Everything in it is a deterministic function of the config
 * and seed; wall-clock times go to a separate timing table so identical runs give identical files.
 */
public final class MetricsCsv {
    /** The columns of a run with the standard metrics. */
    public static final List<String> COLUMNS = columns(MetricSet.standard().names());
    /** Training and evaluation seconds per epoch, as {@link EpochMetrics} defines them. */
    public static final List<String> TIMING_COLUMNS = List.of("epoch", "wall_seconds", "eval_seconds");

    private MetricsCsv() { }

    public static List<String> columns(List<String> metricNames) {
        List<String> c = new ArrayList<>(List.of("epoch", "step"));
        c.addAll(metricNames);
        return List.copyOf(c);
    }

    /** The columns of these epochs' rows. */
    public static List<String> columns(EpochMetrics m) {
        return columns(List.copyOf(m.values().keySet()));
    }

    public static List<String> row(EpochMetrics m) {
        List<String> out = new ArrayList<>();
        out.add(Integer.toString(m.epoch()));
        out.add(Long.toString(m.step()));
        for (MetricValue v : m.values().values()) {
            out.add(v.csv());
        }
        return out;
    }

    public static String metrics(List<EpochMetrics> epochs) {
        List<String> header = epochs.isEmpty() ? COLUMNS : columns(epochs.get(0));
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (EpochMetrics m : epochs) {
            sb.append(String.join(",", row(m))).append('\n');
        }
        return sb.toString();
    }

    public static String timing(List<EpochMetrics> epochs) {
        return timing(epochs, new java.util.TreeMap<>());
    }

    /** The column of a multi-process run: the process ("host:port") whose coordinator closed the epoch. */
    public static final String COORDINATOR = "coordinator";

    /**
     * {@link #timing(List)} with a {@value #COORDINATOR} column when {@code coordinators} is not empty:
     * for each epoch the process of the greatest entry at or before it (first epoch → process).
     */
    public static String timing(List<EpochMetrics> epochs, java.util.NavigableMap<Integer, String> coordinators) {
        StringBuilder sb = new StringBuilder(String.join(",", TIMING_COLUMNS));
        sb.append(coordinators.isEmpty() ? "" : "," + COORDINATOR).append('\n');
        for (EpochMetrics m : epochs) {
            sb.append(m.epoch()).append(',').append(num(m.wallSeconds())).append(',').append(num(m.evalSeconds()));
            if (!coordinators.isEmpty()) {
                var by = coordinators.floorEntry(m.epoch());
                sb.append(',').append(by == null ? "" : cell(by.getValue()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Shortest exact text for a double (empty for NaN, which CSV readers treat as missing). */
    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return Double.toString(v);
    }

    /** Quotes a CSV cell when it needs it. */
    public static String cell(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    /** Splits one CSV line written by this class or by {@link #cell} (quotes and doubled quotes). */
    public static List<String> parseLine(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }

    static String fixed(double v, int decimals) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}

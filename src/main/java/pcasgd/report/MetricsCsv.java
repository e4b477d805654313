package pcasgd.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import pcasgd.runtime.EpochMetrics;

/**
 * The per-epoch metrics table as CSV. Everything in it is a deterministic function of the config
 * and seed; wall-clock times go to a separate timing table so identical runs give identical files.
 */
public final class MetricsCsv {
    public static final List<String> COLUMNS = List.of("epoch", "step", "train_loss", "test_loss", "test_accuracy",
            "agent_accuracy_mean", "agent_accuracy_min", "agent_accuracy_max", "consensus_distance",
            "predict_fraction", "correction_ratio", "late_fraction", "simulated_time", "agent_accuracies",
            "predict_per_layer");
    public static final List<String> TIMING_COLUMNS = List.of("epoch", "wall_seconds");

    private MetricsCsv() { }

    public static String header() {
        return String.join(",", COLUMNS);
    }

    public static List<String> row(EpochMetrics m) {
        return List.of(Integer.toString(m.epoch()), Long.toString(m.steps()), num(m.trainLoss()), num(m.testLoss()),
                num(m.testAccuracy()), num(m.meanAgentAccuracy()), num(m.minAgentAccuracy()), num(m.maxAgentAccuracy()),
                num(m.consensusDistance()), num(m.predictFraction()), num(m.correctionRatio()), num(m.lateFraction()),
                num(m.simulatedTime()), joined(m.agentAccuracy()), joined(m.predictPerLayer()));
    }

    public static String metrics(List<EpochMetrics> epochs) {
        StringBuilder sb = new StringBuilder(header()).append('\n');
        for (EpochMetrics m : epochs) {
            sb.append(String.join(",", row(m))).append('\n');
        }
        return sb.toString();
    }

    public static String timing(List<EpochMetrics> epochs) {
        StringBuilder sb = new StringBuilder(String.join(",", TIMING_COLUMNS)).append('\n');
        for (EpochMetrics m : epochs) {
            sb.append(m.epoch()).append(',').append(num(m.wallSeconds())).append('\n');
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

    private static String joined(double[] values) {
        return Arrays.stream(values).mapToObj(MetricsCsv::num).collect(Collectors.joining(";"));
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

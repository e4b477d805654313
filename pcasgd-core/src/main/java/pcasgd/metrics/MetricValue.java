package pcasgd.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A metric's value for one epoch: a number, or a labelled list (per layer, per agent). NaN means
 * "not measured" (CSV writes it as an empty cell).
 */
public record MetricValue(double scalar, List<String> labels, double[] list) {
    public static MetricValue of(double v) {
        return new MetricValue(v, null, null);
    }

    public static MetricValue list(List<String> labels, double[] values) {
        if (labels.size() != values.length) {
            throw new IllegalArgumentException(labels.size() + " labels for " + values.length + " values");
        }
        return new MetricValue(Double.NaN, List.copyOf(labels), values.clone());
    }

    /** Values labelled 0, 1, 2, ... */
    public static MetricValue indexed(double[] values) {
        return list(IntStream.range(0, values.length).mapToObj(Integer::toString).toList(), values);
    }

    public boolean isList() {
        return list != null;
    }

    /** CSV text: the shortest exact decimal, or {@code label=value;label=value} for a list; empty for NaN. */
    public String csv() {
        if (!isList()) {
            return num(scalar);
        }
        return IntStream.range(0, list.length).mapToObj(k -> labels.get(k) + "=" + num(list[k]))
                .collect(Collectors.joining(";"));
    }

    /** Parses {@link #csv()} text of a list back into its values (labels dropped); a plain ';'-list works too. */
    public static double[] parseList(String text) {
        if (text == null || text.isBlank()) {
            return new double[0];
        }
        return Arrays.stream(text.split(";")).map(p -> p.contains("=") ? p.substring(p.indexOf('=') + 1) : p)
                .mapToDouble(p -> p.isBlank() ? Double.NaN : Double.parseDouble(p)).toArray();
    }

    /** The labels of {@link #csv()} text of a list. */
    public static List<String> parseLabels(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(";")).map(p -> p.contains("=") ? p.substring(0, p.indexOf('=')) : "").toList();
    }

    static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}

package pcasgd.report;

import pcasgd.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import pcasgd.metrics.EpochMetrics;

/**
 * The layout of a sweep's {@code sweep.csv}: the setting columns (swept keys, then context keys
 * such as method and tau), {@code seed}, every {@link MetricsCsv} column, {@code wall_seconds} and
 * {@code status} ({@code ok} or {@code diverged}); one row per epoch per point.
 */
public final class SweepCsv {
    public static final String SEED = "seed";
    public static final String WALL = "wall_seconds";
    public static final String STATUS = "status";

    private SweepCsv() { }

    public static List<String> header(List<String> settingColumns) {
        List<String> h = new ArrayList<>(settingColumns);
        h.add(SEED);
        h.addAll(MetricsCsv.COLUMNS);
        h.add(WALL);
        h.add(STATUS);
        return h;
    }

    /** Columns every sweep CSV has had; the metrics beside them grow with the product. */
    static final List<String> REQUIRED = List.of(SEED, "epoch", "test_accuracy");

    /**
     * The setting columns of a header: everything before {@code seed}. A file written before a metric
     * was added lacks its column and still reads (the metric is missing in its rows).
     */
    public static List<String> settingColumns(List<String> header) {
        int s = header.indexOf(SEED);
        if (s < 0 || !header.containsAll(REQUIRED)) {
            throw new IllegalArgumentException("not a sweep CSV header (needs " + String.join(", ", REQUIRED) + "): " + header);
        }
        return header.subList(0, s);
    }

    /** One CSV line per epoch; {@code settings} are in {@link #header} order. */
    public static List<String> lines(Map<String, String> settings, long seed, List<EpochMetrics> epochs, String status) {
        List<String> out = new ArrayList<>();
        for (EpochMetrics m : epochs) {
            List<String> cells = new ArrayList<>();
            settings.values().forEach(v -> cells.add(MetricsCsv.cell(v)));
            cells.add(Long.toString(seed));
            cells.addAll(MetricsCsv.row(m).stream().map(MetricsCsv::cell).toList());
            cells.add(MetricsCsv.num(m.wallSeconds()));
            cells.add(status);
            out.add(String.join(",", cells));
        }
        return out;
    }

    /** All lines of a file (header first), or an empty list when it does not exist yet. */
    public static List<String> readLines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        lines.removeIf(String::isBlank);
        return lines;
    }

    /** Rewrites the whole file with {@code lines} (temp file + move): a reader never sees half a point. */
    public static void write(Path file, List<String> lines) throws IOException {
        AtomicFiles.writeString(file, String.join("\n", lines) + "\n");
    }
}

package pcasgd.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Finished runs read back for plotting: from a sweep's {@code sweep.csv}, from run directories
 * ({@code config.yaml} + {@code metrics.csv} + {@code timing.csv}, as train/compare write them), or
 * from folders holding either. Each run is its settings (method, tau, ...), seed and epoch rows.
 */
public final class SweepTable {
    /** Settings read from a run directory's config.yaml. */
    static final List<String> RUN_DIR_SETTINGS = List.of("method", "tau", "agents", "theta", "encoding");

    /** One run: its setting values, seed, and one map (column → cell) per epoch, in epoch order. */
    public record Run(Map<String, String> settings, long seed, List<Map<String, String>> epochs) {
        public double number(int epochIndex, String column) {
            return parse(epochs.get(epochIndex).getOrDefault(column, ""));
        }

        public double last(String column) {
            return number(epochs.size() - 1, column);
        }

        public String setting(String key) {
            return settings.getOrDefault(key, "");
        }
    }

    private final List<String> settingColumns;
    private final List<Run> runs;
    private final List<Run> diverged;

    public SweepTable(List<String> settingColumns, List<Run> runs) {
        this(settingColumns, runs, List.of());
    }

    /** {@code diverged}: the runs that stopped with a non-finite loss, kept apart so figures can say what they leave out. */
    public SweepTable(List<String> settingColumns, List<Run> runs, List<Run> diverged) {
        this.settingColumns = List.copyOf(settingColumns);
        this.runs = List.copyOf(runs);
        this.diverged = List.copyOf(diverged);
    }

    public List<String> settingColumns() {
        return settingColumns;
    }

    public List<Run> runs() {
        return runs;
    }

    /** The points whose status is not {@code ok} (their rows as read); not among {@link #runs()}. */
    public List<Run> diverged() {
        return diverged;
    }

    /** The runs whose settings equal every given value (numbers compare by value: 8 = 8.0). */
    public SweepTable where(Map<String, String> conditions) {
        java.util.function.Predicate<Run> keep = r -> conditions.entrySet().stream()
                .allMatch(c -> same(r.setting(c.getKey()), c.getValue()));
        return new SweepTable(settingColumns, runs.stream().filter(keep).toList(), diverged.stream().filter(keep).toList());
    }

    private static boolean same(String a, String b) {
        double x = parse(a);
        double y = parse(b);
        return Double.isNaN(x) || Double.isNaN(y) ? a.trim().equals(b.trim()) : x == y;
    }

    public static double parse(String cell) {
        if (cell == null || cell.isBlank()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(cell.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * Reads and merges every input; diverged points are left out of {@link #runs()} (they have no final
     * accuracy) and listed in {@link #diverged()}.
     */
    public static SweepTable read(List<Path> inputs) throws IOException {
        Set<String> columns = new LinkedHashSet<>();
        List<Run> runs = new ArrayList<>();
        List<Run> diverged = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isRegularFile(in)) {
                readCsv(in, columns, runs, diverged);
            } else if (Files.isRegularFile(in.resolve("sweep.csv"))) {
                readCsv(in.resolve("sweep.csv"), columns, runs, diverged);
            } else if (Files.isRegularFile(in.resolve("metrics.csv"))) {
                runs.add(readRunDir(in));
                columns.addAll(RUN_DIR_SETTINGS);
            } else if (Files.isDirectory(in)) {
                List<Path> children;
                try (Stream<Path> s = Files.list(in)) {
                    children = s.filter(Files::isDirectory).sorted().toList();
                }
                for (Path child : children) {
                    SweepTable t = read(List.of(child));
                    columns.addAll(t.settingColumns);
                    runs.addAll(t.runs);
                    diverged.addAll(t.diverged);
                }
            } else {
                throw new IOException("input not found: " + in + " (give a sweep.csv, a run directory, or a folder of them)");
            }
        }
        return new SweepTable(new ArrayList<>(columns), runs, diverged);
    }

    private static void readCsv(Path file, Set<String> columns, List<Run> runs, List<Run> diverged) throws IOException {
        List<String> lines = SweepCsv.readLines(file);
        if (lines.isEmpty()) {
            return;
        }
        List<String> header = MetricsCsv.parseLine(lines.get(0));
        List<String> settings;
        try {
            settings = SweepCsv.settingColumns(header);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage());
        }
        columns.addAll(settings);
        Map<String, Run> byPoint = new LinkedHashMap<>();
        Map<String, Run> failed = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = MetricsCsv.parseLine(line);
            if (cells.size() != header.size()) {
                throw new IOException(file + ": a row has " + cells.size() + " cells, the header " + header.size() + ": " + line);
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                row.put(header.get(c), cells.get(c));
            }
            Map<String, String> values = new LinkedHashMap<>();
            settings.forEach(k -> values.put(k, row.get(k)));
            long seed = Long.parseLong(row.get(SweepCsv.SEED));
            String id = values + "|" + seed;
            boolean ok = "ok".equals(row.getOrDefault(SweepCsv.STATUS, "ok"));
            (ok ? byPoint : failed).computeIfAbsent(id, k -> new Run(values, seed, new ArrayList<>())).epochs().add(row);
        }
        failed.keySet().forEach(byPoint::remove);
        diverged.addAll(failed.values());
        byPoint.values().forEach(r -> r.epochs().sort((a, b) -> Double.compare(parse(a.get("epoch")), parse(b.get("epoch")))));
        runs.addAll(byPoint.values());
    }

    private static Run readRunDir(Path dir) throws IOException {
        Map<String, Object> config = Map.of();
        Path yaml = dir.resolve("config.yaml");
        if (Files.isRegularFile(yaml)) {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(yaml));
            if (doc instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) m;
                config = typed;
            }
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String k : RUN_DIR_SETTINGS) {
            settings.put(k, config.containsKey(k) ? String.valueOf(config.get(k)) : "");
        }
        long seed = config.get("seed") instanceof Number n ? n.longValue() : 0;
        List<Map<String, String>> epochs = table(dir.resolve("metrics.csv"));
        Path timing = dir.resolve("timing.csv");
        if (Files.isRegularFile(timing)) {
            Map<String, String> wall = new LinkedHashMap<>();
            table(timing).forEach(r -> wall.put(r.get("epoch"), r.get(SweepCsv.WALL)));
            epochs.forEach(r -> r.put(SweepCsv.WALL, wall.getOrDefault(r.get("epoch"), "")));
        }
        return new Run(settings, seed, epochs);
    }

    private static List<Map<String, String>> table(Path csv) {
        try {
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            List<String> header = MetricsCsv.parseLine(lines.get(0));
            List<Map<String, String>> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                List<String> cells = MetricsCsv.parseLine(line);
                Map<String, String> row = new LinkedHashMap<>();
                for (int c = 0; c < header.size() && c < cells.size(); c++) {
                    row.put(header.get(c), cells.get(c));
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
    }
}

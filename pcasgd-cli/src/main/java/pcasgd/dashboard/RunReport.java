package pcasgd.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pcasgd.experiment.ConfigFiles;
import pcasgd.experiment.TrainConfig;
import pcasgd.metrics.EpochMetrics;
import pcasgd.metrics.MetricValue;
import pcasgd.report.MetricsCsv;

/**
 * {@code report.html} of a run folder: the dashboard's panels as one self-contained file (uPlot,
 * the page's script and the run's data inlined), made from the folder's {@code config.yaml},
 * {@code metrics.csv} and {@code timing.csv}, so it opens from disk with no network and
 * {@code pcasgd report <folder>} remakes it at any time.
 */
public final class RunReport {
    public static final String FILE = "report.html";

    private RunReport() { }

    /** Writes {@code <dir>/report.html} from the folder's files; returns its path. */
    public static Path write(Path dir) {
        RunState state = read(dir);
        Path file = dir.resolve(FILE);
        Path tmp = dir.resolve(FILE + ".tmp");
        try {
            Files.writeString(tmp, Page.report(state), StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /** The finished state of the run in {@code dir}, read from its files. */
    public static RunState read(Path dir) {
        Path configFile = dir.resolve("config.yaml");
        if (!Files.isRegularFile(configFile)) {
            throw new IllegalArgumentException(dir + " is not a run folder: it has no config.yaml");
        }
        TrainConfig c = ConfigFiles.load(configFile, new TrainConfig());
        String yaml;
        try {
            yaml = Files.readString(configFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + configFile, e);
        }
        RunState state = RunState.of(c).withConfigText(yaml);
        List<EpochMetrics> epochs = readMetrics(dir.resolve("metrics.csv"), readTiming(dir.resolve("timing.csv")));
        int stepsPerEpoch = epochs.isEmpty() || epochs.get(0).epoch() <= 0 ? 0 : (int) (epochs.get(0).step() / epochs.get(0).epoch());
        state.restore(epochs, stepsPerEpoch);
        return state;
    }

    static List<EpochMetrics> readMetrics(Path file, Map<Integer, double[]> timing) {
        List<EpochMetrics> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (lines.isEmpty()) {
            return out;
        }
        List<String> header = MetricsCsv.parseLine(lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> cells = MetricsCsv.parseLine(line);
            int epoch = Integer.parseInt(cells.get(0));
            long step = Long.parseLong(cells.get(1));
            Map<String, MetricValue> values = new LinkedHashMap<>();
            for (int k = 2; k < header.size(); k++) {
                String cell = k < cells.size() ? cells.get(k) : "";
                values.put(header.get(k), parse(cell));
            }
            double[] t = timing.getOrDefault(epoch, new double[] {Double.NaN, Double.NaN});
            out.add(new EpochMetrics(epoch, step, t[0], t[1], values));
        }
        return out;
    }

    private static MetricValue parse(String cell) {
        if (cell.isBlank()) {
            return MetricValue.of(Double.NaN);
        }
        if (cell.contains("=") || cell.contains(";")) {
            return MetricValue.list(MetricValue.parseLabels(cell), MetricValue.parseList(cell));
        }
        try {
            return MetricValue.of(Double.parseDouble(cell));
        } catch (NumberFormatException e) {
            return MetricValue.of(Double.NaN);
        }
    }

    static Map<Integer, double[]> readTiming(Path file) {
        Map<Integer, double[]> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                List<String> c = MetricsCsv.parseLine(line);
                if (c.size() >= 3) {
                    out.put(Integer.parseInt(c.get(0)), new double[] {num(c.get(1)), num(c.get(2))});
                }
            }
        } catch (IOException | RuntimeException e) {
            // timing is optional
        }
        return out;
    }

    private static double num(String s) {
        return s.isBlank() ? Double.NaN : Double.parseDouble(s);
    }
}

package pcasgd.report;

import pcasgd.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import pcasgd.metrics.EpochMetrics;
import pcasgd.metrics.TrainingListener;

/**
 * {@code metrics.csv} and {@code timing.csv} in a folder, rewritten whole (temp file + move) after
 * every epoch, so a run that stops early leaves complete files of the epochs it finished. A run that
 * resumes from checkpoints reports from a later epoch on: the rows of the epochs before it, as the
 * interrupted run wrote them, are kept in front. In a multi-process run {@code timing.csv} says, per
 * epoch, which process's coordinator closed it; where coordination moved to this process, the files
 * are written anew from the run's ledger, so they hold each epoch once.
 */
public final class MetricsFiles implements TrainingListener {
    private final Path dir;
    private final List<EpochMetrics> epochs = new ArrayList<>();
    private List<String> earlierMetrics = List.of();
    private List<String> earlierTiming = List.of();
    /** First epoch → the process whose coordinator closes it from there on. */
    private final java.util.NavigableMap<Integer, String> coordinators = new java.util.TreeMap<>();

    public MetricsFiles(Path dir) {
        this.dir = dir;
    }

    @Override
    public void onEpoch(EpochMetrics m) {
        try {
            if (epochs.isEmpty() && m.epoch() > 1) {
                earlierMetrics = rowsBefore(dir.resolve("metrics.csv"), MetricsCsv.metrics(List.of(m)), m.epoch());
                earlierTiming = rowsBefore(dir.resolve("timing.csv"), MetricsCsv.timing(List.of(m), coordinators), m.epoch());
            }
            epochs.add(m);
            AtomicFiles.writeString(dir.resolve("metrics.csv"), withEarlier(earlierMetrics, MetricsCsv.metrics(epochs)));
            AtomicFiles.writeString(dir.resolve("timing.csv"), withEarlier(earlierTiming, MetricsCsv.timing(epochs, coordinators)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics into " + dir, e);
        }
    }

    @Override
    public void onCoordinator(String process, int fromEpoch) {
        coordinators.put(fromEpoch, process);
    }

    /** The rows of epochs before {@code first} in an existing file with the same header; none otherwise. */
    private static List<String> rowsBefore(Path file, String sameHeaderAs, int first) throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(file);
        String header = sameHeaderAs.substring(0, sameHeaderAs.indexOf('\n'));
        if (lines.isEmpty() || !lines.get(0).equals(header)) {
            return List.of();
        }
        List<String> kept = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            int comma = line.indexOf(',');
            if (comma > 0 && Integer.parseInt(line.substring(0, comma)) < first) {
                kept.add(line);
            }
        }
        return kept;
    }

    private static String withEarlier(List<String> earlier, String csv) {
        if (earlier.isEmpty()) {
            return csv;
        }
        int body = csv.indexOf('\n') + 1;
        return csv.substring(0, body) + String.join("\n", earlier) + "\n" + csv.substring(body);
    }
}

package pcasgd.report;

import pcasgd.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import pcasgd.metrics.EpochMetrics;
import pcasgd.metrics.TrainingListener;

/**
 * {@code metrics.csv} and {@code timing.csv} in a folder, rewritten whole (temp file + move) after
 * every epoch, so a run that stops early leaves complete files of the epochs it finished.
 */
public final class MetricsFiles implements TrainingListener {
    private final Path dir;
    private final List<EpochMetrics> epochs = new ArrayList<>();

    public MetricsFiles(Path dir) {
        this.dir = dir;
    }

    @Override
    public void onEpoch(EpochMetrics m) {
        epochs.add(m);
        try {
            AtomicFiles.writeString(dir.resolve("metrics.csv"), MetricsCsv.metrics(epochs));
            AtomicFiles.writeString(dir.resolve("timing.csv"), MetricsCsv.timing(epochs));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics into " + dir, e);
        }
    }
}

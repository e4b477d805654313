package pcasgd.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import pcasgd.report.AtomicFiles;
import pcasgd.report.MetricsCsv;
import pcasgd.runtime.EpochMetrics;
import pcasgd.runtime.TrainingListener;

/**
 * {@code runs/<name>/}: the resolved {@code config.yaml} at start, then {@code metrics.csv} and
 * {@code timing.csv} rewritten whole (temp file + move) after every epoch, so a run that stops
 * early, even by divergence, leaves complete files of the epochs it finished.
 */
public final class RunDirectory implements TrainingListener {
    private final Path dir;
    private final TrainConfig config;
    private final List<EpochMetrics> epochs = new ArrayList<>();

    public RunDirectory(Path dir, TrainConfig config) {
        this.dir = dir;
        this.config = config;
    }

    public static RunDirectory of(TrainConfig c) {
        return new RunDirectory(Path.of(c.output()).resolve(c.name()), c);
    }

    public Path path() {
        return dir;
    }

    @Override
    public void onStart(pcasgd.runtime.RunInfo info) {
        try {
            ConfigFiles.write(config, dir.resolve("config.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("config.yaml"), e);
        }
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

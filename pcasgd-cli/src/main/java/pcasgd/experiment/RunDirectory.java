package pcasgd.experiment;

import pcasgd.metrics.RunInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import pcasgd.report.MetricsFiles;
import pcasgd.metrics.EpochMetrics;
import pcasgd.metrics.TrainingListener;

/**
 * {@code runs/<name>/}: the resolved {@code config.yaml} at start, then the per-epoch
 * {@link MetricsFiles} ({@code metrics.csv}, {@code timing.csv}), each written whole through a
 * temporary file, so a run that stops early, even by divergence, leaves complete files; at the end
 * {@code report.html}, the run's dashboard as one file ({@link pcasgd.dashboard.RunReport}).
 */
public final class RunDirectory implements TrainingListener {
    private final Path dir;
    private final TrainConfig config;
    private final MetricsFiles metrics;

    public RunDirectory(Path dir, TrainConfig config) {
        this.dir = dir;
        this.config = config;
        this.metrics = new MetricsFiles(dir);
    }

    public static RunDirectory of(TrainConfig c) {
        return new RunDirectory(Path.of(c.output()).resolve(c.name()), c);
    }

    public Path path() {
        return dir;
    }

    @Override
    public void onStart(pcasgd.metrics.RunInfo info) {
        try {
            ConfigFiles.write(config, dir.resolve("config.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("config.yaml"), e);
        }
    }

    @Override
    public void onEpoch(EpochMetrics m) {
        metrics.onEpoch(m);
    }

    @Override
    public void onCoordinator(String process, int fromEpoch) {
        metrics.onCoordinator(process, fromEpoch);
    }

    /** At the end, the self-contained {@code report.html} of the folder's files (a report that fails does not fail the run). */
    @Override
    public void onFinish() {
        try {
            pcasgd.dashboard.RunReport.write(dir);
        } catch (RuntimeException e) {
            System.err.println("warning: no " + pcasgd.dashboard.RunReport.FILE + " in " + dir + ": " + e.getMessage());
        }
    }
}

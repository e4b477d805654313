package pcasgd.runtime.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import pcasgd.runtime.EpochMetrics;
import pcasgd.runtime.TrainingListener;

/** Appends one CSV line per epoch (flushed at once, so a crash keeps every finished epoch). */
public final class MetricsCsvListener implements TrainingListener {
    static final String HEADER = "epoch,steps,train_loss,test_loss,test_accuracy,consensus_distance,late_fraction,"
            + "predict_fraction,wall_seconds,elapsed_seconds";
    private final Path file;

    public MetricsCsvListener(Path file) {
        this.file = file;
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, HEADER + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public void onEpoch(EpochMetrics m) {
        String line = String.format(Locale.ROOT, "%d,%d,%.6g,%.6g,%.6g,%.6g,%.4f,%.4f,%.3f,%.3f%n", m.epoch(), m.steps(),
                m.trainLoss(), m.testLoss(), m.testAccuracy(), m.consensusDistance(), m.lateFraction(),
                m.predictFraction(), m.wallSeconds(), m.simulatedTime());
        try {
            Files.writeString(file, line, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }
}

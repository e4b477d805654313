package pcasgd.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pcasgd.report.MetricsCsv;
import pcasgd.report.SweepCsv;
import pcasgd.metrics.EpochMetrics;
import pcasgd.metrics.RunInfo;
import pcasgd.metrics.TrainingListener;

/** A tiny real sweep (Gaussian blobs, MLP): one CSV, resumable after an interruption, no duplicates. */
class SweepTest {
    static final Map<String, Object> GRID = Map.of(
            "dataset", "blobs", "model", "mlp", "trainLimit", 400, "testLimit", 100, "agents", 4, "epochs", 2,
            "evalAgents", false, "workers", 1,
            "grid", Map.of("method", List.of("stale-dsgd", "pc-asgd-pv")),
            "seeds", List.of(1, 2, 3));

    /**
     * Test accuracy of the averaged model by seed and epoch, recorded (the simulator is deterministic; both methods
     * give the same on 100 test images, chance 0.25). Rounding every message to bf16, far more than another CPU's
     * PyTorch kernels change, moved none by more than 1 image: 3 images (0.03) either way. A point resumed after the
     * interruption must come out as a fresh run does.
     */
    static final Map<String, Double> ACCURACY = Map.of("1|1", 0.73, "1|2", 0.89, "2|1", 0.67, "2|2", 0.80, "3|1", 0.67,
            "3|2", 0.80);

    /** Counts what the sweep reports, and can interrupt it when a given point starts. */
    static final class Recorder implements Sweep.Events {
        final List<String> ran = new ArrayList<>();
        int skipped;
        final int interruptAt;

        Recorder(int interruptAt) {
            this.interruptAt = interruptAt;
        }

        @Override
        public void skipped(int done, int total) {
            skipped = done;
        }

        @Override
        public List<TrainingListener> starting(SweepPoint p, int index, int total) {
            if (index == interruptAt) {
                return List.of(new TrainingListener() {
                    @Override
                    public void onStart(RunInfo info) {
                        throw new IllegalStateException("interrupted");
                    }
                });
            }
            return List.of();
        }

        @Override
        public void finished(SweepPoint p, int index, int total, List<EpochMetrics> epochs, double wallSeconds) {
            ran.add(p.id());
        }
    }

    private static Sweep sweep(Path dir, RunBuilder builder) {
        return new Sweep(SweepGrid.parse(new java.util.LinkedHashMap<>(GRID)), dir, builder);
    }

    @Test
    void interruptedSweepResumesWithoutRerunningOrDuplicatingPoints(@TempDir Path dir) throws Exception {
        try (RunBuilder builder = new RunBuilder()) {
            Recorder first = new Recorder(4);
            assertThrows(IllegalStateException.class, () -> sweep(dir, builder).run(first));
            assertEquals(3, first.ran.size(), "three points finished before the interruption");
            List<String> afterFirst = Files.readAllLines(dir.resolve("sweep.csv"));
            assertEquals(1 + 3 * 2, afterFirst.size(), "header + 2 epochs for each finished point");

            Recorder second = new Recorder(-1);
            Sweep.Outcome o = sweep(dir, builder).run(second);
            assertEquals(3, second.skipped);
            assertEquals(3, o.ran());
            assertEquals(List.of("method=pc-asgd-pv,seed=1", "method=pc-asgd-pv,seed=2", "method=pc-asgd-pv,seed=3"), second.ran);

            List<String> lines = Files.readAllLines(dir.resolve("sweep.csv"));
            assertEquals(afterFirst, lines.subList(0, afterFirst.size()), "finished rows are kept as they were");
            checkWellFormed(lines, 6, 2);

            Recorder third = new Recorder(-1);
            Sweep.Outcome again = sweep(dir, builder).run(third);
            assertEquals(0, again.ran());
            assertEquals(6, third.skipped);
            assertEquals(lines, Files.readAllLines(dir.resolve("sweep.csv")), "a complete sweep is left untouched");
            assertTrue(Files.isRegularFile(dir.resolve("points/method=stale-dsgd,seed=2/metrics.csv")), "each point keeps its run directory");
        }
    }

    private static void checkWellFormed(List<String> lines, int points, int epochs) {
        List<String> header = MetricsCsv.parseLine(lines.get(0));
        assertEquals(SweepCsv.header(List.of("method", "tau", "agents", "theta")), header);
        assertEquals(1 + points * epochs, lines.size());
        Set<String> seen = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = MetricsCsv.parseLine(line);
            assertEquals(header.size(), cells.size(), line);
            String key = cells.get(header.indexOf("method")) + "|" + cells.get(header.indexOf("seed")) + "|"
                    + cells.get(header.indexOf("epoch"));
            assertTrue(seen.add(key), "duplicate row " + key);
            assertEquals("ok", cells.get(header.indexOf("status")));
            assertEquals("4", cells.get(header.indexOf("agents")));
            double acc = Double.parseDouble(cells.get(header.indexOf("test_accuracy")));
            assertEquals(ACCURACY.get(cells.get(header.indexOf("seed")) + "|" + cells.get(header.indexOf("epoch"))), acc, 0.03,
                    "test accuracy of " + key);
            assertTrue(Double.parseDouble(cells.get(header.indexOf("wall_seconds"))) > 0);
        }
    }

    @Test
    void aCsvFromAnotherGridIsNeverOverwritten(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("sweep.csv"), "tau,seed,epoch\n1,1,1\n");
        try (RunBuilder builder = new RunBuilder()) {
            ConfigException e = assertThrows(ConfigException.class, () -> sweep(dir, builder).run(new Recorder(-1)));
            assertTrue(e.getMessage().contains("other columns"), e.getMessage());
        }
        assertEquals("tau,seed,epoch\n1,1,1\n", Files.readString(dir.resolve("sweep.csv")));
    }
}

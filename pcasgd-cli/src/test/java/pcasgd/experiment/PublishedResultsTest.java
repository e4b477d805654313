package pcasgd.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/results.md tells a reader to rerun the sweeps with {@code experiments/run-all.sh} (resumable) and any
 * single point with {@code train -c <its config.yaml>}: the committed results must allow both.
 */
class PublishedResultsTest {
    static final Path GRIDS = Path.of("experiments");
    static final Path RESULTS = GRIDS.resolve("results");

    @Test
    void everyPublishedPointsConfigLoadsAndValidates() throws IOException {
        List<Path> configs;
        try (Stream<Path> s = Files.walk(RESULTS)) {
            configs = s.filter(p -> p.getFileName().toString().equals("config.yaml")).sorted().toList();
        }
        // the sweeps behind docs/results.md hold well over 500 points; fewer means the walk missed them
        assertTrue(configs.size() > 500, "found only " + configs.size() + " point configs under " + RESULTS);
        List<String> failures = new ArrayList<>();
        for (Path p : configs) {
            try {
                TrainConfig c = ConfigFiles.load(p, new TrainConfig()).validate();
                assertEquals(p.getParent().getFileName().toString(), c.name(), p + ": name is not its directory's");
            } catch (RuntimeException e) {
                failures.add(e.getMessage());
            }
        }
        assertTrue(failures.isEmpty(), () -> failures.size() + " published configs do not load, e.g. " + failures.get(0));
    }

    /** run-all.sh on the committed results resumes every grid (same columns) and has nothing left to run. */
    @Test
    void everyGridIsCompleteInItsPublishedSweep() throws IOException {
        List<Path> grids;
        try (Stream<Path> s = Files.list(GRIDS)) {
            grids = s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(grids.size() >= 8, "found only " + grids.size() + " grids in " + GRIDS);
        for (Path g : grids) {
            // run-all.sh appends the -5seeds grids to the sweep of the grid they extend (--name)
            String name = g.getFileName().toString().replace(".yaml", "").replace("-5seeds", "");
            Sweep sweep = new Sweep(SweepGrid.load(g), RESULTS.resolve(name), null);
            assertTrue(Files.exists(sweep.csv()), sweep.csv() + " is missing");
            List<SweepPoint> pending = sweep.pending();
            assertTrue(pending.isEmpty(), () -> g + ": " + pending.size() + " points have no rows in " + sweep.csv()
                    + ", e.g. " + pending.get(0).id());
        }
    }
}

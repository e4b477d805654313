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
 * docs/results.md tells a reader to rerun any published point with {@code train -c <its config.yaml>}:
 * every committed point's config must therefore load with the current keys and pass validation.
 */
class PublishedPointsTest {
    static final Path RESULTS = Path.of("experiments/results");

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
}

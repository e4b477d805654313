package pcasgd.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One config and seed give byte-identical metrics, whatever the number of worker threads. */
class DeterminismTest {

    private static String metrics(Path out, String name, int workers, long seed) throws Exception {
        TrainConfig c = new TrainConfig().set("output", out.toString()).set("name", name).set("epochs", 2)
                .set("trainLimit", 800).set("testLimit", 200).set("agents", 4).set("tau", 3)
                .set("method", "pc-asgd-pv").set("workers", workers).set("seed", seed);
        try (RunBuilder b = new RunBuilder()) {
            new TrainingSession(b).run(c, List.of());
        }
        return Files.readString(out.resolve(name).resolve("metrics.csv"));
    }

    @Test
    void sameSeedGivesIdenticalMetricsFiles(@TempDir Path tmp) throws Exception {
        String a = metrics(tmp, "a", 2, 11);
        String b = metrics(tmp, "b", 1, 11);
        assertEquals(a, b);
        assertNotEquals(a, metrics(tmp, "c", 2, 12), "a different seed must change the run");
    }
}

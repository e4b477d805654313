package pcasgd.cli;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pcasgd launch} as a user runs it: one command trains the CNN (LeNet) on the embedded
 * Fashion-MNIST subset with 4 agents in 2 agent processes plus the launcher, which hosts the
 * coordinator. Asynchronous training has no single right answer, so the checks are ones every
 * schedule meets: the run finishes with status 0, every epoch is reported with a finite loss, the
 * averaged model learns far above chance (0.1; the simulator reaches about 0.78 on this config,
 * staleness is bounded by 3), and nothing prints a warning.
 */
class CnnMultiProcessTest {
    @TempDir Path dir;

    static Map<String, Object> cnn(Path output) {
        Map<String, Object> c = ClusterConfigs.blobs("cnn-launch", output);
        c.put("dataset", "embedded");
        c.put("trainLimit", 1600);
        c.put("testLimit", 300);
        c.put("model", "lenet");
        c.put("epochs", 5);
        c.put("maxSkew", 3);
        return c;
    }

    @Test
    @Timeout(480)
    void launchTrainsTheCnnOverTwoProcessesAndReturnsZero() throws Exception {
        Path config = ClusterConfigs.write(dir.resolve("cnn.yaml"), cnn(dir.resolve("runs")));
        AgentProcess launcher = AgentProcess.cli("launch", List.of("launch", "--config", config.toString(), "--processes", "2",
                "--timeout", "PT120S"));
        try {
            assertEquals(0, launcher.awaitExit(300_000), launcher.output());
        } finally {
            launcher.close();
        }
        Path run = dir.resolve("runs/cnn-launch");
        assertTrue(launcher.hasLine("run 'cnn-launch': 4 agents in 2 processes (agents 0, 1 | agents 2, 3)"), launcher.output());
        assertTrue(launcher.hasLine("| epoch | train loss |"), "the per-epoch table:\n" + launcher.output());
        assertTrue(launcher.hasLine("final test accuracy of the averaged model: "), launcher.output());
        List<Map<String, String>> rows = ClusterConfigs.metrics(run);
        assertEquals(5, rows.size(), "every epoch is reported");
        for (Map<String, String> r : rows) {
            assertTrue(Double.isFinite(Double.parseDouble(r.get("test_loss")))
                    && Double.isFinite(Double.parseDouble(r.get("train_loss"))), r.toString());
        }
        double best = Math.max(Double.parseDouble(rows.get(3).get("test_accuracy")), Double.parseDouble(rows.get(4).get("test_accuracy")));
        assertTrue(best > 0.5, "the averaged CNN learns: " + rows);
        assertTrue(Files.exists(run.resolve("config.yaml")) && Files.exists(run.resolve("finished")));
        assertEquals(List.of(), ClusterConfigs.warnings(launcher.lines), launcher.output());
        for (int k = 0; k < 2; k++) {
            List<String> log = Files.readAllLines(run.resolve("launch/process-" + k + ".log"));
            assertEquals(List.of(), ClusterConfigs.warnings(log), "process " + k + ":\n" + String.join("\n", log));
        }
    }

    @Test
    @Timeout(240)
    void aProcessThatDiesIsReportedWithItsLastLines() throws Exception {
        Path config = ClusterConfigs.write(dir.resolve("dies.yaml"), ClusterConfigs.blobs("dies", dir.resolve("runs")));
        // a heap this small stops the JVM at once: the agent processes die before the run can start
        AgentProcess launcher = AgentProcess.cli("launch", List.of("launch", "--config", config.toString(), "--processes", "2",
                "--jvm-option=-Xmx1k"));
        try {
            assertEquals(2, launcher.awaitExit(180_000), launcher.output());
        } finally {
            launcher.close();
        }
        assertTrue(launcher.hasLine("exited with status 1 before the run started. Its last lines ("), launcher.output());
        assertTrue(launcher.hasLine("    Too small maximum heap"), launcher.output());
        assertTrue(launcher.hasLine("error: an agent process exited before the run started, so it cannot start"), launcher.output());
    }
}

package pcasgd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import pcasgd.report.MetricsCsv;
import pcasgd.runtime.cluster.Checkpoint;
import pcasgd.runtime.cluster.FreePort;

/**
 * The process hosting the coordinator dies in the middle of a 3-process run (kill -9, loopback, real
 * CLI processes): the coordination moves to the next oldest process, which closes the remaining
 * epochs; the killed process restarted with {@code --resume} is admitted again and its agents train
 * to the end. The metrics files hold every epoch once and say which process closed it.
 *
 * <p>Why this cannot pass or fail by the schedule: agent 5 sleeps 2 s a step (a straggler; 6 steps an
 * epoch), so after epoch 1 has closed the run stays open for at least the 36 s of sleep its last 18
 * steps take, much longer than the kill and the restart (a JVM start, 5-15 s on a busy machine)
 * take to happen; epoch 2 cannot close before agent 5 has slept 12 s, so the kill lands between
 * epochs 1 and 2. An agent of the killed process
 * that had already trained to the end resumes there and is not waited for: its reports went with
 * its first life.
 */
class CoordinatorFailoverTest {
    @TempDir Path dir;

    @Test
    @Timeout(300)
    void killingTheCoordinatorsProcessMovesCoordinationAndEveryEpochClosesOnce() throws Exception {
        Map<String, Object> cfg = ClusterConfigs.blobs("failover", dir.resolve("runs"));
        cfg.put("agents", 6);
        cfg.put("epochs", 4);
        cfg.put("computePadMs", 20);
        cfg.put("stragglers", "[5]");
        cfg.put("stragglerFactor", 100);
        cfg.put("checkpointEvery", 2);
        Path config = ClusterConfigs.write(dir.resolve("failover.yaml"), cfg);
        int[] port = {FreePort.next(), FreePort.next(), FreePort.next()};
        String seeds = "127.0.0.1:" + port[0] + ",127.0.0.1:" + port[1] + ",127.0.0.1:" + port[2];
        List<AgentProcess> ps = new ArrayList<>();
        try {
            AgentProcess p0 = AgentProcess.cli("agents-0-1", process(config, port[0], seeds, "0,1"));
            ps.add(p0);
            // the first seed forms the cluster and is the oldest member: the coordinator starts there
            assertTrue(p0.awaitLine("coordinator: admitted the process at 127.0.0.1:" + port[0], 120_000), p0.output());
            AgentProcess p1 = AgentProcess.cli("agents-2-3", process(config, port[1], seeds, "2,3"));
            ps.add(p1);
            assertTrue(p0.awaitLine("coordinator: admitted the process at 127.0.0.1:" + port[1], 120_000), p0.output());
            AgentProcess p2 = AgentProcess.cli("agents-4-5", process(config, port[2], seeds, "4,5"));
            ps.add(p2);

            assertTrue(p0.awaitLine("coordinator: epoch 1 closed", 180_000), p0.output());
            p0.process.destroyForcibly();
            assertTrue(p0.process.waitFor(10, TimeUnit.SECONDS));
            assertFalse(p0.hasLine("coordinator: epoch 2 closed"), "killed between epochs 1 and 2:\n" + p0.output());

            // restarted at once with --resume, as a supervisor would: it joins as the youngest member
            AgentProcess again = AgentProcess.cli("agents-0-1-resumed", process(config, port[0], seeds, "0,1", "--resume"));
            ps.add(again);

            assertEquals(0, p1.awaitExit(240_000), p1.output());
            assertEquals(0, p2.awaitExit(240_000), p2.output());
            assertEquals(0, again.awaitExit(240_000), again.output());
            String next = "127.0.0.1:" + port[1];
            assertTrue(p1.hasLine("coordinator: took over run 'failover' on process " + next + " at epoch 2 of 4"
                    + " (epochs 1-1 closed by 127.0.0.1:" + port[0] + ")"), p1.output());
            assertTrue(again.hasLine("admitted to run 'failover': starting agent(s) [0, 1]"), again.output());
            assertTrue(p1.hasLine("coordinator: admitted the process at 127.0.0.1:" + port[0] + " (agents 0, 1)"), p1.output());

            List<Map<String, String>> rows = ClusterConfigs.metrics(dir.resolve("runs/failover"));
            assertEquals(List.of("1", "2", "3", "4"), rows.stream().map(r -> r.get("epoch")).toList(), "each epoch once");
            for (Map<String, String> r : rows) {
                assertTrue(Double.isFinite(Double.parseDouble(r.get("test_loss"))), r.toString());
            }
            List<String> timing = Files.readAllLines(dir.resolve("runs/failover/timing.csv"));
            assertEquals(MetricsCsv.COORDINATOR, MetricsCsv.parseLine(timing.get(0)).get(3));
            List<String> closedBy = timing.subList(1, timing.size()).stream().map(l -> MetricsCsv.parseLine(l).get(3)).toList();
            assertEquals(List.of("127.0.0.1:" + port[0], next, next, next), closedBy);
            // epoch 2 trained partly before its coordinator existed: its time is not measured (an empty cell)
            assertEquals("", MetricsCsv.parseLine(timing.get(2)).get(1), timing.get(2));
            assertTrue(Double.parseDouble(MetricsCsv.parseLine(timing.get(1)).get(1)) > 0, timing.get(1));
            // the resumed agents trained to the end too
            for (int a = 0; a < 6; a++) {
                assertEquals(24, Checkpoint.read(dir.resolve("runs/failover/checkpoints"), a).orElseThrow().step(), "agent " + a);
            }
        } catch (AssertionError e) {
            // every line of every process, for the failure's post-mortem (the message shows only the tail of one)
            Path logs = Path.of("target", "test-logs", "coordinator-failover");
            Files.createDirectories(logs);
            for (AgentProcess p : ps) {
                Files.write(logs.resolve(p.name + ".log"), p.lines);
            }
            throw new AssertionError(e.getMessage() + "\n(every process's output: " + logs.toAbsolutePath() + ")", e);
        } finally {
            MultiProcessTest.closeAll(ps);
        }
    }

    private static List<String> process(Path config, int port, String seeds, String ids, String... more) {
        List<String> a = new ArrayList<>(List.of("agent", "--id", ids, "--port", String.valueOf(port), "--seed-nodes", seeds,
                "--config", config.toString(), "--timeout", "PT200S"));
        a.addAll(List.of(more));
        return a;
    }
}

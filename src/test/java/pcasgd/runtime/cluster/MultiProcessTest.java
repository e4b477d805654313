package pcasgd.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import pcasgd.algorithm.Method;
import pcasgd.metrics.EpochMetrics;
import pcasgd.runtime.SimulatedRuntime;
import pcasgd.runtime.SimulationSpec;

/**
 * Four agents in four JVMs on 127.0.0.1 forming a Pekko cluster. Least squares keeps the arithmetic
 * negligible so the two CI cores go to the JVMs and the network; a per-step pad stands in for compute.
 */
class MultiProcessTest {
    @TempDir Path dir;

    List<String> args(String run, int id, int[] ports, int epochs, int steps, long padMs, boolean resume) {
        List<String> a = new ArrayList<>(List.of("--run-id", run, "--id", String.valueOf(id),
                "--port", String.valueOf(ports[id]),
                "--seed-nodes", "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1],
                "--factory", LeastSquaresProblem.class.getName(),
                "--opt", "agents=4", "--opt", "epochs=" + epochs, "--opt", "steps=" + steps,
                "--pad-ms", String.valueOf(padMs), "--timeout-s", "100", "--max-staleness", "4",
                "--checkpoint-dir", dir.resolve("ckpt").toString(), "--checkpoint-every", "20"));
        if (id == 0) {
            a.addAll(List.of("--coordinator", "--metrics-dir", dir.toString()));
        }
        if (resume) {
            a.add("--resume");
        }
        return a;
    }

    static int[] ports() throws IOException {
        int[] p = new int[4];
        for (int i = 0; i < 4; i++) {
            p[i] = AgentProcess.freePort();
        }
        return p;
    }

    List<String[]> metricRows() throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"));
        List<String[]> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            rows.add(l.split(","));
        }
        return rows;
    }

    static void closeAll(List<AgentProcess> ps) {
        for (AgentProcess p : ps) {
            if (p != null) {
                p.close();
            }
        }
    }

    @Test
    @Timeout(150)
    void fourProcessesTrainToTheSimulatorsLoss() throws Exception {
        int epochs = 3;
        int steps = 100;
        int[] ports = ports();
        List<AgentProcess> ps = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                ps.add(AgentProcess.start("agent-" + i, dir, args("mp", i, ports, epochs, steps, 5, false)));
            }
            for (AgentProcess p : ps) {
                assertEquals(0, p.awaitExit(120_000), p.output());
            }
            List<String[]> rows = metricRows();
            assertEquals(epochs, rows.size());
            double loss = Double.parseDouble(rows.get(epochs - 1)[3]);
            SimulationSpec spec = LeastSquaresProblem.spec(Method.PC_ASGD, 4, epochs, steps);
            double sim;
            try (SimulatedRuntime r = new SimulatedRuntime(spec, List.of())) {
                List<EpochMetrics> m = r.run();
                sim = m.get(epochs - 1).testLoss();
            }
            assertTrue(Math.abs(loss - sim) < 0.02, "cluster " + loss + " vs simulator " + sim);
            for (int i = 0; i < 4; i++) {
                assertEquals(epochs * steps, Checkpoint.read(dir.resolve("ckpt"), i).orElseThrow().step());
            }
        } finally {
            closeAll(ps);
        }
    }

    @Test
    @Timeout(170)
    void killedAgentIsDroppedAndRejoinsFromItsCheckpoint() throws Exception {
        int epochs = 5;
        int steps = 100;
        int[] ports = ports();
        List<AgentProcess> ps = new ArrayList<>();
        AgentProcess restarted = null;
        try {
            for (int i = 0; i < 4; i++) {
                ps.add(AgentProcess.start("agent-" + i, dir, args("kill", i, ports, epochs, steps, 40, false)));
            }
            assertTrue(ps.get(0).awaitLine("epoch 1 closed", 60_000), ps.get(0).output());
            ps.get(3).process.destroyForcibly();
            ps.get(3).process.waitFor();
            // neighbours of 3 on the ring are 0 and 2: both drop it and go on
            assertTrue(ps.get(2).awaitLine("neighbour 3 unreachable", 30_000), ps.get(2).output());
            assertTrue(ps.get(0).awaitLine("neighbour 3 unreachable", 30_000), ps.get(0).output());
            // the restarted JVM reuses the address: let the survivors down and remove the old incarnation first
            long until = System.currentTimeMillis() + 30_000;
            while (ps.subList(0, 3).stream().noneMatch(p -> p.hasLine("Leader is removing unreachable node"))
                    && System.currentTimeMillis() < until) {
                Thread.sleep(100);
            }
            Checkpoint ck = Checkpoint.read(dir.resolve("ckpt"), 3).orElseThrow();
            assertTrue(ck.step() >= 20 && ck.step() % 20 == 0, "checkpoint step " + ck.step());
            assertEquals("kill", ck.runId());

            restarted = AgentProcess.start("agent-3-restarted", dir, args("kill", 3, ports, epochs, steps, 40, true));
            assertTrue(restarted.awaitLine("resumes from its checkpoint at step", 30_000), restarted.output());
            assertTrue(ps.get(2).awaitLine("neighbour 3 is back", 40_000), ps.get(2).output() + "\n" + restarted.output());

            for (int i = 0; i < 3; i++) {
                assertEquals(0, ps.get(i).awaitExit(120_000), ps.get(i).output());
            }
            assertEquals(0, restarted.awaitExit(60_000), restarted.output());
            List<String[]> rows = metricRows();
            assertEquals(epochs, rows.size(), "every epoch's metrics are written");
            double loss = Double.parseDouble(rows.get(epochs - 1)[3]);
            assertTrue(loss < 0.08, "still converges after the fault: " + loss);
            for (int i = 0; i < 4; i++) {
                assertEquals(epochs * steps, Checkpoint.read(dir.resolve("ckpt"), i).orElseThrow().step(), "agent " + i);
            }
        } finally {
            closeAll(ps);
            if (restarted != null) {
                restarted.close();
            }
        }
    }
}

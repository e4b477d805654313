package pcasgd.cli;


import pcasgd.runtime.cluster.Checkpoint;
import pcasgd.runtime.cluster.FreePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agent processes started through the real CLI ({@code pcasgd agent ... --config x.yaml}) on
 * 127.0.0.1 form a Pekko cluster. Every check holds whatever the schedule: a synchronous method is
 * the simulator's run bit for bit (each agent waits for its neighbours' copies of its own step), and
 * a crash is shown with a run held open by a slow agent, so the crash happens mid-run by
 * construction.
 */
class MultiProcessTest {
    @TempDir Path dir;

    static List<String> agent(Path config, int seedPort, int port, String ids, String... more) {
        List<String> a = new ArrayList<>(List.of("agent", "--id", ids, "--port", String.valueOf(port),
                "--seed-nodes", "127.0.0.1:" + seedPort, "--config", config.toString(), "--timeout", "PT100S"));
        a.addAll(List.of(more));
        return a;
    }

    static void closeAll(List<AgentProcess> ps) {
        for (AgentProcess p : ps) {
            if (p != null) {
                p.close();
            }
        }
    }

    /** docs/security.md's recipe A: one self-signed run certificate in a key store, trusted by a trust store. */
    static Path tlsStores(Path dir) throws Exception {
        Path pass = Files.writeString(dir.resolve("tls.pass"), "mp-secret-93b2\n");
        String ks = dir.resolve("keystore.p12").toString();
        keytool("-genkeypair", "-alias", "run", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=pcasgd run",
                "-validity", "30", "-storetype", "PKCS12", "-keystore", ks, "-storepass:file", pass.toString());
        keytool("-exportcert", "-rfc", "-alias", "run", "-keystore", ks, "-storepass:file", pass.toString(),
                "-file", dir.resolve("run.crt").toString());
        keytool("-importcert", "-noprompt", "-alias", "run", "-file", dir.resolve("run.crt").toString(), "-storetype", "PKCS12",
                "-keystore", dir.resolve("truststore.p12").toString(), "-storepass:file", pass.toString());
        return pass;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool " + cmd + ": " + out);
    }

    @Test
    @Timeout(480)
    void synchronousDsgdOverTlsIsTheSimulatorsRunBitForBit() throws Exception {
        Path pass = tlsStores(dir);
        Map<String, Object> cfg = ClusterConfigs.blobs("sync", dir.resolve("runs"));
        cfg.put("method", "dsgd");
        cfg.put("tlsKeyStore", dir.resolve("keystore.p12"));
        cfg.put("tlsTrustStore", dir.resolve("truststore.p12"));
        cfg.put("tlsPasswordFile", pass);
        Path config = ClusterConfigs.write(dir.resolve("sync.yaml"), cfg);
        int seed = FreePort.next();
        List<AgentProcess> ps = new ArrayList<>();
        try {
            // the reference, side by side: the simulator in a JVM of its own, like the agents
            ps.add(AgentProcess.cli("simulator", List.of("train", "--config", config.toString(), "--name", "sync-sim")));
            ps.add(AgentProcess.cli("agents-0-1", agent(config, seed, seed, "0,1")));
            ps.add(AgentProcess.cli("agents-2-3", agent(config, seed, 0, "2,3")));
            for (AgentProcess p : ps) {
                assertEquals(0, p.awaitExit(300_000), p.output());
            }
        } finally {
            closeAll(ps);
        }
        List<Map<String, String>> cluster = ClusterConfigs.metrics(dir.resolve("runs/sync"));
        List<Map<String, String>> sim = ClusterConfigs.metrics(dir.resolve("runs/sync-sim"));
        assertEquals(3, cluster.size(), "one row per epoch");
        for (int e = 0; e < 3; e++) {
            for (String col : List.of("step", "train_loss", "test_loss", "test_accuracy", "consensus_distance")) {
                assertEquals(sim.get(e).get(col), cluster.get(e).get(col), "epoch " + (e + 1) + " " + col);
            }
            assertEquals(0.0, Double.parseDouble(cluster.get(e).get("late_fraction")), "a synchronous copy is never late");
        }
        assertTrue(ps.get(1).hasLine("Artery tls-tcp"), "the processes talk over TLS:\n" + ps.get(1).output());
        for (int i = 0; i < 4; i++) {
            assertEquals(24, Checkpoint.read(dir.resolve("runs/sync/checkpoints"), i).orElseThrow().step(), "agent " + i);
        }
        assertTrue(Files.exists(dir.resolve("runs/sync/trace-agents-0-1.csv")) && Files.exists(dir.resolve("runs/sync/trace-agents-2-3.csv")));
        for (AgentProcess p : ps.subList(1, 3)) {
            assertEquals(List.of(), ClusterConfigs.warnings(p.lines), "a normal run prints no warning:\n" + p.output());
        }
    }

    @Test
    @Timeout(480)
    void aKilledProcessIsReportedOnceTheRunFinishesWithoutItAndALateRestartIsTurnedAway() throws Exception {
        Map<String, Object> cfg = ClusterConfigs.blobs("kill", dir.resolve("runs"));
        // agent 3 is 25 times slower than the rest: the run is open until it finishes, so killing its
        // process once epoch 1 has closed is a crash in the middle of the run whatever the schedule
        cfg.put("computePadMs", 20);
        cfg.put("stragglers", "[3]");
        cfg.put("stragglerFactor", 25);
        cfg.put("checkpointEvery", 4);
        Path config = ClusterConfigs.write(dir.resolve("kill.yaml"), cfg);
        int seed = FreePort.next();
        int port3 = FreePort.next();
        List<AgentProcess> ps = new ArrayList<>();
        try {
            ps.add(AgentProcess.cli("agents-0-1-2", agent(config, seed, seed, "0,1,2")));
            ps.add(AgentProcess.cli("agent-3", agent(config, seed, port3, "3")));
            AgentProcess a = ps.get(0);
            assertTrue(a.awaitLine("epoch 1 closed", 240_000), a.output());
            ps.get(1).process.destroyForcibly();
            assertTrue(ps.get(1).process.waitFor(10, TimeUnit.SECONDS));

            assertEquals(0, a.awaitExit(240_000), a.output());
            // one line for the crash on the coordinator's side; a neighbour still stepping would add its own
            List<String> other = ClusterConfigs.warnings(a.lines).stream()
                    .filter(l -> !l.matches("WARN AgentActor - agent [02]: neighbour 3 unreachable at step .*")).toList();
            assertEquals(List.of("WARN CoordinatorActor - coordinator: agent 3 unreachable; epochs close without it until it rejoins"),
                    other, a.output());
            List<Map<String, String>> rows = ClusterConfigs.metrics(dir.resolve("runs/kill"));
            assertEquals(3, rows.size(), "every epoch closes, the later ones without agent 3");
            for (Map<String, String> r : rows) {
                assertTrue(Double.isFinite(Double.parseDouble(r.get("test_loss"))), r.toString());
            }
            Checkpoint ck = Checkpoint.read(dir.resolve("runs/kill/checkpoints"), 3).orElseThrow();
            assertTrue(ck.step() >= 8 && ck.step() % 4 == 0, "agent 3 checkpointed before the crash, at step " + ck.step());

            // restarted after its run has finished: told so at once, no cluster to look for
            AgentProcess late = AgentProcess.cli("agent-3-restarted", agent(config, seed, port3, "3", "--resume"));
            ps.add(late);
            assertEquals(4, late.awaitExit(180_000), late.output());
            assertTrue(late.hasLine("error: run 'kill' finished at ") && late.hasLine("there is nothing to join"), late.output());
            assertTrue(late.linesWith("pekko").isEmpty(), "it never started a cluster node:\n" + late.output());
        } finally {
            closeAll(ps);
        }
    }
}

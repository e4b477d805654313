package pcasgd.cli;


import pcasgd.runtime.cluster.FreePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may join a cluster run, with real processes through the CLI. The run's first process (agents
 * 0 and 1, the coordinator) waits for agents 2 and 3; meanwhile processes that must not join try:
 * other settings, an agent id another process hosts, an id outside the run, a seed nobody listens
 * on, and a run that never starts. Each is refused with one line on its side (and, for the first
 * three, one on the coordinator's) and a non-zero status. A second process that may coordinate and
 * hosts no agent stays as a standby (the coordinator runs on the oldest). Then a matching process
 * joins and the run finishes, the standby with it; one started after that is turned away at once. Nothing here depends on timing: the run
 * cannot start before the matching process exists.
 */
class AdmissionTest {
    @TempDir Path dir;

    @Test
    @Timeout(480)
    void mismatchedProcessesAreRefusedWithTheirReasonWhileAMatchingOneJoins() throws Exception {
        Path config = ClusterConfigs.write(dir.resolve("adm.yaml"), ClusterConfigs.blobs("adm", dir.resolve("runs")));
        int seed = FreePort.next();
        int nobody = FreePort.next();
        List<AgentProcess> ps = new ArrayList<>();
        try {
            AgentProcess run = AgentProcess.cli("agents-0-1", MultiProcessTest.agent(config, seed, seed, "0,1"));
            ps.add(run);
            assertTrue(run.awaitLine("coordinator: admitted the process at 127.0.0.1:" + seed + " (agents 0, 1)", 180_000),
                    run.output());

            AgentProcess moreAgents = AgentProcess.cli("six-agents", MultiProcessTest.agent(config, seed, 0, "3", "-n", "6"));
            AgentProcess otherModel = AgentProcess.cli("other-model",
                    MultiProcessTest.agent(config, seed, 0, "3", "--model", "mlp:32", "--lr", "0.1"));
            AgentProcess duplicate = AgentProcess.cli("duplicate", MultiProcessTest.agent(config, seed, 0, "1"));
            AgentProcess outside = AgentProcess.cli("outside", MultiProcessTest.agent(config, seed, 0, "4"));
            AgentProcess noSeed = AgentProcess.cli("no-seed",
                    MultiProcessTest.agent(config, nobody, 0, "3", "--join-timeout", "PT3S"));
            // a run of two agents of which only one ever comes: it gives up saying what it waits for
            int lonely = FreePort.next();
            AgentProcess waiting = AgentProcess.cli("waiting", List.of("agent", "--id", "0", "--port", String.valueOf(lonely),
                    "--seed-nodes", "127.0.0.1:" + lonely, "--config", config.toString(), "--name", "lonely", "-n", "2",
                    "--timeout", "PT8S"));
            AgentProcess standby = AgentProcess.cli("standby", List.of("agent", "--coordinator",
                    "--port", "0", "--seed-nodes", "127.0.0.1:" + seed, "--config", config.toString()));
            ps.addAll(List.of(moreAgents, otherModel, duplicate, outside, noSeed, waiting, standby));

            assertEquals(4, moreAgents.awaitExit(180_000), moreAgents.output());
            quiet(moreAgents);
            assertTrue(moreAgents.hasLine("error: refused by run 'adm': its settings differ from the run's: "
                    + "agents: run has 4, this process has 6"), moreAgents.output());
            assertTrue(run.hasLine("coordinator: refused the process at 127.0.0.1:") && run.hasLine(
                    " (agent 3): its settings differ from the run's: agents: run has 4, this process has 6"), run.output());

            assertEquals(4, otherModel.awaitExit(180_000), otherModel.output());
            quiet(otherModel);
            assertTrue(otherModel.hasLine("error: refused by run 'adm': its settings differ from the run's: learningRate: run has"
                    + " 0.05, this process has 0.1; model: run has mlp:16, this process has mlp:32; parameters: run has 1108,"
                    + " this process has 2212"), otherModel.output());

            assertEquals(4, duplicate.awaitExit(180_000), duplicate.output());
            quiet(duplicate);
            assertTrue(duplicate.hasLine("error: refused by run 'adm': agent 1 is already hosted by the live process at 127.0.0.1:"
                    + seed), duplicate.output());
            assertTrue(run.hasLine("(agent 1): agent 1 is already hosted by the live process at 127.0.0.1:" + seed), run.output());

            assertEquals(1, outside.awaitExit(180_000), outside.output());
            quiet(outside);
            assertTrue(outside.hasLine("error: agent id 4 is outside 0..3: the run has 4 agents (config key agents)"),
                    outside.output());

            assertEquals(5, noSeed.awaitExit(180_000), noSeed.output());
            assertTrue(noSeed.hasLine("error: could not reach any seed node (127.0.0.1:" + nobody + ") within 3 s"), noSeed.output());

            assertEquals(3, waiting.awaitExit(180_000), waiting.output());
            assertTrue(waiting.hasLine("(agent 0) did not finish within PT8S: agent(s) [0] still running;"
                    + " the run has not started: the coordinator waits for agent 1 to join"), waiting.output());

            // the run still forms with a process that matches
            AgentProcess matching = AgentProcess.cli("agents-2-3", MultiProcessTest.agent(config, seed, 0, "2,3"));
            ps.add(matching);
            assertEquals(0, matching.awaitExit(240_000), matching.output());
            assertEquals(0, run.awaitExit(240_000), run.output());
            assertEquals(0, standby.awaitExit(240_000), standby.output());
            assertEquals(List.of(), ClusterConfigs.warnings(standby.lines), standby.output());
            assertEquals(3, ClusterConfigs.metrics(dir.resolve("runs/adm")).size());
            // the coordinator's side: exactly one line per refused process
            List<String> warnings = ClusterConfigs.warnings(run.lines);
            assertEquals(3, warnings.size(), "one line per refused process: " + warnings);
            assertTrue(warnings.stream().allMatch(l -> l.startsWith("WARN CoordinatorActor - coordinator: refused the process at")),
                    warnings.toString());
            assertEquals(List.of(), ClusterConfigs.warnings(matching.lines), matching.output());

            AgentProcess late = AgentProcess.cli("late", MultiProcessTest.agent(config, seed, 0, "3"));
            ps.add(late);
            assertEquals(4, late.awaitExit(180_000), late.output());
            assertTrue(late.hasLine("error: run 'adm' finished at "), late.output());
        } finally {
            MultiProcessTest.closeAll(ps);
        }
    }

    /** Every refused process says only its own line: no Pekko warning, no stack trace. */
    static void quiet(AgentProcess p) {
        List<String> warnings = ClusterConfigs.warnings(p.lines);
        assertEquals(1, warnings.size(), p.name + ": " + warnings);
    }
}

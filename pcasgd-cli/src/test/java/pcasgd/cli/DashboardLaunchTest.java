package pcasgd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code launch --dashboard} and the coordinator's {@code agent --dashboard} end to end. launch: the page lists the launch's agent processes with their
 * pids while the run forms; one of them killed shows as exited (its status 137) within the
 * supervision loop's period, the launch then ends with a non-zero status, and the page's final
 * state says why. The kill comes as soon as the page lists the process, long before the child JVM
 * can have joined the cluster, so the run cannot have started: it fails by construction.
 * Waits are for conditions, bounded.
 */
class DashboardLaunchTest {
    private static final long WAIT_MS = 45_000;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    @Timeout(120)
    void aKilledAgentProcessShowsAsExitedAndTheLaunchFailsSayingWhy(@TempDir Path dir) throws Exception {
        Path config = ClusterConfigs.write(dir.resolve("dash-launch.yaml"), ClusterConfigs.blobs("dash-launch", dir.resolve("runs")));
        int port = pcasgd.runtime.cluster.FreePort.next();
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        // the other child, left without a coordinator, gives up joining after --join-timeout; the launch waits for it
        AgentProcess launch = AgentProcess.cli("launch", List.of("launch", "--config", config.toString(), "-n", "4",
                "--processes", "2", "--join-timeout", "PT8S", "--dashboard=" + port, "--dashboard-linger=10"));
        try {
            JsonNode s = await(base, launch, x -> x.get("processes").size() == 2, "both agent processes listed");
            JsonNode p1 = s.get("processes").get(1);
            assertEquals("[0,1]", s.get("processes").get(0).get("agents").toString());
            assertEquals("[2,3]", p1.get("agents").toString());
            assertEquals("running", p1.get("status").asText());
            assertEquals("waiting", s.get("status").asText(), "the run has not started: " + s);
            long pid = p1.get("pid").asLong();
            ProcessHandle child = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
            assertEquals(launch.process.pid(), child.parent().map(ProcessHandle::pid).orElse(-1L), "a child of the launch");
            child.destroyForcibly();

            s = await(base, launch, x -> x.get("processes").get(1).get("status").asText().equals("exited"), "process 1 shown as exited");
            assertEquals(137, s.get("processes").get(1).get("exitCode").asInt(), "killed: 128 + SIGKILL");
            assertEquals(pid, s.get("processes").get(1).get("pid").asLong());

            s = await(base, launch, x -> x.get("events").findValuesAsText("kind").contains("linger"), "the launch done, lingering");
            assertEquals("failed", s.get("status").asText());
            List<String> texts = s.get("events").findValuesAsText("text");
            assertTrue(texts.contains("process 1 (agents 2, 3) exited with status 137"), texts.toString());
            assertTrue(texts.contains("an agent process exited before the run started, so it cannot start"), texts.toString());
            String metrics = get(base.resolve("metrics"));
            assertTrue(metrics.contains("pcasgd_process_up{run=\"dash-launch\",process=\"1\"} 0\n"), metrics);
            assertTrue(metrics.contains("pcasgd_process_exit_code{run=\"dash-launch\",process=\"1\"} 137\n"), metrics);

            assertEquals(ClusterProcess.FAILED, launch.awaitExit(60_000), launch.output());
            assertTrue(launch.hasLine("process 1 (agents 2, 3) exited with status 137 before the run started"), launch.output());
        } finally {
            launch.close();
        }
    }

    @Test
    @Timeout(120)
    void aLaunchThatFinishesShowsEveryProcessFinished(@TempDir Path dir) throws Exception {
        Path config = ClusterConfigs.write(dir.resolve("dash-ok.yaml"), ClusterConfigs.blobs("dash-ok", dir.resolve("runs")));
        int port = pcasgd.runtime.cluster.FreePort.next();
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        AgentProcess launch = AgentProcess.cli("launch", List.of("launch", "--config", config.toString(), "-n", "4",
                "--processes", "2", "--dashboard=" + port, "--dashboard-linger=10"));
        try {
            JsonNode s = await(base, launch, x -> x.get("events").findValuesAsText("kind").contains("linger"), "the launch done, lingering");
            assertEquals("finished", s.get("status").asText(), s.toString());
            assertEquals("cluster", s.get("runtime").asText());
            assertEquals(3, s.get("epochs").size());
            for (JsonNode p : s.get("processes")) {
                assertEquals("finished", p.get("status").asText(), p.toString());
                assertEquals(0, p.get("exitCode").asInt());
            }
            assertEquals(2, s.get("processes").size());
            List<String> texts = s.get("events").findValuesAsText("text");
            assertTrue(texts.contains("process 0 (agents 0, 1) finished") && texts.contains("process 1 (agents 2, 3) finished"), texts.toString());
            assertTrue(s.get("processesNote").asText().contains("(pid " + launch.process.pid() + ") hosts the coordinator"),
                    s.get("processesNote").toString());
            assertEquals(ClusterProcess.FINISHED, launch.awaitExit(60_000), launch.output());
        } finally {
            launch.close();
        }
    }

    @Test
    @Timeout(180)
    void theCoordinatorsAgentProcessServesThePageWithEveryProcessOfTheRun(@TempDir Path dir) throws Exception {
        Path config = ClusterConfigs.write(dir.resolve("dash-agent.yaml"), ClusterConfigs.blobs("dash-agent", dir.resolve("runs")));
        int seed = pcasgd.runtime.cluster.FreePort.next();
        int other = pcasgd.runtime.cluster.FreePort.next();
        int port = pcasgd.runtime.cluster.FreePort.next();
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        // the first process forms the cluster and may coordinate; the second only hosts agents 2 and 3
        AgentProcess first = AgentProcess.cli("agent", MultiProcessTest.agent(config, seed, seed, "0,1",
                "--dashboard=" + port, "--dashboard-linger=10"));
        AgentProcess second = null;
        try {
            second = AgentProcess.cli("agent", MultiProcessTest.agent(config, seed, other, "2,3", "--no-coordinator"));
            JsonNode s = await(base, first, x -> x.get("events").findValuesAsText("kind").contains("linger"), "the run done, lingering");
            assertEquals("finished", s.get("status").asText(), s.toString());
            assertEquals("cluster", s.get("runtime").asText());
            assertEquals(3, s.get("epochs").size());
            JsonNode members = s.get("members");
            assertEquals(2, members.size(), "both processes: " + members);
            JsonNode own = members.get(0).get("address").asText().endsWith(":" + seed) ? members.get(0) : members.get(1);
            JsonNode two = own == members.get(0) ? members.get(1) : members.get(0);
            assertEquals("127.0.0.1:" + seed, own.get("address").asText());
            assertEquals("[0,1]", own.get("agents").toString());
            assertTrue(own.get("coordinator").asBoolean());
            assertEquals("127.0.0.1:" + other, two.get("address").asText());
            assertEquals("[2,3]", two.get("agents").toString());
            assertTrue(!two.get("coordinator").asBoolean());
            assertTrue(s.get("processesNote").asText().contains("each member of the cluster"), s.get("processesNote").toString());
            // each agent's last reported step is the run's end, and the links carried copies of a measured age
            JsonNode agents = s.get("live").get("agents");
            assertEquals(4, agents.size());
            for (JsonNode a : agents) {
                assertEquals(s.get("stepsTotal").asLong(), a.get("step").asLong(), a.toString());
            }
            assertTrue(get(base.resolve("metrics")).contains("pcasgd_member_up{run=\"dash-agent\",process=\"127.0.0.1:" + other + "\"}"));
            assertEquals(ClusterProcess.FINISHED, second.awaitExit(60_000), second.output());
            assertEquals(ClusterProcess.FINISHED, first.awaitExit(60_000), first.output());
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    @Test
    void anAgentProcessThatNeverCoordinatesHasNoPageToServe(@TempDir Path tmp) {
        TrainCommandTest.Result r = TrainCommandTest.run("agent", "--output", tmp.toString(), "-n", "4", "--id", "1",
                "--seed-nodes", "127.0.0.1:1", "--no-coordinator", "--dashboard=0");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("error: --dashboard: a process started with --no-coordinator never knows the run's progress"),
                r.err());
    }

    private String get(URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Polls api/state until {@code done} holds; fails when the launch ended first or the wait ran out. */
    private JsonNode await(URI base, AgentProcess launch, Predicate<JsonNode> done, String what) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        JsonNode last = null;
        while (System.currentTimeMillis() < deadline) {
            try {
                last = json.readTree(get(base.resolve("api/state")));
                if (done.test(last)) {
                    return last;
                }
            } catch (IOException e) {
                if (!launch.process.isAlive()) {
                    throw new AssertionError("the launch ended before " + what + ":\n" + launch.output());
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not within " + WAIT_MS + " ms: " + what + "; last state " + last + "\n" + launch.output());
    }
}

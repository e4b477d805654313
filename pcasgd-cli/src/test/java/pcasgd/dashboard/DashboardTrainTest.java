package pcasgd.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pcasgd.cli.Main;
import pcasgd.report.MetricsCsv;

/**
 * {@code train --dashboard} end to end without a browser, in the simulator and in the local actor
 * runtime: the page's state and /metrics agree with the run's metrics.csv once it finished (and the
 * command, its run closed, lingers), and the command returns when its linger is interrupted. Waits are for conditions, bounded.
 */
class DashboardTrainTest {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @ParameterizedTest
    @ValueSource(strings = {"sim", "local"})
    void servesTheRunWhileAndAfterItTrains(String runtime, @TempDir Path tmp) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        AtomicInteger exit = new AtomicInteger(Integer.MIN_VALUE);
        String[] args = {"train", "--output", tmp.toString(), "--name", "t-" + runtime, "--set", "runtime=" + runtime,
                "--set", "trainLimit=512", "--set", "testLimit=128", "--epochs", "2", "-n", "4", "--topology", "ring",
                "--model", "mlp:16", "--dashboard=" + port, "--dashboard-linger=300"};
        Thread run = new Thread(() -> exit.set(Main.run(args)), "train-" + runtime);
        run.setDaemon(true);
        run.start();
        JsonNode state;
        try {
            state = awaitState(base, run, s -> s.get("events").findValuesAsText("kind").contains("linger"));
            assertEquals("finished", state.get("status").asText());
            List<List<String>> rows;
            try (var lines = Files.lines(tmp.resolve("t-" + runtime).resolve("metrics.csv"))) {
                rows = lines.skip(1).filter(l -> !l.isBlank()).map(MetricsCsv::parseLine).toList();
            }
            assertEquals(2, rows.size());
            List<String> last = rows.get(1);
            int acc = MetricsCsv.COLUMNS.indexOf("test_accuracy");
            assertEquals(runtime, state.get("runtime").asText());
            assertEquals(2, state.get("epochs").size());
            assertEquals(4, state.get("links").size());
            assertEquals(Double.parseDouble(last.get(acc)), state.get("epochs").get(1).get("values").get("test_accuracy").asDouble(), 1e-12);

            Map<String, PrometheusParser.Family> f = PrometheusParser.parse(get(base.resolve("metrics")));
            Map<String, String> labels = Map.of("run", "t-" + runtime);
            assertEquals(Double.parseDouble(last.get(acc)), only(f, "pcasgd_test_accuracy", labels), 1e-12);
            assertEquals(Double.parseDouble(last.get(1)), only(f, "pcasgd_steps_total", labels), "the last epoch's step");
            assertEquals(2, only(f, "pcasgd_epochs_done", labels));
            assertEquals(0, only(f, "pcasgd_run_running", labels));
            assertEquals(4, f.get("pcasgd_agent_test_accuracy").samples().size(), "each agent's accuracy");
            assertTrue(run.isAlive(), "lingering after the run");
            if (runtime.equals("sim")) {
                // the graph's late links (the delay model's) are the measured share of late copies: every agent uses each neighbour's copy every step
                JsonNode delays = state.get("linkDelays");
                assertEquals(4, delays.size());
                int lateWays = 0;
                for (JsonNode d : delays) {
                    lateWays += (d.get(0).asDouble() > 0 ? 1 : 0) + (d.get(1).asDouble() > 0 ? 1 : 0);
                }
                int lateShare = MetricsCsv.COLUMNS.indexOf("late_fraction");
                assertTrue(lateWays > 0, "the default config makes some links late");
                assertEquals(Double.parseDouble(last.get(lateShare)), lateWays / 8.0, 1e-12);
            } else {
                assertTrue(state.get("linkDelays").isNull(), "the actor runtime's delays are real, not configured");
                // measured live: each agent's step (its last report, sent before its last epoch's report: the run's end)
                // and each directed link's copies, whose mean age the receiver measured
                JsonNode agents = state.get("live").get("agents");
                assertEquals(4, agents.size());
                for (int i = 0; i < 4; i++) {
                    assertEquals(i, agents.get(i).get("agent").asInt());
                    assertEquals(Long.parseLong(last.get(1)), agents.get(i).get("step").asLong(), "agent " + i + " at the run's end");
                    assertEquals("finished", agents.get(i).get("state").asText());
                }
                JsonNode links = state.get("live").get("links");
                assertEquals(8, links.size(), "a ring of 4: 4 links, each way");
                long aged = 0;
                for (JsonNode k : links) {
                    if (k.get("meanAgeSteps").isNumber()) {
                        assertTrue(k.get("meanAgeSteps").asDouble() >= 0, k.toString());
                        aged++;
                    }
                }
                assertTrue(aged > 0, "copies arrived with a measured age: " + links);
                assertEquals(4, f.get("pcasgd_agent_step").samples().size(), "each agent's step in /metrics");
                assertEquals(8, f.get("pcasgd_link_copy_age_steps").samples().size(), "each directed link's age in /metrics");
                assertEquals(8, f.get("pcasgd_link_bytes_per_second").samples().size());
            }
        } finally {
            run.interrupt();
            run.join(30_000);
        }
        assertEquals(0, exit.get());
    }

    @org.junit.jupiter.api.Test
    void aConfigErrorIsReportedBeforeAnyPageIsAnnounced(@TempDir Path tmp) {
        java.io.PrintStream saved = System.out;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
            code = Main.run("train", "--output", tmp.toString(), "--dashboard=0", "--method", "adam");
        } finally {
            System.setOut(saved);
        }
        assertEquals(1, code);
        assertTrue(!out.toString(java.nio.charset.StandardCharsets.UTF_8).contains("dashboard:"), out.toString());
    }

    private static double only(Map<String, PrometheusParser.Family> f, String family, Map<String, String> labels) {
        List<PrometheusParser.Sample> s = f.get(family).samples().stream().filter(x -> x.labels().equals(labels)).toList();
        assertEquals(1, s.size(), family + " " + f.get(family).samples());
        return s.get(0).value();
    }

    private String get(URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Polls api/state until {@code done} holds; fails when the command ended first or the wait ran out. */
    private JsonNode awaitState(URI base, Thread run, java.util.function.Predicate<JsonNode> done) throws Exception {
        ObjectMapper json = new ObjectMapper();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                JsonNode s = json.readTree(get(base.resolve("api/state")));
                if (done.test(s)) {
                    return s;
                }
            } catch (java.io.IOException e) {
                if (!run.isAlive()) {
                    throw new AssertionError("the command ended without serving its dashboard");
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the run did not finish and linger within " + WAIT);
    }
}

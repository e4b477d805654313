package pcasgd.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pcasgd.metrics.EpochMetrics;
import pcasgd.metrics.LiveProgress;
import pcasgd.metrics.MetricSet;
import pcasgd.metrics.MetricValue;
import pcasgd.metrics.RunInfo;
import pcasgd.metrics.StandardMetrics;

/** The dashboard's HTTP endpoints against a hand-made run state: /metrics (strictly parsed), /api/state, /api/events, the page and its assets. */
class DashboardEndpointsTest {
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private RunState state;
    private DashboardServer server;

    @BeforeEach
    void start() throws Exception {
        state = new RunState("hand\"made", "sim", "pc-asgd", "complete", 3, List.of(new int[] {0, 1}, new int[] {0, 2}, new int[] {1, 2}),
                "name: hand\"made\nagents: 3\n", 2, nanos::get, millis::get);
        server = DashboardServer.start(state, "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Starts at t=0 (2 epochs of 5 steps), 5 steps at t=1 s, epoch 1 ends; read at t=2 s. */
    private void runOneEpoch() {
        state.start(new RunInfo("pc-asgd", 3, 100, 5, 2, 0.5, "complete", "tau=2", MetricSet.standard()));
        nanos.set(1_000_000_000L);
        state.step(5, 10);
        Map<String, MetricValue> v = new LinkedHashMap<>();
        v.put(StandardMetrics.TRAIN_LOSS, MetricValue.of(2.0));
        v.put(StandardMetrics.TEST_LOSS, MetricValue.of(1.25));
        v.put(StandardMetrics.TEST_ACCURACY, MetricValue.of(0.5));
        v.put(StandardMetrics.CONSENSUS_DISTANCE, MetricValue.of(0.125));
        v.put(StandardMetrics.LATE_FRACTION, MetricValue.of(0.25));
        v.put(StandardMetrics.LATE_AGE, MetricValue.of(3.0));
        v.put(StandardMetrics.COPY_AGE, MetricValue.of(1.5));
        v.put(StandardMetrics.SUPERSEDED, MetricValue.of(Double.NaN));
        v.put(StandardMetrics.AGENT_ACCURACIES, MetricValue.indexed(new double[] {0.375, 0.5, 0.625}));
        state.epoch(new EpochMetrics(1, 5, 0.75, 0.125, v));
        nanos.set(2_000_000_000L);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static double value(Map<String, PrometheusParser.Family> f, String family, Map<String, String> labels) {
        List<PrometheusParser.Sample> s = f.get(family).samples().stream().filter(x -> x.labels().equals(labels)).toList();
        assertEquals(1, s.size(), family + labels + " in " + f.get(family).samples());
        return s.get(0).value();
    }

    private static Map<String, String> run() {
        return Map.of("run", "hand\"made");
    }

    @Test
    void metricsAreStrictPrometheusTextWithTheRunsValues() throws Exception {
        runOneEpoch();
        HttpResponse<String> r = get("/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        Map<String, PrometheusParser.Family> f = PrometheusParser.parse(r.body());

        assertEquals("counter", f.get("pcasgd_steps_total").type());
        assertEquals(5, value(f, "pcasgd_steps_total", run()));
        assertEquals(10, value(f, "pcasgd_steps_planned", run()));
        assertEquals(2.5, value(f, "pcasgd_step_rate", run()), 1e-12, "5 steps in the 2 s since the start");
        assertEquals(1, value(f, "pcasgd_run_running", run()));
        assertEquals(1, value(f, "pcasgd_epochs_done", run()));
        assertEquals(2, value(f, "pcasgd_epochs_planned", run()));
        assertEquals(3, value(f, "pcasgd_agents", run()));
        assertEquals(3, value(f, "pcasgd_links", run()));
        assertEquals(0.5, value(f, "pcasgd_test_accuracy", run()));
        assertEquals(1.25, value(f, "pcasgd_test_loss", run()));
        assertEquals(2.0, value(f, "pcasgd_train_loss", run()));
        assertEquals(0.125, value(f, "pcasgd_consensus_distance", run()));
        assertEquals(1.5, value(f, "pcasgd_copy_age_steps", run()));
        assertEquals(3.0, value(f, "pcasgd_late_copy_age_steps", run()));
        assertEquals(0.25, value(f, "pcasgd_late_share", run()));
        assertEquals(0.375, value(f, "pcasgd_agent_test_accuracy", Map.of("run", "hand\"made", "agent", "0")));
        assertEquals(0.625, value(f, "pcasgd_agent_test_accuracy", Map.of("run", "hand\"made", "agent", "2")));
        assertEquals(3, f.get("pcasgd_agent_test_accuracy").samples().size());
        assertTrue(Double.isNaN(value(f, "pcasgd_epoch_metric", Map.of("run", "hand\"made", "metric", "superseded"))));
        assertEquals(0.5, value(f, "pcasgd_epoch_metric", Map.of("run", "hand\"made", "metric", "test_accuracy")));
        assertEquals(Map.of("run", "hand\"made", "method", "pc-asgd", "runtime", "sim", "topology", "complete"),
                f.get("pcasgd_run_info").samples().get(0).labels());
        f.values().forEach(x -> assertTrue(x.help() != null && !x.help().isBlank(), "HELP of " + x.name()));

        state.finish();
        Map<String, PrometheusParser.Family> after = PrometheusParser.parse(get("/metrics").body());
        assertEquals(0, value(after, "pcasgd_run_running", run()));
        assertEquals(0, value(after, "pcasgd_step_rate", run()), "no rate once ended");
    }

    @Test
    void beforeTheFirstEpochTheMetricFamiliesHaveNoSamples() throws Exception {
        Map<String, PrometheusParser.Family> f = PrometheusParser.parse(get("/metrics").body());
        assertTrue(f.get("pcasgd_test_accuracy").samples().isEmpty());
        assertTrue(f.get("pcasgd_agent_test_accuracy").samples().isEmpty());
        assertEquals(0, value(f, "pcasgd_steps_total", run()));
        assertEquals(0, value(f, "pcasgd_run_running", run()));
    }

    @Test
    void theStrictParserRejectsBrokenText() {
        assertThrows(IllegalArgumentException.class, () -> PrometheusParser.parse("x 1\n"), "sample before TYPE");
        assertThrows(IllegalArgumentException.class, () -> PrometheusParser.parse("# TYPE x gauge\nx{a=\"b} 1\n"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusParser.parse("# TYPE x gauge\nx one\n"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusParser.parse("# TYPE x gauge\n# TYPE y gauge\nx 1\n"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusParser.parse("# TYPE x gauge\nx 1"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusParser.parse("# TYPE x gauge\nx 1\nx 2\n"));
    }

    @Test
    void stateJsonHoldsTheGraphEpochsEventsAndSettings() throws Exception {
        runOneEpoch();
        HttpResponse<String> r = get("/api/state");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode s = new ObjectMapper().readTree(r.body());
        assertEquals("hand\"made", s.get("name").asText());
        assertEquals("running", s.get("status").asText());
        assertEquals(3, s.get("agents").asInt());
        assertEquals("[[0,1],[0,2],[1,2]]", s.get("links").toString());
        assertEquals(5, s.get("stepsDone").asLong());
        assertEquals(2.5, s.get("stepRate").asDouble(), 1e-12);
        assertEquals(1, s.get("epochs").size());
        JsonNode e = s.get("epochs").get(0);
        assertEquals(0.5, e.get("values").get("test_accuracy").asDouble());
        assertTrue(e.get("values").get("superseded").isNull(), "NaN is null in JSON");
        assertEquals("[0.375,0.5,0.625]", e.get("values").get("agent_accuracies").get("values").toString());
        assertEquals("name: hand\"made\nagents: 3\n", s.get("config").asText());
        assertEquals(List.of("start", "epoch"), s.get("events").findValuesAsText("kind"));
        assertEquals("name: hand\"made\nagents: 3\n", get("/config.yaml").body());
    }

    @Test
    void processesOfAMultiProcessRunAreInTheStateTheMetricsAndTheEvents() throws Exception {
        Map<String, PrometheusParser.Family> none = PrometheusParser.parse(get("/metrics").body());
        assertTrue(none.get("pcasgd_process_up").samples().isEmpty(), "a single-process run has no process samples");
        assertEquals("[]", new ObjectMapper().readTree(get("/api/state").body()).get("processes").toString());

        state.processesNote("launch's own process hosts the coordinator");
        state.processStarted(0, List.of(0, 1), 4101);
        state.processStarted(1, List.of(2), 4102);
        runOneEpoch();
        long content = state.contentVersion();
        state.processEnded(1, 137);
        assertTrue(state.contentVersion() > content, "a process's end is pushed as a state change");
        state.processEnded(1, 0); // its first end counts

        JsonNode s = new ObjectMapper().readTree(get("/api/state").body());
        JsonNode ps = s.get("processes");
        assertEquals(2, ps.size());
        assertEquals(0, ps.get(0).get("index").asInt());
        assertEquals("[0,1]", ps.get(0).get("agents").toString());
        assertEquals(4101, ps.get(0).get("pid").asLong());
        assertEquals("running", ps.get(0).get("status").asText());
        assertTrue(ps.get(0).get("exitCode").isNull());
        assertEquals("[2]", ps.get(1).get("agents").toString());
        assertEquals(4102, ps.get(1).get("pid").asLong());
        assertEquals("exited", ps.get(1).get("status").asText());
        assertEquals(137, ps.get(1).get("exitCode").asInt());
        assertEquals("launch's own process hosts the coordinator", s.get("processesNote").asText());
        List<String> texts = s.get("events").findValuesAsText("text");
        assertTrue(texts.contains("process 0 (agents 0, 1) started, pid 4101"), texts.toString());
        assertTrue(texts.contains("process 1 (agent 2) exited with status 137"), texts.toString());
        assertEquals(1, texts.stream().filter(t -> t.startsWith("process 1 (agent 2) exited") || t.startsWith("process 1 (agent 2) finished")).count(),
                "one event for its end: " + texts);
        assertEquals(List.of("process", "process", "start", "epoch", "process-exit"), s.get("events").findValuesAsText("kind"));

        Map<String, PrometheusParser.Family> f = PrometheusParser.parse(get("/metrics").body());
        assertEquals("gauge", f.get("pcasgd_process_up").type());
        assertEquals(1, value(f, "pcasgd_process_up", Map.of("run", "hand\"made", "process", "0")));
        assertEquals(0, value(f, "pcasgd_process_up", Map.of("run", "hand\"made", "process", "1")));
        assertEquals(137, value(f, "pcasgd_process_exit_code", Map.of("run", "hand\"made", "process", "1")));
        assertEquals(1, f.get("pcasgd_process_exit_code").samples().size(), "only an ended process has an exit status");

        state.processEnded(0, 0);
        JsonNode after = new ObjectMapper().readTree(get("/api/state").body());
        assertEquals("finished", after.get("processes").get(0).get("status").asText());
        assertEquals(0, after.get("processes").get(0).get("exitCode").asInt());
        assertTrue(after.get("events").findValuesAsText("text").contains("process 0 (agents 0, 1) finished"));
        assertEquals(0, value(PrometheusParser.parse(get("/metrics").body()), "pcasgd_process_up",
                Map.of("run", "hand\"made", "process", "0")));
        state.processEnded(7, 1); // a process the state does not know: nothing to show
        assertEquals(2, state.processes().size());
    }

    @Test
    void liveProgressOfAnActorRunIsInTheStateAndTheMetrics() throws Exception {
        JsonNode before = new ObjectMapper().readTree(get("/api/state").body());
        assertTrue(before.get("live").isNull(), "nothing live before an actor runtime reports");
        assertEquals("[]", before.get("members").toString());

        runOneEpoch(); // 5 of 10 steps at epoch 1's end
        long content = state.contentVersion();
        long version = state.version();
        state.progress(new LiveProgress(
                List.of(new LiveProgress.Agent(0, 7, 2.0, LiveProgress.TRAINING), new LiveProgress.Agent(1, 8, 3.0, LiveProgress.HELD_BACK),
                        new LiveProgress.Agent(2, 6, 0.0, LiveProgress.UNREACHABLE)),
                // 1 → 0: ages 2, 4, 6 arrived (mean 4), 3 × 1000 bytes acknowledged in 2 s; 0 → 1: no copy yet
                List.of(new LiveProgress.Link(0, 1, 0, Double.NaN, 0.0), new LiveProgress.Link(1, 0, 3, 4.0, 1500.0)),
                List.of(new LiveProgress.Process("127.0.0.1:2551", List.of(0, 1), "up", true),
                        new LiveProgress.Process("127.0.0.1:2552", List.of(2), "unreachable", false))));
        assertTrue(state.version() > version, "progress is pushed");
        assertEquals(content, state.contentVersion(), "as progress, not as a new state");
        assertEquals(7, state.stepsDone(), "the slowest reachable agent's step (agent 2 is unreachable)");

        JsonNode s = new ObjectMapper().readTree(get("/api/state").body());
        JsonNode agents = s.get("live").get("agents");
        assertEquals(3, agents.size());
        assertEquals(8, agents.get(1).get("step").asLong());
        assertEquals(3.0, agents.get(1).get("stepsPerSecond").asDouble());
        assertEquals("held back", agents.get(1).get("state").asText());
        assertEquals("unreachable", agents.get(2).get("state").asText());
        JsonNode links = s.get("live").get("links");
        assertEquals(2, links.size());
        assertEquals(1, links.get(1).get("from").asInt());
        assertEquals(0, links.get(1).get("to").asInt());
        assertEquals(3, links.get(1).get("copies").asLong());
        assertEquals(4.0, links.get(1).get("meanAgeSteps").asDouble());
        assertEquals(1500.0, links.get(1).get("bytesPerSecond").asDouble());
        assertTrue(links.get(0).get("meanAgeSteps").isNull(), "no copy yet: no age (NaN is null)");
        JsonNode members = s.get("members");
        assertEquals(2, members.size());
        assertEquals("127.0.0.1:2552", members.get(1).get("address").asText());
        assertEquals("[2]", members.get(1).get("agents").toString());
        assertEquals("unreachable", members.get(1).get("status").asText());
        assertTrue(members.get(0).get("coordinator").asBoolean());
        JsonNode p = new ObjectMapper().readTree(state.progressJson());
        assertEquals(s.get("live"), p.get("live"), "the live values come with each progress event too");
        assertEquals(s.get("members"), p.get("members"));

        Map<String, PrometheusParser.Family> f = PrometheusParser.parse(get("/metrics").body());
        assertEquals(7, value(f, "pcasgd_steps_total", run()));
        assertEquals(8, value(f, "pcasgd_agent_step", Map.of("run", "hand\"made", "agent", "1")));
        assertEquals(3.0, value(f, "pcasgd_agent_step_rate", Map.of("run", "hand\"made", "agent", "1")));
        assertEquals(4.0, value(f, "pcasgd_link_copy_age_steps", Map.of("run", "hand\"made", "from", "1", "to", "0")));
        assertTrue(Double.isNaN(value(f, "pcasgd_link_copy_age_steps", Map.of("run", "hand\"made", "from", "0", "to", "1"))));
        assertEquals(1500.0, value(f, "pcasgd_link_bytes_per_second", Map.of("run", "hand\"made", "from", "1", "to", "0")));
        assertEquals(1, value(f, "pcasgd_member_up", Map.of("run", "hand\"made", "process", "127.0.0.1:2551")));
        assertEquals(0, value(f, "pcasgd_member_up", Map.of("run", "hand\"made", "process", "127.0.0.1:2552")));
    }

    @Test
    void serverSentEventsPushTheStateAndItsChanges() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(server.uri().resolve("/api/events")).timeout(Duration.ofSeconds(20)).build();
        HttpResponse<InputStream> r = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            CompletableFuture<JsonNode> first = CompletableFuture.supplyAsync(() -> nextState(in, json));
            assertEquals("waiting", first.get(10, TimeUnit.SECONDS).get("status").asText());
            runOneEpoch();
            CompletableFuture<JsonNode> next = CompletableFuture.supplyAsync(() -> {
                JsonNode s;
                do {
                    s = nextState(in, json);
                } while (s.get("epochs").size() < 1);
                return s;
            });
            assertEquals(0.5, next.get(10, TimeUnit.SECONDS).get("epochs").get(0).get("values").get("test_accuracy").asDouble());
            nanos.set(3_000_000_000L);
            state.step(7, 10);
            CompletableFuture<JsonNode> counters = CompletableFuture.supplyAsync(() -> nextEvent(in, json, "progress"));
            JsonNode p = counters.get(10, TimeUnit.SECONDS);
            assertEquals(7, p.get("stepsDone").asLong(), "a step alone sends the counters");
            assertTrue(p.get("epochs") == null, "without the epochs");
        }
    }

    private static JsonNode nextState(BufferedReader in, ObjectMapper json) {
        return nextEvent(in, json, "state");
    }

    private static JsonNode nextEvent(BufferedReader in, ObjectMapper json, String name) {
        try {
            String line;
            String event = null;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (name.equals(event) && line.startsWith("data: ")) {
                    return json.readTree(line.substring(6));
                }
            }
            throw new IllegalStateException("stream ended");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void eventStreamsAreCapped() throws Exception {
        List<InputStream> open = new java.util.ArrayList<>();
        try {
            for (int k = 0; k < DashboardServer.MAX_STREAMS; k++) {
                HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(server.uri().resolve("/api/events"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(200, r.statusCode());
                open.add(r.body());
            }
            assertEquals(503, get("/api/events").statusCode());
            assertEquals(200, get("/api/state").statusCode(), "the rest still answers");
        } finally {
            for (InputStream in : open) {
                in.close();
            }
        }
    }

    @Test
    void aTakenDefaultPortFallsBackToAFreeOneAndATakenExplicitPortFails() throws Exception {
        pcasgd.experiment.TrainConfig c = new pcasgd.experiment.TrainConfig();
        int taken = server.port();
        try (Dashboard d = Dashboard.start(c, "127.0.0.1", taken, false)) {
            assertTrue(d.server().port() != taken && d.server().port() > 0);
            assertEquals(8, d.state().agents());
            assertEquals(12, d.state().links().size(), "the default 2x4 torus");
        }
        java.net.BindException e = assertThrows(java.net.BindException.class, () -> Dashboard.start(c, "127.0.0.1", taken, true));
        assertTrue(e.getMessage().contains("127.0.0.1:" + taken), e.getMessage());
    }

    @Test
    void servesThePageAndItsAssetsFromTheJarReadOnly() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<script src=\"assets/uPlot.iife.min.js\"></script>"), page.body());
        assertTrue(page.body().contains("hand&quot;made"), "the title is escaped");
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        for (String a : List.of("uPlot.iife.min.js", "uPlot.min.css", "dashboard.js", "dashboard.css")) {
            HttpResponse<String> r = get("/assets/" + a);
            assertEquals(200, r.statusCode(), a);
            assertTrue(r.body().length() > 100, a);
        }
        assertTrue(get("/assets/uPlot.iife.min.js").body().contains("uPlot"));
        assertEquals(404, get("/assets/../../etc/passwd").statusCode());
        assertEquals(404, get("/nothing").statusCode());
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(server.uri().resolve("/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertTrue(server.uri().toString().startsWith("http://127.0.0.1:"));
    }
}

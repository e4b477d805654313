package pcasgd.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pcasgd.experiment.TrainConfig;
import pcasgd.metrics.EpochMetrics;
import pcasgd.metrics.MetricSet;
import pcasgd.metrics.MetricValue;
import pcasgd.metrics.RunInfo;
import pcasgd.metrics.TrainingListener;

/** The run list of a command of several runs (compare, sweep): its state, its JSON, and what the server makes of it. */
class DashboardRunListTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static List<TrainConfig> runs(Path out, String... methods) {
        List<TrainConfig> l = new ArrayList<>();
        for (String m : methods) {
            l.add(new TrainConfig().set("method", m).set("name", "cmp-" + m).set("output", out.toString())
                    .set("agents", 4).set("topology", "ring").set("epochs", 2));
        }
        return l;
    }

    /** Feeds one whole run of 2 epochs through the listener: accuracy {@code acc} at the end. */
    private static void runTwoEpochs(TrainingListener l, String method, double acc) {
        l.onStart(new RunInfo(method, 4, 10, 5, 2, 0.5, "ring", "none", MetricSet.standard()));
        for (int e = 1; e <= 2; e++) {
            l.onStep(5L * e, 10);
            l.onEpoch(new EpochMetrics(e, 5L * e, 0.1, Map.of("test_accuracy", MetricValue.of(acc - 0.1 * (2 - e)),
                    "test_loss", MetricValue.of(1.0 / e))));
        }
        l.onFinish();
    }

    private static JsonNode json(RunList l) throws Exception {
        return JSON.readTree(l.json());
    }

    private static List<String> statuses(JsonNode s) {
        List<String> out = new ArrayList<>();
        s.get("runList").get("runs").forEach(r -> out.add(r.get("status").asText()));
        return out;
    }

    @Test
    void listsEveryRunDoneRunningAndToCome(@TempDir Path tmp) throws Exception {
        RunList l = RunList.of("compare cmp", runs(tmp, "stale-dsgd", "pc-asgd", "local"));
        JsonNode s = json(l);
        assertEquals("cmp-stale-dsgd", s.get("name").asText(), "before the first run, the page shows the first as waiting");
        assertEquals("waiting", s.get("status").asText());
        assertEquals("compare cmp", s.get("runList").get("title").asText());
        assertEquals(0, s.get("runList").get("current").asInt());
        assertEquals(List.of("to-come", "to-come", "to-come"), statuses(s));
        assertEquals(4, s.get("agents").asInt());

        TrainingListener first = l.begin(0);
        assertEquals(List.of("running", "to-come", "to-come"), statuses(json(l)));
        runTwoEpochs(first, "stale-dsgd", 0.75);
        Files.createDirectories(tmp.resolve("cmp-stale-dsgd"));
        Files.writeString(tmp.resolve("cmp-stale-dsgd").resolve(RunReport.FILE), "<html>report of stale-dsgd</html>");
        l.ended(0);
        s = json(l);
        assertEquals(List.of("finished", "to-come", "to-come"), statuses(s));
        JsonNode r0 = s.get("runList").get("runs").get(0);
        assertEquals(0.75, r0.get("finalAccuracy").asDouble(), 1e-12);
        assertEquals(2, r0.get("epochs").asInt());
        assertEquals("runs/0/report.html", r0.get("report").asText());
        assertEquals("stale-dsgd", r0.get("method").asText());

        TrainingListener second = l.begin(1);
        s = json(l);
        assertEquals("cmp-pc-asgd", s.get("name").asText(), "the page shows the run in progress");
        assertEquals(1, s.get("runList").get("current").asInt());
        assertEquals(0, s.get("epochs").size(), "its own epochs, none yet");
        second.onStart(new RunInfo("pc-asgd", 4, 10, 5, 2, 0.5, "ring", "none", MetricSet.standard()));
        second.onEpoch(new EpochMetrics(1, 5, 0.1, Map.of("test_accuracy", MetricValue.of(0.5))));
        second.onFinish();
        l.diverged(1, "diverged at step 7 (agent 2)");
        s = json(l);
        assertEquals(List.of("finished", "diverged", "to-come"), statuses(s));
        JsonNode r1 = s.get("runList").get("runs").get(1);
        assertEquals("diverged at step 7 (agent 2)", r1.get("note").asText());
        assertEquals(0.5, r1.get("finalAccuracy").asDouble(), 1e-12);
        assertTrue(r1.get("report").isNull(), "no report.html written");
        assertEquals(RunList.Status.DIVERGED, l.status(1));

        runTwoEpochs(l.begin(2), "local", 0.625);
        l.ended(2);
        s = json(l);
        assertEquals(List.of("finished", "diverged", "finished"), statuses(s));
        assertEquals("cmp-local", s.get("name").asText(), "after the command, the last run stays shown");
        assertEquals(2, s.get("epochs").size());
        assertEquals(0.625, s.get("runList").get("runs").get(2).get("finalAccuracy").asDouble(), 1e-12);
        assertTrue(s.get("runList").get("runs").get(2).get("report").isNull());
    }

    @Test
    void aSkippedRunKeepsItsEarlierReportAndAccuracy(@TempDir Path tmp) throws Exception {
        List<TrainConfig> configs = runs(tmp, "stale-dsgd", "pc-asgd");
        Path dir = RunFolders.stoppedRing(tmp.resolve("earlier"));
        Path folder = tmp.resolve("cmp-stale-dsgd");
        Files.createDirectories(folder);
        for (String f : List.of("config.yaml", "metrics.csv", "timing.csv")) {
            if (Files.exists(dir.resolve(f))) {
                Files.copy(dir.resolve(f), folder.resolve(f));
            }
        }
        RunReport.write(folder);
        double earlier = RunReport.read(folder).lastAccuracy();
        RunList l = RunList.of("sweep s", configs);
        l.skippedBefore(1, "already in sweep.csv");
        l.begin(1);
        l.skipped(1, "too late: it began");
        JsonNode s = json(l);
        assertEquals(List.of("skipped", "running"), statuses(s));
        JsonNode r0 = s.get("runList").get("runs").get(0);
        assertEquals("already in sweep.csv", r0.get("note").asText());
        assertEquals("runs/0/report.html", r0.get("report").asText());
        assertEquals(earlier, r0.get("finalAccuracy").asDouble(), 1e-12);
        assertFalse(Double.isNaN(earlier));
    }

    @Test
    void aTrainRunHasNoList() throws Exception {
        RunState state = new RunState("one", "sim", "pc-asgd", "ring", 2, List.of(new int[] {0, 1}), "", 1);
        RunList l = RunList.of(state);
        assertEquals(0, l.size());
        assertSame(state, l.current());
        assertFalse(json(l).has("runList"));
        assertEquals(state.json(), l.json());
        assertNull(l.report(0));
    }

    @Test
    void changesOfTheListAndOfTheRunInProgressWakeTheStream(@TempDir Path tmp) throws Exception {
        RunList l = RunList.of("compare cmp", runs(tmp, "stale-dsgd", "pc-asgd"));
        long v0 = l.version();
        long c0 = l.contentVersion();
        CompletableFuture<Long> woke = CompletableFuture.supplyAsync(() -> {
            try {
                return l.awaitChange(v0, 10_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        TrainingListener first = l.begin(0);
        assertNotEquals(v0, woke.get(5, TimeUnit.SECONDS), "beginning a run wakes a waiting stream");
        assertNotEquals(c0, l.contentVersion());

        long c1 = l.contentVersion();
        long v1 = l.version();
        first.onStart(new RunInfo("stale-dsgd", 4, 10, 5, 2, 0.5, "ring", "none", MetricSet.standard()));
        assertTrue(l.version() > v1 && l.contentVersion() > c1, "the current run's events count as content");

        RunState old = l.current();
        l.begin(1);
        long v2 = l.version();
        old.event("late", "a change of a run no longer shown");
        assertEquals(v2, l.version(), "a run no longer shown does not wake the page");
    }

    @Test
    void theServerShowsTheListAndServesEachReportOnceWritten(@TempDir Path tmp) throws Exception {
        RunList l = RunList.of("compare cmp", runs(tmp, "stale-dsgd", "pc-asgd"));
        try (DashboardServer server = DashboardServer.start(l, "127.0.0.1", 0)) {
            JsonNode s = JSON.readTree(get(server, "/api/state").body());
            assertEquals(List.of("to-come", "to-come"), statuses(s));
            assertEquals(404, get(server, "/runs/0/report.html").statusCode(), "no report before the run");

            runTwoEpochs(l.begin(0), "stale-dsgd", 0.75);
            Files.createDirectories(tmp.resolve("cmp-stale-dsgd"));
            Files.writeString(tmp.resolve("cmp-stale-dsgd").resolve(RunReport.FILE), "<html>report of stale-dsgd</html>");
            l.ended(0);
            l.begin(1);

            HttpResponse<String> report = get(server, "/runs/0/report.html");
            assertEquals(200, report.statusCode());
            assertEquals("<html>report of stale-dsgd</html>", report.body());
            assertTrue(report.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            assertEquals(DashboardServer.REPORT_CSP, report.headers().firstValue("Content-Security-Policy").orElse(""));
            for (String bad : List.of("/runs/1/report.html", "/runs/2/report.html", "/runs/-1/report.html", "/runs/0/config.yaml",
                    "/runs/0/reportXhtml", "/runs/0/../../etc/passwd", "/runs/")) {
                assertEquals(404, get(server, bad).statusCode(), bad);
            }

            s = JSON.readTree(get(server, "/api/state").body());
            assertEquals("cmp-pc-asgd", s.get("name").asText());
            assertEquals(List.of("finished", "running"), statuses(s));
            assertTrue(get(server, "/config.yaml").body().contains("name: cmp-pc-asgd"), "the settings of the run in progress");
            assertTrue(get(server, "/metrics").body().contains("run=\"cmp-pc-asgd\""), "the metrics of the run in progress");
        }
    }

    private HttpResponse<String> get(DashboardServer server, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

package pcasgd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pcasgd.cli.TrainCommandTest.Result;

/** sweep, plot and theory through the CLI: outputs where documented, one summary line per point. */
class SweepCommandTest {

    /** blobs, an MLP, 4 agents, 2 epochs: stale-dsgd and pc-asgd at τ 0 and 4, for {@code seeds} (a YAML list). */
    static Path tinyGrid(Path dir, String seeds) throws java.io.IOException {
        return Files.writeString(dir.resolve("tiny.yaml"), """
                dataset: blobs
                model: mlp
                trainLimit: 300
                testLimit: 100
                agents: 4
                epochs: 2
                evalAgents: false
                grid:
                  tau: [0, 4]
                  method: [stale-dsgd, pc-asgd]
                seeds: %s
                """.formatted(seeds));
    }

    @Test
    void sweepThenRerunThenPlot(@TempDir Path tmp) throws Exception {
        Path grid = tinyGrid(tmp, "[1, 2]");
        Result first = TrainCommandTest.run("sweep", "--grid", grid.toString(), "--output", tmp.resolve("runs").toString());
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("[8/8] tau=4,method=pc-asgd,seed=2: test acc"), first.out());
        Path csv = tmp.resolve("runs/tiny/sweep.csv");
        assertEquals(1 + 8 * 2, Files.readAllLines(csv).size());

        Result again = TrainCommandTest.run("sweep", "--grid", grid.toString(), "--output", tmp.resolve("runs").toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("8 of 8 points are already in the CSV") && again.out().contains("0 points run"), again.out());
        assertEquals(1 + 8 * 2, Files.readAllLines(csv).size());

        Result plot = TrainCommandTest.run("plot", "--input", csv.toString(), "--output", tmp.resolve("figs").toString());
        assertEquals(0, plot.code(), plot.err());
        for (String png : List.of("accuracy_vs_epoch.png", "accuracy_vs_tau.png", "time_per_epoch.png")) {
            assertTrue(Files.size(tmp.resolve("figs").resolve(png)) > 5_000, png);
        }
        assertTrue(plot.out().contains("accuracy_vs_agents: skipped") && plot.out().contains("pv_choices: skipped"), plot.out());
    }

    /**
     * sweep --dashboard: while it lingers, the page's state lists every point, finished with its
     * report; run again, every point is listed as skipped (already in sweep.csv) with its earlier report.
     */
    @Test
    void sweepWithDashboardListsEveryPoint(@TempDir Path tmp) throws Exception {
        Path grid = tinyGrid(tmp, "[1]");
        for (String expected : List.of("finished", "skipped")) {
            int port;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                port = s.getLocalPort();
            }
            java.util.concurrent.atomic.AtomicReference<Result> result = new java.util.concurrent.atomic.AtomicReference<>();
            String[] args = {"sweep", "--grid", grid.toString(), "--output", tmp.resolve("runs").toString(),
                    "--dashboard=" + port, "--dashboard-linger=120"};
            Thread run = new Thread(() -> result.set(TrainCommandTest.run(args)), "sweep-with-dashboard");
            run.setDaemon(true);
            run.start();
            com.fasterxml.jackson.databind.JsonNode state = null;
            try {
                java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
                long deadline = System.nanoTime() + 180_000_000_000L;
                while (System.nanoTime() < deadline && run.isAlive()) {
                    try {
                        String body = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/state"))
                                .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                        com.fasterxml.jackson.databind.JsonNode s = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
                        if (s.get("events").findValuesAsText("kind").contains("linger")) {
                            state = s;
                            break;
                        }
                    } catch (java.io.IOException e) {
                        // not listening yet
                    }
                    Thread.sleep(200);
                }
            } finally {
                run.interrupt();
                run.join(30_000);
            }
            assertTrue(state != null, "the sweep lingered with its page: " + result.get());
            assertEquals(0, result.get().code(), result.get().err());
            com.fasterxml.jackson.databind.JsonNode runs = state.get("runList").get("runs");
            assertEquals("sweep tiny", state.get("runList").get("title").asText());
            assertEquals(4, runs.size(), "every point is listed");
            for (int k = 0; k < 4; k++) {
                com.fasterxml.jackson.databind.JsonNode r = runs.get(k);
                assertEquals(expected, r.get("status").asText(), r.toString());
                assertEquals("runs/" + k + "/report.html", r.get("report").asText(), r.toString());
                assertTrue(r.get("finalAccuracy").asDouble() > 0, r.toString());
                assertTrue(Files.isRegularFile(Path.of(r.get("folder").asText()).resolve("report.html")), r.toString());
            }
        }
    }

    @Test
    void badGridIsReportedByName(@TempDir Path tmp) throws Exception {
        Path grid = tmp.resolve("bad.yaml");
        Files.writeString(grid, "grid:\n  agnets: [4, 8]\n");
        Result r = TrainCommandTest.run("sweep", "--grid", grid.toString(), "--output", tmp.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("grid key 'agnets' is not a config key"), r.err());
        assertTrue(Files.notExists(tmp.resolve("bad")), "nothing is written for a bad grid");
    }

    @Test
    void theoryWritesCsvAndLogScaleFigures(@TempDir Path tmp) throws Exception {
        Result r = TrainCommandTest.run("theory", "--output", tmp.toString(), "--taus", "0,8", "--steps", "300");
        assertEquals(0, r.code(), r.err());
        List<String> csv = Files.readAllLines(tmp.resolve("theory.csv"));
        assertEquals(1 + 5 * 2 * 301, csv.size(), "header + (start + 300 steps) per variant and tau");
        for (String png : List.of("theory_distance.png", "theory_consensus.png", "theory_neighbourhood.png", "theory_steps.png")) {
            assertTrue(Files.size(tmp.resolve(png)) > 5_000, png);
        }
        assertTrue(Files.readString(tmp.resolve("theory.md")).contains("stale-dsgd"));
    }
}

package pcasgd.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pcasgd.cli.Main;

/** report.html: self-contained (nothing loaded from anywhere), made by every run and by {@code pcasgd report}. */
class DashboardReportTest {
    private static final Pattern EXTERNAL = Pattern.compile("<script[^>]*\\ssrc=|<link[^>]*\\shref=|<img[^>]*\\ssrc=|@import|url\\(\\s*['\"]?https?:");

    @Test
    void reportCommandWritesASelfContainedPageWithTheRunsData(@TempDir Path tmp) throws Exception {
        Path dir = RunFolders.stoppedRing(tmp);
        assertEquals(0, Main.run("report", dir.toString()));
        String html = Files.readString(dir.resolve("report.html"));
        assertFalse(EXTERNAL.matcher(html).find(), "report.html loads nothing from outside");
        assertTrue(html.contains("uPlot"), "uPlot inlined");
        assertTrue(html.contains("function drawGraph"), "the page's script inlined");
        JsonNode s = new ObjectMapper().readTree(RunFolders.embeddedJson(html));
        assertEquals("hand", s.get("name").asText());
        assertEquals("stopped", s.get("status").asText(), "2 of 3 planned epochs");
        assertEquals(5, s.get("agents").asInt());
        assertEquals(5, s.get("links").size(), "a ring of 5");
        assertEquals(2, s.get("epochs").size());
        assertEquals(RunFolders.ACCURACY[1], s.get("epochs").get(1).get("values").get("test_accuracy").asDouble());
        assertEquals(1.5, s.get("epochs").get(1).get("wallSeconds").asDouble(), "timing.csv read");
        assertEquals(5, s.get("epochs").get(0).get("values").get("agent_accuracies").get("values").size());
        assertEquals(14, s.get("stepsDone").asLong());
        assertTrue(s.get("config").asText().contains("topology: ring"));
        assertEquals(java.util.List.of("epoch", "epoch", "finish"), s.get("events").findValuesAsText("kind"));
        assertTrue(s.get("events").get(2).get("text").asText().contains("stopped after 2 of 3 epochs"));
        assertTrue(s.get("events").get(0).get("time").isNull(), "no times in the files");
        assertTrue(s.get("grid").isNull(), "a ring is drawn as a circle");
        assertFalse(Files.exists(dir.resolve("report.html.tmp")));
    }

    @Test
    void reportOfAFolderWithoutConfigFailsByName(@TempDir Path tmp) {
        assertEquals(1, Main.run("report", tmp.toString()));
    }

    @Test
    void everyTrainRunLeavesAReport(@TempDir Path tmp) throws Exception {
        assertEquals(0, Main.run("train", "--output", tmp.toString(), "--name", "tiny", "--set", "trainLimit=512",
                "--set", "testLimit=128", "--epochs", "2", "-n", "4", "--topology", "ring", "--model", "mlp:16"));
        String html = Files.readString(tmp.resolve("tiny").resolve("report.html"));
        JsonNode s = new ObjectMapper().readTree(RunFolders.embeddedJson(html));
        assertEquals("finished", s.get("status").asText());
        assertEquals(2, s.get("epochs").size());
        assertEquals(4, s.get("links").size());
    }

    @Test
    void aTorusIsDrawnAsItsGrid(@TempDir Path tmp) throws Exception {
        pcasgd.experiment.TrainConfig c = new pcasgd.experiment.TrainConfig().set("agents", 12).set("topology", "torus");
        RunState s = RunState.of(c);
        JsonNode j = new ObjectMapper().readTree(s.json());
        assertEquals("[3,4]", j.get("grid").toString());
        assertEquals(24, j.get("links").size());
    }
}

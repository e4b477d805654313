package pcasgd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The anatomy and actor parts produce their rows (sizes far too small to mean anything as timings). */
class BenchPartsTest {
    private static List<String> rows(StringWriter w, String part) {
        return Arrays.stream(w.toString().split("\n")).filter(l -> l.startsWith(part + ",")).toList();
    }

    @Test
    void anatomyPhasesReproduceTheOraclesGradientAndCoverTheStep() {
        StringWriter w = new StringWriter();
        // phases() throws if the phase-by-phase step's gradient differs from the oracle's in any bit
        StepAnatomy.phases(new Csv(new PrintWriter(w), null), "lenet", StepBench.SHAPE, StepBench.CLASSES, 4, 1, 3);
        List<String> r = rows(w, "anatomy");
        assertEquals(2 + StepAnatomy.PHASES.length + 12, r.size(), String.join("\n", r));
        assertTrue(r.stream().anyMatch(l -> l.contains("phase: backward")));
    }

    @Test
    void actorPartComparesEachRuntimeWithTheSimulator(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("tiny.yaml");
        Files.writeString(yaml, "agents: 4\nmodel: mlp\ndataset: blobs\ntrainLimit: 256\ntestLimit: 64\nepochs: 2\n"
                + "topology: ring\nevalAgents: false\n");
        StringWriter w = new StringWriter();
        ActorBench.run(new Csv(new PrintWriter(w), null), yaml, List.of("sim", "local", "cluster"), 1, 2);
        List<String> r = rows(w, "actor");
        assertTrue(r.stream().anyMatch(l -> l.startsWith("actor,sim,")), String.join("\n", r));
        assertTrue(r.stream().anyMatch(l -> l.startsWith("actor,local,") && !l.contains("FAILED")), String.join("\n", r));
        assertTrue(r.stream().anyMatch(l -> l.startsWith("actor,local / sim: start to last metrics,")), String.join("\n", r));
        // this JVM (coordinator, agents 0-1) and one agent process started through ProcessLauncher (agents 2-3)
        assertTrue(r.stream().anyMatch(l -> l.startsWith("actor,cluster,") && !l.contains("FAILED")), String.join("\n", r));
        assertTrue(r.stream().anyMatch(l -> l.startsWith("actor,cluster / sim: start to last metrics,")), String.join("\n", r));
    }
}

package pcasgd.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pcasgd.delay.DelayModel;
import pcasgd.delay.OnTimeGraph;
import pcasgd.topology.Graph;

/** Delay settings that come from a YAML file or the command line: a per-link matrix, periodic delivery. */
class DelayConfigTest {

    @Test
    void aDelayMatrixFromYamlAsNestedListsOrText(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("m.yaml");
        Files.writeString(yaml, """
                agents: 3
                topology: ring
                delay: matrix
                delayMatrix: [[0, 2, 5], [1, 0, 0], [3, 4, 0]]
                """);
        TrainConfig c = ConfigFiles.load(yaml, new TrainConfig());
        assertEquals("0,2,5;1,0,0;3,4,0", c.delayMatrix());
        DelayModel d = RunBuilder.delaySpec(c).build(Graph.ring(3));
        assertEquals(2, d.delay(0, 1, 7));
        assertEquals(5, d.delay(0, 2, 7));
        assertEquals(1, d.delay(1, 0, 0));
        assertEquals(4, d.delay(2, 1, 0));
        assertEquals(5, d.maxDelay());
        // the same matrix as text, the form --set delayMatrix=... takes
        TrainConfig flag = new TrainConfig().set("agents", 3).set("delay", "matrix").set("delayMatrix", "0,2,5;1,0,0;3,4,0");
        assertEquals(3, RunBuilder.delaySpec(flag).build(Graph.ring(3)).delay(2, 0, 0));
    }

    @Test
    void matrixMistakesAreNamed() {
        TrainConfig missing = new TrainConfig().set("delay", "matrix");
        assertTrue(message(() -> RunBuilder.delaySpec(missing)).contains("delayMatrix"));
        TrainConfig bad = new TrainConfig().set("delay", "matrix").set("delayMatrix", "0,x;1,0");
        assertTrue(message(() -> RunBuilder.delaySpec(bad)).contains("[0][1]"));
        TrainConfig size = new TrainConfig().set("delay", "matrix").set("delayMatrix", "0,1;1,0");
        assertTrue(message(() -> RunBuilder.delaySpec(size).build(Graph.ring(3))).contains("3 nodes"));
    }

    @Test
    void periodicDeliveryFromTheConfig() {
        TrainConfig c = new TrainConfig().set("agents", 4).set("topology", "ring").set("tau", 4).set("lateFraction", 1.0)
                .set("keepConnected", false).set("delivery", "periodic");
        DelayModel d = RunBuilder.delaySpec(c).build(Graph.ring(4));
        assertEquals(3, d.delay(0, 1, 1));
        assertEquals(0, d.delay(0, 1, 4));
        assertTrue(d.describe().contains("periodic delivery every 4 steps"), d.describe());
        assertTrue(message(() -> RunBuilder.delaySpec(new TrainConfig().set("delivery", "sometimes"))).contains("lag, periodic"));
    }

    @Test
    void theConfigKeepsTheOnTimeLinksConnectedByDefault() {
        // keepConnected is on by default: the default torus of 8 with every link asked to be late keeps a spanning
        // tree on time (7 of its 16 edges) on every seed; with keepConnected off every edge is late
        for (long seed = 1; seed <= 10; seed++) {
            TrainConfig c = new TrainConfig().set("seed", seed).set("lateFraction", 1.0);
            Graph g = Graph.torus(c.agents());
            Graph onTime = OnTimeGraph.at(g, RunBuilder.delaySpec(c).build(g), 0);
            assertTrue(onTime.isConnected(), "seed " + seed + ": " + onTime.edges().size() + " on-time edges");
            assertEquals(g.size() - 1, onTime.edgeCount(), "seed " + seed);
            assertEquals(0, OnTimeGraph.at(g, RunBuilder.delaySpec(c.set("keepConnected", false)).build(g), 0).edgeCount());
        }
    }

    private static String message(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a failure");
    }
}

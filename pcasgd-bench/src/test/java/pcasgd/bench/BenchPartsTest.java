package pcasgd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pcasgd.algorithm.Method;
import pcasgd.algorithm.NeighbourCopy;
import pcasgd.api.ClusterSettings;
import pcasgd.engine.DjlOracle;
import pcasgd.experiment.RunBuilder;
import pcasgd.experiment.TrainConfig;

/** The step, anatomy, actor and straggler parts produce their rows (sizes far too small to mean anything as timings). */
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
    void stepPartDrivesTheRealAgentForEveryPcasgdCase() {
        StringWriter w = new StringWriter();
        try (DjlOracle oracle = DjlOracle.create("lenet", StepBench.SHAPE, StepBench.CLASSES)) {
            StepBench.run(new Csv(new PrintWriter(w), null), oracle, "lenet", 4, 1, 0.01, 2, 2, 1.0);
            List<String> r = rows(w, "step");
            assertEquals(StepBench.CASES.length, r.size(), String.join("\n", r));
            assertTrue(r.stream().filter(l -> !l.startsWith("step,djl-trainer,"))
                    .allMatch(l -> l.matches(".*Agent.update alone \\d+\\.\\d+ ms/step.*")), String.join("\n", r));

            // one agent, one step per run: the neighbours' copies are delivered on time and 2 steps late
            StepBench.AgentStep a = new StepBench.AgentStep(oracle, Method.PC_ASGD, "cosine", StepBench.fixedData(4, 7),
                    oracle.initialParameters(1), 20);
            float[] start = a.agent.params().clone();
            for (int k = 0; k < 3; k++) {
                a.run();
            }
            assertEquals(3, a.agent.step());
            assertEquals(3, a.updateMs.size());
            assertTrue(!Arrays.equals(start, a.agent.params()), "the agent moved");
            assertEquals(List.of(0, StepBench.AgentStep.LATE),
                    a.inbox.copies(2).copies().stream().map(NeighbourCopy::age).toList());
        }
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

    @Test
    void aStragglerRaceTracesTheAveragedModelUntilItsTimeIsUp() {
        TrainConfig c = new TrainConfig();
        for (String[] kv : new String[][] {{"agents", "4"}, {"model", "mlp"}, {"dataset", "blobs"}, {"trainLimit", "256"},
                {"testLimit", "64"}, {"epochs", "1000"}, {"topology", "ring"}, {"evalAgents", "false"}, {"workers", "1"}}) {
            c.set(kv[0], kv[1]);
        }
        double[] slow = {3, 1, 1, 1};
        List<StragglerRace.Point> seen = new ArrayList<>();
        try (RunBuilder builder = new RunBuilder()) {
            // an accuracy above 1 is never reached: the race ends on its time limit
            List<StragglerRace.Point> trace = StragglerRace.run(builder.training(c),
                    ClusterSettings.builder("race-test").slowFactors(slow).build(), 50, 2.0, 1.0, seen::add);
            assertEquals(trace, seen);
            assertTrue(trace.size() >= 2, trace.toString());
            StragglerRace.Point last = trace.get(trace.size() - 1);
            assertTrue(last.elapsedSeconds() >= 1.0, last.toString());
            assertTrue(last.minStep() <= last.maxStep() && last.maxStep() > 0, last.toString());
            assertEquals(trace.get(0).elapsedSeconds(), StragglerRace.secondsTo(trace, 0.0));
            assertTrue(Double.isNaN(StragglerRace.secondsTo(trace, 2.0)));
        }
    }
}

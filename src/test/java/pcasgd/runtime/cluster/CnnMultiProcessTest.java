package pcasgd.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import pcasgd.experiment.ConfigFiles;
import pcasgd.experiment.RunBuilder;
import pcasgd.experiment.TrainConfig;
import pcasgd.metrics.EpochMetrics;
import pcasgd.runtime.SimulatedRuntime;

/**
 * Issue 5's first test: four agents in four JVM processes on 127.0.0.1, each started through the real
 * CLI ({@code pcasgd.cli.Main agent --id i --seed-nodes ... --config x.yaml}), train the CNN (LeNet) on
 * the embedded Fashion-MNIST data for 200 steps and reach the averaged-model test accuracy the
 * deterministic simulator reaches for the same config, within a few points. Sized for two shared
 * cores: 1600 training and 500 test images, batch 16, 8 epochs of 25 steps, staleness bound 3.
 */
class CnnMultiProcessTest {
    static final int AGENTS = 4;
    static final int EPOCHS = 8;
    /** "Within a few points": the mean accuracy of the last two epochs, cluster vs simulator. */
    static final double TOLERANCE = 0.05;

    @TempDir Path dir;

    static String yaml(Path output) {
        return String.join("\n",
                "name: cnn-mp",
                "runId: cnn-mp",
                "method: pc-asgd",
                "agents: " + AGENTS,
                "topology: ring",
                "delay: none",
                "dataset: embedded",
                "trainLimit: 1600",
                "testLimit: 500",
                "model: lenet",
                "batchSize: 16",
                "epochs: " + EPOCHS,
                "learningRate: 0.05",
                "workers: 1",
                "intraOpThreads: 1",
                "evalAgents: false",
                "maxStaleness: 3",
                "output: " + output.toString().replace("\\", "/"),
                "");
    }

    static double tailAccuracy(List<Double> acc) {
        return (acc.get(acc.size() - 1) + acc.get(acc.size() - 2)) / 2;
    }

    @Test
    @Timeout(120)
    void fourCliAgentProcessesTrainTheCnnLikeTheSimulator() throws Exception {
        Path config = dir.resolve("cnn-mp.yaml");
        Files.writeString(config, yaml(dir.resolve("runs")));
        int[] ports = MultiProcessTest.ports();
        List<AgentProcess> ps = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < AGENTS; i++) {
                ps.add(AgentProcess.startMain("agent-" + i, "pcasgd.cli.Main", List.of("-Xmx320m"), List.of("agent",
                        "--id", String.valueOf(i), "--port", String.valueOf(ports[i]),
                        "--seed-nodes", "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1],
                        "--config", config.toString(), "--timeout", "PT90S")));
            }
            for (AgentProcess p : ps) {
                assertEquals(0, p.awaitExit(100_000), p.output());
            }
        } finally {
            MultiProcessTest.closeAll(ps);
        }
        double clusterSeconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(ps.get(0).hasLine("coordinator"), ps.get(0).output());

        List<String> lines = Files.readAllLines(dir.resolve("runs").resolve("cnn-mp").resolve("metrics.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        int accCol = header.indexOf("test_accuracy");
        int lateCol = header.indexOf("late_fraction");
        assertEquals(EPOCHS + 1, lines.size(), "one metrics row per epoch:\n" + String.join("\n", lines));
        List<Double> cluster = new ArrayList<>();
        double late = 0;
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",", -1);
            cluster.add(Double.parseDouble(f[accCol]));
            late += Double.parseDouble(f[lateCol]);
        }

        TrainConfig c = ConfigFiles.load(config, new TrainConfig());
        List<Double> sim = new ArrayList<>();
        try (RunBuilder b = new RunBuilder(); SimulatedRuntime r = new SimulatedRuntime(b.simulation(c), List.of())) {
            for (EpochMetrics m : r.run()) {
                sim.add(m.testAccuracy());
            }
        }
        double a = tailAccuracy(cluster);
        double s = tailAccuracy(sim);
        String detail = "cluster " + cluster + " (" + String.format("%.1f", clusterSeconds) + " s, mean late fraction "
                + late / EPOCHS + ") vs simulator " + sim;
        System.out.println("CnnMultiProcessTest: " + detail);
        assertTrue(s > 0.7, "the simulator must really train the CNN: " + detail);
        assertTrue(a > 0.7, "the cluster must really train the CNN: " + detail);
        assertTrue(Math.abs(a - s) <= TOLERANCE, detail);
        assertTrue(late > 0, "real asynchrony: some copies must arrive late: " + detail);
    }
}

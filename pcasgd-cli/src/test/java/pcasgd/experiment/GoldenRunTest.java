package pcasgd.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pcasgd.agent.BatchSource;
import pcasgd.algorithm.AlgorithmConfig;
import pcasgd.algorithm.DampingSpec;
import pcasgd.algorithm.LambdaSpec;
import pcasgd.algorithm.Method;
import pcasgd.algorithm.PredictorSpec;
import pcasgd.data.BatchSampler;
import pcasgd.data.Dataset;
import pcasgd.data.Partitioner;
import pcasgd.delay.DelaySpec;
import pcasgd.engine.LeastSquaresOracle;
import pcasgd.metrics.EpochMetrics;
import pcasgd.report.MetricsCsv;
import pcasgd.runtime.SimulatedRuntime;
import pcasgd.runtime.SimulationSpec;
import pcasgd.topology.Graph;
import pcasgd.topology.MixingMatrix;

/**
 * Golden runs: small committed runs whose metrics must come out byte-identical, so a change that
 * alters the arithmetic cannot pass unnoticed — it regenerates these files (and the published
 * results) in the same commit:
 *
 * <pre>
 *   mvn -B test -Dtest=GoldenRunTest -Dgolden.regenerate=true
 * </pre>
 *
 * The least-squares runs are pure Java (IEEE-exact on every machine) and cover every method and
 * predictor. The LeNet run goes through PyTorch, whose kernels depend on the CPU's instruction set:
 * it is compared exactly on a machine of the recording's CPU signature and skipped, with the
 * reason, elsewhere.
 */
class GoldenRunTest {
    static final Path DIR = Path.of("pcasgd-cli/src/test/resources/pcasgd/golden");
    static final boolean REGENERATE = Boolean.getBoolean("golden.regenerate");

    static final int DIM = 10;
    static final Dataset DATA = LeastSquaresOracle.generate(800, DIM, 0.1, 7);
    static final LeastSquaresOracle ORACLE = new LeastSquaresOracle(DIM, 0.01);

    /** One least-squares run: 8 agents on a torus, a third of the links 4 steps late (one with periodic delivery). */
    static String leastSquares(Method method, PredictorSpec predictor, boolean periodic) {
        Graph g = Graph.torus(8);
        int[][] shards = Partitioner.iid(DATA.size(), 8, 3);
        List<BatchSource> sources = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sources.add(new BatchSampler(DATA, shards[i], 8, i, 3)::next);
        }
        AlgorithmConfig algo = AlgorithmConfig.builder().method(method).learningRate(0.05).momentum(0.5).weightDecay(0)
                .predictor(predictor).build();
        DelaySpec delays = DelaySpec.builder().type("fixed").tau(4).lateFraction(0.4).keepConnected(true)
                .delivery(periodic ? pcasgd.delay.Delivery.PERIODIC : pcasgd.delay.Delivery.LAG).stragglers(List.of(3), 2)
                .seed(5).build();
        SimulationSpec spec = SimulationSpec.builder().method(method.id()).oracle(ORACLE).rule(algo.rule())
                .network(g, MixingMatrix.metropolisHastings(g)).delays(delays.build(g)).synchronous(method.waitsForNeighbours())
                .data(DATA, DATA.head(200)).sources(sources).batchSize(8).epochs(3).stepsPerEpoch(20).initSeed(1)
                .workers(2).evaluateAgents(false).build();
        try (SimulatedRuntime sim = new SimulatedRuntime(spec, List.of())) {
            List<EpochMetrics> out = sim.run();
            return MetricsCsv.metrics(out);
        }
    }

    static void check(String name, String actual) throws IOException {
        Path file = DIR.resolve(name);
        if (REGENERATE) {
            Files.createDirectories(DIR);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, name + " changed: if the arithmetic was meant"
                + " to change, regenerate the golden files and the published results in the same commit");
    }

    @Test
    void leastSquaresRunsOfEveryMethodAndPredictorAreUnchanged() throws IOException {
        StringBuilder all = new StringBuilder();
        for (Method m : Method.values()) {
            for (String p : PredictorSpec.NAMES) {
                boolean predicts = m == Method.PC_ASGD || m == Method.PC_ASGD_PV || m == Method.PREDICT_ONLY;
                if (!predicts && !p.equals(PredictorSpec.DEFAULT)) {
                    continue;
                }
                PredictorSpec spec = new PredictorSpec(p, LambdaSpec.adaptive(1.0, 0.95),
                        p.equals("taylor") ? DampingSpec.fixed(0.5) : DampingSpec.auto(0.9));
                all.append("# ").append(m.id()).append(' ').append(p).append('\n').append(leastSquares(m, spec, false));
            }
        }
        all.append("# pc-asgd periodic\n").append(leastSquares(Method.PC_ASGD, PredictorSpec.defaults(), true));
        check("least-squares.csv", all.toString());
    }

    @Test
    void lenetOnEmbeddedDataIsUnchangedOnTheRecordingsCpu(@TempDir Path tmp) throws IOException {
        String cpu = CpuSignature.current();
        Path recorded = DIR.resolve("lenet-embedded.cpu");
        if (!REGENERATE) {
            String was = Files.readString(recorded, StandardCharsets.UTF_8).trim();
            Assumptions.assumeTrue(was.equals(cpu), "the LeNet golden run was recorded on '" + was + "'; PyTorch's kernels"
                    + " differ across instruction sets, so this machine ('" + cpu + "') cannot reproduce it bit for bit");
        }
        TrainConfig c = ConfigFiles.load(DIR.resolve("lenet-embedded.yaml"), new TrainConfig())
                .set("output", tmp.toString()).set("name", "golden");
        try (RunBuilder b = new RunBuilder()) {
            new TrainingSession(b).run(c, List.of());
        }
        check("lenet-embedded.metrics.csv", Files.readString(tmp.resolve("golden").resolve("metrics.csv"), StandardCharsets.UTF_8));
        if (REGENERATE) {
            Files.writeString(recorded, cpu + "\n", StandardCharsets.UTF_8);
        }
    }
}

package pcasgd.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import pcasgd.algorithm.AlgorithmConfig;
import pcasgd.algorithm.Method;
import pcasgd.data.Dataset;
import pcasgd.data.Datasets;
import pcasgd.delay.DelaySpec;
import pcasgd.engine.DjlOracle;
import pcasgd.engine.GradientOracle;
import pcasgd.engine.LeastSquaresOracle;
import pcasgd.metrics.AgentEpoch;
import pcasgd.metrics.EpochMetrics;
import pcasgd.metrics.Metric;
import pcasgd.metrics.MetricSet;
import pcasgd.metrics.MetricValue;
import pcasgd.metrics.NetworkEpoch;
import pcasgd.metrics.RunInfo;
import pcasgd.runtime.SimulatedRuntime;
import pcasgd.metrics.TrainingListener;
import pcasgd.api.ClusterSettings;
import pcasgd.api.NodeSettings;

/** The public API end to end: runs on each runtime, what they return, and the errors a user sees. */
class PcAsgdTest {
    static final Dataset TRAIN = blobs("train", 1200, 1);
    static final Dataset TEST = blobs("test", 300, 2);

    /** Three unit-noise Gaussian clouds in 8-D around 3·e_0, 3·e_1, 3·e_2 (Bayes accuracy ≈ 0.966). */
    static Dataset blobs(String name, int n, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[n][8];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int d = 0; d < 8; d++) {
                x[i][d] = (float) r.nextGaussian() + (d == y[i] ? 3f : 0f);
            }
        }
        return Datasets.fromArrays(name, x, y, new int[] {8}, 3);
    }

    static Block twoLayer() {
        return new SequentialBlock().add(Linear.builder().setUnits(16).build()).add(Activation::relu)
                .add(Linear.builder().setUnits(3).build());
    }

    static final ModelSpec MODEL = ModelSpec.block("two-layer", PcAsgdTest::twoLayer, new int[] {8}, 3);

    static PcAsgd.Builder plan() {
        return PcAsgd.builder().model(MODEL).data(TRAIN, TEST).topology(Topology.ring(4))
                .delay(DelaySpec.fixed(2, 0.5, 1))
                .algorithm(AlgorithmConfig.builder().method(Method.PC_ASGD).learningRate(0.05).build())
                .epochs(3).batchSize(16);
    }

    /** Counts the gradients the agents computed: a metric added by a user, one class. */
    static final class Gradients implements Metric {
        @Override
        public String name() {
            return "gradients";
        }

        @Override
        public double[] partial(AgentEpoch agent) {
            return new double[] {agent.gradients()};
        }

        @Override
        public MetricValue value(double[] sums, NetworkEpoch network) {
            return MetricValue.of(sums[0]);
        }
    }

    @Test
    void addedMetricIsMeasuredAndListenersSeeExactlyTheUsersMetrics() {
        List<String> events = new ArrayList<>();
        List<List<String>> columns = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onStart(RunInfo info) {
                events.add("start " + info.agents());
                columns.add(info.metrics().names());
            }

            @Override
            public void onEpoch(EpochMetrics m) {
                events.add("epoch " + m.epoch());
                columns.add(List.copyOf(m.values().keySet()));
            }

            @Override
            public void onFinish() {
                events.add("finish");
            }
        };
        try (TrainingResult r = plan().metric(new Gradients()).listener(listener).run()) {
            List<String> expected = new ArrayList<>(MetricSet.standard().names());
            expected.add("gradients");
            assertEquals(List.of("start 4", "epoch 1", "epoch 2", "epoch 3", "finish"), events);
            columns.forEach(c -> assertEquals(expected, c));
            assertEquals(expected, List.copyOf(r.lastEpoch().values().keySet()));
            // 1200 examples / (4 agents x batch 16) = 18.75, so 19 steps; each agent computes one gradient per step
            for (EpochMetrics m : r.epochs()) {
                assertEquals(4 * 19, m.scalar("gradients"), 0.0);
            }
            // chance is 1/3
            assertTrue(r.lastEpoch().testAccuracy() > 0.9, "test accuracy " + r.lastEpoch().testAccuracy());
        }
    }

    @Test
    void averagedParametersAreTheMeanOfTheAgentsAfterTheLastStep() {
        try (DjlOracle oracle = MODEL.newOracle()) {
            PcAsgd p = plan().oracle(oracle).build();
            float[] mean;
            List<EpochMetrics> direct;
            try (SimulatedRuntime sim = new SimulatedRuntime(p.spec(), List.of())) {
                direct = sim.run();
                List<float[]> agents = sim.agentParameters();
                double[] sum = new double[agents.get(0).length];
                for (float[] x : agents) {
                    for (int d = 0; d < sum.length; d++) {
                        sum[d] += x[d];
                    }
                }
                mean = new float[sum.length];
                for (int d = 0; d < sum.length; d++) {
                    mean[d] = (float) (sum[d] / agents.size());
                }
            }
            try (TrainingResult r = p.run()) {
                // the simulator is bit-reproducible, so the API's run is the same run
                assertArrayEquals(mean, r.averagedParameters());
                assertEquals(direct.size(), r.epochs().size());
                for (int e = 0; e < direct.size(); e++) {
                    assertEquals(direct.get(e).values().keySet(), r.epochs().get(e).values().keySet());
                    for (String k : direct.get(e).values().keySet()) {
                        assertEquals(direct.get(e).value(k).csv(), r.epochs().get(e).value(k).csv(), k + " in epoch " + (e + 1));
                    }
                }
                assertEquals(oracle.layout().names(), r.layout().names());
                assertArrayEquals(java.util.Arrays.copyOfRange(mean, 0, 16 * 8), r.parameter("fc1.weight"));
            }
        }
    }

    @Test
    void givenOracleTrainsANonNetworkModelToItsKnownOptimum() {
        int dim = 10;
        Dataset data = LeastSquaresOracle.generate(1600, dim, 0.1, 7);
        LeastSquaresOracle oracle = new LeastSquaresOracle(dim, 0.01);
        double[] optimum = oracle.optimum(data);
        PcAsgd p = PcAsgd.builder().oracle(oracle).data(data, data).topology(Topology.ring(8)).delay(DelaySpec.fixed(4, 0.5, 5))
                .algorithm(AlgorithmConfig.builder().learningRate(0.05).momentum(0.5).weightDecay(0).perLayer(false).build())
                .batchSize(8).epochs(8).evaluateAgents(false).build();
        try (TrainingResult r = p.run()) {
            float[] x = r.averagedParameters();
            double dist = 0;
            double start = 0;
            for (int d = 0; d < dim; d++) {
                dist += (x[d] - optimum[d]) * (x[d] - optimum[d]);
                start += optimum[d] * optimum[d];
            }
            assertTrue(Math.sqrt(dist) < 0.05 * Math.sqrt(start), "x̄ is " + Math.sqrt(dist) + " from x*, x⁰ = 0 was "
                    + Math.sqrt(start));
            assertFalse(r.hasModel());
            IllegalStateException e = assertThrows(IllegalStateException.class, r::model);
            assertTrue(e.getMessage().contains("averagedParameters()"), e.getMessage());
        }
    }

    @Test
    void missingPiecesAreNamed() {
        IllegalStateException noModel = assertThrows(IllegalStateException.class,
                () -> PcAsgd.builder().data(TRAIN, TEST).topology(Topology.ring(4)).build());
        assertTrue(noModel.getMessage().startsWith("no model"), noModel.getMessage());
        IllegalStateException noData = assertThrows(IllegalStateException.class,
                () -> PcAsgd.builder().model(MODEL).topology(Topology.ring(4)).build());
        assertTrue(noData.getMessage().startsWith("no data"), noData.getMessage());
        IllegalStateException noTopology = assertThrows(IllegalStateException.class,
                () -> PcAsgd.builder().model(MODEL).data(TRAIN, TEST).build());
        assertTrue(noTopology.getMessage().startsWith("no topology"), noTopology.getMessage());
        IllegalStateException noSpec = assertThrows(IllegalStateException.class, () -> plan().build().spec());
        assertTrue(noSpec.getMessage().contains("oracle"), noSpec.getMessage());
    }

    @Test
    void piecesThatDoNotFitAreRejectedBeforeTheEngineLoads() {
        ModelSpec wide = ModelSpec.block("wide", PcAsgdTest::twoLayer, new int[] {10}, 3);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> plan().model(wide).build());
        assertEquals("the data's examples have shape [8] (8 values) but model wide takes [10] (10 values)", shape.getMessage());

        ModelSpec four = ModelSpec.block("four", PcAsgdTest::twoLayer, new int[] {8}, 4);
        IllegalArgumentException classes = assertThrows(IllegalArgumentException.class, () -> plan().model(four).build());
        assertEquals("the data has 3 classes but model four returns 4 logits", classes.getMessage());

        Dataset flat = Datasets.fromArrays("flat", new float[2 * 4], new int[] {0, 1}, new int[] {4}, 3);
        IllegalArgumentException trainTest = assertThrows(IllegalArgumentException.class,
                () -> plan().data(TRAIN, flat).build());
        assertEquals("training examples have shape [8] but test examples [4]", trainTest.getMessage());

        Dataset five = TRAIN.head(5);
        IllegalArgumentException tooFew = assertThrows(IllegalArgumentException.class,
                () -> plan().data(five, TEST).topology(Topology.ring(8)).build().run());
        assertEquals("cannot split 5 training examples across 8 agents", tooFew.getMessage());

        assertThrows(IllegalArgumentException.class, () -> plan().epochs(0).build());
        IllegalArgumentException topology = assertThrows(IllegalArgumentException.class,
                () -> Topology.named("hypercube", 8, 0));
        assertTrue(topology.getMessage().contains("'hypercube'") && topology.getMessage().contains("ring"), topology.getMessage());
    }

    @Test
    void aModelThatCannotTakeItsDeclaredShapeFailsWhenTheRunStarts() {
        // a network whose second layer insists on 5 inputs cannot follow a first layer of 16 units
        ModelSpec broken = ModelSpec.block("broken", () -> new SequentialBlock().add(Linear.builder().setUnits(16).build())
                .add(x -> new ai.djl.ndarray.NDList(x.singletonOrThrow().reshape(-1, 5)))
                .add(Linear.builder().setUnits(3).build()), new int[] {8}, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plan().model(broken).run());
        assertTrue(e.getMessage().startsWith("broken"), e.getMessage());
    }

    @Test
    void modelSpecsAreCheckedWhenMade() {
        assertEquals(ModelSpec.Kind.ZOO, ModelSpec.parse("lenet", new int[] {1, 28, 28}, 10).kind());
        assertEquals(ModelSpec.Kind.TORCH_SCRIPT, ModelSpec.parse(TrainingResultTest.TINY_MLP.toString(),
                new int[] {1, 28, 28}, 10).kind());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ModelSpec.parse("no/such/model.pt", new int[] {4}, 3));
        assertEquals("TorchScript file no/such/model.pt does not exist or is not a file", missing.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> ModelSpec.zoo("alexnet", new int[] {1, 28, 28}, 10));
        assertTrue(unknown.getMessage().contains("unknown model 'alexnet'"), unknown.getMessage());
        IllegalArgumentException weights = assertThrows(IllegalArgumentException.class,
                () -> MODEL.withInitialWeights(DjlOracle.InitialWeights.FROM_MODEL));
        assertTrue(weights.getMessage().contains("TorchScript"), weights.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.block("one", PcAsgdTest::twoLayer, new int[] {8}, 1));
    }
}

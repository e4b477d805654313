package pcasgd.runtime;

import pcasgd.metrics.RunInfo;
import pcasgd.metrics.TrainingListener;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import pcasgd.agent.BatchSource;
import pcasgd.agent.TrainingDivergedException;
import pcasgd.algorithm.AlgorithmConfig;
import pcasgd.algorithm.Method;
import pcasgd.data.BatchSampler;
import pcasgd.data.Dataset;
import pcasgd.data.Partitioner;
import pcasgd.delay.DelaySpec;
import pcasgd.engine.LeastSquaresOracle;
import pcasgd.metrics.EpochMetrics;
import pcasgd.topology.Graph;
import pcasgd.topology.MixingMatrix;

/** The listener protocol: start, epochs, finish — finish also when a run stops on divergence. */
class SimulatedRuntimeListenerTest {
    static final Dataset DATA = LeastSquaresOracle.generate(200, 4, 0.1, 3);

    static SimulationSpec spec(double learningRate) {
        Graph g = Graph.ring(4);
        int[][] shards = Partitioner.iid(DATA.size(), 4, 1);
        List<BatchSource> sources = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sources.add(new BatchSampler(DATA, shards[i], 5, i, 1)::next);
        }
        AlgorithmConfig algo = AlgorithmConfig.builder().method(Method.PC_ASGD).learningRate(learningRate).momentum(0)
                .weightDecay(0).perLayer(false).build();
        return SimulationSpec.builder().method("pc-asgd").oracle(new LeastSquaresOracle(4, 0.0)).rule(algo.rule())
                .network(g, MixingMatrix.metropolisHastings(g)).delays(DelaySpec.fixed(2, 0.5, 1).build(g))
                .data(DATA, DATA).sources(sources).batchSize(5).epochs(3).stepsPerEpoch(10).initSeed(1)
                .evaluateAgents(false).build();
    }

    static final class Recorder implements TrainingListener {
        final List<String> events = new ArrayList<>();
        @Override public void onStart(RunInfo info) { events.add("start"); }
        @Override public void onEpoch(EpochMetrics m) { events.add("epoch " + m.epoch()); }
        @Override public void onAverage(int epoch, float[] x) { events.add("average " + epoch + " of " + x.length); }
        @Override public void onFinish() { events.add("finish"); }
    }

    @Test
    void normalRunReportsStartEpochsFinish() {
        Recorder r = new Recorder();
        try (SimulatedRuntime sim = new SimulatedRuntime(spec(0.05), List.of(r))) {
            sim.run();
        }
        assertEquals(List.of("start", "epoch 1", "average 1 of 4", "epoch 2", "average 2 of 4", "epoch 3", "average 3 of 4",
                "finish"), r.events);
    }

    @Test
    void divergedRunStillFinishesItsListeners() {
        Recorder r = new Recorder();
        try (SimulatedRuntime sim = new SimulatedRuntime(spec(1e6), List.of(r))) {
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, sim::run);
            assertTrue(e.getMessage().contains("at step " + e.step() + " on agent " + e.agent()), e.getMessage());
        }
        assertEquals("start", r.events.get(0));
        assertEquals("finish", r.events.get(r.events.size() - 1));
    }
}

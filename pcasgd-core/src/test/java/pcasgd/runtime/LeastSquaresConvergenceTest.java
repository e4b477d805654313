package pcasgd.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pcasgd.agent.BatchSource;
import pcasgd.algorithm.AlgorithmConfig;
import pcasgd.algorithm.Method;
import pcasgd.data.BatchSampler;
import pcasgd.data.Dataset;
import pcasgd.data.Partitioner;
import pcasgd.delay.DelaySpec;
import pcasgd.delay.DelayModel;
import pcasgd.engine.LeastSquaresOracle;
import pcasgd.metrics.EpochAggregation;
import pcasgd.topology.Graph;
import pcasgd.topology.MixingMatrix;

/**
 * A strongly convex least-squares problem with known optimum x*: every method must converge to a
 * small neighbourhood of x*, and under delay PC-ASGD must end much closer to x* than stale DSGD, on
 * every seed.
 */
class LeastSquaresConvergenceTest {
    static final int DIM = 10;
    static final Dataset DATA = LeastSquaresOracle.generate(1600, DIM, 0.1, 7);
    static final LeastSquaresOracle ORACLE = new LeastSquaresOracle(DIM, 0.01);
    static final double[] OPTIMUM = ORACLE.optimum(DATA);

    static double distanceToOptimum(Method method, int tau, int epochs) {
        return distanceToOptimum(method, tau, epochs, 3, 5);
    }

    /**
     * ‖x̄ − x*‖ at the end of a run on a ring of 8 with half the links {@code tau} steps late;
     * {@code dataSeed} draws the shards and minibatches, {@code delaySeed} which links are late.
     */
    static double distanceToOptimum(Method method, int tau, int epochs, long dataSeed, long delaySeed) {
        Graph g = method.singleModel() ? Graph.fromEdges(1, List.of()) : Graph.ring(8);
        int n = g.size();
        int batch = method.singleModel() ? 8 * 8 : 8;
        int[][] shards = n == 1 ? new int[][] {java.util.stream.IntStream.range(0, DATA.size()).toArray()}
                : Partitioner.iid(DATA.size(), n, dataSeed);
        List<BatchSource> sources = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sources.add(new BatchSampler(DATA, shards[i], batch, i, dataSeed)::next);
        }
        DelayModel delays = DelaySpec.fixed(tau, 0.5, delaySeed).build(g);
        AlgorithmConfig algo = AlgorithmConfig.builder().method(method).learningRate(0.05).momentum(0.5).weightDecay(0)
                .perLayer(false).build();
        SimulationSpec spec = SimulationSpec.builder().method(method.id()).oracle(ORACLE).rule(algo.rule())
                .network(g, MixingMatrix.metropolisHastings(g)).delays(delays).synchronous(method.waitsForNeighbours())
                .data(DATA, DATA).sources(sources).batchSize(batch).epochs(epochs).stepsPerEpoch(25).initSeed(1)
                .workers(2).evaluateAgents(false).build();
        try (SimulatedRuntime sim = new SimulatedRuntime(spec, List.of())) {
            sim.run();
            float[] mean = EpochAggregation.average(sim.agentParameters());
            double s = 0;
            for (int d = 0; d < DIM; d++) {
                s += (mean[d] - OPTIMUM[d]) * (mean[d] - OPTIMUM[d]);
            }
            return Math.sqrt(s);
        }
    }

    @Test
    void everyMethodConvergesNearTheOptimum() {
        double start = 0;
        for (double v : OPTIMUM) {
            start += v * v;
        }
        start = Math.sqrt(start);
        Map<Method, Double> dist = new EnumMap<>(Method.class);
        for (Method m : Method.values()) {
            dist.put(m, distanceToOptimum(m, 4, 8));
        }
        for (Map.Entry<Method, Double> e : dist.entrySet()) {
            assertTrue(e.getValue() < 0.05 * start, e.getKey().id() + " ended " + e.getValue() + " from x*, started " + start);
        }
    }

    @Test
    void underDelayPcAsgdEndsAtLeastTwiceAsCloseAsStaleDsgdOnEverySeed() {
        // paired: the same shards, minibatches and late links for both methods on each seed. Over seeds 1-10
        // PC-ASGD ended 0.0018-0.0058 from x* (the synchronous run's own noise floor, 0.004-0.007) and stale DSGD
        // 0.023-0.039, a ratio of 0.05-0.19; asking for at most 0.5 on each of 8 seeds leaves 2.6x the worst
        // ratio seen, and still fails a PC-ASGD that removes less than half of what staleness costs
        List<String> report = new ArrayList<>();
        double worst = 0;
        for (long seed = 1; seed <= 8; seed++) {
            double pc = distanceToOptimum(Method.PC_ASGD, 8, 8, seed, seed);
            double stale = distanceToOptimum(Method.STALE_DSGD, 8, 8, seed, seed);
            report.add("seed " + seed + ": " + pc + " vs " + stale);
            worst = Math.max(worst, pc / stale);
        }
        assertTrue(worst <= 0.5, "PC-ASGD vs stale DSGD distance to x*, worst ratio " + worst + ": " + report);
    }
}

package pcasgd.runtime.cluster;

import java.util.ArrayList;
import java.util.List;
import pcasgd.algorithm.AlgorithmConfig;
import pcasgd.algorithm.Method;
import pcasgd.data.BatchSampler;
import pcasgd.data.Dataset;
import pcasgd.data.Partitioner;
import pcasgd.delay.DelayModel;
import pcasgd.delay.DelaySpec;
import pcasgd.engine.LeastSquaresOracle;
import pcasgd.agent.BatchSource;
import pcasgd.runtime.SimulationSpec;
import pcasgd.topology.Graph;
import pcasgd.topology.MixingMatrix;

/** A tiny least-squares run on a ring: cheap enough for several JVMs on two cores. */
public final class LeastSquaresProblem {
    static final int DIM = 10;
    static final Dataset DATA = LeastSquaresOracle.generate(1600, DIM, 0.1, 7);
    static final Dataset TEST = DATA.head(400);
    static final LeastSquaresOracle ORACLE = new LeastSquaresOracle(DIM, 0.01);

    public static SimulationSpec spec(Method method, int agents, int epochs, int stepsPerEpoch) {
        return spec(method, agents, epochs, stepsPerEpoch, null);
    }

    /** As {@link #spec(Method, int, int, int)}, with the simulator's delays from {@code delays} (null: none). */
    public static SimulationSpec spec(Method method, int agents, int epochs, int stepsPerEpoch, DelayModel delays) {
        Graph g = Graph.ring(agents);
        int batch = 8;
        int[][] shards = Partitioner.iid(DATA.size(), agents, 3);
        List<BatchSource> sources = new ArrayList<>();
        for (int i = 0; i < agents; i++) {
            sources.add(new BatchSampler(DATA, shards[i], batch, i, 3)::next);
        }
        AlgorithmConfig algo = AlgorithmConfig.builder().method(method).learningRate(0.05).momentum(0.5).weightDecay(0)
                .perLayer(false).build();
        return SimulationSpec.builder().method(method.id()).oracle(ORACLE).rule(algo.rule())
                .network(g, MixingMatrix.metropolisHastings(g)).delays(delays != null ? delays : DelaySpec.none().build(g))
                .synchronous(method.waitsForNeighbours()).data(DATA, TEST).sources(sources).batchSize(batch)
                .epochs(epochs).stepsPerEpoch(stepsPerEpoch).initSeed(1).workers(2).evaluateAgents(false).build();
    }
}

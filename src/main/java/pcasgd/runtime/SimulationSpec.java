package pcasgd.runtime;

import java.util.List;
import pcasgd.algorithm.UpdateRule;
import pcasgd.data.Dataset;
import pcasgd.delay.DelayModel;
import pcasgd.engine.GradientOracle;
import pcasgd.topology.Graph;
import pcasgd.topology.MixingMatrix;

/**
 * Everything a simulated run needs, already built and validated.
 *
 * @param sources            one batch stream per agent (its own shard)
 * @param waitForNeighbours  synchronous methods: every message counts as on time
 * @param candidateExamples  examples of the minibatch the loss condition evaluates on (0 = all)
 * @param workers            threads computing agents side by side (results never depend on it)
 * @param evaluateAgents     also test each agent's own model every epoch, not only x̄
 */
public record SimulationSpec(
        String method,
        GradientOracle oracle,
        UpdateRule rule,
        boolean needsCandidateEvaluator,
        int candidateExamples,
        Graph graph,
        MixingMatrix mixing,
        DelayModel delays,
        boolean waitForNeighbours,
        Dataset trainSet,
        Dataset testSet,
        List<BatchSource> sources,
        int batchSize,
        int epochs,
        int stepsPerEpoch,
        long initSeed,
        int workers,
        boolean evaluateAgents) {

    public SimulationSpec {
        if (sources.size() != graph.size() || mixing.size() != graph.size()) {
            throw new IllegalArgumentException("graph has " + graph.size() + " agents but " + sources.size()
                    + " batch sources and a " + mixing.size() + "x" + mixing.size() + " mixing matrix");
        }
        if (epochs < 1 || stepsPerEpoch < 1 || batchSize < 1 || workers < 1) {
            throw new IllegalArgumentException("epochs, steps per epoch, batch size and workers must be >= 1");
        }
    }

    public int agents() {
        return graph.size();
    }
}

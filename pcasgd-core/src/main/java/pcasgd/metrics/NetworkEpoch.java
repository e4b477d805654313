package pcasgd.metrics;

import java.util.List;
import pcasgd.engine.GradientOracle;
import pcasgd.engine.ParameterLayout;

/**
 * The network at the end of an epoch, as network-level metrics see it: the reporting agents'
 * parameters, their average x̄ and its evaluation on the test set, each agent's own evaluation
 * (when the run evaluates agents), and the runtime's clock. Evaluations are computed once and shared.
 */
public interface NetworkEpoch {
    int epoch();

    long step();

    /** Parameters of the reporting agents, in agent order. */
    List<float[]> params();

    /**
     * x̄ = (1/n) Σ_i x_i over the reporting agents, its running statistics (non-trainable segments)
     * then recomputed at its own weights on training batches.
     */
    float[] average();

    /** x̄ on the test set. */
    GradientOracle.Evaluation averageEvaluation();

    /** Each reporting agent's own test accuracy; empty when the run does not evaluate agents. */
    double[] agentAccuracies();

    /** Cumulative simulated time in local-step units (synchronous methods pay for waiting); NaN in real runtimes. */
    double simulatedTime();

    /** Names and bounds of the layers of the flat parameter vector. */
    ParameterLayout layout();
}

package pcasgd.algorithm;

/**
 * One decentralized update: from agent i's inputs at step k to x_i^{k+1}. Rules are pure functions
 * of the {@link StepContext} and the explicit {@link AgentState}; the same rule objects serve the
 * simulator and the actor runtimes.
 */
public interface UpdateRule {

    /** Fresh state for one agent with a flat parameter vector of {@code dimension} floats. */
    AgentState init(int dimension, int segments);

    /** Writes x_i^{k+1} into {@code out} (which must not alias any input array). */
    void step(StepContext context, AgentState state, float[] out);

    /** Whether the rule reads the neighbours' gradients ĝ_j; when false, runtimes need not send them. */
    default boolean usesNeighbourGradients() {
        return true;
    }
}

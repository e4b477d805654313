package pcasgd.algorithm;

/**
 * The one piece in which the methods differ: how the consensus mix treats neighbour copies that
 * are late. Writes {@code out = mix(x_i, copies) + v_i}, where v_i is this step's heavy-ball
 * velocity already computed by {@link ConsensusSgd}.
 */
interface StalenessPolicy {
    void combine(StepContext c, AgentState s, float[] velocity, float[] out);
}

package pcasgd.algorithm;

/** No communication: x_i^{k+1} = x_i^k + v_i, plain local SGD on the agent's own shard (the {@code local} baseline). */
final class Isolated implements StalenessPolicy {
    @Override
    public void combine(StepContext c, AgentState s, float[] velocity, int lo, int hi, float[] out) {
        float[] x = c.params();
        for (int d = lo; d < hi; d++) {
            out[d] = x[d] + velocity[d];
        }
    }
}

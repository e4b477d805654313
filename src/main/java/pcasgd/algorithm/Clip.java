package pcasgd.algorithm;

/** Clipping step: drop the late copies and mix only on-time ones, x_i^C = Σ w̃_ij x_j^k + v_i. */
final class Clip implements StalenessPolicy {
    private final ClipWeights weights;

    Clip(ClipWeights weights) {
        this.weights = weights;
    }


    @Override
    public void combine(StepContext c, AgentState s, float[] velocity, int lo, int hi, float[] out) {
        Mixing.mixOnTime(c, weights, velocity, lo, hi, out);
    }
}

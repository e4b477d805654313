package pcasgd.algorithm;

/** Clipping step: drop the late copies and mix only on-time ones, x_i^C = Σ w̃_ij x_j^k + v_i. */
final class Clip implements StalenessPolicy {
    private final ClipWeights weights;

    Clip(ClipWeights weights) {
        this.weights = weights;
    }


    /** out = θ out + (1 − θ) x^C; false when x^C must go through a buffer (more than two on-time neighbours). */
    boolean blendInto(StepContext c, float[] velocity, int lo, int hi, float theta, float[] out) {
        return Mixing.blendOnTime(c, weights, velocity, lo, hi, theta, out);
    }

    @Override
    public void combine(StepContext c, AgentState s, float[] velocity, int lo, int hi, float[] out) {
        Mixing.mixOnTime(c, weights, velocity, lo, hi, out);
    }
}

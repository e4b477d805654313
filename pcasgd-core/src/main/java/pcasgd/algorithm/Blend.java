package pcasgd.algorithm;

/** PC-ASGD with a fixed trade-off: x_i^{k+1} = θ x_i^P + (1 − θ) x_i^C (Algorithm 1). */
final class Blend implements StalenessPolicy {
    private final float theta;
    private final Predict predict;
    private final Clip clip;

    Blend(double theta, Predict predict, Clip clip) {
        this.theta = (float) theta;
        this.predict = predict;
        this.clip = clip;
    }

    @Override
    public void prepare(StepContext c, AgentState s) {
        predict.prepare(c, s);
    }

    @Override
    public void combine(StepContext c, AgentState s, float[] velocity, int lo, int hi, float[] out) {
        predict.combine(c, s, velocity, lo, hi, out);
        if (s.prediction().lateCount == 0) {
            return; // both candidates equal the plain mix
        }
        // x^P is in out; x^C is formed in registers where it can be, else in a reused buffer, and
        // blended within the block while both are in cache
        if (clip.blendInto(c, velocity, lo, hi, theta, out)) {
            return;
        }
        float[] q = s.candidate();
        clip.combine(c, s, velocity, lo, hi, q);
        float rest = 1f - theta;
        for (int d = lo; d < hi; d++) {
            out[d] = theta * out[d] + rest * q[d];
        }
    }

    @Override
    public void finish(StepContext c, AgentState s, float[] out) {
        predict.finish(c, s, out);
    }

    @Override
    public boolean usesNeighbourGradients() {
        return predict.usesNeighbourGradients();
    }
}

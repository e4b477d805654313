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
    public void combine(StepContext c, AgentState s, float[] velocity, float[] out) {
        if (!c.anyDelayed()) {
            // both candidates equal the plain mix; predict still keeps its mean square current
            predict.combine(c, s, velocity, out);
            return;
        }
        float[] p = s.candidateA();
        predict.combine(c, s, velocity, p);
        clip.combine(c, s, velocity, out);
        float rest = 1f - theta;
        for (int d = 0; d < out.length; d++) {
            out[d] = theta * p[d] + rest * out[d];
        }
    }
}

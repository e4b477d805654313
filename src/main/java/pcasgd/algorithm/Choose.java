package pcasgd.algorithm;

/**
 * PC-ASGD practical variant (Algorithm 2): θ_k ∈ {0, 1} picked every step — per layer or for the
 * whole vector — by a {@link ChoiceCondition}; every decision is counted in the agent's state.
 * Steps without a late neighbour decide nothing: both candidates are then the plain mix.
 */
final class Choose implements StalenessPolicy {
    private final Predict predict;
    private final Clip clip;
    private final ChoiceCondition condition;
    private final boolean perLayer;

    Choose(Predict predict, Clip clip, ChoiceCondition condition, boolean perLayer) {
        this.predict = predict;
        this.clip = clip;
        this.condition = condition;
        this.perLayer = perLayer;
    }

    @Override
    public void combine(StepContext c, AgentState s, float[] velocity, float[] out) {
        if (!c.anyDelayed()) {
            predict.combine(c, s, velocity, out);
            return;
        }
        float[] p = s.candidateA();
        float[] q = s.candidateB();
        predict.combine(c, s, velocity, p);
        clip.combine(c, s, velocity, q);
        int[] bounds = perLayer ? c.segmentBounds() : new int[] {0, out.length};
        int segments = bounds.length - 1;
        condition.choose(c, p, q, bounds, s.segmentChoice);
        for (int k = 0; k < segments; k++) {
            float[] src = s.segmentChoice[k] ? p : q;
            System.arraycopy(src, bounds[k], out, bounds[k], bounds[k + 1] - bounds[k]);
        }
        s.recordChoices(segments);
    }
}

package pcasgd.algorithm;

/**
 * PC-ASGD practical variant (Algorithm 2): θ_k ∈ {0, 1} picked every step — per layer or for the
 * whole vector — by a {@link ChoiceCondition}; every decision of a voting layer is counted, per
 * layer, in {@link #DECIDED} and, where it chose predicting, {@link #PREDICTED}. Steps without a late
 * copy decide nothing: both candidates are then the plain mix. (Public for its counters only.)
 *
 * <p>The predicting candidate is written straight into {@code out} and the clipping one into a
 * reused buffer; segments where clipping wins are copied over at the end.
 */
public final class Choose implements StalenessPolicy {
    /** Per layer, the decisions that chose the predicting candidate. */
    public static final Counter PREDICTED = Counter.perSegment("predicted");
    /** Per layer, the decisions made at all (a layer votes iff it trains and its gradient is not identically zero). */
    public static final Counter DECIDED = Counter.perSegment("decided");

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
    public void prepare(StepContext c, AgentState s) {
        predict.prepare(c, s);
    }

    @Override
    public void combine(StepContext c, AgentState s, float[] velocity, int lo, int hi, float[] out) {
        predict.combine(c, s, velocity, lo, hi, out);
        if (s.prediction().lateCount > 0) {
            clip.combine(c, s, velocity, lo, hi, s.candidate());
        }
    }

    @Override
    public void finish(StepContext c, AgentState s, float[] out) {
        predict.finish(c, s, out);
        if (s.prediction().lateCount == 0) {
            return;
        }
        float[] q = s.candidate();
        int[] bounds = c.segmentBounds();
        ChoiceState choices = s.choices();
        choices.findVoters(c);
        condition.choose(c, out, q, bounds, choices.votes, perLayer, choices.choosePredict);
        for (int k = 0; k + 1 < bounds.length; k++) {
            if (!choices.choosePredict[k]) {
                System.arraycopy(q, bounds[k], out, bounds[k], bounds[k + 1] - bounds[k]);
            }
        }
        count(choices, bounds.length - 1, s.tallies());
    }

    /** Counts this step's decisions of the voting segments. */
    private static void count(ChoiceState choices, int segments, Tallies t) {
        double[] predicted = t.slot(PREDICTED);
        double[] decided = t.slot(DECIDED);
        for (int k = 0; k < segments; k++) {
            if (choices.votes[k]) {
                decided[k]++;
                if (choices.choosePredict[k]) {
                    predicted[k]++;
                }
            }
        }
    }

    @Override
    public boolean usesNeighbourGradients() {
        return predict.usesNeighbourGradients();
    }
}

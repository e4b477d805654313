package pcasgd.algorithm;

/**
 * The authors' draft code, kept as the reference: no forward step, only a correction of the stale
 * copy by its gradient's Hessian proxy ĝ⊙ĝ times agent i's own drift over the copy's age τ_ij:
 *
 * <pre>
 *   x̂_j^pred = x̂_j − c_j ⊙ (x̄_i − x_i^{k−τ_ij}),   c_j = min(α λ ĝ_j ⊙ ĝ_j, 1)
 * </pre>
 *
 * so Σ_j w_ij x̂_j^pred = Σ_j w_ij x̂_j − Σ_j w_ij c_j⊙(x̄_i − x_i^{k−τ_ij}), the draft's
 * x^P = x̄ − αλ Σ w ĝ⊙ĝ⊙(x̄ − x^{k−τ}) with the coefficient capped at 1 per coordinate (uncapped,
 * an adaptive λ drove it past 2 and the correction oscillated and grew) and held to the
 * {@link SelfWeightBound} Σ_j w_ij c_j ≤ w_ii like every predictor's. In practice the term is
 * 0.1–4 % of a gradient step: this predictor barely moves the copy.
 */
final class DraftPredictor implements Predictor {
    private final float learningRate;
    private final LambdaSpec lambda;

    DraftPredictor(double learningRate, LambdaSpec lambda) {
        this.learningRate = (float) learningRate;
        this.lambda = lambda;
    }

    @Override
    public void prepare(StepContext c, PredictionState s) {
        if (lambda.adaptive()) {
            s.updateMeanSquare(lambda.decay());
        }
    }

    @Override
    public void predict(StepContext c, PredictionState s, int m, float[] mix, float[] bound, int lo, int hi, float[] out) {
        NeighbourCopy n = s.late(m);
        float[] xh = n.params();
        float[] gh = n.grad();
        float[] past = c.history().paramsAgo(n.age());
        CappedCoefficient coef = new CappedCoefficient(lambda, s, learningRate);
        for (int d = lo; d < hi; d++) {
            out[d] = xh[d] - coef.at(d, gh[d], bound) * (mix[d] - past[d]);
        }
    }

    /** c_j: the weight moved from x̄_i onto x_i^{k−τ_ij}. */
    @Override
    public void coefficients(StepContext c, PredictionState s, int m, int lo, int hi, float[] out) {
        float[] gh = s.late(m).grad();
        CappedCoefficient coef = new CappedCoefficient(lambda, s, learningRate);
        for (int d = lo; d < hi; d++) {
            out[d] = coef.at(d, gh[d]);
        }
    }

    @Override
    public boolean usesNeighbourGradients() {
        return true;
    }
}

package pcasgd.algorithm;

/**
 * The per-coordinate coefficient of the Hessian term ĝ⊙ĝ in the draft and Taylor predictors, for one
 * late copy and one step h:
 *
 * <pre>
 *   c_d = min(h λ_d ĝ_d², 1),   λ_d = λ₀ / √(MŜ_d + ε) (adaptive, {@link LambdaSpec}) or λ (fixed)
 * </pre>
 *
 * capped at 1 so the correction never overshoots the difference it multiplies, then scaled by the
 * {@link SelfWeightBound} factor where that binds. Made once per copy, read once per coordinate.
 */
final class CappedCoefficient {
    private final float h;
    private final float hl;
    private final float[] ms;
    private final float bc;
    private final float l0;
    private final float eps;

    /** @param s the predictor's state, whose mean square of the received ĝ is current for this step (adaptive λ) */
    CappedCoefficient(LambdaSpec lambda, PredictionState s, float h) {
        this.h = h;
        this.hl = h * (float) lambda.value();
        this.ms = lambda.adaptive() ? s.meanSquare() : null;
        this.bc = lambda.adaptive() ? s.biasCorrection(lambda.decay()) : 1f;
        this.l0 = (float) lambda.value();
        this.eps = (float) lambda.epsilon();
    }

    /** c_d for coordinate {@code d} of a copy whose gradient there is {@code g}. */
    float at(int d, float g) {
        float scale = ms == null ? hl : h * (l0 / (float) Math.sqrt(ms[d] * bc + eps));
        return Math.min(scale * g * g, 1f);
    }

    /** c_d times the self-weight bound's factor {@code bound[d]} (null: the bound does not bind this step). */
    float at(int d, float g, float[] bound) {
        return bound == null ? at(d, g) : at(d, g) * bound[d];
    }
}

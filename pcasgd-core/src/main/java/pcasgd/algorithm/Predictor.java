package pcasgd.algorithm;

/**
 * How the predicting step brings a late copy forward: from x̂_j, sent {@code age} ≥ 1 steps ago, an
 * estimate x̂_j^pred of j's present x_j^k, which the mix then uses in place of x̂_j:
 *
 * <pre>
 *   x_i^P = w_ii x_i^k + Σ_{j∈U_i} w_ij x_j^k + Σ_{j∈D_i} w_ij x̂_j^pred + v_i
 * </pre>
 *
 * A predictor is one class, named and made by its constant in {@link PredictorSpec.Kind}.
 * {@link #predict} is called per block of the vector (the fused kernel) or once for the whole vector
 * (the reference kernel) and must compute each element the same way in both.
 */
public interface Predictor {
    /** Once per step, before any block, with the late copies in {@code s}: whole-vector bookkeeping. */
    default void prepare(StepContext c, PredictionState s) { }

    /**
     * Writes x̂_j^pred of the {@code m}-th late copy over {@code [lo, hi)} into {@code out}, its coefficient
     * c_j,d scaled by {@code bound[d]} ({@link SelfWeightBound}; null where the bound cannot bind this step).
     *
     * @param mix x̄_i over the block: the stale mix of all held copies as they are, plus v_i
     */
    void predict(StepContext c, PredictionState s, int m, float[] mix, float[] bound, int lo, int hi, float[] out);

    /**
     * Writes into {@code out[lo, hi)} the share c_j,d ∈ [0, 1] of its weight w_ij that the {@code m}-th late
     * copy's predicting term moves, per coordinate, before the {@link SelfWeightBound}.
     */
    void coefficients(StepContext c, PredictionState s, int m, int lo, int hi, float[] out);

    /** An upper bound of the {@code m}-th late copy's c_j,d over every coordinate (once per step, after {@link #prepare}). */
    default float maxCoefficient(StepContext c, PredictionState s, int m) {
        return 1f;
    }

    /** The trust factor β applied to the {@code m}-th late copy this step; NaN if the predictor has none. */
    default double trust(PredictionState s, int m) {
        return Double.NaN;
    }

    /** Whether the predictor reads the neighbours' gradients ĝ_j (runtimes then send them). */
    boolean usesNeighbourGradients();
}

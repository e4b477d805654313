package pcasgd.algorithm;

/**
 * Keeps the predicting step from amplifying. Each late copy's predicting term moves a share
 * c_j,d ∈ [0, 1] of its weight w_ij per coordinate ({@link Predictor#coefficients}): the Taylor
 * predictor takes it off agent i's own x_i^k, the draft off the stale mix x̄_i, the extrapolating
 * predictor off j's copy at the start of the window its velocity was seen over. Capping each c_j at 1
 * is not enough: with two or more late neighbours the self-weight w_ii − Σ_{j∈D_i} w_ij c_j goes
 * negative (ring of 8, every link late, θ = 1, Taylor at the cap: spectral radius 4/3 at τ = 1). So
 * the late neighbours' coefficients are scaled together, per coordinate:
 *
 * <pre>
 *   c_j,d ← c_j,d · min(1, w_ii / Σ_{j∈D_i} w_ij c_j,d)      ⇒  w_ii − Σ_{j∈D_i} w_ij c_j,d ≥ 0
 * </pre>
 *
 * Why this cannot amplify, per predictor (its own forward step aside: Taylor's −β h ĝ_j is a
 * gradient step, not a weight):
 * <ul>
 *   <li>Taylor: x_i^P = (w_ii − Σ_D w_ij c_j) x_i^k + Σ_U w_ij x_j^k + Σ_D w_ij (1 + c_j) x̂_j + v_i. With
 *       the bound every weight is ≥ 0 and they sum to 1: x_i^P − v_i lies within the values it mixes,
 *       so no mode of the linearised step grows (spectral radius ≤ 1). x_i^C has non-negative weights
 *       too (W̃), so θ x^P + (1 − θ) x^C keeps this for every θ.</li>
 *   <li>draft: x_i^P = (1 − Σ_D w_ij c_j) x̄_i + Σ_D w_ij c_j x_i^{k−τ_ij}: non-negative weights already,
 *       since Σ_D w_ij c_j ≤ 1 − w_ii; the bound only holds it to the same rule (its coefficient is
 *       0.1–4 % of a step in practice, far below w_ii).</li>
 *   <li>extrapolate: x̂_j^pred = x̂_j + c_j (x_j^a − x_j^{a−L}), the window's displacement limited by
 *       minmod, c_j = β min(τ_ij, L)/L: the negative weight sits on j's older copy, not on x_i^k, so no
 *       sign argument holds and this is not proven. Measured on the ring of 8 with every link late
 *       ({@code SelfWeightBoundTest}): unbounded the step grows by 1.014 per step at τ = 2 and 1.005
 *       at τ = 4; bounded it does not grow at τ = 1, 2, 4, 16. The limiter is part of it: a model of the
 *       step with the velocity frozen to the last window (no minmod) still grows for τ ≥ 2 under the bound.</li>
 * </ul>
 * The agent's own step −α g_i comes on top, as in any step-size condition: where the bound holds the
 * self-weight at 0, x_i^k keeps −α a (curvature a) of weight. On the ring above at τ = 1 with μ = 0 the
 * whole step then grows by about 1 + α a/6 per step (1.0017 at α a = 0.01); with μ = 0.9 it does not.
 */
final class SelfWeightBound {
    private SelfWeightBound() { }

    /** Whether the bound can bind this step at all: Σ_{j∈D_i} w_ij max_d c_j,d > w_ii (else every factor is 1). */
    static boolean canBind(StepContext c, PredictionState s, Predictor predictor) {
        float total = 0;
        for (int m = 0; m < s.lateCount; m++) {
            total += s.lateWeight[m] * predictor.maxCoefficient(c, s, m);
        }
        return total > (float) c.selfWeight();
    }

    /**
     * Writes min(1, w_ii / Σ_{j∈D_i} w_ij c_j,d) into {@code factor[lo, hi)}.
     *
     * @param scratch a buffer the coefficients of one copy are written into (overwritten)
     */
    static void factors(StepContext c, PredictionState s, Predictor predictor, int lo, int hi, float[] scratch,
                        float[] factor) {
        for (int m = 0; m < s.lateCount; m++) {
            predictor.coefficients(c, s, m, lo, hi, scratch);
            float w = s.lateWeight[m];
            if (m == 0) {
                for (int d = lo; d < hi; d++) {
                    factor[d] = w * scratch[d];
                }
            } else {
                for (int d = lo; d < hi; d++) {
                    factor[d] += w * scratch[d];
                }
            }
        }
        float wii = (float) c.selfWeight();
        for (int d = lo; d < hi; d++) {
            float taken = factor[d];
            factor[d] = taken > wii ? wii / taken : 1f;
        }
    }
}

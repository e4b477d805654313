package pcasgd.algorithm;

/**
 * The paper's abstract read literally: predict the late neighbour's gradient at the present by a
 * first-order Taylor expansion whose Hessian is approximated by ĝ⊙ĝ (DC-ASGD), with agent i's
 * own x_i^k standing in for j's unknown present, and roll the stale copy forward with it over
 * its staleness τ_ij (its age in lockstep) — a heavy-ball agent in steady state moves −α/(1 − μ)
 * times its gradient per step:
 *
 * <pre>
 *   ĝ_j^pred  = ĝ_j + λ ĝ_j⊙ĝ_j⊙(x_i^k − x̂_j)
 *   x̂_j^pred = x̂_j − β h ĝ_j^pred,   h = τ_ij α / (1 − μ)
 *             = x̂_j − β h ĝ_j − min(β h λ ĝ_j⊙ĝ_j, 1)⊙(x_i^k − x̂_j)
 * </pre>
 *
 * with the Hessian coefficient capped at 1 per coordinate and held, with the other late copies', to the
 * {@link SelfWeightBound} Σ_j w_ij c_j ≤ w_ii (its term takes c_j w_ij off x_i^k), and β the trust factor (fixed, 1 = the
 * literal reading; or fitted online per neighbour with u_j = −α/(1 − μ)·ĝ_j as the velocity the
 * forecast is checked against). A single minibatch gradient is noisy, and h multiplies its noise.
 */
final class TaylorPredictor implements Predictor {
    private final float learningRate;
    private final float stepsPerGradient;
    private final LambdaSpec lambda;
    private final DampingSpec damping;

    TaylorPredictor(double learningRate, double momentum, LambdaSpec lambda, DampingSpec damping) {
        this.learningRate = (float) learningRate;
        this.stepsPerGradient = (float) (1 / (1 - momentum));
        this.lambda = lambda;
        this.damping = damping;
    }

    @Override
    public void prepare(StepContext c, PredictionState s) {
        if (lambda.adaptive()) {
            s.updateMeanSquare(lambda.decay());
        }
        if (damping.auto()) {
            float perStep = -learningRate * stepsPerGradient;
            for (int m = 0; m < s.lateCount(); m++) {
                NeighbourCopy n = s.late(m);
                s.track(n.id()).observe(n, n.sentStep(c.step()), s.scratch(), damping.memory(), true,
                        (copy, displacement, window, u, first) -> {
                            float[] g = copy.grad();
                            for (int d = 0; d < u.length; d++) {
                                u[d] = perStep * g[d];
                            }
                            return true;
                        });
            }
        }
    }

    @Override
    public double trust(PredictionState s, int m) {
        return damping.auto() ? s.track(s.late(m).id()).beta() : damping.fixed();
    }

    /** β h for the {@code m}-th late copy. */
    private float forward(PredictionState s, int m) {
        return (float) trust(s, m) * s.late(m).staleness() * learningRate * stepsPerGradient;
    }

    @Override
    public void predict(StepContext c, PredictionState s, int m, float[] mix, float[] bound, int lo, int hi, float[] out) {
        NeighbourCopy n = s.late(m);
        float[] xh = n.params();
        float[] gh = n.grad();
        float[] x = c.params();
        float bh = forward(s, m);
        CappedCoefficient coef = new CappedCoefficient(lambda, s, bh);
        for (int d = lo; d < hi; d++) {
            out[d] = xh[d] - bh * gh[d] - coef.at(d, gh[d], bound) * (x[d] - xh[d]);
        }
    }

    /** c_j: the weight moved from x_i^k onto x̂_j (x̂_j^pred = (1 + c_j) x̂_j − c_j x_i^k − β h ĝ_j). */
    @Override
    public void coefficients(StepContext c, PredictionState s, int m, int lo, int hi, float[] out) {
        float[] gh = s.late(m).grad();
        CappedCoefficient coef = new CappedCoefficient(lambda, s, forward(s, m));
        for (int d = lo; d < hi; d++) {
            out[d] = coef.at(d, gh[d]);
        }
    }

    @Override
    public boolean usesNeighbourGradients() {
        return true;
    }
}

package pcasgd.algorithm;

/**
 * Strength λ of the Hessian term ĝ⊙ĝ in the draft and Taylor predictors: fixed, or adaptive per
 * coordinate, λ_t = λ₀ / √(MŜ_t + ε) (DC-ASGD-a), where MS tracks the quantity λ scales — the
 * received late gradients ĝ_j, not the agent's own — with decay m and bias correction
 * MŜ_t = MS_t / (1 − m^t). Whatever λ is, the predictors cap the per-coordinate coefficient it
 * produces at 1, so the correction never overshoots the difference it corrects.
 */
public record LambdaSpec(double value, boolean adaptive, double decay, double epsilon) {
    public LambdaSpec {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("lambda must be a finite number >= 0, got " + value);
        }
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("lambda mean-square decay must be in [0, 1), got " + decay);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("lambda epsilon must be > 0, got " + epsilon);
        }
    }

    public static LambdaSpec fixed(double lambda) {
        return new LambdaSpec(lambda, false, 0.95, 1e-8);
    }

    public static LambdaSpec adaptive(double lambda0, double decay) {
        return new LambdaSpec(lambda0, true, decay, 1e-8);
    }
}

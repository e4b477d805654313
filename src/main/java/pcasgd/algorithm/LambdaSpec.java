package pcasgd.algorithm;

/**
 * Strength of the predicting correction: fixed λ, or adaptive λ₀/√(MS + ε) with mean-square decay m.
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
        return new LambdaSpec(lambda, false, 0.95, 1e-7);
    }

    public static LambdaSpec adaptive(double lambda0, double decay) {
        return new LambdaSpec(lambda0, true, decay, 1e-7);
    }
}

package pcasgd.algorithm;

import java.util.List;
import java.util.Locale;

/**
 * Which predictor the predicting step uses, with its parameters: λ for the Hessian term of
 * {@code draft} and {@code taylor}, the trust factor β of the forward predictors {@code taylor} and
 * {@code extrapolate}, and whether the late copies' coefficients are held to the
 * {@link SelfWeightBound} (so the self-weight w_ii − Σ_j w_ij c_j stays ≥ 0 and the step cannot amplify).
 */
public record PredictorSpec(String name, LambdaSpec lambda, DampingSpec damping, boolean selfWeightBound) {
    public static final List<String> NAMES = List.of("draft", "taylor", "extrapolate");
    /** The default, chosen on a validation split of the training data (docs/results.md). */
    public static final String DEFAULT = "extrapolate";
    /** The default trust factor β of forward predictors, chosen with it. */
    public static final double DEFAULT_DAMPING = 1.0;
    /**
     * Off until the published sweeps are regenerated with it: on the torus of docs/results.md it changes
     * the default predictor's arithmetic wherever an agent has two or more late links.
     */
    public static final boolean DEFAULT_SELF_WEIGHT_BOUND = false;

    public PredictorSpec {
        name = name.trim().toLowerCase(Locale.ROOT);
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown predictor '" + name + "'; valid: " + String.join(", ", NAMES));
        }
    }

    /** A predictor with the default self-weight bound setting. */
    public PredictorSpec(String name, LambdaSpec lambda, DampingSpec damping) {
        this(name, lambda, damping, DEFAULT_SELF_WEIGHT_BOUND);
    }

    /** The same predictor with the self-weight bound on or off. */
    public PredictorSpec withSelfWeightBound(boolean on) {
        return new PredictorSpec(name, lambda, damping, on);
    }

    public static PredictorSpec defaults() {
        return new PredictorSpec(DEFAULT, LambdaSpec.adaptive(1.0, 0.95), DampingSpec.fixed(DEFAULT_DAMPING));
    }

    Predictor create(double learningRate, double momentum) {
        return switch (name) {
            case "draft" -> new DraftPredictor(learningRate, lambda);
            case "taylor" -> new TaylorPredictor(learningRate, momentum, lambda, damping);
            default -> new ExtrapolatePredictor(damping);
        };
    }
}

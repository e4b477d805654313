package pcasgd.algorithm;

import java.util.List;
import java.util.Locale;

/**
 * Which predictor the predicting step uses, with its parameters: λ for the Hessian term of
 * {@code draft} and {@code taylor}, the trust factor β of the forward predictors {@code taylor} and
 * {@code extrapolate}.
 */
public record PredictorSpec(String name, LambdaSpec lambda, DampingSpec damping) {
    public static final List<String> NAMES = List.of("draft", "taylor", "extrapolate");
    /** The default, chosen on a validation split of the training data (docs/results.md). */
    public static final String DEFAULT = "extrapolate";
    /** The default trust factor β of forward predictors, chosen with it. */
    public static final double DEFAULT_DAMPING = 1.0;

    public PredictorSpec {
        name = name.trim().toLowerCase(Locale.ROOT);
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown predictor '" + name + "'; valid: " + String.join(", ", NAMES));
        }
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

package pcasgd.algorithm;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which predictor the predicting step uses, with its parameters: λ for the Hessian term of the
 * predictors that {@link Kind#takesLambda() take it} ({@code draft}, {@code taylor}), the trust
 * factor β of those that {@link Kind#takesDamping() take one} (the forward predictors {@code taylor}
 * and {@code extrapolate}), and whether the late copies' coefficients are held to the
 * {@link SelfWeightBound} (so the self-weight w_ii − Σ_j w_ij c_j stays ≥ 0 and the step cannot amplify).
 */
public record PredictorSpec(String name, LambdaSpec lambda, DampingSpec damping, boolean selfWeightBound) {
    /**
     * The predictors: the name configs and run settings use, which parameters they take, and how one
     * is made. A new predictor is its class and one constant here.
     */
    public enum Kind {
        DRAFT("draft", true, false, (s, learningRate, momentum) -> new DraftPredictor(learningRate, s.lambda())),
        TAYLOR("taylor", true, true, (s, learningRate, momentum) -> new TaylorPredictor(learningRate, momentum, s.lambda(),
                s.damping())),
        EXTRAPOLATE("extrapolate", false, true, (s, learningRate, momentum) -> new ExtrapolatePredictor(s.damping()));

        private interface Factory {
            Predictor create(PredictorSpec spec, double learningRate, double momentum);
        }

        private final String id;
        private final boolean takesLambda;
        private final boolean takesDamping;
        private final Factory factory;

        Kind(String id, boolean takesLambda, boolean takesDamping, Factory factory) {
            this.id = id;
            this.takesLambda = takesLambda;
            this.takesDamping = takesDamping;
            this.factory = factory;
        }

        /** The name configs use, e.g. {@code extrapolate}. */
        public String id() {
            return id;
        }

        /** Whether it has a Hessian term of strength λ. */
        public boolean takesLambda() {
            return takesLambda;
        }

        /** Whether it steps forward by a trust factor β (the setting {@code damping}). */
        public boolean takesDamping() {
            return takesDamping;
        }

        /** The predictor of that name (any case), if there is one. */
        public static Optional<Kind> find(String name) {
            if (name == null) {
                return Optional.empty();
            }
            String key = name.trim().toLowerCase(Locale.ROOT);
            return Arrays.stream(values()).filter(k -> k.id.equals(key)).findFirst();
        }

        public static Kind named(String name) {
            return find(name).orElseThrow(() -> new IllegalArgumentException("unknown predictor '" + name + "'; valid: "
                    + String.join(", ", NAMES)));
        }
    }

    /** Every predictor's name, in {@link Kind} order. */
    public static final List<String> NAMES = Arrays.stream(Kind.values()).map(Kind::id).toList();
    /** The default, chosen on a validation split of the training data (docs/results.md). */
    public static final String DEFAULT = Kind.EXTRAPOLATE.id();
    /** The default trust factor β of forward predictors, chosen with it. */
    public static final double DEFAULT_DAMPING = 1.0;
    /** On: with two or more late neighbours an unbounded predicting step can amplify (see {@link SelfWeightBound}). */
    public static final boolean DEFAULT_SELF_WEIGHT_BOUND = true;

    public PredictorSpec {
        name = Kind.named(name).id();
    }

    /** A predictor with the default self-weight bound setting. */
    public PredictorSpec(String name, LambdaSpec lambda, DampingSpec damping) {
        this(name, lambda, damping, DEFAULT_SELF_WEIGHT_BOUND);
    }

    public Kind kind() {
        return Kind.named(name);
    }

    /** Whether the predictor of that name takes a trust factor β; false for a name that is no predictor. */
    public static boolean takesDamping(String name) {
        return Kind.find(name).map(Kind::takesDamping).orElse(false);
    }

    /** The same predictor with the self-weight bound on or off. */
    public PredictorSpec withSelfWeightBound(boolean on) {
        return new PredictorSpec(name, lambda, damping, on);
    }

    public static PredictorSpec defaults() {
        return new PredictorSpec(DEFAULT, LambdaSpec.adaptive(1.0, 0.95), DampingSpec.fixed(DEFAULT_DAMPING));
    }

    Predictor create(double learningRate, double momentum) {
        return kind().factory.create(this, learningRate, momentum);
    }
}

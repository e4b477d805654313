package pcasgd.algorithm;

/**
 * Hyper-parameters of one method, immutable; build with {@link #builder()}. θ matters only for
 * {@link Method#PC_ASGD}; the predictor for the methods that {@link Method#predicts()}; the condition
 * and per-layer flag for the one that {@link Method#choosesPerStep()} (the loss condition decides for
 * the whole vector: with it, per-layer is refused rather than ignored).
 */
public record AlgorithmConfig(
        Method method,
        double learningRate,
        double momentum,
        double weightDecay,
        double theta,
        PredictorSpec predictor,
        String condition,
        boolean perLayer,
        ClipWeights clipWeights,
        int warmupEpochs,
        Kernel kernel) {

    public AlgorithmConfig {
        if (method == null) {
            throw new IllegalArgumentException("method must be given; valid: " + Method.validNames());
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a finite number > 0, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be a finite number >= 0, got " + weightDecay);
        }
        if (!(theta >= 0 && theta <= 1)) {
            throw new IllegalArgumentException("theta must be in [0, 1], got " + theta);
        }
        if (warmupEpochs < 0) {
            throw new IllegalArgumentException("warm-up epochs must be >= 0, got " + warmupEpochs);
        }
        ChoiceCondition.named(condition);
        if (method.choosesPerStep() && perLayer && condition.equalsIgnoreCase("loss")) {
            throw new IllegalArgumentException("the loss condition compares the minibatch losses of the two whole"
                    + " candidates, one decision per step; it cannot decide per layer: set perLayer=false (or use"
                    + " condition=cosine, which decides per layer)");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this config's values. */
    public Builder toBuilder() {
        return new Builder().method(method).learningRate(learningRate).momentum(momentum).weightDecay(weightDecay)
                .theta(theta).predictor(predictor).condition(condition).perLayer(perLayer).clipWeights(clipWeights)
                .warmupEpochs(warmupEpochs).kernel(kernel);
    }

    /** Builds the update rule: every method is the same skeleton with its own staleness policy. */
    public UpdateRule rule() {
        StalenessPolicy policy = switch (method) {
            case PC_ASGD -> new Blend(theta, predict(), new Clip(clipWeights));
            case PC_ASGD_PV -> {
                ChoiceCondition c = ChoiceCondition.named(condition);
                yield new Choose(predict(), new Clip(clipWeights), c, perLayer);
            }
            case PREDICT_ONLY -> predict();
            case CLIP_ONLY -> new Clip(clipWeights);
            case STALE_DSGD, SYNC_DSGD, CENTRALIZED -> new KeepStale();
            case LOCAL -> new Isolated();
        };
        if (warmupEpochs > 0) {
            policy = new Warmup(warmupEpochs, policy);
        }
        return new ConsensusSgd(learningRate, momentum, weightDecay, policy, kernel);
    }

    private Predict predict() {
        return new Predict(predictor.create(learningRate, momentum), predictor.selfWeightBound());
    }

    /** The practical variant's condition needs candidate losses from the runtime. */
    public boolean needsCandidateEvaluator() {
        return method.choosesPerStep() && condition.equalsIgnoreCase("loss");
    }

    /** Defaults: PC-ASGD, α = 0.05, μ = 0.9, wd = 1e-4, θ = 0.5, the default predictor, cosine per layer. */
    public static final class Builder {
        private Method method = Method.PC_ASGD;
        private double learningRate = 0.05;
        private double momentum = 0.9;
        private double weightDecay = 1e-4;
        private double theta = 0.5;
        private PredictorSpec predictor = PredictorSpec.defaults();
        private String condition = "cosine";
        private boolean perLayer = true;
        private ClipWeights clipWeights = ClipWeights.DIAGONAL;
        private int warmupEpochs;
        private Kernel kernel = Kernel.FUSED;

        public Builder method(Method v) { method = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }
        public Builder momentum(double v) { momentum = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        public Builder theta(double v) { theta = v; return this; }
        public Builder predictor(PredictorSpec v) { predictor = v; return this; }
        public Builder condition(String v) { condition = v; return this; }
        public Builder perLayer(boolean v) { perLayer = v; return this; }
        public Builder clipWeights(ClipWeights v) { clipWeights = v; return this; }
        public Builder warmupEpochs(int v) { warmupEpochs = v; return this; }
        public Builder kernel(Kernel v) { kernel = v; return this; }

        public AlgorithmConfig build() {
            return new AlgorithmConfig(method, learningRate, momentum, weightDecay, theta, predictor, condition, perLayer,
                    clipWeights, warmupEpochs, kernel);
        }
    }
}

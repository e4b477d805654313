package pcasgd.algorithm;

/**
 * Hyper-parameters of one method. θ matters only for {@link Method#PC_ASGD}; λ for the methods that
 * predict; the condition and per-layer flag for the practical variant.
 */
public record AlgorithmConfig(
        Method method,
        double learningRate,
        double momentum,
        double weightDecay,
        double theta,
        LambdaSpec lambda,
        String condition,
        boolean perLayer,
        ClipWeights clipWeights,
        int warmupEpochs) {

    public AlgorithmConfig {
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
    }

    /** Builds the update rule: every method is the same skeleton with its own staleness policy. */
    public UpdateRule rule() {
        Predict predict = new Predict(learningRate, lambda);
        Clip clip = new Clip(clipWeights);
        StalenessPolicy policy = switch (method) {
            case PC_ASGD -> new Blend(theta, predict, clip);
            case PC_ASGD_PV -> {
                ChoiceCondition c = ChoiceCondition.named(condition);
                // the loss condition judges whole vectors; per-layer counting would only repeat it
                yield new Choose(predict, clip, c, perLayer && c instanceof CosineCondition);
            }
            case PREDICT_ONLY -> predict;
            case CLIP_ONLY -> clip;
            case STALE_DSGD, SYNC_DSGD, CENTRALIZED -> new KeepStale();
        };
        if (warmupEpochs > 0) {
            policy = new Warmup(warmupEpochs, policy);
        }
        return new ConsensusSgd(learningRate, momentum, weightDecay, policy);
    }

    /** The practical variant's condition needs candidate losses from the runtime. */
    public boolean needsCandidateEvaluator() {
        return method == Method.PC_ASGD_PV && condition.equalsIgnoreCase("loss");
    }
}

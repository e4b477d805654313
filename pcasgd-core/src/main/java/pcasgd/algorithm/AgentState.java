package pcasgd.algorithm;

/**
 * The explicit per-agent state an update rule carries between steps (Optax-style), each policy's
 * part typed and owned by it: the heavy-ball velocity, the predicting step's {@link PredictionState},
 * the practical variant's {@link ChoiceState}, and one reused candidate buffer (so a step allocates
 * nothing parameter-sized after the first).
 */
public final class AgentState {
    /** Elements per block of the fused kernel. */
    static final int BLOCK = 1024;

    private final int dimension;
    final float[] velocity;
    final float learningRate;
    private final ChoiceState choices;
    private PredictionState prediction;
    private float[] candidate;

    AgentState(int dimension, int segments, double learningRate) {
        this.dimension = dimension;
        this.velocity = new float[dimension];
        this.learningRate = (float) learningRate;
        this.choices = new ChoiceState(segments);
    }

    /** Heavy-ball velocity v_i; exposed for checkpoints and tests. */
    public float[] velocity() {
        return velocity;
    }

    PredictionState prediction() {
        if (prediction == null) {
            prediction = new PredictionState(dimension);
        }
        return prediction;
    }

    /**
     * Forgets what the rule remembers of neighbour {@code id}'s earlier copies (the predictor's track:
     * anchor, velocity windows, trust), for when the neighbour restarted and its copies were forgotten.
     */
    public void forgetNeighbour(int id) {
        if (prediction != null) {
            prediction.forget(id);
        }
    }

    ChoiceState choices() {
        return choices;
    }

    /** A reused buffer for the second candidate (clipping) of the blended and practical rules. */
    float[] candidate() {
        if (candidate == null) {
            candidate = new float[dimension];
        }
        return candidate;
    }

    /** What the rule measured since the last drain, then zeroes it (the runtime drains once per epoch). */
    public RuleStats drainStats() {
        long[][] pd = choices.drain();
        PredictionState.EpochSums b = prediction == null ? new PredictionState.EpochSums() : prediction.drain();
        return new RuleStats(pd[0], pd[1], b.correctionNorm, b.gradientStepNorm, b.removedSum, b.removedCount,
                b.lagRemovedSum, b.lagRemovedCount, b.trustSum, b.trustCount);
    }
}

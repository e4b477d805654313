package pcasgd.algorithm;

/**
 * The explicit per-agent state an update rule carries between steps (Optax-style), each policy's
 * part typed and owned by it: the heavy-ball velocity, the predicting step's {@link PredictionState},
 * the practical variant's {@link ChoiceState}, one reused candidate buffer (so a step allocates
 * nothing parameter-sized after the first), and the {@link Tallies} the policies add their
 * {@link Counter}s to over an epoch.
 */
public final class AgentState {
    /** Elements per block of the fused kernel. */
    static final int BLOCK = 1024;

    private final int dimension;
    private final int segments;
    final float[] velocity;
    final float learningRate;
    private final ChoiceState choices;
    private PredictionState prediction;
    private float[] candidate;
    private Tallies tallies;

    AgentState(int dimension, int segments, double learningRate) {
        this.dimension = dimension;
        this.segments = Math.max(1, segments);
        this.tallies = new Tallies(this.segments);
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

    /** The counters' sums since the last drain, which the policies add to. */
    Tallies tallies() {
        return tallies;
    }

    /**
     * What the rule counted since the last drain (the sums a policy keeps over the epoch's steps, the
     * predicting step's systematic lag folded in); then the counters start over. The runtime drains
     * once per epoch.
     */
    public Tallies drainTallies() {
        if (prediction != null) {
            prediction.drainLag(tallies);
        }
        Tallies out = tallies;
        tallies = new Tallies(segments);
        return out;
    }
}

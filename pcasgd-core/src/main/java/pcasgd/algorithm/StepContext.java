package pcasgd.algorithm;

import java.util.List;

/**
 * Everything one update of agent i at step k reads: its own x_i^k and g_i(x_i^k), its weight w_ii,
 * the copies it holds of its neighbours, its own history, and the layer boundaries of the flat
 * vector with which layers train. The runtime builds one per step; the rule never keeps it.
 *
 * @param segmentBounds layer k is {@code [segmentBounds[k], segmentBounds[k+1])}
 * @param evaluator     may be null when no rule needs to evaluate candidates
 * @param truth         the neighbours' true current parameters, or null where unknown (real runtimes)
 * @param trainable     per layer, whether it trains; null when every layer does. A layer that does
 *                      not (batch-norm running statistics, which a training pass writes and no
 *                      gradient reaches) gets no weight decay, no momentum and no prediction, and
 *                      does not vote or count in the prediction metrics; it is mixed like the others
 */
public record StepContext(
        int agent,
        long step,
        int epoch,
        float[] params,
        float[] grad,
        double selfWeight,
        List<NeighbourCopy> neighbours,
        OwnHistory history,
        int[] segmentBounds,
        CandidateEvaluator evaluator,
        NeighbourTruth truth,
        boolean[] trainable) {

    public StepContext {
        if (trainable != null && trainable.length != segmentBounds.length - 1) {
            throw new IllegalArgumentException(trainable.length + " trainable flags for " + (segmentBounds.length - 1)
                    + " layers");
        }
    }

    /** A context in which every layer trains. */
    public StepContext(int agent, long step, int epoch, float[] params, float[] grad, double selfWeight,
                       List<NeighbourCopy> neighbours, OwnHistory history, int[] segmentBounds,
                       CandidateEvaluator evaluator, NeighbourTruth truth) {
        this(agent, step, epoch, params, grad, selfWeight, neighbours, history, segmentBounds, evaluator, truth, null);
    }

    /** A context without truth (what every real runtime has) in which every layer trains. */
    public StepContext(int agent, long step, int epoch, float[] params, float[] grad, double selfWeight,
                       List<NeighbourCopy> neighbours, OwnHistory history, int[] segmentBounds,
                       CandidateEvaluator evaluator) {
        this(agent, step, epoch, params, grad, selfWeight, neighbours, history, segmentBounds, evaluator, null, null);
    }

    public int dimension() {
        return params.length;
    }

    /** Whether layer k trains. */
    public boolean trains(int k) {
        return trainable == null || trainable[k];
    }

    /** Whether some layer does not train (so the rule must treat those elements apart). */
    public boolean hasFrozen() {
        if (trainable != null) {
            for (boolean t : trainable) {
                if (!t) {
                    return true;
                }
            }
        }
        return false;
    }

    public boolean anyDelayed() {
        for (NeighbourCopy c : neighbours) {
            if (!c.onTime()) {
                return true;
            }
        }
        return false;
    }
}

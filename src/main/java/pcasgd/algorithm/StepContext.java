package pcasgd.algorithm;

import java.util.List;

/**
 * Everything one update of agent i at step k reads: its own x_i^k and g_i(x_i^k), its weight w_ii,
 * the copies it holds of its neighbours, its own history, and the layer boundaries of the flat
 * vector. The runtime builds one per step; the rule never keeps it.
 *
 * @param segmentBounds layer k is {@code [segmentBounds[k], segmentBounds[k+1])}
 * @param evaluator     may be null when no rule needs to evaluate candidates
 * @param truth         the neighbours' true current parameters, or null where unknown (real runtimes)
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
        NeighbourTruth truth) {

    /** A context without truth (what every real runtime has). */
    public StepContext(int agent, long step, int epoch, float[] params, float[] grad, double selfWeight,
                       List<NeighbourCopy> neighbours, OwnHistory history, int[] segmentBounds,
                       CandidateEvaluator evaluator) {
        this(agent, step, epoch, params, grad, selfWeight, neighbours, history, segmentBounds, evaluator, null);
    }

    public int dimension() {
        return params.length;
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

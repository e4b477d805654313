package pcasgd.algorithm;

import java.util.List;

/**
 * What an agent's rule measured about its own steps over a stretch (an epoch), as sums so that
 * several agents' stats merge exactly:
 * <ul>
 *   <li>per layer, how many steps chose the predicting candidate out of how many decided at all
 *       (practical variant; steps without a late copy, and layers whose gradient is identically zero,
 *       decide nothing);</li>
 *   <li>Σ‖x^P − x̄‖ and Σ‖α g‖ over steps that predicted: the size of the prediction's change to the
 *       stale mix relative to the gradient step;</li>
 *   <li>Σ (1 − ‖x̂_j^pred − x_j^k‖ / ‖x̂_j − x_j^k‖) over late copies whose true present was known
 *       (simulator only): the share of each copy's staleness the predictor removed;</li>
 *   <li>Σ over neighbours of (1 − ‖Σ_k (x̂_j^pred − x_j^k)‖ / ‖Σ_k (x̂_j − x_j^k)‖), the sums over the
 *       epoch's steps: the share of the systematic lag removed (noise averages out of such sums, a
 *       stale copy's steady lag behind its neighbour does not);</li>
 *   <li>Σ β over late copies of forward predictors: the trust factor actually applied.</li>
 * </ul>
 */
public record RuleStats(long[] predictedPerSegment, long[] decidedPerSegment,
                        double correctionNorm, double gradientStepNorm,
                        double stalenessRemovedSum, long stalenessRemovedCount,
                        double lagRemovedSum, long lagRemovedCount,
                        double trustSum, long trustCount) {

    public static RuleStats empty(int segments) {
        return new RuleStats(new long[segments], new long[segments], 0, 0, 0, 0, 0, 0, 0, 0);
    }

    public long predicted() {
        long s = 0;
        for (long v : predictedPerSegment) {
            s += v;
        }
        return s;
    }

    public long decided() {
        long s = 0;
        for (long v : decidedPerSegment) {
            s += v;
        }
        return s;
    }

    /** Fraction of (step, layer) decisions that chose predicting; NaN when none were made. */
    public double predictFraction() {
        long d = decided();
        return d == 0 ? Double.NaN : (double) predicted() / d;
    }

    /** Per-layer share of predicting decisions (NaN where a layer decided nothing); empty when none decided. */
    public double[] predictFractionPerSegment() {
        if (decided() == 0) {
            return new double[0];
        }
        double[] out = new double[decidedPerSegment.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = decidedPerSegment[k] == 0 ? Double.NaN : (double) predictedPerSegment[k] / decidedPerSegment[k];
        }
        return out;
    }

    /** Σ‖x^P − x̄‖ / Σ‖α g‖; NaN when nothing was predicted. */
    public double correctionRatio() {
        return gradientStepNorm == 0 ? Double.NaN : correctionNorm / gradientStepNorm;
    }

    /** Mean share of staleness removed over late copies; NaN when no true present was known. */
    public double stalenessRemoved() {
        return stalenessRemovedCount == 0 ? Double.NaN : stalenessRemovedSum / stalenessRemovedCount;
    }

    /** Mean share of the systematic lag removed over neighbours; NaN when no true present was known. */
    public double lagRemoved() {
        return lagRemovedCount == 0 ? Double.NaN : lagRemovedSum / lagRemovedCount;
    }

    /** Mean trust factor β of forward predictions; NaN when none was made. */
    public double trust() {
        return trustCount == 0 ? Double.NaN : trustSum / trustCount;
    }

    /** Several agents' stats as one: every sum added. */
    public static RuleStats merge(List<RuleStats> all) {
        int segments = all.stream().mapToInt(s -> s.decidedPerSegment.length).max().orElse(0);
        long[] predicted = new long[segments];
        long[] decided = new long[segments];
        double cn = 0, gn = 0, rs = 0, ls = 0, ts = 0;
        long rc = 0, lc = 0, tc = 0;
        for (RuleStats st : all) {
            for (int k = 0; k < st.decidedPerSegment.length; k++) {
                predicted[k] += st.predictedPerSegment[k];
                decided[k] += st.decidedPerSegment[k];
            }
            cn += st.correctionNorm;
            gn += st.gradientStepNorm;
            rs += st.stalenessRemovedSum;
            rc += st.stalenessRemovedCount;
            ls += st.lagRemovedSum;
            lc += st.lagRemovedCount;
            ts += st.trustSum;
            tc += st.trustCount;
        }
        return new RuleStats(predicted, decided, cn, gn, rs, rc, ls, lc, ts, tc);
    }
}

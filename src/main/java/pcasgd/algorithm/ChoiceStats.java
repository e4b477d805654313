package pcasgd.algorithm;

/**
 * What an agent's rule decided over a stretch of steps: per layer, how many steps chose the
 * predicting candidate out of how many steps decided at all (steps without a delayed neighbour
 * decide nothing), and the size of the predicting correction relative to the gradient step,
 * ‖αλ·ĝ⊙ĝ⊙Δ‖ / ‖α·g‖ (NaN when no correction was applied).
 */
public record ChoiceStats(long[] predictedPerSegment, long[] decidedPerSegment, double correctionRatio) {

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

    /** Per-segment share of predicting decisions (NaN where a segment decided nothing); empty when none decided. */
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

    /**
     * Several agents' stats as one: counters summed per segment, the correction ratio averaged over
     * the agents that applied a correction (NaN if none did).
     */
    public static ChoiceStats merge(java.util.List<ChoiceStats> all) {
        int segments = all.isEmpty() ? 0 : all.get(0).decidedPerSegment.length;
        long[] predicted = new long[segments];
        long[] decided = new long[segments];
        double ratioSum = 0;
        int ratioCount = 0;
        for (ChoiceStats st : all) {
            for (int k = 0; k < segments && k < st.decidedPerSegment.length; k++) {
                predicted[k] += st.predictedPerSegment[k];
                decided[k] += st.decidedPerSegment[k];
            }
            if (!Double.isNaN(st.correctionRatio)) {
                ratioSum += st.correctionRatio;
                ratioCount++;
            }
        }
        return new ChoiceStats(predicted, decided, ratioCount == 0 ? Double.NaN : ratioSum / ratioCount);
    }
}

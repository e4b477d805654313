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
}

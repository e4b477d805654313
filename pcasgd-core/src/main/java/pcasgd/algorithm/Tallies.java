package pcasgd.algorithm;

import java.util.HashMap;
import java.util.Map;

/**
 * The sums of {@link Counter}s one agent's rule kept over a stretch of steps (an epoch): a small
 * mutable map from counter to its sums that policies add to, and that metrics read by counter.
 * A counter nothing was added to reads as zeros of its width, so every agent's share has the
 * same length.
 */
public final class Tallies {
    private final int segments;
    private final Map<Counter, double[]> sums = new HashMap<>();

    /** Empty sums for a parameter vector of {@code segments} segments (per-segment counters' width). */
    public Tallies(int segments) {
        if (segments < 0) {
            throw new IllegalArgumentException("segments must be >= 0, got " + segments);
        }
        this.segments = segments;
    }

    public int segments() {
        return segments;
    }

    /** Adds {@code v} to a {@link Counter.Aggregation#SUM} counter, or one value to a {@link Counter.Aggregation#MEAN} one. */
    public void add(Counter c, double v) {
        double[] s = slot(c);
        switch (c.aggregation()) {
            case SUM -> s[0] += v;
            case MEAN -> {
                s[0] += v;
                s[1] += 1;
            }
            case PER_SEGMENT -> throw new IllegalArgumentException("counter " + c.name() + " counts per segment: name the segment");
        }
    }

    /** Adds {@code v} to segment {@code segment} of a {@link Counter.Aggregation#PER_SEGMENT} counter. */
    public void add(Counter c, int segment, double v) {
        if (c.aggregation() != Counter.Aggregation.PER_SEGMENT) {
            throw new IllegalArgumentException("counter " + c.name() + " is not per segment");
        }
        slot(c)[segment] += v;
    }

    /** The counter's live sums, created as zeros on first use (for a policy's inner loop). */
    double[] slot(Counter c) {
        return sums.computeIfAbsent(c, k -> new double[k.width(segments)]);
    }

    /**
     * A copy of the counter's sums: {Σ v} for a sum, {Σ v, count} for a mean, one sum per segment for a
     * per-segment counter; zeros if nothing was added. Shares of several agents add up element-wise.
     */
    public double[] sums(Counter c) {
        double[] s = sums.get(c);
        return s == null ? new double[c.width(segments)] : s.clone();
    }

    /** Σ v of a sum or a mean; of a per-segment counter, the sum over its segments. */
    public double total(Counter c) {
        double[] s = sums.get(c);
        if (s == null) {
            return 0;
        }
        if (c.aggregation() != Counter.Aggregation.PER_SEGMENT) {
            return s[0];
        }
        double t = 0;
        for (double v : s) {
            t += v;
        }
        return t;
    }

    /** How many values a {@link Counter.Aggregation#MEAN} counter was given. */
    public double count(Counter c) {
        requireMean(c);
        double[] s = sums.get(c);
        return s == null ? 0 : s[1];
    }

    /** Σ v / count of a {@link Counter.Aggregation#MEAN} counter; NaN when it was given nothing. */
    public double mean(Counter c) {
        requireMean(c);
        double[] s = sums.get(c);
        return s == null || s[1] == 0 ? Double.NaN : s[0] / s[1];
    }

    /** total(num) / total(den); NaN when the denominator is 0. */
    public double ratio(Counter num, Counter den) {
        double d = total(den);
        return d == 0 ? Double.NaN : total(num) / d;
    }

    private static void requireMean(Counter c) {
        if (c.aggregation() != Counter.Aggregation.MEAN) {
            throw new IllegalArgumentException("counter " + c.name() + " is not a mean");
        }
    }
}

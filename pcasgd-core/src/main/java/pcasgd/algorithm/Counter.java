package pcasgd.algorithm;

import java.util.Objects;

/**
 * A named sum an update rule keeps over an epoch's steps, and how it aggregates. Every counter is a
 * sum, so several steps', and several agents', counts merge exactly by adding; a metric takes
 * {@link Tallies#sums} as its share and divides where it wants a mean or a ratio:
 * <ul>
 *   <li>{@link Aggregation#SUM}: one number, Σ v;</li>
 *   <li>{@link Aggregation#MEAN}: Σ v and how many v were added (the mean is Σ v / count);</li>
 *   <li>{@link Aggregation#PER_SEGMENT}: one sum per segment (layer) of the parameter vector.</li>
 * </ul>
 * A new counter is one constant in the policy that emits it, e.g.
 * {@code public static final Counter TRUST = Counter.mean("trust");}, added to in the agent's
 * {@link Tallies} ({@code AgentState.tallies()}) and read by a metric through the same constant. Counters are equal
 * when their name and aggregation are.
 */
public record Counter(String name, Aggregation aggregation) {
    /** How a counter's additions aggregate. */
    public enum Aggregation { SUM, MEAN, PER_SEGMENT }

    public Counter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(aggregation, "aggregation");
    }

    /** A plain sum Σ v. */
    public static Counter sum(String name) {
        return new Counter(name, Aggregation.SUM);
    }

    /** Σ v and the number of v added: a mean. */
    public static Counter mean(String name) {
        return new Counter(name, Aggregation.MEAN);
    }

    /** One sum per segment (layer). */
    public static Counter perSegment(String name) {
        return new Counter(name, Aggregation.PER_SEGMENT);
    }

    /** How many numbers the counter's sums take over {@code segments} segments. */
    int width(int segments) {
        return switch (aggregation) {
            case SUM -> 1;
            case MEAN -> 2;
            case PER_SEGMENT -> segments;
        };
    }
}

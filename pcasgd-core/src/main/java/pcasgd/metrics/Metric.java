package pcasgd.metrics;

/**
 * One per-epoch measurement, one class each: its name (the CSV column), the share each agent
 * contributes (numbers that add up across agents: sums and counts), and how the sums and the
 * network's state become the epoch's value. CSV files, the console table, sweeps and plots pick
 * up every metric of a run's {@link MetricSet} by name.
 */
public interface Metric {
    double[] NONE = new double[0];

    /** The CSV column, e.g. {@code staleness_removed}. */
    String name();

    /** A short console column title; null keeps the metric out of the console table (it stays in the CSV). */
    default String title() {
        return null;
    }

    /** This agent's part of the epoch's sums; the same length for every agent, empty for network-level metrics. */
    default double[] partial(AgentEpoch agent) {
        return NONE;
    }

    /** The epoch's value from the agents' partials summed element-wise (in agent order) and the network. */
    MetricValue value(double[] sums, NetworkEpoch network);
}

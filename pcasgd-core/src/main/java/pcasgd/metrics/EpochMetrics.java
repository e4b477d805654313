package pcasgd.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one epoch measured: every metric of the run's {@link MetricSet} by name, in the set's order,
 * plus two wall-clock times, kept apart because they are the only values that are not a
 * deterministic function of config and seed. One definition in every runtime:
 *
 * <ul>
 *   <li>{@code wallSeconds}: the epoch's training, from the end of the previous epoch's training
 *       (the last agent's last step) to the end of this one's. The simulator evaluates between
 *       epochs, so its evaluation is not in it; the actor runtimes evaluate on the coordinator's own
 *       thread while the agents train on, so only the CPU the two share shows in it. Not measured
 *       (NaN) for an epoch trained partly before a coordinator that took over from another
 *       process existed.</li>
 *   <li>{@code evalSeconds}: evaluating the epoch (x̄ and, when asked, every agent on the test set,
 *       and the network metrics), timed around that work alone.</li>
 * </ul>
 */
public record EpochMetrics(int epoch, long step, double wallSeconds, double evalSeconds, Map<String, MetricValue> values) {
    public EpochMetrics {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** An epoch whose evaluation was not timed. */
    public EpochMetrics(int epoch, long step, double wallSeconds, Map<String, MetricValue> values) {
        this(epoch, step, wallSeconds, Double.NaN, values);
    }

    /** An epoch with every named metric unmeasured (NaN), e.g. the row of a run that diverged before its first epoch ended. */
    public static EpochMetrics unmeasured(int epoch, long step, java.util.List<String> names) {
        Map<String, MetricValue> v = new LinkedHashMap<>();
        names.forEach(n -> v.put(n, MetricValue.of(Double.NaN)));
        return new EpochMetrics(epoch, step, Double.NaN, v);
    }

    /** The metric's value; absent metrics read as NaN. */
    public MetricValue value(String name) {
        return values.getOrDefault(name, MetricValue.of(Double.NaN));
    }

    /** A scalar metric's value, NaN when absent or not measured. */
    public double scalar(String name) {
        MetricValue v = values.get(name);
        return v == null || v.isList() ? Double.NaN : v.scalar();
    }

    public double testAccuracy() {
        return scalar(StandardMetrics.TEST_ACCURACY);
    }

    public double trainLoss() {
        return scalar(StandardMetrics.TRAIN_LOSS);
    }

    public double testLoss() {
        return scalar(StandardMetrics.TEST_LOSS);
    }

    public double consensusDistance() {
        return scalar(StandardMetrics.CONSENSUS_DISTANCE);
    }
}

package pcasgd.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pcasgd.metrics.EpochMetrics;
import pcasgd.metrics.Metric;
import pcasgd.metrics.MetricSet;
import pcasgd.metrics.MetricValue;
import pcasgd.metrics.NetworkEpoch;
import pcasgd.runtime.RunInfo;
import pcasgd.runtime.TrainingListener;

/**
 * Keeps the averaged model x̄ of the latest epoch. The runtimes hand x̄ only to metrics (the actor
 * runtimes keep agents' parameters inside their actors), so the run carries this one extra metric,
 * and {@link #hide} keeps it out of everything users and listeners see: CSV columns, console
 * tables and returned metrics stay those of the user's metric set.
 */
final class FinalAverage implements Metric {
    private static final String NAME = "pcasgd.api.final-average";

    private volatile float[] average;

    @Override
    public String name() {
        return NAME;
    }

    // network.average() is computed once per epoch and shared, so keeping it costs one copy
    @Override
    public MetricValue value(double[] sums, NetworkEpoch network) {
        average = network.average().clone();
        return MetricValue.of(Double.NaN);
    }

    /** x̄ after the last epoch aggregated, or null before the first. */
    float[] average() {
        return average;
    }

    /** The epoch's metrics without this one. */
    static EpochMetrics strip(EpochMetrics m) {
        if (!m.values().containsKey(NAME)) {
            return m;
        }
        Map<String, MetricValue> v = new LinkedHashMap<>(m.values());
        v.remove(NAME);
        return new EpochMetrics(m.epoch(), m.step(), m.wallSeconds(), v);
    }

    static List<EpochMetrics> strip(List<EpochMetrics> all) {
        return all.stream().map(FinalAverage::strip).toList();
    }

    /** {@code listener} as it would be called by a run of {@code visible} metrics only. */
    static TrainingListener hide(TrainingListener listener, MetricSet visible) {
        return new TrainingListener() {
            @Override
            public void onStart(RunInfo i) {
                listener.onStart(new RunInfo(i.method(), i.agents(), i.dimension(), i.stepsPerEpoch(), i.epochs(), i.e2(),
                        i.topology(), i.delays(), visible));
            }

            @Override
            public void onStep(long done, long total) {
                listener.onStep(done, total);
            }

            @Override
            public void onEpoch(EpochMetrics metrics) {
                listener.onEpoch(strip(metrics));
            }

            @Override
            public void onWarning(String message) {
                listener.onWarning(message);
            }

            @Override
            public void onFinish() {
                listener.onFinish();
            }
        };
    }
}

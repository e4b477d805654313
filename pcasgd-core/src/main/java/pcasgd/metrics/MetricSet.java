package pcasgd.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ordered metrics of a run. Each agent's shares of all metrics travel as one flat array,
 * {@code [length_0, part_0..., length_1, part_1..., ...]}, so a runtime carries them without
 * knowing any metric.
 */
public final class MetricSet {
    private final List<Metric> metrics;

    private MetricSet(List<Metric> metrics) {
        Set<String> names = new HashSet<>();
        for (Metric m : metrics) {
            if (!names.add(m.name())) {
                throw new IllegalArgumentException("two metrics are named '" + m.name() + "'");
            }
        }
        this.metrics = List.copyOf(metrics);
    }

    public static MetricSet standard() {
        return new MetricSet(StandardMetrics.all());
    }

    public static MetricSet of(List<Metric> metrics) {
        return new MetricSet(metrics);
    }

    /** This set plus {@code m} as the last column. */
    public MetricSet with(Metric m) {
        List<Metric> all = new ArrayList<>(metrics);
        all.add(m);
        return new MetricSet(all);
    }

    public List<Metric> metrics() {
        return metrics;
    }

    public List<String> names() {
        return metrics.stream().map(Metric::name).toList();
    }

    /** One agent's shares of every metric, flattened with each share's length in front. */
    public double[] partials(AgentEpoch agent) {
        List<double[]> parts = new ArrayList<>(metrics.size());
        int total = 0;
        for (Metric m : metrics) {
            double[] p = m.partial(agent);
            parts.add(p);
            total += 1 + p.length;
        }
        double[] out = new double[total];
        int at = 0;
        for (double[] p : parts) {
            out[at++] = p.length;
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** Several agents' flattened shares summed per metric, in the order given. */
    List<double[]> sum(List<double[]> flattened) {
        List<double[]> sums = new ArrayList<>(metrics.size());
        for (int k = 0; k < metrics.size(); k++) {
            sums.add(null);
        }
        for (double[] f : flattened) {
            int at = 0;
            for (int k = 0; k < metrics.size(); k++) {
                if (at >= f.length) {
                    throw new IllegalArgumentException("an agent's metric shares end after " + k + " of "
                            + metrics.size() + " metrics: it runs another metric set");
                }
                int len = (int) f[at++];
                double[] s = sums.get(k);
                if (s == null) {
                    s = new double[len];
                    sums.set(k, s);
                } else if (s.length != len) {
                    throw new IllegalArgumentException("metric " + metrics.get(k).name() + ": agents report shares of "
                            + s.length + " and " + len + " numbers");
                }
                for (int d = 0; d < len; d++) {
                    s[d] += f[at + d];
                }
                at += len;
            }
        }
        for (int k = 0; k < sums.size(); k++) {
            if (sums.get(k) == null) {
                sums.set(k, Metric.NONE);
            }
        }
        return sums;
    }
}

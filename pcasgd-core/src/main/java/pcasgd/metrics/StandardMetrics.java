package pcasgd.metrics;

import java.util.Arrays;
import java.util.List;
import pcasgd.algorithm.Choose;
import pcasgd.algorithm.Predict;
import pcasgd.engine.ParameterLayout;

/**
 * The metrics every run records, one small class each, in CSV column order. A new metric is one
 * more class implementing {@link Metric} and one line in {@link #all()} (or
 * {@link MetricSet#with(Metric)} for a run of the public API).
 */
public final class StandardMetrics {
    public static final String TRAIN_LOSS = "train_loss";
    public static final String TEST_LOSS = "test_loss";
    public static final String TEST_ACCURACY = "test_accuracy";
    public static final String AGENT_ACCURACY_MEAN = "agent_accuracy_mean";
    public static final String AGENT_ACCURACY_MIN = "agent_accuracy_min";
    public static final String AGENT_ACCURACY_MAX = "agent_accuracy_max";
    public static final String CONSENSUS_DISTANCE = "consensus_distance";
    public static final String PREDICT_FRACTION = "predict_fraction";
    public static final String CORRECTION_RATIO = "correction_ratio";
    public static final String STALENESS_REMOVED = "staleness_removed";
    public static final String LAG_REMOVED = "lag_removed";
    public static final String PREDICT_TRUST = "predict_trust";
    public static final String LATE_FRACTION = "late_fraction";
    public static final String LATE_AGE = "late_age";
    public static final String COPY_AGE = "copy_age";
    public static final String SUPERSEDED = "superseded";
    public static final String DELIVERED_MB = "delivered_mb";
    public static final String IN_FLIGHT_MS = "in_flight_ms";
    public static final String SIMULATED_TIME = "simulated_time";
    public static final String AGENT_ACCURACIES = "agent_accuracies";
    public static final String PREDICT_PER_LAYER = "predict_per_layer";

    private StandardMetrics() { }

    public static List<Metric> all() {
        return List.of(new TrainLoss(), new TestLoss(), new TestAccuracy(), new AgentAccuracyMean(),
                new AgentAccuracyMin(), new AgentAccuracyMax(), new ConsensusDistance(), new PredictFraction(),
                new CorrectionRatio(), new StalenessRemoved(), new LagRemoved(), new PredictTrust(), new LateFraction(), new LateAge(), new CopyAge(),
                new Superseded(), new DeliveredMegabytes(), new InFlightMillis(),
                new SimulatedTime(), new AgentAccuracies(), new PredictPerLayer());
    }

    static double ratio(double num, double den) {
        return den == 0 ? Double.NaN : num / den;
    }

    /** Mean minibatch loss of the gradients computed in the epoch, pooled over agents. */
    public static final class TrainLoss implements Metric {
        public String name() { return TRAIN_LOSS; }
        public String title() { return "train loss"; }
        public double[] partial(AgentEpoch a) { return new double[] {a.lossSum(), a.gradients()}; }
        public MetricValue value(double[] s, NetworkEpoch n) { return MetricValue.of(ratio(s[0], s[1])); }
    }

    /** Test loss of the averaged model x̄. */
    public static final class TestLoss implements Metric {
        public String name() { return TEST_LOSS; }
        public MetricValue value(double[] s, NetworkEpoch n) { return MetricValue.of(n.averageEvaluation().loss()); }
    }

    /** Test accuracy of the averaged model x̄. */
    public static final class TestAccuracy implements Metric {
        public String name() { return TEST_ACCURACY; }
        public String title() { return "test acc x̄"; }
        public MetricValue value(double[] s, NetworkEpoch n) { return MetricValue.of(n.averageEvaluation().accuracy()); }
    }

    /** Mean of the agents' own test accuracies. */
    public static final class AgentAccuracyMean implements Metric {
        public String name() { return AGENT_ACCURACY_MEAN; }
        public String title() { return "agent acc"; }
        public MetricValue value(double[] s, NetworkEpoch n) {
            return MetricValue.of(Arrays.stream(n.agentAccuracies()).average().orElse(Double.NaN));
        }
    }

    /** Worst agent's own test accuracy. */
    public static final class AgentAccuracyMin implements Metric {
        public String name() { return AGENT_ACCURACY_MIN; }
        public MetricValue value(double[] s, NetworkEpoch n) {
            return MetricValue.of(Arrays.stream(n.agentAccuracies()).min().orElse(Double.NaN));
        }
    }

    /** Best agent's own test accuracy. */
    public static final class AgentAccuracyMax implements Metric {
        public String name() { return AGENT_ACCURACY_MAX; }
        public MetricValue value(double[] s, NetworkEpoch n) {
            return MetricValue.of(Arrays.stream(n.agentAccuracies()).max().orElse(Double.NaN));
        }
    }

    /**
     * √((1/n) Σ_i ‖x_i − x̄‖²) over the trainable layers: how far the agents' weights are from
     * agreeing. Running statistics are left out: they are not weights, and x̄'s are recomputed rather
     * than averaged.
     */
    public static final class ConsensusDistance implements Metric {
        public String name() { return CONSENSUS_DISTANCE; }
        public String title() { return "consensus"; }
        public MetricValue value(double[] s, NetworkEpoch n) {
            return MetricValue.of(of(n.params(), n.average(), n.layout()));
        }

        /** Over the trainable segments of {@code layout} only. */
        public static double of(List<float[]> params, float[] mean, ParameterLayout layout) {
            if (layout.allTrainable()) {
                return of(params, mean);
            }
            double total = 0;
            for (float[] x : params) {
                for (ParameterLayout.Segment seg : layout.segments()) {
                    if (!seg.trainable()) {
                        continue;
                    }
                    for (int d = seg.offset(); d < seg.offset() + seg.size(); d++) {
                        double diff = x[d] - mean[d];
                        total += diff * diff;
                    }
                }
            }
            return Math.sqrt(total / params.size());
        }

        public static double of(List<float[]> params, float[] mean) {
            double total = 0;
            for (float[] x : params) {
                for (int d = 0; d < mean.length; d++) {
                    double diff = x[d] - mean[d];
                    total += diff * diff;
                }
            }
            return Math.sqrt(total / params.size());
        }
    }

    /** Share of (step, layer) decisions of the practical variant that chose predicting. */
    public static final class PredictFraction implements Metric {
        public String name() { return PREDICT_FRACTION; }
        public String title() { return "predict"; }
        public double[] partial(AgentEpoch a) {
            return new double[] {a.tallies().total(Choose.PREDICTED), a.tallies().total(Choose.DECIDED)};
        }
        public MetricValue value(double[] s, NetworkEpoch n) { return MetricValue.of(ratio(s[0], s[1])); }
    }

    /** Σ‖x^P − x̄‖ / Σ‖α g‖: how much the prediction changes the stale mix, relative to a gradient step. */
    public static final class CorrectionRatio implements Metric {
        public String name() { return CORRECTION_RATIO; }
        public double[] partial(AgentEpoch a) {
            return new double[] {a.tallies().total(Predict.CORRECTION_NORM), a.tallies().total(Predict.GRADIENT_STEP_NORM)};
        }
        public MetricValue value(double[] s, NetworkEpoch n) { return MetricValue.of(ratio(s[0], s[1])); }
    }

    /**
     * Mean over late copies of 1 − ‖x̂_j^pred − x_j^k‖ / ‖x̂_j − x_j^k‖: the share of staleness the
     * predictor removed (1 = exact, 0 = no better than the stale copy, below 0 = worse). Only a
     * simulator knows x_j^k; elsewhere empty.
     */
    public static final class StalenessRemoved implements Metric {
        public String name() { return STALENESS_REMOVED; }
        public String title() { return "stale removed"; }
        public double[] partial(AgentEpoch a) { return a.tallies().sums(Predict.STALENESS_REMOVED); }
        public MetricValue value(double[] s, NetworkEpoch n) { return MetricValue.of(ratio(s[0], s[1])); }
    }

    /**
     * Per neighbour link, 1 − ‖Σ_k (x̂_j^pred − x_j^k)‖ / ‖Σ_k (x̂_j − x_j^k)‖ with the sums over the epoch's
     * steps, averaged over links: how much of the systematic lag of the stale copies the predictor removed.
     * Zero-mean noise in the predictions averages out of the sums; a copy's steady lag behind a neighbour
     * that keeps moving (what drags a consensus step back) does not. Simulator only.
     */
    public static final class LagRemoved implements Metric {
        public String name() { return LAG_REMOVED; }
        public String title() { return "lag removed"; }
        public double[] partial(AgentEpoch a) { return a.tallies().sums(Predict.LAG_REMOVED); }
        public MetricValue value(double[] s, NetworkEpoch n) { return MetricValue.of(ratio(s[0], s[1])); }
    }

    /** Mean trust factor β the forward predictors applied to late copies. */
    public static final class PredictTrust implements Metric {
        public String name() { return PREDICT_TRUST; }
        public double[] partial(AgentEpoch a) { return a.tallies().sums(Predict.TRUST); }
        public MetricValue value(double[] s, NetworkEpoch n) { return MetricValue.of(ratio(s[0], s[1])); }
    }

    /** Share of the neighbour copies used in updates that came over a late link (lockstep: age ≥ 1 at either end). */
    public static final class LateFraction implements Metric {
        public String name() { return LATE_FRACTION; }
        public String title() { return "late"; }
        public double[] partial(AgentEpoch a) { return new double[] {a.lateCopies(), a.copiesUsed()}; }
        public MetricValue value(double[] s, NetworkEpoch n) {
            return MetricValue.of(s[1] == 0 ? 0 : s[0] / s[1]);
        }
    }

    /** Mean age, in steps, of the late copies used. */
    public static final class LateAge implements Metric {
        public String name() { return LATE_AGE; }
        public double[] partial(AgentEpoch a) { return new double[] {a.lateAgeSum(), a.lateCopies()}; }
        public MetricValue value(double[] s, NetworkEpoch n) { return MetricValue.of(ratio(s[0], s[1])); }
    }

    /** Mean age, in the receiver's steps, of every neighbour copy used: the same quantity in every runtime. */
    public static final class CopyAge implements Metric {
        public String name() { return COPY_AGE; }
        public double[] partial(AgentEpoch a) { return new double[] {a.ageSum(), a.copiesUsed()}; }
        public MetricValue value(double[] s, NetworkEpoch n) { return MetricValue.of(ratio(s[0], s[1])); }
    }

    /** Share of the copies made for a link that a newer copy replaced before the link was free (actor runtimes). */
    public static final class Superseded implements Metric {
        public String name() { return SUPERSEDED; }
        public double[] partial(AgentEpoch a) { return new double[] {a.links().superseded(), a.links().produced()}; }
        public MetricValue value(double[] s, NetworkEpoch n) { return MetricValue.of(ratio(s[0], s[1])); }
    }

    /** Megabytes (10⁶ bytes) of parameter copies the links delivered in the epoch, all links together (actor runtimes). */
    public static final class DeliveredMegabytes implements Metric {
        public String name() { return DELIVERED_MB; }
        public double[] partial(AgentEpoch a) { return new double[] {a.links().bytes(), a.links().delivered()}; }
        public MetricValue value(double[] s, NetworkEpoch n) { return MetricValue.of(s[1] == 0 ? Double.NaN : s[0] / 1e6); }
    }

    /** Mean milliseconds from handing a copy to its link to its acknowledgement (actor runtimes). */
    public static final class InFlightMillis implements Metric {
        public String name() { return IN_FLIGHT_MS; }
        public double[] partial(AgentEpoch a) { return new double[] {a.links().inFlightNanos(), a.links().delivered()}; }
        public MetricValue value(double[] s, NetworkEpoch n) { return MetricValue.of(ratio(s[0] / 1e6, s[1])); }
    }

    /** Cumulative time in units of one local step, where synchronous methods wait for the slowest message. */
    public static final class SimulatedTime implements Metric {
        public String name() { return SIMULATED_TIME; }
        public MetricValue value(double[] s, NetworkEpoch n) { return MetricValue.of(n.simulatedTime()); }
    }

    /** Each agent's own test accuracy. */
    public static final class AgentAccuracies implements Metric {
        public String name() { return AGENT_ACCURACIES; }
        public MetricValue value(double[] s, NetworkEpoch n) { return MetricValue.indexed(n.agentAccuracies()); }
    }

    /** The practical variant's share of predicting decisions per layer, by layer name. */
    public static final class PredictPerLayer implements Metric {
        public String name() { return PREDICT_PER_LAYER; }
        public double[] partial(AgentEpoch a) {
            double[] p = a.tallies().sums(Choose.PREDICTED);
            double[] d = a.tallies().sums(Choose.DECIDED);
            double[] out = new double[p.length + d.length];
            for (int k = 0; k < p.length; k++) {
                out[k] = p[k];
                out[p.length + k] = d[k];
            }
            return out;
        }
        public MetricValue value(double[] s, NetworkEpoch n) {
            int layers = s.length / 2;
            double decided = 0;
            double[] v = new double[layers];
            for (int k = 0; k < layers; k++) {
                v[k] = ratio(s[k], s[layers + k]);
                decided += s[layers + k];
            }
            if (decided == 0) {
                return MetricValue.list(List.of(), new double[0]);
            }
            ParameterLayout layout = n.layout();
            List<String> names = layout.segments().stream().map(ParameterLayout.Segment::name).toList();
            return MetricValue.list(names.size() == layers ? names : MetricValue.indexed(v).labels(), v);
        }
    }
}

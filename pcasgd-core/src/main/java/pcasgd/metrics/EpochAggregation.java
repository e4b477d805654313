package pcasgd.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import pcasgd.data.Dataset;
import pcasgd.engine.GradientOracle;
import pcasgd.engine.ParameterLayout;
import pcasgd.engine.StatisticsRecalibration;

/**
 * Turns the agents' reports of one epoch into {@link EpochMetrics}: shares summed in agent order,
 * the averaged model x̄ tested once, each agent tested when the run evaluates agents. The one
 * aggregation used by the simulator and by the actor runtimes' coordinator; an agent that was
 * unreachable when the epoch closed simply has no report.
 *
 * <p>x̄ is the agents' mean with its running statistics recomputed at its own weights
 * ({@link StatisticsRecalibration}): that x̄ is what the metrics test and what
 * {@link Aggregated#average()} hands on to be saved.
 */
public final class EpochAggregation {
    /** Runs {@code body(0..count−1)}, possibly in parallel; results must not depend on the order. */
    @FunctionalInterface
    public interface ForEach {
        void run(int count, IntConsumer body);

        ForEach SEQUENTIAL = (count, body) -> {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
        };
    }

    private final MetricSet metrics;
    private final GradientOracle oracle;
    private final Dataset testSet;
    private final boolean evaluateAgents;
    private final StatisticsRecalibration recalibration;

    public EpochAggregation(MetricSet metrics, GradientOracle oracle, Dataset testSet, boolean evaluateAgents,
                            StatisticsRecalibration recalibration) {
        this.metrics = metrics;
        this.oracle = oracle;
        this.testSet = testSet;
        this.evaluateAgents = evaluateAgents;
        this.recalibration = recalibration;
    }

    public MetricSet metrics() {
        return metrics;
    }

    /** An epoch's metrics and the averaged model x̄ they were measured on (statistics recomputed). */
    public record Aggregated(EpochMetrics metrics, float[] average) { }

    public Aggregated aggregate(int epoch, long step, List<AgentReport> reports, double simulatedTime,
                                double wallSeconds, ForEach forEach) {
        if (reports.isEmpty()) {
            throw new IllegalArgumentException("epoch " + epoch + " has no agent reports");
        }
        long start = System.nanoTime();
        List<AgentReport> sorted = new ArrayList<>(reports);
        sorted.sort(Comparator.comparingInt(AgentReport::agent));
        List<float[]> params = sorted.stream().map(AgentReport::params).toList();
        List<double[]> sums = metrics.sum(sorted.stream().map(AgentReport::partials).toList());
        Network network = new Network(epoch, step, params, simulatedTime, forEach);
        Map<String, MetricValue> values = new LinkedHashMap<>();
        List<Metric> all = metrics.metrics();
        for (int k = 0; k < all.size(); k++) {
            values.put(all.get(k).name(), all.get(k).value(sums.get(k), network));
        }
        double evalSeconds = (System.nanoTime() - start) / 1e9;
        return new Aggregated(new EpochMetrics(epoch, step, wallSeconds, evalSeconds, values), network.average());
    }

    /** x̄ = (1/n) Σ_i x_i, summed in double in agent order. */
    public static float[] average(List<float[]> params) {
        int dim = params.get(0).length;
        double[] sum = new double[dim];
        for (float[] x : params) {
            for (int d = 0; d < dim; d++) {
                sum[d] += x[d];
            }
        }
        float[] mean = new float[dim];
        for (int d = 0; d < dim; d++) {
            mean[d] = (float) (sum[d] / params.size());
        }
        return mean;
    }

    /** The network view with its evaluations computed on first use and then shared by every metric. */
    private final class Network implements NetworkEpoch {
        private final int epoch;
        private final long step;
        private final List<float[]> params;
        private final double simulatedTime;
        private final ForEach forEach;
        private float[] average;
        private GradientOracle.Evaluation averageEvaluation;
        private double[] agentAccuracies;

        Network(int epoch, long step, List<float[]> params, double simulatedTime, ForEach forEach) {
            this.epoch = epoch;
            this.step = step;
            this.params = params;
            this.simulatedTime = simulatedTime;
            this.forEach = forEach;
        }

        public int epoch() { return epoch; }
        public long step() { return step; }
        public List<float[]> params() { return params; }
        public double simulatedTime() { return simulatedTime; }
        public ParameterLayout layout() { return oracle.layout(); }

        public float[] average() {
            if (average == null) {
                average = recalibration.apply(oracle, EpochAggregation.average(params));
            }
            return average;
        }

        public GradientOracle.Evaluation averageEvaluation() {
            if (averageEvaluation == null) {
                averageEvaluation = oracle.evaluate(average(), testSet);
            }
            return averageEvaluation;
        }

        public double[] agentAccuracies() {
            if (agentAccuracies == null) {
                double[] acc = new double[evaluateAgents ? params.size() : 0];
                forEach.run(acc.length, i -> acc[i] = oracle.evaluate(params.get(i), testSet).accuracy());
                agentAccuracies = acc;
            }
            return agentAccuracies;
        }
    }
}

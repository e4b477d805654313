package pcasgd.bench.tools;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import pcasgd.algorithm.AgentState;
import pcasgd.algorithm.ClipWeights;
import pcasgd.algorithm.NeighbourCopy;
import pcasgd.algorithm.StepContext;
import pcasgd.algorithm.UpdateRule;
import pcasgd.experiment.RunBuilder;
import pcasgd.experiment.TrainConfig;
import pcasgd.metrics.EpochMetrics;
import pcasgd.metrics.StandardMetrics;
import pcasgd.metrics.TrainingListener;
import pcasgd.runtime.SimulatedRuntime;
import pcasgd.runtime.SimulationSpec;

/**
 * How far the network average x̄ = (1/n) Σ x_i moves beyond what the agents' own steps explain, on a
 * real simulated run. Every agent's step is x_i^{k+1} = mix_i + v_i (v_i: its heavy-ball step, gradient,
 * momentum and weight decay), so
 *
 * <pre>
 *   x̄^{k+1} − x̄^k = v̄^k + r^k,    r^k = (1/n) Σ_i (x_i^{k+1} − x_i^k − v_i^k)
 * </pre>
 *
 * and r^k is zero exactly when the step's effective mixing matrix has unit column sums. With W doubly
 * stochastic and lateness decided alike at both ends of a link (NetworkAverageTest):
 *
 * <pre>
 *   n r^k = Σ_{i predicts} Σ_{j∈D_i} w_ij (x̂_j^pred − x_j^k)     prediction error (predict-only, pc-asgd, PV)
 *         + Σ_{i clips}    Σ_{j∈D_i} w_ij (x_i^k − x_j^k)        clipping ends: cancels where both ends clip,
 *                                                                 so only PV's mixed links leave it
 * </pre>
 *
 * The tool runs the configured plan on the simulator with its update rule wrapped: the wrapper calls the
 * rule unchanged, then reads x_i^k, x_i^{k+1} and v_i (and, for the clipping-ends term, which candidate
 * each layer kept — the one its output equals — and the neighbours' true present, which the simulator
 * knows). Nothing of the run's arithmetic changes; its metrics are the plain run's.
 *
 * <p>Per epoch and method it prints: ‖Σ_k r^k‖ (how far x̄ is from x̄^0 + Σ_k v̄^k, since the start),
 * that over ‖Σ_k v̄^k‖, the per-step ratio Σ_k ‖r^k‖ / Σ_k ‖v̄^k‖, the clipping-ends part ‖Σ_k c^k‖ (the
 * rest is the prediction error), the share of layer decisions found clipped, and the test accuracy,
 * consensus distance and predicting share of the run's own metrics.
 *
 * <pre>
 *   mvn -q -B -o install -DskipTests
 *   java -cp target/pcasgd-bench.jar pcasgd.bench.tools.AverageDrift [methods=m1,m2,...] [key=value ...]
 * </pre>
 * key=value are train config keys (as in a run's YAML) on top of the default run; methods defaults to
 * clip-only,pc-asgd,pc-asgd-pv. Only the simulator and diagonal clip weights (the default) are measured.
 */
public final class AverageDrift {
    private AverageDrift() { }

    public static void main(String[] args) {
        TrainConfig base = new TrainConfig();
        List<String> methods = List.of("clip-only", "pc-asgd", "pc-asgd-pv");
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("arguments are key=value, got '" + a + "'");
            }
            String key = a.substring(0, eq);
            String value = a.substring(eq + 1);
            if (key.equals("methods")) {
                methods = Arrays.asList(value.split(","));
            } else {
                base.set(key, value);
            }
        }
        if (!base.clipWeights().equalsIgnoreCase(ClipWeights.DIAGONAL.name())) {
            throw new IllegalArgumentException("the clipping-ends term is derived for diagonal clip weights only");
        }
        System.out.println("# " + String.join(" ", args));
        System.out.println("method,epoch,step,test_accuracy,consensus_distance,predict_fraction,clipped_share,"
                + "drift_norm,mean_step_sum_norm,drift_over_steps,per_step_drift_over_step,clipping_ends_norm,"
                + "prediction_error_norm,fresh_late_rows");
        try (RunBuilder builder = new RunBuilder()) {
            for (String m : methods) {
                TrainConfig c = base.copy().set("method", m).set("runtime", "sim").validate();
                SimulationSpec spec = builder.training(c).spec();
                Probe probe = new Probe(spec.rule(), spec.agents(), spec.oracle().dimension());
                try (SimulatedRuntime sim = new SimulatedRuntime(withRule(spec, probe), List.of(probe))) {
                    sim.run();
                }
                for (String row : probe.rows) {
                    System.out.println(m + "," + row);
                }
            }
        }
    }

    /** The same spec with another update rule. */
    static SimulationSpec withRule(SimulationSpec s, UpdateRule rule) {
        return SimulationSpec.builder().method(s.method()).oracle(s.oracle()).rule(rule)
                .candidateExamples(s.candidateExamples()).network(s.graph(), s.mixing()).delays(s.delays())
                .synchronous(s.synchronous()).data(s.trainSet(), s.testSet()).sources(s.sources())
                .batchSize(s.batchSize()).epochs(s.epochs()).stepsPerEpoch(s.stepsPerEpoch()).initSeed(s.initSeed())
                .workers(s.workers()).evaluateAgents(s.evaluateAgents()).metrics(s.metrics()).encoding(s.encoding())
                .recalibrationBatches(s.recalibrationBatches()).build();
    }

    /**
     * The rule, unchanged, plus per agent and step: out − x − v, v, and the clipping-ends term of the layers
     * it clipped. The runtime calls {@link #onStep} after every agent has stepped; there the terms are
     * summed over agents.
     */
    static final class Probe implements UpdateRule, TrainingListener {
        private final UpdateRule rule;
        private final int n;
        private final int dim;
        private final double[][] residual;
        private final double[][] velocity;
        private final double[][] clipEnds;
        private final long[] decided;
        private final long[] clipped;
        private final long[] freshLate;
        // since the start of the run
        private final double[] driftSum;
        private final double[] stepSum;
        private final double[] clipEndsSum;
        private double driftNorms;
        private double stepNorms;
        final List<String> rows = new ArrayList<>();

        Probe(UpdateRule rule, int n, int dim) {
            this.rule = rule;
            this.n = n;
            this.dim = dim;
            residual = new double[n][dim];
            velocity = new double[n][dim];
            clipEnds = new double[n][dim];
            decided = new long[n];
            clipped = new long[n];
            freshLate = new long[n];
            driftSum = new double[dim];
            stepSum = new double[dim];
            clipEndsSum = new double[dim];
        }

        @Override
        public AgentState init(int dimension, int segments) {
            return rule.init(dimension, segments);
        }

        @Override
        public boolean usesNeighbourGradients() {
            return rule.usesNeighbourGradients();
        }

        @Override
        public void step(StepContext c, AgentState s, float[] out) {
            rule.step(c, s, out);
            int i = c.agent();
            float[] x = c.params();
            float[] v = s.velocity();
            double[] r = residual[i];
            double[] vel = velocity[i];
            double[] b = clipEnds[i];
            for (int d = 0; d < dim; d++) {
                r[d] = (double) out[d] - x[d] - v[d];
                vel[d] = v[d];
                b[d] = 0;
            }
            double lateWeight = 0;
            boolean predicts = false;
            for (NeighbourCopy nb : c.neighbours()) {
                if (!nb.onTime()) {
                    lateWeight += nb.weight();
                    predicts |= nb.predicted();
                }
            }
            if (lateWeight == 0 || c.truth() == null) {
                return;
            }
            if (!predicts) {
                // a late link whose copy here is fresh: the predicting rules keep the plain mix at this end
                freshLate[i]++;
            }
            int[] bounds = c.segmentBounds();
            // the clipping candidate as the rule forms it (Mixing.mixOnTime, diagonal weights): the same float
            // operations in the same order, so a layer that kept it equals it bit for bit
            float self = (float) ClipWeights.selfWeightAfterDropping(c.selfWeight(), lateWeight);
            for (int k = 0; k + 1 < bounds.length; k++) {
                boolean keptClip = true;
                for (int d = bounds[k]; d < bounds[k + 1] && keptClip; d++) {
                    float q = self * x[d] + v[d];
                    for (NeighbourCopy nb : c.neighbours()) {
                        if (nb.onTime()) {
                            q += (float) nb.weight() * nb.params()[d];
                        }
                    }
                    keptClip = q == out[d];
                }
                // counted as the rule counts its decisions: where it decides (some late copy to bring forward),
                // in layers with a gradient not identically zero
                boolean gradient = false;
                for (int d = bounds[k]; d < bounds[k + 1] && !gradient; d++) {
                    gradient = c.grad()[d] != 0f;
                }
                boolean votes = predicts && gradient;
                decided[i] += votes ? 1 : 0;
                if (!keptClip) {
                    continue;
                }
                clipped[i] += votes ? 1 : 0;
                for (NeighbourCopy nb : c.neighbours()) {
                    if (!nb.onTime()) {
                        float[] now = c.truth().current(nb.id());
                        for (int d = bounds[k]; d < bounds[k + 1]; d++) {
                            b[d] += nb.weight() * ((double) x[d] - now[d]);
                        }
                    }
                }
            }
        }

        @Override
        public void onStep(long done, long total) {
            double r2 = 0;
            double v2 = 0;
            for (int d = 0; d < dim; d++) {
                double r = 0;
                double v = 0;
                double b = 0;
                for (int i = 0; i < n; i++) {
                    r += residual[i][d];
                    v += velocity[i][d];
                    b += clipEnds[i][d];
                    // an agent that idles this step (a slow one) adds nothing next time
                    residual[i][d] = 0;
                    velocity[i][d] = 0;
                    clipEnds[i][d] = 0;
                }
                r /= n;
                v /= n;
                b /= n;
                driftSum[d] += r;
                stepSum[d] += v;
                clipEndsSum[d] += b;
                r2 += r * r;
                v2 += v * v;
            }
            driftNorms += Math.sqrt(r2);
            stepNorms += Math.sqrt(v2);
        }

        @Override
        public void onEpoch(EpochMetrics m) {
            double drift = norm(driftSum);
            double steps = norm(stepSum);
            double[] predictionError = new double[dim];
            for (int d = 0; d < dim; d++) {
                predictionError[d] = driftSum[d] - clipEndsSum[d];
            }
            long dec = Arrays.stream(decided).sum();
            long clip = Arrays.stream(clipped).sum();
            Arrays.fill(decided, 0);
            Arrays.fill(clipped, 0);
            long fresh = Arrays.stream(freshLate).sum();
            Arrays.fill(freshLate, 0);
            rows.add(String.format(Locale.ROOT, "%d,%d,%.4f,%.5f,%s,%s,%.4e,%.4e,%.4e,%.4e,%.4e,%.4e,%d", m.epoch(), m.step(),
                    m.testAccuracy(), m.consensusDistance(), scalar(m, StandardMetrics.PREDICT_FRACTION),
                    dec == 0 ? "" : String.format(Locale.ROOT, "%.4f", clip / (double) dec), drift, steps, drift / steps,
                    driftNorms / stepNorms, norm(clipEndsSum), norm(predictionError), fresh));
        }

        private static String scalar(EpochMetrics m, String name) {
            double v = m.scalar(name);
            return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
        }

        private static double norm(double[] a) {
            double s = 0;
            for (double x : a) {
                s += x * x;
            }
            return Math.sqrt(s);
        }
    }
}

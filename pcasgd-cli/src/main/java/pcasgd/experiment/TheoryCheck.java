package pcasgd.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import pcasgd.algorithm.AlgorithmConfig;
import pcasgd.algorithm.Method;
import pcasgd.data.Dataset;
import pcasgd.api.Execution;
import pcasgd.api.PcAsgd;
import pcasgd.api.Topology;
import pcasgd.api.TrainingResult;
import pcasgd.delay.DelaySpec;
import pcasgd.engine.LeastSquaresOracle;
import pcasgd.metrics.EpochAggregation;
import pcasgd.metrics.StandardMetrics;
import pcasgd.metrics.TrainingListener;

/**
 * The numerical check of the convergence theory: least squares (strongly convex, exact optimum x*)
 * trained through the public API in the simulator with constant step size, recording ‖x̄_t − x*‖ and the consensus
 * distance after every step, for several delays τ and staleness treatments (θ).
 */
public final class TheoryCheck {

    /** A staleness treatment: a method and, for fixed-θ PC-ASGD, its θ. */
    public record Variant(String label, Method method, double theta) {
        public static List<Variant> defaults() {
            return List.of(new Variant("pc-asgd θ=0 (clip)", Method.PC_ASGD, 0.0),
                    new Variant("pc-asgd θ=0.5", Method.PC_ASGD, 0.5),
                    new Variant("pc-asgd θ=1 (predict)", Method.PC_ASGD, 1.0),
                    new Variant("pc-asgd-pv", Method.PC_ASGD_PV, 0.5),
                    new Variant("stale-dsgd", Method.STALE_DSGD, 0.5));
        }
    }

    /** The problem and optimiser settings; defaults are what docs/results.md reports. */
    public record Settings(int agents, int dimension, int examples, double noise, double ridge, double learningRate,
                           double momentum, int batchSize, int steps, double lateFraction, long seed) {
        public static Settings defaults() {
            return new Settings(8, 20, 4000, 0.1, 0.01, 0.05, 0.0, 8, 1500, 0.5, 1);
        }
    }

    /** ‖x̄_t − x*‖ and the consensus distance after steps t = 1..steps (index t − 1); {@code start} = ‖x_0 − x*‖. */
    public record Trajectory(Variant variant, int tau, double start, double[] distance, double[] consensus) {
        /** Mean distance over the last fifth of the steps: the neighbourhood the run settled in. */
        public double neighbourhood() {
            int from = distance.length - Math.max(1, distance.length / 5);
            return IntStream.range(from, distance.length).mapToDouble(i -> distance[i]).average().orElse(Double.NaN);
        }

        /** First step at which the distance fell below {@code fraction} of its start; -1 if never. */
        public int stepsToReach(double fraction) {
            for (int t = 0; t < distance.length; t++) {
                if (distance[t] <= fraction * start) {
                    return t + 1;
                }
            }
            return -1;
        }
    }

    private final Settings settings;
    private final Dataset data;
    private final LeastSquaresOracle oracle;
    private final double[] optimum;

    public TheoryCheck(Settings settings) {
        this.settings = settings;
        this.data = LeastSquaresOracle.generate(settings.examples(), settings.dimension(), settings.noise(), settings.seed());
        this.oracle = new LeastSquaresOracle(settings.dimension(), settings.ridge());
        this.optimum = oracle.optimum(data);
    }

    public List<Trajectory> run(List<Variant> variants, List<Integer> taus) {
        List<Trajectory> out = new ArrayList<>();
        for (Variant v : variants) {
            for (int tau : taus) {
                out.add(run(v, tau));
            }
        }
        return out;
    }

    public Trajectory run(Variant v, int tau) {
        AlgorithmConfig algo = AlgorithmConfig.builder().method(v.method()).learningRate(settings.learningRate())
                .momentum(settings.momentum()).weightDecay(0).theta(v.theta()).perLayer(false).build();
        // the public API's epoch is one pass over the data by all agents: run enough of them to cover the steps
        int stepsPerEpoch = (int) Math.ceil(data.size() / (double) (settings.batchSize() * settings.agents()));
        int epochs = (settings.steps() + stepsPerEpoch - 1) / stepsPerEpoch;
        StepRecorder recorder = new StepRecorder(settings.steps());
        PcAsgd plan = PcAsgd.builder().oracle(oracle).data(data, data).topology(Topology.ring(settings.agents()))
                .delay(DelaySpec.fixed(tau, settings.lateFraction(), settings.seed())).algorithm(algo)
                .batchSize(settings.batchSize()).epochs(epochs).seed(settings.seed()).evaluateAgents(false)
                .listener(recorder).execution(Execution.simulator().withWorkers(1)).build();
        try (TrainingResult ignored = plan.run()) {
            return new Trajectory(v, tau, distance(new float[settings.dimension()]), recorder.distance, recorder.consensus);
        }
    }

    public double[] optimum() {
        return optimum.clone();
    }

    private double distance(float[] x) {
        double s = 0;
        for (int d = 0; d < optimum.length; d++) {
            s += (x[d] - optimum[d]) * (x[d] - optimum[d]);
        }
        return Math.sqrt(s);
    }

    /** Reads every agent's parameters after each of the first {@code steps} steps. */
    private final class StepRecorder implements TrainingListener {
        final double[] distance;
        final double[] consensus;

        StepRecorder(int steps) {
            distance = new double[steps];
            consensus = new double[steps];
        }

        @Override
        public boolean observesAgents() {
            return true;
        }

        @Override
        public void onAgents(long done, List<float[]> params) {
            if (done > distance.length) {
                return;
            }
            float[] mean = EpochAggregation.average(params);
            distance[(int) done - 1] = distance(mean);
            consensus[(int) done - 1] = StandardMetrics.ConsensusDistance.of(params, mean);
        }
    }
}

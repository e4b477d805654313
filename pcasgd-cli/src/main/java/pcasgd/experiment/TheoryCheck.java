package pcasgd.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import pcasgd.algorithm.AlgorithmConfig;
import pcasgd.algorithm.Method;
import pcasgd.data.BatchSampler;
import pcasgd.data.Dataset;
import pcasgd.data.Partitioner;
import pcasgd.delay.DelaySpec;
import pcasgd.engine.LeastSquaresOracle;
import pcasgd.agent.BatchSource;
import pcasgd.metrics.EpochAggregation;
import pcasgd.metrics.StandardMetrics;
import pcasgd.runtime.SimulatedRuntime;
import pcasgd.runtime.SimulationSpec;
import pcasgd.metrics.TrainingListener;
import pcasgd.topology.Graph;
import pcasgd.topology.MixingMatrix;

/**
 * The numerical check of the convergence theory: least squares (strongly convex, exact optimum x*)
 * trained by the simulator with constant step size, recording ‖x̄_t − x*‖ and the consensus
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
        Graph g = Graph.ring(settings.agents());
        int n = g.size();
        int[][] shards = Partitioner.iid(data.size(), n, settings.seed());
        List<BatchSource> sources = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sources.add(new BatchSampler(data, shards[i], settings.batchSize(), i, settings.seed())::next);
        }
        AlgorithmConfig algo = AlgorithmConfig.builder().method(v.method()).learningRate(settings.learningRate())
                .momentum(settings.momentum()).weightDecay(0).theta(v.theta()).perLayer(false).build();
        SimulationSpec spec = SimulationSpec.builder().method(v.label()).oracle(oracle).rule(algo.rule())
                .network(g, MixingMatrix.metropolisHastings(g))
                .delays(DelaySpec.fixed(tau, settings.lateFraction(), settings.seed()).build(g))
                .synchronous(v.method().waitsForNeighbours()).data(data, data).sources(sources)
                .batchSize(settings.batchSize()).epochs(1).stepsPerEpoch(settings.steps()).initSeed(settings.seed())
                .workers(1).evaluateAgents(false).build();
        StepRecorder recorder = new StepRecorder(settings.steps());
        try (SimulatedRuntime sim = new SimulatedRuntime(spec, List.of(recorder))) {
            recorder.sim = sim;
            sim.run();
        }
        return new Trajectory(v, tau, distance(new float[settings.dimension()]), recorder.distance, recorder.consensus);
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

    /** Reads every agent's parameters after each step through the runtime's public view. */
    private final class StepRecorder implements TrainingListener {
        final double[] distance;
        final double[] consensus;
        SimulatedRuntime sim;

        StepRecorder(int steps) {
            distance = new double[steps];
            consensus = new double[steps];
        }

        @Override
        public void onStep(long done, long total) {
            List<float[]> params = sim.agentParameters();
            float[] mean = EpochAggregation.average(params);
            distance[(int) done - 1] = distance(mean);
            consensus[(int) done - 1] = StandardMetrics.ConsensusDistance.of(params, mean);
        }
    }
}

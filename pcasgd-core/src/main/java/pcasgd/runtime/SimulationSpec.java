package pcasgd.runtime;

import java.util.List;
import pcasgd.agent.BatchSource;
import pcasgd.algorithm.UpdateRule;
import pcasgd.data.Dataset;
import pcasgd.delay.DelayModel;
import pcasgd.engine.GradientOracle;
import pcasgd.engine.StatisticsRecalibration;
import pcasgd.metrics.MetricSet;
import pcasgd.topology.Graph;
import pcasgd.topology.MixingMatrix;

/**
 * Everything a run needs, built and validated: the model, the rule, the network, the data and the
 * schedule. Immutable; build with {@link #builder()}. The simulator and the actor runtimes run the
 * same spec.
 */
public final class SimulationSpec {
    private final String method;
    private final GradientOracle oracle;
    private final UpdateRule rule;
    private final int candidateExamples;
    private final Graph graph;
    private final MixingMatrix mixing;
    private final DelayModel delays;
    private final boolean synchronous;
    private final Dataset trainSet;
    private final Dataset testSet;
    private final List<BatchSource> sources;
    private final int batchSize;
    private final int epochs;
    private final int stepsPerEpoch;
    private final long initSeed;
    private final int workers;
    private final boolean evaluateAgents;
    private final MetricSet metrics;
    private final WireEncoding encoding;
    private final int recalibrationBatches;
    private final StatisticsRecalibration recalibration;

    private SimulationSpec(Builder b) {
        method = b.method;
        oracle = b.oracle;
        rule = b.rule;
        candidateExamples = b.candidateExamples;
        graph = b.graph;
        mixing = b.mixing;
        delays = b.delays;
        synchronous = b.synchronous;
        trainSet = b.trainSet;
        testSet = b.testSet;
        sources = List.copyOf(b.sources);
        batchSize = b.batchSize;
        epochs = b.epochs;
        stepsPerEpoch = b.stepsPerEpoch;
        initSeed = b.initSeed;
        workers = b.workers;
        evaluateAgents = b.evaluateAgents;
        metrics = b.metrics;
        encoding = b.encoding;
        if (oracle == null || rule == null || graph == null || mixing == null || delays == null || trainSet == null
                || testSet == null) {
            throw new IllegalArgumentException("a run needs a model oracle, an update rule, a graph, a mixing matrix,"
                    + " a delay model and training and test data");
        }
        if (sources.size() != graph.size() || mixing.size() != graph.size()) {
            throw new IllegalArgumentException("graph has " + graph.size() + " agents but " + sources.size()
                    + " batch sources and a " + mixing.size() + "x" + mixing.size() + " mixing matrix");
        }
        if (epochs < 1 || stepsPerEpoch < 1 || batchSize < 1 || workers < 1) {
            throw new IllegalArgumentException("epochs, steps per epoch, batch size and workers must be >= 1");
        }
        recalibrationBatches = b.recalibrationBatches;
        if (recalibrationBatches < 0) {
            throw new IllegalArgumentException("recalibration batches must be >= 0 (0 = off), got " + recalibrationBatches);
        }
        recalibration = oracle.layout().allTrainable() ? StatisticsRecalibration.none()
                : StatisticsRecalibration.of(trainSet, recalibrationBatches, batchSize, initSeed);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String method() { return method; }
    public GradientOracle oracle() { return oracle; }
    public UpdateRule rule() { return rule; }
    /** Examples of each minibatch the loss condition evaluates candidates on (0 = all); −1 when no candidate is evaluated. */
    public int candidateExamples() { return candidateExamples; }
    public Graph graph() { return graph; }
    public MixingMatrix mixing() { return mixing; }
    public DelayModel delays() { return delays; }
    /** Synchronous methods wait for every neighbour's message of the step: no copy is ever late. */
    public boolean synchronous() { return synchronous; }
    public Dataset trainSet() { return trainSet; }
    public Dataset testSet() { return testSet; }
    /** One batch stream per agent (its own shard). */
    public List<BatchSource> sources() { return sources; }
    public int batchSize() { return batchSize; }
    public int epochs() { return epochs; }
    public int stepsPerEpoch() { return stepsPerEpoch; }
    public long initSeed() { return initSeed; }
    /** Threads computing agents side by side in the simulator (results never depend on it). */
    public int workers() { return workers; }
    /** Also test each agent's own model every epoch, not only x̄. */
    public boolean evaluateAgents() { return evaluateAgents; }
    public MetricSet metrics() { return metrics; }
    /** How messages carry parameters and gradients; the simulator rounds its messages the same way. */
    public WireEncoding encoding() { return encoding; }
    /** Training batches x̄'s running statistics are recomputed on before it is tested or saved (0 = off). */
    public int recalibrationBatches() { return recalibrationBatches; }
    /** How x̄'s running statistics are recomputed; nothing to do for a model without them. */
    public StatisticsRecalibration recalibration() { return recalibration; }

    public int agents() {
        return graph.size();
    }

    public long totalSteps() {
        return (long) epochs * stepsPerEpoch;
    }

    /**
     * Defaults: 1 epoch of 1 step, batch 32, 1 worker, seed 0, agents evaluated, the standard metrics,
     * x̄'s statistics recomputed on {@link StatisticsRecalibration#DEFAULT_BATCHES} batches.
     */
    public static final class Builder {
        private String method = "";
        private GradientOracle oracle;
        private UpdateRule rule;
        private int candidateExamples = -1;
        private Graph graph;
        private MixingMatrix mixing;
        private DelayModel delays = DelayModel.none();
        private boolean synchronous;
        private Dataset trainSet;
        private Dataset testSet;
        private List<BatchSource> sources = List.of();
        private int batchSize = 32;
        private int epochs = 1;
        private int stepsPerEpoch = 1;
        private long initSeed;
        private int workers = 1;
        private boolean evaluateAgents = true;
        private MetricSet metrics = MetricSet.standard();
        private WireEncoding encoding = WireEncoding.FP32;
        private int recalibrationBatches = StatisticsRecalibration.DEFAULT_BATCHES;

        public Builder method(String v) { method = v; return this; }
        public Builder oracle(GradientOracle v) { oracle = v; return this; }
        public Builder rule(UpdateRule v) { rule = v; return this; }
        public Builder candidateExamples(int v) { candidateExamples = v; return this; }
        /** The graph and its mixing matrix W. */
        public Builder network(Graph g, MixingMatrix w) { graph = g; mixing = w; return this; }
        public Builder delays(DelayModel v) { delays = v; return this; }
        public Builder synchronous(boolean v) { synchronous = v; return this; }
        public Builder data(Dataset train, Dataset test) { trainSet = train; testSet = test; return this; }
        public Builder sources(List<BatchSource> v) { sources = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder epochs(int v) { epochs = v; return this; }
        public Builder stepsPerEpoch(int v) { stepsPerEpoch = v; return this; }
        public Builder initSeed(long v) { initSeed = v; return this; }
        public Builder workers(int v) { workers = v; return this; }
        public Builder evaluateAgents(boolean v) { evaluateAgents = v; return this; }
        public Builder metrics(MetricSet v) { metrics = v; return this; }
        public Builder encoding(WireEncoding v) { encoding = v; return this; }
        public Builder recalibrationBatches(int v) { recalibrationBatches = v; return this; }

        public SimulationSpec build() {
            return new SimulationSpec(this);
        }
    }
}

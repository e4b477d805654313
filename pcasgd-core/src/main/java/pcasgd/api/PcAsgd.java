package pcasgd.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import pcasgd.agent.BatchSource;
import pcasgd.algorithm.AlgorithmConfig;
import pcasgd.algorithm.Method;
import pcasgd.data.Augmentation;
import pcasgd.data.BatchSampler;
import pcasgd.data.Dataset;
import pcasgd.data.PartitionSpec;
import pcasgd.data.TrainTest;
import pcasgd.delay.DelayModel;
import pcasgd.delay.DelaySpec;
import pcasgd.engine.DjlOracle;
import pcasgd.engine.GradientOracle;
import pcasgd.engine.StatisticsRecalibration;
import pcasgd.metrics.EpochMetrics;
import pcasgd.metrics.Metric;
import pcasgd.metrics.MetricSet;
import pcasgd.runtime.SimulatedRuntime;
import pcasgd.runtime.SimulationSpec;
import pcasgd.runtime.WireEncoding;
import pcasgd.metrics.TrainingListener;
import pcasgd.runtime.ActorRuntime;
import pcasgd.runtime.RunningNode;
import pcasgd.runtime.SpecFingerprint;
import pcasgd.topology.Graph;
import pcasgd.topology.MixingMatrix;

/**
 * Decentralized training of your own model with PC-ASGD or one of its baselines: one validated,
 * immutable plan of a run, made with {@link #builder()}, and {@link #run()}.
 *
 * <pre>{@code
 * try (TrainingResult r = PcAsgd.builder()
 *         .model(ModelSpec.block("two-layer", MyNet::build, new int[] {8}, 3))
 *         .data(train, test)                                 // pcasgd.data.Dataset, e.g. Datasets.fromArrays
 *         .topology(Topology.ring(4))
 *         .delay(DelaySpec.fixed(2, 0.5, 1))                 // half the links 2 steps late
 *         .algorithm(AlgorithmConfig.builder().method(Method.PC_ASGD).learningRate(0.1).build())
 *         .epochs(5).batchSize(16)
 *         .run()) {
 *     System.out.println(r.lastEpoch().testAccuracy());
 *     r.model().save(Path.of("out"), "two-layer");
 * }
 * }</pre>
 *
 * <p>Each agent trains on its own shard of the training data ({@link PartitionSpec}: iid or
 * Dirichlet non-iid) with minibatches of {@code batchSize}; an epoch is as many steps as it takes
 * the agents together to see the training set once. After every epoch the averaged model x̄ is
 * tested on the test data and the metrics (see {@link pcasgd.metrics.StandardMetrics}, plus any
 * added with {@link Builder#metric}) go to the listeners.
 *
 * <p>Data: {@link pcasgd.data.Datasets#fromArrays} (Java arrays),
 * {@link pcasgd.data.Datasets#fromDjl} (a DJL {@code RandomAccessDataset}), or the built-in
 * readers ({@link pcasgd.data.FashionMnist#load}, {@link pcasgd.data.Cifar#load10},
 * {@link pcasgd.data.EmbeddedData#fashionMnistSmall}, normalised with
 * {@link pcasgd.data.Normalization}).
 *
 * <p>Runtimes: {@link Execution#simulator()} (default) and {@link Execution#local()} run the whole
 * run in this JVM; a multi-process cluster run is started by calling {@link #startNode} in every
 * process with the same plan.
 */
public final class PcAsgd {
    /** Examples per minibatch of each agent unless set. */
    public static final int DEFAULT_BATCH_SIZE = 32;
    /** Passes over the training data unless set. */
    public static final int DEFAULT_EPOCHS = 1;
    /** The seed of weights, shards, batch order and a random topology unless set. */
    public static final long DEFAULT_SEED = 1;
    /** Whether every agent's own model is tested each epoch unless set. */
    public static final boolean DEFAULT_EVALUATE_AGENTS = true;

    private final ModelSpec model;
    private final GradientOracle oracle;
    private final Dataset train;
    private final Dataset test;
    private final Topology topology;
    private final DelaySpec delay;
    private final AlgorithmConfig algorithm;
    private final PartitionSpec partition;
    private final Augmentation augmentation;
    private final int batchSize;
    private final int epochs;
    private final long seed;
    private final int lossExamples;
    private final boolean evaluateAgents;
    private final int recalibrationBatches;
    private final WireEncoding encoding;
    private final MetricSet metrics;
    private final List<TrainingListener> listeners;
    private final Execution execution;

    private PcAsgd(Builder b) {
        model = b.model;
        oracle = b.oracle;
        train = b.train;
        test = b.test;
        topology = b.topology;
        delay = b.delay;
        algorithm = b.algorithm;
        partition = b.partition;
        augmentation = b.augmentation;
        batchSize = b.batchSize;
        epochs = b.epochs;
        seed = b.seed;
        lossExamples = b.lossExamples;
        evaluateAgents = b.evaluateAgents;
        recalibrationBatches = b.recalibrationBatches;
        encoding = b.encoding;
        metrics = b.metrics;
        listeners = List.copyOf(b.listeners);
        execution = b.execution;
        validate();
    }

    /**
     * A new builder with the defaults: PC-ASGD with {@link AlgorithmConfig}'s defaults, no delay,
     * iid shards, no augmentation, batch 32, 1 epoch, seed 1, every agent also tested each epoch,
     * the standard metrics, the simulator.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this plan's settings, to derive a changed plan.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.model = model;
        b.oracle = oracle;
        b.train = train;
        b.test = test;
        b.topology = topology;
        b.delay = delay;
        b.algorithm = algorithm;
        b.partition = partition;
        b.augmentation = augmentation;
        b.batchSize = batchSize;
        b.epochs = epochs;
        b.seed = seed;
        b.lossExamples = lossExamples;
        b.evaluateAgents = evaluateAgents;
        b.recalibrationBatches = recalibrationBatches;
        b.encoding = encoding;
        b.metrics = metrics;
        b.listeners.addAll(listeners);
        b.execution = execution;
        return b;
    }

    private void validate() {
        if (model == null && oracle == null) {
            throw new IllegalStateException("no model: call model(ModelSpec.block(...)), model(ModelSpec.torchScript(...))"
                    + " or model(ModelSpec.zoo(...))");
        }
        if (train == null) {
            throw new IllegalStateException("no data: call data(train, test), e.g. with Datasets.fromArrays(...)");
        }
        if (topology == null) {
            throw new IllegalStateException("no topology: call topology(...), e.g. topology(Topology.ring(4))");
        }
        if (!Arrays.equals(train.featureShape(), test.featureShape())) {
            throw new IllegalArgumentException("training examples have shape " + Arrays.toString(train.featureShape())
                    + " but test examples " + Arrays.toString(test.featureShape()));
        }
        if (train.isClassification() != test.isClassification()
                || train.isClassification() && train.numClasses() != test.numClasses()) {
            throw new IllegalArgumentException("training data " + train.name() + " has " + classes(train) + " but test data "
                    + test.name() + " has " + classes(test));
        }
        if (model != null) {
            requireFits(model.name(), model.inputShape(), model.numClasses());
        } else if (oracle instanceof DjlOracle d) {
            requireFits(d.modelName(), d.inputShape(), d.numClasses());
        }
        if (batchSize < 1 || epochs < 1) {
            throw new IllegalArgumentException("batch size and epochs must be >= 1, got batch size " + batchSize
                    + " and " + epochs + " epochs");
        }
        if (lossExamples < 0) {
            throw new IllegalArgumentException("loss examples must be >= 0 (0 = the whole minibatch), got " + lossExamples);
        }
        if (recalibrationBatches < 0) {
            throw new IllegalArgumentException("recalibration batches must be >= 0 (0 = off), got " + recalibrationBatches);
        }
    }

    // Same number of values is enough ([784] vs [1, 28, 28]): the engine reshapes each batch to the model's shape.
    private void requireFits(String name, int[] inputShape, int numClasses) {
        int modelSize = Arrays.stream(inputShape).reduce(1, (a, b) -> a * b);
        if (train.featureSize() != modelSize) {
            throw new IllegalArgumentException("the data's examples have shape " + Arrays.toString(train.featureShape()) + " ("
                    + train.featureSize() + " values) but model " + name + " takes " + Arrays.toString(inputShape) + " ("
                    + modelSize + " values)");
        }
        if (!train.isClassification()) {
            throw new IllegalArgumentException("data " + train.name() + " has no class labels; model " + name
                    + " is a classifier (softmax cross-entropy over " + numClasses + " logits)");
        }
        if (train.numClasses() != numClasses) {
            throw new IllegalArgumentException("the data has " + train.numClasses() + " classes but model " + name
                    + " returns " + numClasses + " logits");
        }
    }

    private static String classes(Dataset d) {
        return d.isClassification() ? d.numClasses() + " classes" : "no class labels";
    }

    /**
     * The number of agents that train: the topology's, or 1 for {@link Method#CENTRALIZED}.
     *
     * @return the agent count
     */
    public int agents() {
        return algorithm.method().singleModel() ? 1 : topology.agents();
    }

    /**
     * The runtime this plan runs on.
     *
     * @return the execution
     */
    public Execution execution() {
        return execution;
    }

    /**
     * The run as the runtimes see it, for tools that drive a runtime themselves. Needs a plan built
     * with a ready oracle ({@link Builder#oracle}), which the spec uses and the caller keeps owning;
     * a {@link ModelSpec}'s engine resources are made and freed by {@link #run()}.
     *
     * @return the spec, with the user's metric set
     * @throws IllegalStateException if the plan has no ready oracle
     */
    public SimulationSpec spec() {
        if (oracle == null) {
            throw new IllegalStateException("spec() needs a plan made with oracle(...); a ModelSpec's engine is built and"
                    + " closed by run()");
        }
        return spec(oracle, metrics);
    }

    private SimulationSpec spec(GradientOracle o, MetricSet runMetrics) {
        Method method = algorithm.method();
        Graph g = method.singleModel() ? Graph.fromEdges(1, List.of())
                : method.communicates() ? topology.graph(seed) : topology.isolated();
        int agents = g.size();
        if (agents > train.size()) {
            throw new IllegalArgumentException("cannot split " + train.size() + " training examples across " + agents + " agents");
        }
        // centralized SGD is one model taking the agents' total batch; an epoch is the same number of examples for all
        int batch = method.singleModel() ? batchSize * topology.agents() : batchSize;
        int stepsPerEpoch = (int) Math.ceil(train.size() / (double) (batchSize * topology.agents()));
        // synchronous methods still get the delay model: the simulator charges their waiting in simulated time
        DelayModel delays = method.communicates() ? delay.build(g) : DelayModel.none();
        return SimulationSpec.builder().method(method.id()).oracle(o).rule(algorithm.rule())
                .candidateExamples(algorithm.needsCandidateEvaluator() ? lossExamples : -1)
                .network(g, MixingMatrix.metropolisHastings(g)).delays(delays).synchronous(method.waitsForNeighbours())
                .data(train, test).sources(sources(agents, batch)).batchSize(batch)
                .epochs(epochs).stepsPerEpoch(stepsPerEpoch).initSeed(seed).workers(execution.workers())
                .evaluateAgents(evaluateAgents && agents > 1).encoding(encoding).metrics(runMetrics)
                .recalibrationBatches(recalibrationBatches).build();
    }

    /** One batch stream per agent over its own shard; a single agent gets all the data. */
    private List<BatchSource> sources(int agents, int batch) {
        int[][] shards = agents == 1
                ? new int[][] {IntStream.range(0, train.size()).toArray()}
                : partition.split(train, agents, seed);
        List<BatchSource> out = new ArrayList<>(agents);
        for (int i = 0; i < agents; i++) {
            BatchSampler s = new BatchSampler(train, shards[i], batch, i, seed, augmentation);
            out.add(s::next);
        }
        return out;
    }

    /**
     * Runs every epoch on the plan's {@link Execution} and returns the metrics and x̄. Builds the
     * model's engine replicas first (and frees them after), so model errors surface here.
     *
     * @return the result; close it when done with its {@link TrainingResult#model()}
     * @throws pcasgd.agent.TrainingDivergedException if the loss became NaN or infinite; listeners
     *     have seen every finished epoch
     * @throws IllegalArgumentException if the model does not fit its shapes or the settings cannot
     *     run together (e.g. more agents than training examples)
     * @throws IllegalStateException if a local run does not finish within its timeout
     */
    public TrainingResult run() {
        GradientOracle o = oracle != null ? oracle : model.newOracle();
        try {
            FinalAverage average = new FinalAverage();
            SimulationSpec spec = spec(o, metrics);
            List<TrainingListener> all = withAverage(average);
            List<EpochMetrics> epochs = switch (execution.kind()) {
                case SIMULATOR -> {
                    try (SimulatedRuntime sim = new SimulatedRuntime(spec, all)) {
                        yield sim.run();
                    }
                }
                case LOCAL -> ActorRuntime.load().runLocal(spec, execution.settings(), simulatorOnly(all), execution.timeout(),
                        execution.snapshots());
            };
            return new TrainingResult(epochs, average.average(), o.layout(), model);
        } finally {
            if (oracle == null) {
                o.close();
            }
        }
    }

    /** Refuses, by name, a listener that reads the agents after every step: only the simulator has that state. */
    private static List<TrainingListener> simulatorOnly(List<TrainingListener> all) {
        for (TrainingListener l : all) {
            if (l.observesAgents()) {
                throw new IllegalArgumentException("listener " + l.getClass().getName() + " reads every agent's parameters"
                        + " after each step, which only the simulator offers (Execution.simulator())");
            }
        }
        return all;
    }

    /** The user's listeners, then the one that keeps x̄ for the result. */
    private List<TrainingListener> withAverage(FinalAverage average) {
        List<TrainingListener> all = new java.util.ArrayList<>(listeners);
        all.add(average);
        return all;
    }

    /**
     * Starts this process's share of a multi-process run (Pekko Cluster over Artery TCP) and returns
     * at once. Every process must build the same plan (same model, data, topology and seed; the run is
     * seeded, so the same code and inputs give the same plan) and call this with its own
     * {@link NodeSettings}: its host and port, the seed nodes it joins, the agents it hosts and
     * whether it hosts the coordinator (by convention the process of agent 0). The run starts when
     * every agent has joined; the coordinator's node collects the metrics and x̄.
     *
     * <p>The command-line equivalent is {@code pcasgd agent --id i --seed-nodes host:port,...
     * --config run.yaml}, one per process.
     *
     * @param settings the actor runtime's settings; the run id must be the same in every process
     * @param node this process's address, seeds and agents
     * @return the running node
     */
    public ClusterNode startNode(ClusterSettings settings, NodeSettings node) {
        Objects.requireNonNull(settings, "actor settings");
        Objects.requireNonNull(node, "node settings");
        GradientOracle o = oracle != null ? oracle : model.newOracle();
        try {
            FinalAverage average = new FinalAverage();
            SimulationSpec spec = spec(o, metrics);
            // processes of one run must agree; a node started without a fingerprint presents its plan's
            NodeSettings admitted = node.fingerprint().isEmpty()
                    ? node.toBuilder().fingerprint(SpecFingerprint.of(spec)).build() : node;
            RunningNode running = ActorRuntime.load().startNode(spec, settings, admitted, simulatorOnly(withAverage(average)));
            return new ClusterNode(running, average, o.layout(), model, oracle == null ? o : null);
        } catch (RuntimeException e) {
            if (oracle == null) {
                o.close();
            }
            throw e;
        }
    }

    /**
     * Builds a {@link PcAsgd} plan. Required: a model, training and test data, a topology. Every other
     * setting has a default (see {@link PcAsgd#builder()}).
     */
    public static final class Builder {
        private ModelSpec model;
        private GradientOracle oracle;
        private Dataset train;
        private Dataset test;
        private Topology topology;
        private DelaySpec delay = DelaySpec.none();
        private AlgorithmConfig algorithm = AlgorithmConfig.builder().build();
        private PartitionSpec partition = PartitionSpec.iid();
        private Augmentation augmentation = Augmentation.NONE;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int epochs = DEFAULT_EPOCHS;
        private long seed = DEFAULT_SEED;
        private int lossExamples;
        private boolean evaluateAgents = DEFAULT_EVALUATE_AGENTS;
        private int recalibrationBatches = StatisticsRecalibration.DEFAULT_BATCHES;
        private WireEncoding encoding = WireEncoding.FP32;
        private MetricSet metrics = MetricSet.standard();
        private final List<TrainingListener> listeners = new ArrayList<>();
        private Execution execution = Execution.simulator();

        private Builder() { }

        /**
         * The network to train.
         *
         * @param spec a DJL block, a TorchScript file or a zoo model, with its shapes
         * @return this builder
         */
        public Builder model(ModelSpec spec) {
            this.model = Objects.requireNonNull(spec, "model");
            return this;
        }

        /**
         * A model already built as a gradient oracle (e.g. a cached {@link DjlOracle}, or a model that
         * is not a neural network). The plan uses it and never closes it. With a {@link ModelSpec} too,
         * the oracle trains and the spec only shapes {@link TrainingResult#model()}, so they must
         * describe the same network.
         *
         * @param ready the oracle
         * @return this builder
         */
        public Builder oracle(GradientOracle ready) {
            this.oracle = Objects.requireNonNull(ready, "oracle");
            return this;
        }

        /**
         * Training data, split across the agents, and test data, on which x̄ (and each agent) is
         * evaluated every epoch. Their example shape must match the model's input shape and their
         * class count its number of logits.
         *
         * @param trainSet the training data
         * @param testSet the test data
         * @return this builder
         */
        public Builder data(Dataset trainSet, Dataset testSet) {
            this.train = Objects.requireNonNull(trainSet, "training data");
            this.test = Objects.requireNonNull(testSet, "test data");
            return this;
        }

        /**
         * Training and test data as the built-in readers return them.
         *
         * @param data the two sets
         * @return this builder
         */
        public Builder data(TrainTest data) {
            Objects.requireNonNull(data, "data");
            return data(data.train(), data.test());
        }

        /**
         * The agents and their communication graph.
         *
         * @param value e.g. {@code Topology.ring(4)}
         * @return this builder
         */
        public Builder topology(Topology value) {
            this.topology = Objects.requireNonNull(value, "topology");
            return this;
        }

        /**
         * Which messages are late and by how many steps (default: none). Its own seed picks the slow
         * links; {@code DelaySpec.withSeed} changes it.
         *
         * @param value the delay spec
         * @return this builder
         */
        public Builder delay(DelaySpec value) {
            this.delay = Objects.requireNonNull(value, "delay");
            return this;
        }

        /**
         * The method and its hyper-parameters: learning rate, momentum, weight decay, θ, the
         * predictor and its λ, the practical variant's condition (see {@link AlgorithmConfig}).
         *
         * @param value the algorithm
         * @return this builder
         */
        public Builder algorithm(AlgorithmConfig value) {
            this.algorithm = Objects.requireNonNull(value, "algorithm");
            return this;
        }

        /**
         * How the training data is split across agents (default iid).
         *
         * @param value e.g. {@code PartitionSpec.dirichlet(0.5)}
         * @return this builder
         */
        public Builder partition(PartitionSpec value) {
            this.partition = Objects.requireNonNull(value, "partition");
            return this;
        }

        /**
         * A transformation of each training batch (default none), e.g.
         * {@link pcasgd.data.CifarAugmentation#standard()}.
         *
         * @param value the augmentation
         * @return this builder
         */
        public Builder augmentation(Augmentation value) {
            this.augmentation = Objects.requireNonNull(value, "augmentation");
            return this;
        }

        /**
         * Examples per minibatch of each agent (default 32).
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder batchSize(int value) {
            this.batchSize = value;
            return this;
        }

        /**
         * Passes over the training data (default 1).
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder epochs(int value) {
            this.epochs = value;
            return this;
        }

        /**
         * Seeds the initial weights, the shards, the batch order and a random topology (default 1).
         *
         * @param value the seed
         * @return this builder
         */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * For {@code pc-asgd-pv} with the loss condition: the examples of each minibatch it evaluates
         * candidates on (default 0: all of them).
         *
         * @param value at least 0
         * @return this builder
         */
        public Builder lossExamples(int value) {
            this.lossExamples = value;
            return this;
        }

        /**
         * Whether each agent's own model is also tested every epoch, not only x̄ (default true).
         *
         * @param value whether to test every agent
         * @return this builder
         */
        public Builder evaluateAgents(boolean value) {
            this.evaluateAgents = value;
            return this;
        }

        /**
         * Training batches (of {@code batchSize} examples) on which the running statistics of x̄ — the
         * batch-norm means and variances — are recomputed at x̄'s own weights before it is tested or
         * returned (default {@link StatisticsRecalibration#DEFAULT_BATCHES}; 0 keeps the linear average of
         * the agents' statistics, which does not fit x̄'s weights). Models without running statistics
         * are not affected.
         *
         * @param value at least 0
         * @return this builder
         */
        public Builder recalibrationBatches(int value) {
            this.recalibrationBatches = value;
            return this;
        }

        /**
         * How messages carry parameters and gradients: fp32 (default), or bf16 / fp16 at half the bytes.
         * The simulator rounds its messages the same way, so the accuracy cost can be measured offline.
         *
         * @param value the encoding
         * @return this builder
         */
        public Builder encoding(WireEncoding value) {
            this.encoding = java.util.Objects.requireNonNull(value, "encoding");
            return this;
        }

        /**
         * Adds a metric after the current ones (a CSV column, a console column if it has a title).
         *
         * @param metric the metric
         * @return this builder
         * @throws IllegalArgumentException if a metric of that name is already in the set
         */
        public Builder metric(Metric metric) {
            this.metrics = metrics.with(Objects.requireNonNull(metric, "metric"));
            return this;
        }

        /**
         * Replaces the whole metric set (default {@link MetricSet#standard()}).
         *
         * @param value the metrics
         * @return this builder
         */
        public Builder metrics(MetricSet value) {
            this.metrics = Objects.requireNonNull(value, "metrics");
            return this;
        }

        /**
         * Adds a listener, called at the start, after every step and epoch, on warnings and at the end.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(TrainingListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Adds listeners in order.
         *
         * @param values the listeners
         * @return this builder
         */
        public Builder listeners(List<? extends TrainingListener> values) {
            values.forEach(this::listener);
            return this;
        }

        /**
         * Where the agents run (default {@link Execution#simulator()}).
         *
         * @param value the runtime
         * @return this builder
         */
        public Builder execution(Execution value) {
            this.execution = Objects.requireNonNull(value, "execution");
            return this;
        }

        /**
         * Checks the settings together and makes the plan.
         *
         * @return the plan
         * @throws IllegalStateException if the model, data or topology is missing
         * @throws IllegalArgumentException if pieces do not fit (data shape vs model input shape, class
         *     counts, train vs test shape) or a value is out of range
         */
        public PcAsgd build() {
            return new PcAsgd(this);
        }

        /**
         * {@code build().run()}.
         *
         * @return the result
         */
        public TrainingResult run() {
            return build().run();
        }
    }
}

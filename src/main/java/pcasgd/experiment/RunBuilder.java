package pcasgd.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import pcasgd.agent.BatchSource;
import pcasgd.algorithm.AlgorithmConfig;
import pcasgd.algorithm.ClipWeights;
import pcasgd.algorithm.DampingSpec;
import pcasgd.algorithm.Kernel;
import pcasgd.algorithm.LambdaSpec;
import pcasgd.algorithm.Method;
import pcasgd.algorithm.PredictorSpec;
import pcasgd.data.Augmentation;
import pcasgd.data.BatchSampler;
import pcasgd.data.CifarAugmentation;
import pcasgd.data.Dataset;
import pcasgd.data.PartitionSpec;
import pcasgd.data.TrainTest;
import pcasgd.delay.DelayModel;
import pcasgd.delay.DelaySpec;
import pcasgd.delay.Delivery;
import pcasgd.engine.DjlOracle;
import pcasgd.engine.EngineSetup;
import pcasgd.engine.GradientOracle;
import pcasgd.runtime.SimulationSpec;
import pcasgd.runtime.WireEncoding;
import pcasgd.topology.Graph;
import pcasgd.topology.MixingMatrix;

/**
 * Turns a {@link TrainConfig} into the parts a runtime runs: data, shards and batch streams, the
 * model oracle, graph, mixing matrix, delays and update rule. Data sets and oracles are cached so
 * the points of a sweep share them.
 */
public final class RunBuilder implements AutoCloseable {
    private final DataSets dataSets = new DataSets();
    private final Map<String, GradientOracle> oracles = new ConcurrentHashMap<>();

    public TrainTest data(TrainConfig c) {
        return dataSets.load(c);
    }

    public AlgorithmConfig algorithm(TrainConfig c) {
        try {
            LambdaSpec lambda = c.adaptiveLambda() ? LambdaSpec.adaptive(c.lambda(), c.lambdaDecay()) : LambdaSpec.fixed(c.lambda());
            PredictorSpec predictor = new PredictorSpec(c.predictor(), lambda, DampingSpec.parse(c.damping(), c.dampingMemory()));
            return AlgorithmConfig.builder().method(Method.parse(c.method())).learningRate(c.learningRate())
                    .momentum(c.momentum()).weightDecay(c.weightDecay()).theta(c.theta()).predictor(predictor)
                    .condition(c.condition()).perLayer(c.perLayer()).clipWeights(ClipWeights.parse(c.clipWeights()))
                    .warmupEpochs(c.warmupEpochs()).kernel(Kernel.parse(c.kernel())).build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /** The communication graph; the single model of centralized SGD and the unconnected agents of local SGD need none. */
    public Graph graph(TrainConfig c) {
        Method m = Method.parse(c.method());
        if (m.singleModel()) {
            return Graph.fromEdges(1, List.of());
        }
        if (!m.communicates()) {
            return Graph.fromEdges(c.agents(), List.of());
        }
        return Graph.named(c.topology(), c.agents(), c.edgeProbability(), c.seed()).requireConnected();
    }

    public DelayModel delays(TrainConfig c, Graph g) {
        try {
            return delaySpec(c).build(g);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    public static DelaySpec delaySpec(TrainConfig c) {
        return DelaySpec.builder().type(c.delay()).tau(c.tau()).uniform(c.delayMin(), c.delayMax())
                .lateFraction(c.lateFraction()).lateProbability(c.lateProbability() >= 0 ? c.lateProbability() : null)
                .keepConnected(c.keepConnected() && c.lateProbability() < 0).delivery(Delivery.parse(c.delivery()))
                .matrix(DelaySpec.parseMatrix(c.delayMatrix()))
                .trace(c.delayTrace().isEmpty() ? null : Path.of(c.delayTrace()))
                .stragglers(c.stragglers(), c.stragglerFactor()).seed(c.seed()).build();
    }

    public GradientOracle oracle(TrainConfig c, Dataset train) {
        int[] shape = train.featureShape();
        String key = c.model() + "|" + java.util.Arrays.toString(shape) + "|" + train.numClasses() + "|" + c.intraOpThreads();
        return oracles.computeIfAbsent(key, k -> {
            EngineSetup.configure(c.intraOpThreads());
            return DjlOracle.builder().model(c.model()).inputShape(shape).numClasses(train.numClasses())
                    .intraOpThreads(c.intraOpThreads()).build();
        });
    }

    /** Shards and batch streams; centralized SGD is one agent with all data and the agents' total batch. */
    public List<BatchSource> sources(TrainConfig c, Dataset train, int agents, int batchSize) {
        int[][] shards = agents == 1
                ? new int[][] {IntStream.range(0, train.size()).toArray()}
                : new PartitionSpec(c.partition(), c.dirichletAlpha()).split(train, agents, c.seed());
        Augmentation aug = c.augment() ? CifarAugmentation.standard() : Augmentation.NONE;
        List<BatchSource> out = new ArrayList<>(agents);
        for (int i = 0; i < agents; i++) {
            BatchSampler s = new BatchSampler(train, shards[i], batchSize, i, c.seed(), aug);
            out.add(s::next);
        }
        return out;
    }

    public SimulationSpec simulation(TrainConfig c) {
        c.validate();
        AlgorithmConfig algo = algorithm(c);
        Method method = algo.method();
        TrainTest data = data(c);
        Graph g = graph(c);
        int agents = g.size();
        if (agents > data.train().size()) {
            throw new ConfigException("cannot split " + data.train().size() + " training examples across " + agents + " agents");
        }
        int batch = method.singleModel() ? c.batchSize() * c.agents() : c.batchSize();
        int stepsPerEpoch = (int) Math.ceil(data.train().size() / (double) (c.batchSize() * c.agents()));
        // synchronous methods still get the delay model: the simulator charges their waiting in simulated time
        DelayModel delays = method.communicates() ? delays(c, g) : DelayModel.none();
        GradientOracle oracle = oracle(c, data.train());
        return SimulationSpec.builder().method(method.id()).oracle(oracle).rule(algo.rule())
                .candidateExamples(algo.needsCandidateEvaluator() ? c.lossExamples() : -1)
                .network(g, MixingMatrix.metropolisHastings(g)).delays(delays).synchronous(method.waitsForNeighbours())
                .data(data.train(), data.test()).sources(sources(c, data.train(), agents, batch)).batchSize(batch)
                .epochs(c.epochs()).stepsPerEpoch(stepsPerEpoch).initSeed(c.seed()).workers(c.workers())
                .evaluateAgents(c.evalAgents() && agents > 1).encoding(encoding(c)).build();
    }

    static WireEncoding encoding(TrainConfig c) {
        try {
            return WireEncoding.parse(c.encoding());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        oracles.values().forEach(GradientOracle::close);
        oracles.clear();
    }
}

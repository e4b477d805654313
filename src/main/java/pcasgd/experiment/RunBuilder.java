package pcasgd.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import pcasgd.algorithm.AlgorithmConfig;
import pcasgd.algorithm.ClipWeights;
import pcasgd.algorithm.LambdaSpec;
import pcasgd.algorithm.Method;
import pcasgd.data.Augmentation;
import pcasgd.data.BatchSampler;
import pcasgd.data.CifarAugmentation;
import pcasgd.data.Dataset;
import pcasgd.data.PartitionSpec;
import pcasgd.data.TrainTest;
import pcasgd.delay.DelayModel;
import pcasgd.delay.DelaySpec;
import pcasgd.engine.DjlOracle;
import pcasgd.engine.EngineSetup;
import pcasgd.engine.GradientOracle;
import pcasgd.runtime.BatchSource;
import pcasgd.runtime.SimulationSpec;
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
        LambdaSpec lambda = c.adaptiveLambda() ? LambdaSpec.adaptive(c.lambda(), c.lambdaDecay()) : LambdaSpec.fixed(c.lambda());
        return new AlgorithmConfig(Method.parse(c.method()), c.learningRate(), c.momentum(), c.weightDecay(),
                c.theta(), lambda, c.condition(), c.perLayer(), ClipWeights.parse(c.clipWeights()), c.warmupEpochs());
    }

    public Graph graph(TrainConfig c) {
        if (Method.parse(c.method()).singleModel()) {
            return Graph.fromEdges(1, List.of());
        }
        return Graph.named(c.topology(), c.agents(), c.edgeProbability(), c.seed()).requireConnected();
    }

    public DelayModel delays(TrainConfig c, Graph g) {
        Double p = c.lateProbability() >= 0 ? c.lateProbability() : null;
        return new DelaySpec(c.delay(), c.tau(), c.delayMin(), c.delayMax(), c.lateFraction(), p, null,
                c.stragglers(), c.stragglerFactor(), c.seed()).build(g);
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
                : new PartitionSpec(c.partition(), c.alpha()).split(train, agents, c.seed());
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
        DelayModel delays = delays(c, g);
        GradientOracle oracle = oracle(c, data.train());
        return new SimulationSpec(method.id(), oracle, algo.rule(), algo.needsCandidateEvaluator(), c.lossExamples(), g,
                MixingMatrix.metropolisHastings(g), delays, method.waitsForNeighbours(), data.train(), data.test(),
                sources(c, data.train(), agents, batch), batch, c.epochs(), stepsPerEpoch, c.seed(), c.workers(),
                c.evalAgents() && agents > 1);
    }

    @Override
    public void close() {
        oracles.values().forEach(GradientOracle::close);
        oracles.clear();
    }
}

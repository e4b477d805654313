package pcasgd.experiment;

import java.time.Duration;
import java.util.List;
import pcasgd.metrics.TrainingListener;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import pcasgd.algorithm.AlgorithmConfig;
import pcasgd.algorithm.ClipWeights;
import pcasgd.algorithm.DampingSpec;
import pcasgd.algorithm.Kernel;
import pcasgd.algorithm.LambdaSpec;
import pcasgd.algorithm.Method;
import pcasgd.algorithm.PredictorSpec;
import pcasgd.api.Execution;
import pcasgd.api.ModelSpec;
import pcasgd.api.PcAsgd;
import pcasgd.api.Topology;
import pcasgd.data.Augmentation;
import pcasgd.data.CifarAugmentation;
import pcasgd.data.Dataset;
import pcasgd.data.PartitionSpec;
import pcasgd.data.TrainTest;
import pcasgd.delay.DelaySpec;
import pcasgd.delay.Delivery;
import pcasgd.engine.GradientOracle;
import pcasgd.runtime.SimulationSpec;
import pcasgd.runtime.WireEncoding;

/**
 * Turns a {@link TrainConfig} into a run of the public API ({@link PcAsgd}): config keys become its
 * settings, and the API makes the graph, delays, shards and schedule. Data sets and model oracles
 * are cached so the points of a sweep share them.
 */
public final class RunBuilder implements AutoCloseable {
    private static final Duration LOCAL_TIMEOUT = Duration.ofHours(24);
    private final ConfigData configData = new ConfigData();
    private final Map<String, GradientOracle> oracles = new ConcurrentHashMap<>();

    public TrainTest data(TrainConfig c) {
        return configData.load(c);
    }

    public AlgorithmConfig algorithm(TrainConfig c) {
        try {
            LambdaSpec lambda = c.adaptiveLambda() ? LambdaSpec.adaptive(c.lambda(), c.lambdaDecay()) : LambdaSpec.fixed(c.lambda());
            PredictorSpec predictor = new PredictorSpec(c.predictor(), lambda, DampingSpec.parse(c.damping(), c.dampingMemory()),
                    c.selfWeightBound());
            return AlgorithmConfig.builder().method(Method.parse(c.method())).learningRate(c.learningRate())
                    .momentum(c.momentum()).weightDecay(c.weightDecay()).theta(c.theta()).predictor(predictor)
                    .condition(c.condition()).perLayer(c.perLayer()).clipWeights(ClipWeights.parse(c.clipWeights()))
                    .warmupEpochs(c.warmupEpochs()).kernel(Kernel.parse(c.kernel())).build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    public static DelaySpec delaySpec(TrainConfig c) {
        try {
            return DelaySpec.builder().type(c.delay()).tau(c.tau()).uniform(c.delayMin(), c.delayMax())
                    .lateFraction(c.lateFraction()).lateProbability(c.lateProbability() >= 0 ? c.lateProbability() : null)
                    .keepConnected(c.keepConnected() && c.lateProbability() < 0).delivery(Delivery.parse(c.delivery()))
                    .matrix(DelaySpec.parseMatrix(c.delayMatrix()))
                    .trace(c.delayTrace().isEmpty() ? null : Path.of(c.delayTrace()))
                    .stragglers(c.stragglers(), c.stragglerFactor()).seed(c.seed()).build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /** The config's model for the data's example shape and classes: a zoo name or a TorchScript file ({@code .pt}). */
    public ModelSpec model(TrainConfig c, Dataset train) {
        return ModelSpec.parse(c.model(), train.featureShape(), train.numClasses()).withIntraOpThreads(c.intraOpThreads());
    }

    /** The model's oracle, built once per model, shape, class count and thread setting. */
    public GradientOracle oracle(TrainConfig c, Dataset train) {
        String key = c.model() + "|" + Arrays.toString(train.featureShape()) + "|" + train.numClasses() + "|" + c.intraOpThreads();
        return oracles.computeIfAbsent(key, k -> model(c, train).newOracle());
    }

    /** The config as a plan of the public API, on the simulator (with the config's workers), using the cached oracle. */
    public PcAsgd training(TrainConfig c) {
        return training(c, List.of(), false);
    }

    /**
     * The config as a plan of the public API with its listeners, on the runtime the config names
     * ({@code runtime: sim} or {@code local}); a cluster process starts the plan with
     * {@link PcAsgd#startNode} instead, whatever its execution.
     *
     * @param resume continue each agent from its checkpoint (actor runtimes only)
     */
    public PcAsgd training(TrainConfig c, List<? extends TrainingListener> listeners, boolean resume) {
        c.validate();
        AlgorithmConfig algo = algorithm(c);
        Method method = algo.method();
        TrainTest data = data(c);
        // a method that never communicates never builds its delays, so its delay keys are not checked
        DelaySpec delay = method.communicates() ? delaySpec(c) : DelaySpec.none();
        Augmentation aug = c.augment() ? CifarAugmentation.standard() : Augmentation.NONE;
        return PcAsgd.builder().oracle(oracle(c, data.train())).data(data)
                .topology(Topology.named(c.topology(), c.agents(), c.edgeProbability()))
                .delay(delay).algorithm(algo).partition(new PartitionSpec(c.partition(), c.dirichletAlpha()))
                .augmentation(aug).batchSize(c.batchSize()).epochs(c.epochs()).seed(c.seed())
                .lossExamples(c.lossExamples()).evaluateAgents(c.evalAgents())
                .recalibrationBatches(c.recalibrationBatches())
                .encoding(encoding(c)).execution(execution(c, resume)).listeners(listeners).build();
    }

    private static Execution execution(TrainConfig c, boolean resume) {
        return switch (c.runtime()) {
            case "local" -> Execution.local(ActorSettings.from(c, resume)).withTimeout(LOCAL_TIMEOUT);
            case "sim" -> {
                if (resume) {
                    throw new ConfigException("--resume needs checkpoints, which the actor runtimes write: use --set runtime=local"
                            + " (the simulator reruns bit-identically from its seed instead)");
                }
                yield Execution.simulator().withWorkers(c.workers());
            }
            // a cluster process names the runtime too; it starts its node with startNode, not run()
            default -> Execution.simulator().withWorkers(c.workers());
        };
    }

    static WireEncoding encoding(TrainConfig c) {
        try {
            return WireEncoding.parse(c.encoding());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    public SimulationSpec simulation(TrainConfig c) {
        return training(c).spec();
    }

    @Override
    public void close() {
        oracles.values().forEach(GradientOracle::close);
        oracles.clear();
    }
}

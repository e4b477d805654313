package pcasgd.experiment;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Locale;
import pcasgd.algorithm.AlgorithmConfig;
import pcasgd.algorithm.Method;
import pcasgd.algorithm.PredictorSpec;
import pcasgd.api.ClusterSettings;
import pcasgd.api.PcAsgd;
import pcasgd.data.PartitionSpec;
import pcasgd.delay.Delivery;
import pcasgd.engine.StatisticsRecalibration;
import pcasgd.runtime.WireEncoding;

/**
 * One run's complete configuration as flat, named keys, so a YAML file, command-line flags and a
 * sweep grid all address the same keys ({@code tau}, {@code agents}, {@code method}, ...). The
 * field names are the keys; {@link #set} converts and checks values, {@link #validate} checks the
 * whole. Defaults give the embedded default run.
 */
public final class TrainConfig {
    // Library settings start at the library's own defaults, each written once in the builder that
    // owns it; what this class adds is the default run: what `pcasgd train` runs with no options.
    private static final AlgorithmConfig ALGORITHM = AlgorithmConfig.builder().build();
    private static final ClusterSettings ACTORS = ClusterSettings.builder("pcasgd").build();

    // run
    String name = "default";
    String method = ALGORITHM.method().id();
    long seed = PcAsgd.DEFAULT_SEED;
    int epochs = 8;                         // the default run
    String output = "runs";
    String runtime = "sim";
    // network: the default run's 2x4 torus, 5 of its 12 links 4 steps late, the on-time ones connected
    int agents = 8;
    String topology = "torus";
    double edgeProbability = 0.4;
    String delay = "fixed";
    int tau = 4;
    int delayMin = 1;
    int delayMax = 4;
    double lateFraction = 0.4;
    double lateProbability = -1;
    boolean keepConnected = true;
    String delivery = Delivery.LAG.id();
    String delayMatrix = "";
    String delayTrace = "";
    List<Integer> stragglers = new ArrayList<>();
    int stragglerFactor = 4;
    // data and model: the default run's embedded Fashion-MNIST subset and LeNet
    String dataset = "embedded";
    String dataPath = "";
    int trainLimit = 0;
    int testLimit = 0;
    double validationFraction = 0;
    String partition = PartitionSpec.IID;
    double dirichletAlpha = 0.5;
    boolean augment = false;
    String model = "lenet";
    int batchSize = PcAsgd.DEFAULT_BATCH_SIZE;
    // optimisation
    double learningRate = ALGORITHM.learningRate();
    double momentum = ALGORITHM.momentum();
    double weightDecay = ALGORITHM.weightDecay();
    double theta = ALGORITHM.theta();
    String predictor = ALGORITHM.predictor().name();
    boolean selfWeightBound = ALGORITHM.predictor().selfWeightBound();
    String damping = ALGORITHM.predictor().damping().toString();
    double dampingMemory = ALGORITHM.predictor().damping().memory();
    double lambda = ALGORITHM.predictor().lambda().value();
    boolean adaptiveLambda = ALGORITHM.predictor().lambda().adaptive();
    double lambdaDecay = ALGORITHM.predictor().lambda().decay();
    String condition = ALGORITHM.condition();
    int lossExamples = 0;
    boolean perLayer = ALGORITHM.perLayer();
    String clipWeights = ALGORITHM.clipWeights().name().toLowerCase(Locale.ROOT);
    int warmupEpochs = ALGORITHM.warmupEpochs();
    String kernel = ALGORITHM.kernel().id();
    // actor runtimes (local, cluster)
    String runId = "";
    int linkDelayMs = 0;
    int computePadMs = (int) ACTORS.computePadMillis();
    int maxSkew = ACTORS.maxSkew();
    int linkInFlight = ACTORS.linkInFlight();
    int sendEvery = ACTORS.sendEvery();
    int checkpointEvery = ACTORS.checkpointEvery();
    String encoding = WireEncoding.FP32.toString();
    // Artery TLS for cluster runs (docs/security.md): both stores on, or neither; the password from
    // tlsPasswordFile, or when that is empty from the environment variable PCASGD_TLS_PASSWORD
    String tlsKeyStore = "";
    String tlsTrustStore = "";
    String tlsPasswordFile = "";
    // execution
    int workers = 2;
    int intraOpThreads = 1;
    boolean evalAgents = PcAsgd.DEFAULT_EVALUATE_AGENTS;
    // training batches the averaged model's batch-norm statistics are recomputed on (0 = off)
    int recalibrationBatches = StatisticsRecalibration.DEFAULT_BATCHES;

    private static final Map<String, Field> FIELDS = new LinkedHashMap<>();
    /** Keys of earlier versions, with what replaced them. */
    private static final Map<String, String> RENAMED = Map.of(
            "alpha", "renamed dirichletAlpha: the Dirichlet concentration of a non-iid split",
            "onTimeSlack", "removed: a link is late when a copy takes at least one of its sender's steps to cross, decided"
                    + " alike at both ends (in the simulator: a copy one step old or more in either direction)",
            "maxStaleness", "replaced by maxSkew: waiting until a neighbour's copy is young paces every agent at the rate"
                    + " of its slowest link; maxSkew bounds how far an agent runs ahead of its neighbours' step counters"
                    + " instead, and linkInFlight how many copies a link carries at once");

    static {
        for (Field f : TrainConfig.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                FIELDS.put(f.getName(), f);
            }
        }
    }

    public static List<String> keys() {
        return List.copyOf(FIELDS.keySet());
    }

    public TrainConfig copy() {
        TrainConfig c = new TrainConfig();
        toMap().forEach(c::set);
        return c;
    }

    /** Sets one key from a YAML or command-line value; unknown keys and unconvertible values fail by name. */
    public TrainConfig set(String key, Object value) {
        Field f = FIELDS.get(key);
        if (f == null) {
            String hint = RENAMED.containsKey(key) ? " (" + RENAMED.get(key) + ")" : "";
            throw new ConfigException("unknown config key '" + key + "'" + hint + "; valid keys: " + String.join(", ", keys()));
        }
        try {
            f.set(this, convert(key, f.getType(), value));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    public Object get(String key) {
        Field f = FIELDS.get(key);
        if (f == null) {
            throw new ConfigException("unknown config key '" + key + "'");
        }
        try {
            Object v = f.get(this);
            return v instanceof List<?> l ? new ArrayList<>(l) : v;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every key in declaration order, values as YAML scalars or lists. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : FIELDS.keySet()) {
            m.put(k, get(k));
        }
        return m;
    }

    private static Object convert(String key, Class<?> type, Object value) {
        if (value == null) {
            throw new ConfigException("config key '" + key + "' has no value");
        }
        String text = value.toString().trim();
        try {
            if (type == String.class) {
                if (value instanceof List<?> rows && key.equals("delayMatrix")) {
                    return matrixText(rows);
                }
                return text;
            }
            if (type == int.class) {
                return value instanceof Number n && n.doubleValue() == n.intValue() ? n.intValue() : Integer.parseInt(text);
            }
            if (type == long.class) {
                return value instanceof Number n ? n.longValue() : Long.parseLong(text);
            }
            if (type == double.class) {
                return value instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
            }
            if (type == boolean.class) {
                if (value instanceof Boolean b) {
                    return b;
                }
                if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                    return Boolean.parseBoolean(text);
                }
                throw new NumberFormatException();
            }
            if (type == List.class) {
                return parseIntList(value);
            }
        } catch (NumberFormatException e) {
            throw new ConfigException("config key '" + key + "' expects " + describe(type) + ", got '" + text + "'");
        }
        throw new IllegalStateException("unsupported config type " + type);
    }

    /** A YAML list of rows ([[0, 4], [4, 0]]) as the canonical text "0,4;4,0". */
    private static String matrixText(List<?> rows) {
        List<String> out = new ArrayList<>();
        for (Object row : rows) {
            if (!(row instanceof List<?> cells)) {
                throw new ConfigException("config key 'delayMatrix' expects a list of rows (lists of integers), got row '" + row + "'");
            }
            out.add(cells.stream().map(o -> o.toString().trim()).collect(Collectors.joining(",")));
        }
        return String.join(";", out);
    }

    private static List<Integer> parseIntList(Object value) {
        List<Integer> out = new ArrayList<>();
        if (value instanceof List<?> l) {
            for (Object o : l) {
                out.add(o instanceof Number n ? n.intValue() : Integer.parseInt(o.toString().trim()));
            }
            return out;
        }
        String text = value.toString().replace("[", "").replace("]", "").trim();
        if (!text.isEmpty()) {
            for (String part : text.split(",")) {
                out.add(Integer.parseInt(part.trim()));
            }
        }
        return out;
    }

    private static String describe(Class<?> type) {
        if (type == int.class || type == long.class) {
            return "an integer";
        }
        if (type == double.class) {
            return "a number";
        }
        if (type == boolean.class) {
            return "true or false";
        }
        return "a list of integers";
    }

    /** Checks what can be checked without loading data; the builder checks the rest. */
    public TrainConfig validate() {
        require(!name.isBlank() && name.matches("[A-Za-z0-9._=,+-]+"), "name must be letters, digits and ._=,+- only, got '" + name + "'");
        known(() -> Method.parse(method));
        known(() -> PredictorSpec.Kind.named(predictor));
        require(epochs >= 1, "epochs must be >= 1, got " + epochs);
        require(agents >= 1, "agents must be >= 1, got " + agents);
        require(tau >= 0, "tau must be >= 0, got " + tau);
        require(batchSize >= 1, "batchSize must be >= 1, got " + batchSize);
        require(workers >= 1, "workers must be >= 1, got " + workers);
        require(intraOpThreads >= 1, "intraOpThreads must be >= 1, got " + intraOpThreads);
        require(trainLimit >= 0 && testLimit >= 0, "trainLimit and testLimit must be >= 0 (0 = all)");
        require(theta >= 0 && theta <= 1, "theta must be in [0, 1], got " + theta);
        require(recalibrationBatches >= 0, "recalibrationBatches must be >= 0 (0 = off), got " + recalibrationBatches);
        require(lossExamples >= 0, "lossExamples must be >= 0 (0 = the whole minibatch), got " + lossExamples);
        require(linkDelayMs >= 0 && computePadMs >= 0, "linkDelayMs and computePadMs must be >= 0");
        require(List.of("sim", "local", "cluster").contains(runtime), "runtime must be sim, local or cluster, got '" + runtime + "'");
        require(validationFraction >= 0 && validationFraction < 1, "validationFraction must be in [0, 1), got " + validationFraction);
        require(dampingMemory >= 0 && dampingMemory < 1, "dampingMemory must be in [0, 1), got " + dampingMemory);
        require(tlsKeyStore.isEmpty() == tlsTrustStore.isEmpty(), "TLS needs both tlsKeyStore and tlsTrustStore (or neither)");
        require(tlsPasswordFile.isEmpty() || !tlsKeyStore.isEmpty(), "tlsPasswordFile is set but TLS is off: set tlsKeyStore and tlsTrustStore");
        return this;
    }

    /** A name the registry ({@link Method}, {@link PredictorSpec.Kind}) must know; its message lists the valid ones. */
    private static void known(Runnable lookUp) {
        try {
            lookUp.run();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new ConfigException(message);
        }
    }

    @Override
    public String toString() {
        return toMap().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    // typed accessors for the builder and runtimes
    public String name() { return name; }
    public String method() { return method; }
    public long seed() { return seed; }
    public int epochs() { return epochs; }
    public String output() { return output; }
    public String runtime() { return runtime; }
    public int agents() { return agents; }
    public String topology() { return topology; }
    public double edgeProbability() { return edgeProbability; }
    public String delay() { return delay; }
    public int tau() { return tau; }
    public int delayMin() { return delayMin; }
    public int delayMax() { return delayMax; }
    public double lateFraction() { return lateFraction; }
    public double lateProbability() { return lateProbability; }
    public boolean keepConnected() { return keepConnected; }
    public String delivery() { return delivery; }
    public String delayMatrix() { return delayMatrix; }
    public String delayTrace() { return delayTrace; }
    public List<Integer> stragglers() { return List.copyOf(stragglers); }
    public int stragglerFactor() { return stragglerFactor; }
    public String dataset() { return dataset; }
    public String dataPath() { return dataPath; }
    public int trainLimit() { return trainLimit; }
    public int testLimit() { return testLimit; }
    public double validationFraction() { return validationFraction; }
    public String partition() { return partition; }
    public double dirichletAlpha() { return dirichletAlpha; }
    public boolean augment() { return augment; }
    public String model() { return model; }
    public int batchSize() { return batchSize; }
    public double learningRate() { return learningRate; }
    public double momentum() { return momentum; }
    public double weightDecay() { return weightDecay; }
    public double theta() { return theta; }
    public String predictor() { return predictor; }
    public boolean selfWeightBound() { return selfWeightBound; }
    public String damping() { return damping; }
    public double dampingMemory() { return dampingMemory; }
    public double lambda() { return lambda; }
    public boolean adaptiveLambda() { return adaptiveLambda; }
    public double lambdaDecay() { return lambdaDecay; }
    public String condition() { return condition; }
    public boolean perLayer() { return perLayer; }
    public int lossExamples() { return lossExamples; }
    public String clipWeights() { return clipWeights; }
    public int warmupEpochs() { return warmupEpochs; }
    public String kernel() { return kernel; }
    public String runId() { return runId.isEmpty() ? name : runId; }
    public int linkDelayMs() { return linkDelayMs; }
    public int computePadMs() { return computePadMs; }
    public int maxSkew() { return maxSkew; }
    public int linkInFlight() { return linkInFlight; }
    public int sendEvery() { return sendEvery; }
    public int checkpointEvery() { return checkpointEvery; }
    public String encoding() { return encoding; }
    public String tlsKeyStore() { return tlsKeyStore; }
    public String tlsTrustStore() { return tlsTrustStore; }
    public String tlsPasswordFile() { return tlsPasswordFile; }
    public int workers() { return workers; }
    public int intraOpThreads() { return intraOpThreads; }
    public boolean evalAgents() { return evalAgents; }
    public int recalibrationBatches() { return recalibrationBatches; }
}

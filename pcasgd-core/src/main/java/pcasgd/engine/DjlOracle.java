package pcasgd.engine;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import pcasgd.data.Batch;
import pcasgd.data.Dataset;
import pcasgd.model.Models;

/**
 * A {@link GradientOracle} backed by a network on DJL's PyTorch CPU engine: the flat vector is
 * copied into a replica's parameter tensors, one forward/backward pass runs with mean softmax
 * cross-entropy, and the gradient is copied out.
 *
 * <p>The network is one of three kinds, all trained the same way:
 * <ul>
 *   <li>a zoo model by name ({@link #create}, {@link Builder#model});</li>
 *   <li>any DJL {@link Block} the user builds ({@link Builder#block}): it must take a batch
 *       {@code [n, inputShape...]} and return one tensor of logits {@code [n, numClasses]};</li>
 *   <li>a TorchScript module saved with {@code torch.jit.save} ({@link #torchScript},
 *       {@link Builder#torchScript}): its {@code parameters()} and its float buffers (batch-norm
 *       running statistics) become the flat vector under their PyTorch names ({@code fc1.weight},
 *       {@code bn1.running_mean}); what trains is what PyTorch says does ({@code requires_grad}), so
 *       buffers and frozen parameters do not. DJL 0.36 lists only parameters, so the buffers are
 *       declared parameters in a rewritten copy of the archive ({@link TorchScriptBuffers}); see
 *       {@code docs/models.md}.</li>
 * </ul>
 * Building the oracle runs the network once on a probe batch, so a wrong input shape, a wrong
 * number of classes, a random training pass (dropout) or hidden state fail here with a message
 * that says which, rather than later deep inside a run.
 *
 * <p>Thread-safe: each concurrent call borrows its own replica (see {@link ReplicaPool}); all
 * replicas share the structure of {@link #layout()}, and nothing a call reads comes from a previous
 * call, so results depend only on the arguments. Call {@link EngineSetup#configure(int)} before the
 * first oracle is built (or use {@link Builder#intraOpThreads(int)}).
 */
public final class DjlOracle implements GradientOracle {
    /** Examples per forward pass in {@link #evaluate}. */
    public static final int EVAL_BATCH = 256;
    /** Examples in the build-time probe batch (two, so batch norm can run in training mode). */
    private static final int PROBE = 2;

    /** Where {@link #initialParameters(long)} comes from. */
    public enum InitialWeights {
        /** He-normal weights from the seed, zero biases, unit norm scales (the default). */
        SEEDED,
        /** The values saved in the TorchScript file, the same for every seed (e.g. pretrained weights). */
        FROM_MODEL
    }

    private final String modelName;
    private final int[] inputShape;
    private final int inputSize;
    private final int numClasses;
    private final ReplicaPool pool;
    private final ParameterLayout layout;
    private final List<Parameter.Type> types;
    private final float[] savedWeights;
    /** A TorchScript file's values, whose non-trainable segments (running statistics) every start takes. */
    private final float[] savedStatistics;

    private DjlOracle(String modelName, Supplier<ModelReplica> replicas, int[] inputShape, int numClasses,
            InitialWeights initialWeights, boolean fromFile, boolean allowNondeterminism) {
        this.modelName = modelName;
        this.inputShape = inputShape.clone();
        this.inputSize = Arrays.stream(inputShape).reduce(1, (a, b) -> a * b);
        this.numClasses = numClasses;
        this.pool = new ReplicaPool(replicas);
        try {
            // The first replica defines the layout and then serves calls like any other.
            ModelReplica first = pool.borrow();
            this.layout = first.layout();
            this.types = first.types();
            this.savedWeights = initialWeights == InitialWeights.FROM_MODEL ? first.initialValues() : null;
            this.savedStatistics = fromFile && !layout.allTrainable() ? first.initialValues() : null;
            probe(first, allowNondeterminism);
            pool.giveBack(first);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Checks the things the {@link GradientOracle} contract needs and a user model may break: logits
     * of the right shape, a training pass that is a function of (parameters, batch), and no state
     * outside the flat vector.
     */
    private void probe(ModelReplica r, boolean allowNondeterminism) {
        Shape out = r.outputShape(PROBE);
        if (out.dimension() != 2 || out.get(0) != PROBE || out.get(1) != numClasses) {
            throw new IllegalArgumentException(modelName + " maps a batch of shape " + new Shape(PROBE).addAll(new Shape(
                    Arrays.stream(inputShape).asLongStream().toArray())) + " to " + out + "; expected logits of shape ("
                    + PROBE + ", " + numClasses + ") for " + numClasses + " classes");
        }
        if (allowNondeterminism) {
            return;
        }
        float[] x = initialParameters(0);
        float[] features = new float[PROBE * inputSize];
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) rng.nextGaussian();
        }
        int[] labels = {0, 1};
        double[] before = r.evaluate(x, features, 0, labels, PROBE);
        float first = r.loss(x, features, labels, PROBE);
        float again = r.loss(x, features, labels, PROBE);
        if (Float.floatToIntBits(first) != Float.floatToIntBits(again)) {
            throw new IllegalArgumentException(modelName + ": two training-mode passes with the same parameters and batch"
                    + " gave different losses (" + first + ", " + again + "); a random layer such as dropout makes results depend"
                    + " on the engine's global random state and the thread that ran them, so runs are not reproducible."
                    + " Remove it, or accept that with Builder.allowNondeterminism(true)");
        }
        double[] after = r.evaluate(x, features, 0, labels, PROBE);
        float[] written = x.clone();
        float[] writtenAgain = x.clone();
        float[] g = new float[x.length];
        r.lossAndGradient(written, features, labels, PROBE, g);
        r.lossAndGradient(writtenAgain, features, labels, PROBE, g);
        if (!Arrays.equals(before, after) || !Arrays.equals(written, writtenAgain)) {
            throw new IllegalArgumentException(modelName + " keeps state outside its parameters that a training pass changes"
                    + " (at the same parameters, inference loss " + before[0] / PROBE + " before and " + after[0] / PROBE
                    + " after a training pass" + (Arrays.equals(written, writtenAgain) ? ""
                    : ", and two training passes wrote different running statistics") + "), so results would depend on"
                    + " which replica ran earlier calls and the state could be neither mixed between agents nor restored."
                    + " Float TorchScript buffers (batch-norm running statistics) are taken into the vector; integer ones are"
                    + " not, such as num_batches_tracked, which batch norm reads when its momentum is None: export it with a"
                    + " momentum (the default 0.1) or with track_running_stats=False, build the model as a DJL Block, or"
                    + " accept replica-local state with Builder.allowNondeterminism(true)");
        }
    }

    /** A zoo model by name (see {@link Models}). */
    public static DjlOracle create(String modelName, int[] inputShape, int numClasses) {
        return builder().model(modelName).inputShape(inputShape).numClasses(numClasses).build();
    }

    /**
     * A TorchScript module saved by {@code torch.jit.save}, taking examples of {@code inputShape}
     * (a batch is {@code [n, inputShape...]}) and returning {@code numClasses} logits.
     *
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException if it is not TorchScript or does not fit the shapes
     */
    public static DjlOracle torchScript(Path file, int[] inputShape, int numClasses) {
        return builder().torchScript(file).inputShape(inputShape).numClasses(numClasses).build();
    }

    public static Builder builder() { return new Builder(); }

    public String modelName() { return modelName; }
    public int[] inputShape() { return inputShape.clone(); }
    public int numClasses() { return numClasses; }
    /** Replicas built so far: the peak number of concurrent calls. */
    public int replicaCount() { return pool.size(); }

    /** The replica the next single-threaded call will use (tests inspect its native handles). */
    ModelReplica replicaForTest() {
        ModelReplica r = pool.borrow();
        pool.giveBack(r);
        return r;
    }

    /** Takes a replica out of service until {@link #releaseForTest}, so the next call must build another. */
    ModelReplica holdReplicaForTest() {
        return pool.borrow();
    }

    void releaseForTest(ModelReplica r) {
        pool.giveBack(r);
    }

    @Override
    public ParameterLayout layout() { return layout; }

    /**
     * He-normal from the seed, or the TorchScript file's values (see {@link Builder#initialWeights}).
     * A TorchScript module's non-trainable tensors (running statistics, frozen parameters) always
     * start from the file's values.
     */
    @Override
    public float[] initialParameters(long seed) {
        if (savedWeights != null) {
            return savedWeights.clone();
        }
        float[] x = HeInitializer.initialize(layout, types, seed);
        if (savedStatistics != null) {
            for (ParameterLayout.Segment s : layout.segments()) {
                if (!s.trainable()) {
                    System.arraycopy(savedStatistics, s.offset(), x, s.offset(), s.size());
                }
            }
        }
        return x;
    }

    @Override
    public float lossAndGradient(float[] params, Batch batch, float[] gradOut) {
        checkParams(params);
        if (gradOut.length != layout.dimension()) {
            throw new IllegalArgumentException("gradOut has length " + gradOut.length + ", expected " + layout.dimension());
        }
        checkBatch(batch);
        return pool.with(r -> r.lossAndGradient(params, batch.features(), batch.labels(), batch.size(), gradOut));
    }

    @Override
    public float loss(float[] params, Batch batch) {
        checkParams(params);
        checkBatch(batch);
        return pool.with(r -> r.loss(params, batch.features(), batch.labels(), batch.size()));
    }

    @Override
    public Evaluation evaluate(float[] params, Dataset data) {
        checkParams(params);
        checkShape(data.featureShape(), data.featureSize(), "data set " + data.name());
        if (!data.isClassification()) {
            throw new IllegalArgumentException("data set " + data.name() + " has no labels; DjlOracle is for classification");
        }
        int n = data.size();
        if (n == 0) {
            return new Evaluation(Double.NaN, Double.NaN, 0);
        }
        int[] labels = new int[Math.min(EVAL_BATCH, n)];
        double lossSum = 0;
        double correct = 0;
        ModelReplica r = pool.borrow();
        try {
            for (int start = 0; start < n; start += EVAL_BATCH) {
                int count = Math.min(EVAL_BATCH, n - start);
                for (int i = 0; i < count; i++) {
                    labels[i] = data.label(start + i);
                }
                double[] part = r.evaluate(params, data.features(), start * inputSize, labels, count);
                lossSum += part[0];
                correct += part[1];
            }
        } finally {
            pool.giveBack(r);
        }
        return new Evaluation(lossSum / n, correct / n, n);
    }

    @Override
    public float[] recomputeStatistics(float[] params, List<Batch> batches) {
        checkParams(params);
        batches.forEach(this::checkBatch);
        if (layout.allTrainable() || batches.isEmpty()) {
            return params;
        }
        return pool.with(r -> r.recomputeStatistics(params, batches));
    }

    private void checkParams(float[] params) {
        if (params.length != layout.dimension()) {
            throw new IllegalArgumentException("params has length " + params.length + ", expected " + layout.dimension());
        }
    }

    private void checkBatch(Batch batch) {
        checkShape(batch.featureShape(), batch.featureSize(), "batch");
        if (batch.labels() == null) {
            throw new IllegalArgumentException("batch has no labels; DjlOracle is for classification");
        }
        if (batch.size() < 1) {
            throw new IllegalArgumentException("batch is empty");
        }
        int[] labels = batch.labels();
        for (int i = 0; i < batch.size(); i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " of batch example " + i
                        + " is outside [0, " + numClasses + ")");
            }
        }
    }

    // Same element count is enough (e.g. [784] vs [1, 28, 28]): the input is reshaped to the model's shape.
    private void checkShape(int[] shape, int size, String what) {
        if (size != inputSize) {
            throw new IllegalArgumentException(what + " has feature shape " + Arrays.toString(shape) + " (" + size
                    + " floats) but model " + modelName + " expects " + Arrays.toString(inputShape) + " (" + inputSize + " floats)");
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    /**
     * Options of a {@link DjlOracle}. Exactly one of {@link #model}, {@link #block} and
     * {@link #torchScript} picks the network (the last call wins); {@link #inputShape} and
     * {@link #numClasses} are required.
     */
    public static final class Builder {
        private String name;
        private Supplier<Block> blocks;
        private Path torchScriptFile;
        private byte[] torchScriptBytes;
        private int[] inputShape;
        private int numClasses;
        private int intraOpThreads;
        private InitialWeights initialWeights = InitialWeights.SEEDED;
        private boolean allowNondeterminism;

        /** A zoo model by name (see {@link Models}). */
        public Builder model(String modelName) {
            pick(modelName);
            return this;
        }

        /**
         * A user's DJL network. The supplier is called once per replica (one per concurrent call), so it
         * must build a new block with the same structure on every call; returning one shared instance
         * is an error. The block's own initializers are not used (see {@link #initialWeights}).
         */
        public Builder block(String displayName, Supplier<Block> blocks) {
            pick(Objects.requireNonNull(displayName, "display name"));
            this.blocks = Objects.requireNonNull(blocks, "block supplier");
            return this;
        }

        /** {@link #block(String, Supplier)} named "custom block". */
        public Builder block(Supplier<Block> blocks) {
            return block("custom block", blocks);
        }

        /** A TorchScript file ({@code torch.jit.save}); read once when {@link #build()} runs. */
        public Builder torchScript(Path file) {
            pick(Objects.requireNonNull(file, "TorchScript file").getFileName().toString());
            this.torchScriptFile = file;
            return this;
        }

        /** A TorchScript module already in memory (the bytes of a {@code torch.jit.save} file). */
        public Builder torchScript(String displayName, byte[] module) {
            pick(Objects.requireNonNull(displayName, "display name"));
            this.torchScriptBytes = Objects.requireNonNull(module, "TorchScript bytes").clone();
            return this;
        }

        private void pick(String displayName) {
            name = displayName;
            blocks = null;
            torchScriptFile = null;
            torchScriptBytes = null;
        }

        /** One example's shape: {@code [C, H, W]} or {@code [D]}; a batch is {@code [n, shape...]}. */
        public Builder inputShape(int... shape) {
            this.inputShape = shape.clone();
            return this;
        }

        public Builder numClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /** If positive, calls {@link EngineSetup#configure(int)} before the engine is used. */
        public Builder intraOpThreads(int threads) {
            this.intraOpThreads = threads;
            return this;
        }

        /** Seeded He-normal (default) or, for TorchScript only, the file's own weights. */
        public Builder initialWeights(InitialWeights initialWeights) {
            this.initialWeights = Objects.requireNonNull(initialWeights, "initial weights");
            return this;
        }

        /**
         * Accepts a model whose training pass is random (dropout) or that keeps state outside the flat
         * vector (an integer TorchScript buffer its training pass reads, such as the batch counter of
         * a batch norm with {@code momentum=None}). Such a model trains, but its results depend on
         * which replica and thread ran a call, so runs are no longer bit-reproducible.
         */
        public Builder allowNondeterminism(boolean allow) {
            this.allowNondeterminism = allow;
            return this;
        }

        public DjlOracle build() {
            if (name == null) {
                throw new IllegalStateException("no network: call model(name), block(name, supplier) or torchScript(file)");
            }
            if (inputShape == null) {
                throw new IllegalStateException("no input shape: call inputShape(...) with one example's shape, e.g. 1, 28, 28");
            }
            if (inputShape.length == 0 || Arrays.stream(inputShape).anyMatch(d -> d <= 0)) {
                throw new IllegalArgumentException("bad input shape " + Arrays.toString(inputShape)
                        + "; give one example's shape with positive sizes, e.g. [1, 28, 28] or [784]");
            }
            if (numClasses < 2) {
                throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
            }
            boolean isTorchScript = torchScriptFile != null || torchScriptBytes != null;
            if (initialWeights == InitialWeights.FROM_MODEL && !isTorchScript) {
                throw new IllegalArgumentException("initial weights FROM_MODEL need a TorchScript model;"
                        + " DJL blocks are initialised from the seed");
            }
            if (intraOpThreads > 0) {
                EngineSetup.configure(intraOpThreads);
            }
            int[] shape = inputShape.clone();
            String source = name;
            Supplier<ModelReplica> replicas;
            if (isTorchScript) {
                byte[] module = TorchScriptBuffers.forDjl(torchScriptBytes != null ? torchScriptBytes
                        : read(torchScriptFile));
                replicas = () -> ModelReplica.ofTorchScript(module, shape, source);
            } else {
                Supplier<Block> factory = blocks != null ? distinct(blocks, source) : zoo(name, shape, numClasses);
                replicas = () -> ModelReplica.ofBlock(factory, shape, source);
            }
            return new DjlOracle(name, replicas, shape, numClasses, initialWeights, isTorchScript, allowNondeterminism);
        }

        private static Supplier<Block> zoo(String model, int[] shape, int classes) {
            Models.create(model, shape, classes); // fail fast on a bad name, before loading the engine
            return () -> Models.create(model, shape, classes);
        }

        // Two replicas sharing one block would share its tensors and race; catch a supplier that caches,
        // now if it always returns one instance (an unused, uninitialised block costs no native memory),
        // or when a replica is built if it repeats itself later.
        private static Supplier<Block> distinct(Supplier<Block> blocks, String name) {
            Block probe = blocks.get();
            if (probe != null && probe == blocks.get()) {
                throw new IllegalArgumentException(name + ": the block supplier returned the same Block instance twice;"
                        + " it must build a new network on every call (one per concurrent worker), e.g. () -> buildMyNet()");
            }
            Set<Block> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            return () -> {
                Block b = blocks.get();
                synchronized (seen) {
                    if (b != null && !seen.add(b)) {
                        throw new IllegalStateException(name + ": the block supplier returned the same Block instance twice;"
                                + " it must build a new network on every call (one per concurrent worker)");
                    }
                }
                return b;
            };
        }

        private static byte[] read(Path file) {
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read TorchScript file " + file + ": " + e, e);
            }
        }
    }
}

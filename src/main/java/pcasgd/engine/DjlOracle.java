package pcasgd.engine;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import pcasgd.data.Batch;
import pcasgd.data.Dataset;
import pcasgd.model.Models;

/**
 * A {@link GradientOracle} backed by a DJL network on the PyTorch CPU engine: the flat vector is
 * copied into a replica's parameter tensors, one forward/backward pass runs with mean softmax
 * cross-entropy, and the gradient is copied out.
 *
 * <p>Thread-safe: each concurrent call borrows its own replica (see {@link ReplicaPool}); all
 * replicas share the structure of {@link #layout()}, and nothing a call reads comes from a previous
 * call, so results depend only on the arguments. Call {@link EngineSetup#configure(int)} before the
 * first oracle is built (or use {@link Builder#intraOpThreads(int)}).
 */
public final class DjlOracle implements GradientOracle {
    /** Examples per forward pass in {@link #evaluate}. */
    public static final int EVAL_BATCH = 256;

    private final String modelName;
    private final int[] inputShape;
    private final int inputSize;
    private final int numClasses;
    private final ReplicaPool pool;
    private final ParameterLayout layout;
    private final List<Parameter.Type> types;

    private DjlOracle(String modelName, Supplier<Block> blocks, int[] inputShape, int numClasses) {
        this.modelName = modelName;
        this.inputShape = inputShape.clone();
        this.inputSize = Arrays.stream(inputShape).reduce(1, (a, b) -> a * b);
        this.numClasses = numClasses;
        this.pool = new ReplicaPool(() -> new ModelReplica(blocks, this.inputShape));
        // The first replica defines the layout and then serves calls like any other.
        ModelReplica first = pool.borrow();
        this.layout = first.layout();
        this.types = first.types();
        pool.giveBack(first);
    }

    /** A zoo model by name (see {@link Models}). */
    public static DjlOracle create(String modelName, int[] inputShape, int numClasses) {
        return builder().model(modelName).inputShape(inputShape).numClasses(numClasses).build();
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

    @Override
    public ParameterLayout layout() { return layout; }

    @Override
    public float[] initialParameters(long seed) {
        return HeInitializer.initialize(layout, types, seed);
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

    /** Options of a {@link DjlOracle}. */
    public static final class Builder {
        private String name;
        private Supplier<Block> blocks;
        private int[] inputShape;
        private int numClasses;
        private int intraOpThreads;

        public Builder model(String modelName) {
            this.name = modelName;
            this.blocks = null;
            return this;
        }

        /** A custom network; the supplier must build the same structure every time (one per replica). */
        public Builder block(String displayName, Supplier<Block> blocks) {
            this.name = displayName;
            this.blocks = blocks;
            return this;
        }

        /** One example's shape: {@code [C, H, W]} or {@code [D]}. */
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

        public DjlOracle build() {
            Objects.requireNonNull(name, "model name");
            Objects.requireNonNull(inputShape, "input shape");
            if (inputShape.length == 0 || Arrays.stream(inputShape).anyMatch(d -> d <= 0)) {
                throw new IllegalArgumentException("bad input shape " + Arrays.toString(inputShape));
            }
            if (numClasses < 2) {
                throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
            }
            if (intraOpThreads > 0) {
                EngineSetup.configure(intraOpThreads);
            }
            Supplier<Block> factory = blocks;
            if (factory == null) {
                String model = name;
                int[] shape = inputShape.clone();
                int classes = numClasses;
                Models.create(model, shape, classes); // fail fast on a bad name, before loading the engine
                factory = () -> Models.create(model, shape, classes);
            }
            return new DjlOracle(name, factory, inputShape, numClasses);
        }
    }
}

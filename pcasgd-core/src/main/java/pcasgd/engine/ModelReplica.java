package pcasgd.engine;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import pcasgd.data.Batch;

/**
 * One initialised copy of the network — a DJL block ({@link #ofBlock}) or a TorchScript module
 * loaded through DJL's PyTorch engine ({@link #ofTorchScript}) — used by one call at a time. All tensors a call creates live
 * in a sub-manager closed at the end of the call; the replica's own manager holds only the
 * parameters, so its native footprint is fixed.
 *
 * <p>Every parameter tensor's storage is re-pointed at a slice of one direct buffer
 * ({@link PtNDArray#set} with a direct buffer makes PyTorch use that memory in place). Loading a
 * flat parameter vector is then one bulk {@code put} with no native calls, and batch-norm's
 * in-place running-statistics update lands in the same buffer, ready to be copied back.
 */
final class ModelReplica implements AutoCloseable {
    private final NDManager manager;
    private final Block block;
    private final ParameterStore store;
    private final PtNDArray[] arrays;
    private final ParameterLayout layout;
    private final List<Parameter.Type> types;
    private final FloatBuffer paramView;
    private final float[] initialValues;
    /** The non-trainable segments (running statistics, frozen tensors), in layout order. */
    private final List<ParameterLayout.Segment> statistics;
    private final String source;
    private final long[] exampleShape;
    private final int exampleSize;
    private final Loss loss = Loss.softmaxCrossEntropyLoss();
    private ByteBuffer inputBytes = ByteBuffer.allocateDirect(0);
    // Reused across calls; a tensor made from a direct buffer reads it in place, and dies with the call.
    private ByteBuffer labelBytes = ByteBuffer.allocateDirect(0);

    /** One parameter tensor as the replica sees it. */
    record Tensor(String name, String path, PtNDArray array, Parameter.Type type, boolean trainable) { }

    private ModelReplica(NDManager manager, Block block, List<Tensor> tensors, int[] inputShape, String source) {
        this.manager = manager;
        this.block = block;
        this.source = source;
        exampleShape = Arrays.stream(inputShape).asLongStream().toArray();
        exampleSize = Arrays.stream(inputShape).reduce(1, (a, b) -> a * b);

        ParameterLayout.Builder lb = ParameterLayout.builder();
        types = new ArrayList<>();
        arrays = new PtNDArray[tensors.size()];
        for (int k = 0; k < arrays.length; k++) {
            Tensor t = tensors.get(k);
            if (t.array().getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException(source + ": parameter " + t.name() + " is "
                        + t.array().getDataType() + "; only float32 parameters are supported");
            }
            lb.add(t.name(), t.path(), t.array().getShape().getShape(), t.trainable());
            types.add(t.type());
            arrays[k] = t.array();
        }
        layout = lb.build();
        statistics = layout.segments().stream().filter(s -> !s.trainable()).toList();
        if (layout.dimension() == 0) {
            throw new IllegalArgumentException(source + " has no parameters to train");
        }

        ByteBuffer paramBytes = ByteBuffer.allocateDirect(layout.dimension() * Float.BYTES).order(ByteOrder.nativeOrder());
        paramView = paramBytes.asFloatBuffer();
        initialValues = new float[layout.dimension()];
        for (int k = 0; k < arrays.length; k++) {
            ParameterLayout.Segment s = layout.segments().get(k);
            // Keep what the tensor held (a TorchScript file's saved weights) before its storage is replaced.
            System.arraycopy(arrays[k].toFloatArray(), 0, initialValues, s.offset(), s.size());
            arrays[k].set(paramBytes.slice(s.offset() * Float.BYTES, s.size() * Float.BYTES).order(ByteOrder.nativeOrder()));
        }
        store = new ParameterStore(manager, false);
    }

    /** A replica of a DJL block; the factory must return a new block on every call. */
    static ModelReplica ofBlock(Supplier<Block> factory, int[] inputShape, String source) {
        NDManager manager = EngineSetup.engine().newBaseManager(Device.cpu());
        try {
            Block block = factory.get();
            if (block == null) {
                throw new IllegalArgumentException(source + ": the block supplier returned null");
            }
            // Values are overwritten from the flat vector on every call, so skip DJL's random init.
            block.setInitializer(new ConstantInitializer(0f), p -> true);
            try {
                block.initialize(manager, DataType.FLOAT32, batchShape(1, inputShape));
            } catch (RuntimeException e) {
                // DJL works out layer shapes here, so an input shape the net cannot take fails here, deep inside some layer.
                throw new IllegalArgumentException(source + " cannot be built for examples of shape "
                        + Arrays.toString(inputShape) + " (one batch is [n, " + joined(inputShape) + "]): " + reason(e), e);
            }
            List<Tensor> tensors = new ArrayList<>();
            for (LayerNames.Entry e : LayerNames.of(block)) {
                Parameter p = e.parameter();
                tensors.add(new Tensor(e.name(), e.path(), (PtNDArray) p.getArray(), p.getType(), isTrainable(p)));
            }
            return new ModelReplica(manager, block, tensors, inputShape, source);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * A replica of a TorchScript module, loaded from its serialized bytes (see
     * {@link TorchScriptBuffers#forDjl}). Every tensor in the module's {@code parameters()} keeps its
     * TorchScript name and trains when the module says it does ({@code requires_grad}): saved
     * parameters do unless frozen, declared buffers never do.
     */
    static ModelReplica ofTorchScript(byte[] module, int[] inputShape, String source) {
        PtNDManager manager = (PtNDManager) EngineSetup.engine().newBaseManager(Device.cpu());
        try {
            PtSymbolBlock block;
            try {
                // The stream loader, unlike the path loader, runs neither under a no-grad guard nor
                // module.eval(), so the parameters come back as ordinary autograd leaves.
                block = JniUtils.loadModule(manager, new ByteArrayInputStream(module), false, false);
            } catch (IOException | EngineException e) {
                throw new IllegalArgumentException(source + " is not a loadable TorchScript module: " + reason(e), e);
            }
            // PtSymbolBlock assumes a fresh module is in training mode; make that true, so its own
            // train/eval switching in forward() starts from the right state.
            JniUtils.enableTrainingMode(block);
            // What the module says trains, read before DJL marks every parameter as requiring a gradient
            // (initialize: the arrays already exist, nothing is re-initialised); the others are unmarked again.
            List<Pair<String, Parameter>> params = block.getParameters().stream().toList();
            boolean[] trains = new boolean[params.size()];
            for (int k = 0; k < trains.length; k++) {
                trains[k] = JniUtils.requiresGrad((PtNDArray) params.get(k).getValue().getArray());
            }
            block.initialize(manager, DataType.FLOAT32, batchShape(1, inputShape));
            List<Tensor> tensors = new ArrayList<>();
            for (int k = 0; k < trains.length; k++) {
                String name = params.get(k).getKey();
                PtNDArray array = (PtNDArray) params.get(k).getValue().getArray();
                if (!trains[k]) {
                    array.setRequiresGradient(false);
                }
                tensors.add(new Tensor(name, name, array, torchScriptType(name, array), trains[k]));
            }
            return new ModelReplica(manager, block, tensors, inputShape, source);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * DJL guesses a TorchScript parameter's type from its name alone and calls a norm layer's 1-D
     * scale a WEIGHT; initialised like one it would be zero and silence the layer, so it is a GAMMA here.
     */
    static Parameter.Type torchScriptType(String name, NDArray array) {
        String leaf = name.substring(name.lastIndexOf('.') + 1);
        int rank = array.getShape().dimension();
        if (leaf.contains("bias")) {
            return Parameter.Type.BIAS;
        }
        if (leaf.startsWith("weight") && rank == 1) {
            return Parameter.Type.GAMMA;
        }
        return rank >= 2 ? Parameter.Type.WEIGHT : Parameter.Type.OTHER;
    }

    /** The last line of an engine error: TorchScript puts its traceback first and the actual error last. */
    static String reason(Throwable e) {
        String m = String.valueOf(e.getMessage()).strip();
        return m.substring(m.lastIndexOf('\n') + 1);
    }

    private static String joined(int[] shape) {
        return Arrays.toString(shape).replaceAll("[\\[\\]]", "");
    }

    private static Shape batchShape(int n, int[] exampleShape) {
        return new Shape(n).addAll(new Shape(Arrays.stream(exampleShape).asLongStream().toArray()));
    }

    static boolean isTrainable(Parameter p) {
        return p.requiresGradient()
                && p.getType() != Parameter.Type.RUNNING_MEAN
                && p.getType() != Parameter.Type.RUNNING_VAR;
    }

    ParameterLayout layout() { return layout; }
    List<Parameter.Type> types() { return types; }
    /** The parameter values the model held when this replica was built (a TorchScript file's weights). */
    float[] initialValues() { return initialValues.clone(); }

    /** Shape of the model's output for {@code n} zero examples, in inference mode (a build-time check). */
    Shape outputShape(int n) {
        NDList out;
        try (NDManager sub = manager.newSubManager()) {
            NDArray x = sub.zeros(new Shape(n).addAll(new Shape(exampleShape)));
            try {
                out = withoutGrad(() -> block.forward(store, new NDList(x), false));
            } catch (RuntimeException e) {
                // TorchScript has no declared input shape, so this first forward pass is where a wrong one shows.
                throw new IllegalArgumentException(source + " fails on a batch of shape " + new Shape(n).addAll(new Shape(exampleShape))
                        + ", i.e. examples of the declared input shape " + Arrays.toString(exampleShape)
                        + "; is that the shape the model expects? The engine said: " + reason(e), e);
            }
            if (out.size() != 1) {
                throw new IllegalArgumentException(source + " returns " + out.size() + " tensors; it must return one tensor of logits");
            }
            return out.singletonOrThrow().getShape();
        }
    }
    int managedArrayCount() { return manager.getManagedArrays().size(); }

    /** Mean loss and its gradient; running statistics are written back into {@code params}. */
    float lossAndGradient(float[] params, float[] features, int[] labels, int n, float[] gradOut) {
        paramView.put(0, params);
        boolean gradMode = JniUtils.isGradMode();
        // Grad mode is thread-local in PyTorch; DJL only switches it off on the thread that loaded the engine.
        JniUtils.setGradMode(true);
        try (NDManager sub = manager.newSubManager()) {
            NDArray loss = forwardLoss(sub, features, labels, n, true);
            for (int k = 0; k < arrays.length; k++) {
                if (layout.segments().get(k).trainable()) {
                    // Backward adds into .grad; DJL's PtGradientCollector no longer zeroes it for us.
                    JniUtils.zeroGrad(arrays[k]);
                }
            }
            JniUtils.backward((PtNDArray) loss, (PtNDArray) sub.ones(loss.getShape()), false, false);
            copyGradients(gradOut);
            copyRunningStats(params);
            return loss.getFloat();
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /** Training-mode loss; the running statistics updated in this replica are simply not copied back. */
    float loss(float[] params, float[] features, int[] labels, int n) {
        paramView.put(0, params);
        return withoutGrad(() -> {
            try (NDManager sub = manager.newSubManager()) {
                return forwardLoss(sub, features, labels, n, true).getFloat();
            }
        });
    }

    /**
     * The running statistics of {@code params} recomputed as the plain mean over {@code batches} of
     * each batch's own statistics (see {@link GradientOracle#recomputeStatistics}).
     *
     * <p>Neither DJL nor a TorchScript module lets us set a batch-norm layer's momentum, so the mean
     * is taken through the update the engine does make, which is linear in the old value:
     * r' = (1 − p) r + p s_b, with s_b the batch's statistic and p the layer's update rate. A pass
     * from r = 0 gives p s_b; one more pass on the first batch from r = 1 gives 1 − p. Every pass
     * normalises with the batch's own statistics, so r never changes what a pass computes. An entry
     * that no pass changes (p = 0: a frozen tensor, not a statistic) keeps its value.
     */
    float[] recomputeStatistics(float[] params, List<Batch> batches) {
        float[] out = params.clone();
        if (statistics.isEmpty() || batches.isEmpty()) {
            return out;
        }
        float[] from = params.clone();
        double[] sum = new double[params.length];
        double[] rate = new double[params.length];
        withoutGrad(() -> {
            for (int b = 0; b < batches.size(); b++) {
                setStatistics(from, 0f);
                trainingPass(from, batches.get(b));
                for (ParameterLayout.Segment s : statistics) {
                    for (int d = s.offset(); d < s.offset() + s.size(); d++) {
                        sum[d] += paramView.get(d);
                    }
                }
                if (b == 0) {
                    float[] fromZero = new float[params.length];
                    paramView.get(0, fromZero);
                    setStatistics(from, 1f);
                    trainingPass(from, batches.get(0));
                    for (ParameterLayout.Segment s : statistics) {
                        for (int d = s.offset(); d < s.offset() + s.size(); d++) {
                            rate[d] = 1 - ((double) paramView.get(d) - fromZero[d]);
                        }
                    }
                }
            }
            return null;
        });
        for (ParameterLayout.Segment s : statistics) {
            for (int d = s.offset(); d < s.offset() + s.size(); d++) {
                if (rate[d] != 0) {
                    out[d] = (float) (sum[d] / (rate[d] * batches.size()));
                }
            }
        }
        return out;
    }

    private void setStatistics(float[] x, float value) {
        for (ParameterLayout.Segment s : statistics) {
            Arrays.fill(x, s.offset(), s.offset() + s.size(), value);
        }
    }

    /** One training-mode forward pass (no loss, no gradient); the statistics it updates stay in the replica's buffer. */
    private void trainingPass(float[] params, Batch batch) {
        paramView.put(0, params);
        try (NDManager sub = manager.newSubManager()) {
            block.forward(store, new NDList(input(sub, batch.features(), 0, batch.size())), true);
        }
    }

    /** Inference-mode sum of losses and number of correct predictions over {@code n} examples. */
    double[] evaluate(float[] params, float[] features, int featureOffset, int[] labels, int n) {
        paramView.put(0, params);
        return withoutGrad(() -> {
            try (NDManager sub = manager.newSubManager()) {
                NDArray x = input(sub, features, featureOffset, n);
                NDArray y = labels(sub, labels, n);
                NDArray logits = block.forward(store, new NDList(x), false).singletonOrThrow();
                float mean = loss.evaluate(new NDList(y), new NDList(logits)).getFloat();
                long correct = logits.argMax(1).eq(y).toType(DataType.INT64, false).sum().getLong();
                return new double[] {(double) mean * n, correct};
            }
        });
    }

    private NDArray forwardLoss(NDManager sub, float[] features, int[] labels, int n, boolean training) {
        NDArray x = input(sub, features, 0, n);
        NDArray y = labels(sub, labels, n);
        NDArray logits = block.forward(store, new NDList(x), training).singletonOrThrow();
        return loss.evaluate(new NDList(y), new NDList(logits));
    }

    private NDArray input(NDManager sub, float[] features, int offset, int n) {
        int floats = n * exampleSize;
        if (inputBytes.capacity() < floats * Float.BYTES) {
            inputBytes = ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder());
        }
        inputBytes.asFloatBuffer().put(features, offset, floats);
        ByteBuffer slice = inputBytes.slice(0, floats * Float.BYTES).order(ByteOrder.nativeOrder());
        return sub.create(slice, new Shape(n).addAll(new Shape(exampleShape)), DataType.FLOAT32);
    }

    // Int64 because PyTorch's gather (behind the loss's pick) only takes long indices.
    private NDArray labels(NDManager sub, int[] labels, int n) {
        if (labelBytes.capacity() < n * Long.BYTES) {
            labelBytes = ByteBuffer.allocateDirect(n * Long.BYTES).order(ByteOrder.nativeOrder());
        }
        LongBuffer view = labelBytes.asLongBuffer();
        for (int i = 0; i < n; i++) {
            view.put(i, labels[i]);
        }
        ByteBuffer slice = labelBytes.slice(0, n * Long.BYTES).order(ByteOrder.nativeOrder());
        return sub.create(slice, new Shape(n), DataType.INT64);
    }

    private void copyGradients(float[] gradOut) {
        for (int k = 0; k < arrays.length; k++) {
            ParameterLayout.Segment s = layout.segments().get(k);
            if (!s.trainable()) {
                Arrays.fill(gradOut, s.offset(), s.offset() + s.size(), 0f);
                continue;
            }
            // getGradient() wraps .grad in a new handle on the long-lived manager: close it or it leaks.
            try (PtNDArray g = arrays[k].getGradient()) {
                g.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer().get(gradOut, s.offset(), s.size());
            }
        }
    }

    private void copyRunningStats(float[] params) {
        for (ParameterLayout.Segment s : layout.segments()) {
            if (!s.trainable()) {
                paramView.get(s.offset(), params, s.offset(), s.size());
            }
        }
    }

    private static <T> T withoutGrad(Supplier<T> body) {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return body.get();
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}

package pcasgd.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * One initialised copy of the network, used by one call at a time. All tensors a call creates live
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
    private final long[] exampleShape;
    private final int exampleSize;
    private final Loss loss = Loss.softmaxCrossEntropyLoss();
    private ByteBuffer inputBytes = ByteBuffer.allocateDirect(0);
    // Reused across calls; a tensor made from a direct buffer reads it in place, and dies with the call.
    private ByteBuffer labelBytes = ByteBuffer.allocateDirect(0);

    ModelReplica(Supplier<Block> factory, int[] inputShape) {
        manager = EngineSetup.engine().newBaseManager(Device.cpu());
        block = factory.get();
        // Values are overwritten from the flat vector on every call, so skip DJL's random init.
        block.setInitializer(new ConstantInitializer(0f), p -> true);
        exampleShape = Arrays.stream(inputShape).asLongStream().toArray();
        exampleSize = Arrays.stream(inputShape).reduce(1, (a, b) -> a * b);
        block.initialize(manager, DataType.FLOAT32, new Shape(1).addAll(new Shape(exampleShape)));

        ParameterLayout.Builder lb = ParameterLayout.builder();
        types = new ArrayList<>();
        List<PtNDArray> list = new ArrayList<>();
        for (Pair<String, Parameter> entry : block.getParameters()) {
            Parameter p = entry.getValue();
            lb.add(entry.getKey(), p.getShape().getShape(), isTrainable(p));
            types.add(p.getType());
            list.add((PtNDArray) p.getArray());
        }
        layout = lb.build();
        arrays = list.toArray(new PtNDArray[0]);

        ByteBuffer paramBytes = ByteBuffer.allocateDirect(layout.dimension() * Float.BYTES).order(ByteOrder.nativeOrder());
        for (int k = 0; k < arrays.length; k++) {
            ParameterLayout.Segment s = layout.segments().get(k);
            arrays[k].set(paramBytes.slice(s.offset() * Float.BYTES, s.size() * Float.BYTES).order(ByteOrder.nativeOrder()));
        }
        paramView = paramBytes.asFloatBuffer();
        store = new ParameterStore(manager, false);
    }

    static boolean isTrainable(Parameter p) {
        return p.requiresGradient()
                && p.getType() != Parameter.Type.RUNNING_MEAN
                && p.getType() != Parameter.Type.RUNNING_VAR;
    }

    ParameterLayout layout() { return layout; }
    List<Parameter.Type> types() { return types; }
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

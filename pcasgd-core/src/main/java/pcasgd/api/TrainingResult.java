package pcasgd.api;

import ai.djl.Device;
import ai.djl.Model;
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
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import pcasgd.engine.EngineSetup;
import pcasgd.engine.LayerNames;
import pcasgd.engine.ParameterLayout;
import pcasgd.engine.TorchScriptBuffers;
import pcasgd.metrics.EpochMetrics;

/**
 * What a run returns: every epoch's metrics and the final averaged parameters x̄ = (1/n) Σ x_i,
 * also as a DJL {@link Model} that can be saved. Close it to free the model's native memory.
 *
 * <h2>Saving</h2>
 * <ul>
 *   <li>A DJL block (or zoo model): {@link #model()} is a PyTorch-engine {@code Model} holding a new
 *       block of your supplier with x̄ copied into its parameters. {@code model().save(dir, name)}
 *       writes DJL's {@code name-0000.params}; load it with {@code Model.newInstance(name)},
 *       {@code setBlock(yourBlock)}, {@code load(dir, name)}.</li>
 *   <li>TorchScript: {@link #model()} holds the module, loaded again from the file, with its
 *       {@code parameters()} set to x̄ and in eval mode. DJL 0.36's {@code PtModel} has no save of its own:
 *       {@code model().save(dir, name)} is DJL's generic save, which writes {@code name-0000.params},
 *       a DJL header followed by the TorchScript module ({@code PtSymbolBlock.saveParameters}, i.e.
 *       {@code torch::jit::Module::save} of the trained module). DJL reads it back into a model
 *       whose block is set first ({@code setBlock(new PtSymbolBlock(manager))}, then
 *       {@code load(dir, name)}); PyTorch cannot read the header. For a plain {@code .pt} file that
 *       {@code torch.jit.load} and {@link ModelSpec#torchScript} read, use
 *       {@link #saveTorchScript(Path)}. Buffers (which DJL cannot reach) keep the values in the
 *       file.</li>
 *   <li>A run given a ready {@link pcasgd.engine.GradientOracle} instead of a {@link ModelSpec}
 *       has no network to fill: use {@link #averagedParameters()} with {@link #layout()}.</li>
 * </ul>
 */
public final class TrainingResult implements AutoCloseable {
    private final List<EpochMetrics> epochs;
    private final float[] average;
    private final ParameterLayout layout;
    private final ModelSpec spec;
    private Model model;
    private boolean closed;

    TrainingResult(List<EpochMetrics> epochs, float[] average, ParameterLayout layout, ModelSpec spec) {
        this.epochs = List.copyOf(epochs);
        this.average = average == null ? null : average.clone();
        this.layout = layout;
        this.spec = spec;
    }

    /**
     * Every epoch's metrics, in order (the run's metric set: the standard metrics plus any added).
     *
     * @return the epochs
     */
    public List<EpochMetrics> epochs() {
        return epochs;
    }

    /**
     * The last epoch's metrics; its test accuracy and loss are those of {@link #averagedParameters()}.
     *
     * @return the final epoch
     */
    public EpochMetrics lastEpoch() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException(NO_EPOCH);
        }
        return epochs.get(epochs.size() - 1);
    }

    private static final String NO_EPOCH = "the run ended before its first epoch closed (a snapshot probe stopped it),"
            + " so there is no epoch and no x̄";

    /** x̄ itself, or why there is none. */
    private float[] xBar() {
        if (average == null) {
            throw new IllegalStateException(NO_EPOCH);
        }
        return average;
    }

    /**
     * x̄ after the last epoch: the mean of the agents' parameters, as one flat vector laid out by
     * {@link #layout()}.
     *
     * @return a copy of the vector
     */
    public float[] averagedParameters() {
        return xBar().clone();
    }

    /**
     * Where each named parameter tensor sits in {@link #averagedParameters()}.
     *
     * @return the layout
     */
    public ParameterLayout layout() {
        return layout;
    }

    /**
     * One named tensor of x̄, e.g. {@code fc1.weight} (names as in {@link ParameterLayout}).
     *
     * @param name the parameter's name
     * @return a copy of its values, row-major
     * @throws IllegalArgumentException if the model has no such parameter (the message lists them)
     */
    public float[] parameter(String name) {
        ParameterLayout.Segment s = layout.segment(name);
        return Arrays.copyOfRange(xBar(), s.offset(), s.offset() + s.size());
    }

    /**
     * Whether {@link #model()} can build a DJL model (the run was given a {@link ModelSpec}).
     *
     * @return true unless the run was given only a gradient oracle
     */
    public boolean hasModel() {
        return spec != null;
    }

    /**
     * x̄ as a DJL model on the PyTorch engine, built on first call and owned by this result (closed by
     * {@link #close()}). See the class comment for what {@code save} writes.
     *
     * @return the model
     * @throws IllegalStateException if the run had no {@link ModelSpec}, the result is closed, or the
     *     block supplier or TorchScript file now gives another network than the one trained
     */
    public synchronized Model model() {
        if (closed) {
            throw new IllegalStateException("this training result is closed");
        }
        if (spec == null) {
            throw new IllegalStateException("this run was given a GradientOracle rather than a ModelSpec, so there is no"
                    + " DJL network to put the averaged parameters into; use averagedParameters() and layout()");
        }
        if (model == null) {
            model = spec.kind() == ModelSpec.Kind.TORCH_SCRIPT ? torchScriptModel() : blockModel();
        }
        return model;
    }

    /**
     * Writes the trained TorchScript module as a plain {@code .pt} file (what {@code torch.jit.save}
     * writes), with x̄ as its parameters: PyTorch's {@code torch.jit.load} and
     * {@link ModelSpec#torchScript} read it.
     *
     * @param file the file to write (replaced if it exists)
     * @throws IOException if the file cannot be written
     * @throws IllegalStateException if the model is not TorchScript
     */
    public void saveTorchScript(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        if (spec == null || spec.kind() != ModelSpec.Kind.TORCH_SCRIPT) {
            throw new IllegalStateException("saveTorchScript needs a TorchScript model; save a DJL block with model().save(dir, name)");
        }
        PtSymbolBlock block = (PtSymbolBlock) model().getBlock();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        JniUtils.writeModule(block, written, false);
        // the running statistics were loaded as parameters (TorchScriptBuffers): declared buffers again, as in the file
        Files.write(file, TorchScriptBuffers.restoreBuffers(written.toByteArray(), Files.readAllBytes(spec.file())));
    }

    /** Frees the DJL model's native memory, if it was built. */
    @Override
    public synchronized void close() {
        closed = true;
        if (model != null) {
            model.close();
            model = null;
        }
    }

    private Model blockModel() {
        Model m = Model.newInstance(spec.name(), Device.cpu(), EngineSetup.ENGINE_NAME);
        try {
            Block block = spec.newBlock();
            // every value is overwritten with x̄ below, so skip DJL's random initialisation
            block.setInitializer(new ConstantInitializer(0f), p -> true);
            m.setBlock(block);
            block.initialize(m.getNDManager(), DataType.FLOAT32, batchShape());
            List<LayerNames.Entry> entries = LayerNames.of(block);
            if (entries.size() != layout.segmentCount()) {
                throw changed(entries.size() + " parameter tensors instead of " + layout.segmentCount());
            }
            for (int k = 0; k < entries.size(); k++) {
                fill(entries.get(k).parameter().getArray(), layout.segments().get(k));
            }
            return m;
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    private Model torchScriptModel() {
        byte[] module;
        try {
            module = Files.readAllBytes(spec.file());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the TorchScript file " + spec.file() + " again: " + e.getMessage(), e);
        }
        Model m = Model.newInstance(modelName(), Device.cpu(), EngineSetup.ENGINE_NAME);
        try {
            PtNDManager manager = (PtNDManager) m.getNDManager();
            // the stream loader keeps the parameters as ordinary tensors (the path loader would freeze them)
            PtSymbolBlock block = JniUtils.loadModule(manager, new ByteArrayInputStream(TorchScriptBuffers.forDjl(module)),
                    false, false);
            // initialize marks every parameter as requiring a gradient; the running statistics (loaded as
            // parameters) must not, or the module saved from here would hand them to PyTorch that way
            Map<String, Boolean> trains = new HashMap<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                trains.put(p.getKey(), JniUtils.requiresGrad((PtNDArray) p.getValue().getArray()));
            }
            block.initialize(manager, DataType.FLOAT32, batchShape());
            Map<String, NDArray> byName = new HashMap<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                byName.put(p.getKey(), p.getValue().getArray());
                if (!trains.get(p.getKey())) {
                    p.getValue().getArray().setRequiresGradient(false);
                }
            }
            if (byName.size() != layout.segmentCount()) {
                throw changed(byName.size() + " parameters instead of " + layout.segmentCount());
            }
            for (ParameterLayout.Segment s : layout.segments()) {
                NDArray array = byName.get(s.path());
                if (array == null) {
                    throw changed("no parameter " + s.path());
                }
                fill(array, s);
            }
            // DJL learns a TorchScript block's input description on its first forward, and Model.save
            // needs it; running it in inference mode also leaves the module in eval mode, as an exported model is used
            try (NDManager probe = manager.newSubManager()) {
                block.forward(new ParameterStore(probe, false), new NDList(probe.zeros(batchShape())), false);
            }
            m.setBlock(block);
            return m;
        } catch (IOException e) {
            m.close();
            throw new IllegalStateException(spec.file() + " is no longer a loadable TorchScript module: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    private void fill(NDArray array, ParameterLayout.Segment s) {
        if (!Arrays.equals(array.getShape().getShape(), s.shape())) {
            throw changed(s.name() + " has shape " + array.getShape() + " instead of " + new Shape(s.shape()));
        }
        array.set(FloatBuffer.wrap(Arrays.copyOfRange(xBar(), s.offset(), s.offset() + s.size())));
    }

    private IllegalStateException changed(String what) {
        return new IllegalStateException(spec.name() + " now builds another network than the one trained (" + what
                + "); the block supplier must build the same structure on every call");
    }

    private Shape batchShape() {
        return new Shape(1).addAll(new Shape(Arrays.stream(spec.inputShape()).asLongStream().toArray()));
    }

    // "tiny-mlp.pt" saves as "tiny-mlp-0000.params", not "tiny-mlp.pt-0000.params"
    private String modelName() {
        String n = spec.name();
        return n.endsWith(".pt") ? n.substring(0, n.length() - 3) : n;
    }
}

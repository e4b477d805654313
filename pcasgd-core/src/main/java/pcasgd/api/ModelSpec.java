package pcasgd.api;

import ai.djl.nn.Block;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import pcasgd.engine.DjlOracle;
import pcasgd.model.Models;

/**
 * The network to train: a DJL {@link Block} you build, a TorchScript file, or a model of the
 * built-in zoo, with the shape of one example and the number of classes. Immutable; the
 * {@code with...} methods return changed copies.
 *
 * <p>Every kind is trained the same way (see {@link DjlOracle}): its parameters become one flat
 * vector per agent, a minibatch loss is the mean softmax cross-entropy of the logits the model
 * returns, and building the run checks the model once on a probe batch, so a wrong input shape or
 * class count fails with a message that says which.
 *
 * <pre>{@code
 * ModelSpec mine = ModelSpec.block("two-layer", () -> new SequentialBlock()
 *         .add(Linear.builder().setUnits(32).build()).add(Activation::relu)
 *         .add(Linear.builder().setUnits(3).build()), new int[] {8}, 3);
 * ModelSpec exported = ModelSpec.torchScript(Path.of("model.pt"), new int[] {1, 28, 28}, 10);
 * }</pre>
 */
public final class ModelSpec {
    /** What kind of network a spec describes. */
    public enum Kind {
        /** A DJL block built by the user's supplier. */
        BLOCK,
        /** A TorchScript module saved with {@code torch.jit.save}. */
        TORCH_SCRIPT,
        /** A model of the built-in zoo, by name. */
        ZOO
    }

    private final Kind kind;
    private final String name;
    private final Supplier<Block> blocks;
    private final Path file;
    private final int[] inputShape;
    private final int numClasses;
    private final DjlOracle.InitialWeights initialWeights;
    private final boolean allowNondeterminism;
    private final int intraOpThreads;

    private ModelSpec(Kind kind, String name, Supplier<Block> blocks, Path file, int[] inputShape, int numClasses,
                      DjlOracle.InitialWeights initialWeights, boolean allowNondeterminism, int intraOpThreads) {
        this.kind = kind;
        this.name = name;
        this.blocks = blocks;
        this.file = file;
        this.inputShape = inputShape;
        this.numClasses = numClasses;
        this.initialWeights = initialWeights;
        this.allowNondeterminism = allowNondeterminism;
        this.intraOpThreads = intraOpThreads;
    }

    private static ModelSpec of(Kind kind, String name, Supplier<Block> blocks, Path file, int[] inputShape, int numClasses) {
        Objects.requireNonNull(inputShape, "input shape");
        if (inputShape.length == 0 || Arrays.stream(inputShape).anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException(name + ": bad input shape " + Arrays.toString(inputShape)
                    + "; give one example's shape with positive sizes, e.g. {1, 28, 28} or {784}");
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException(name + ": numClasses must be >= 2, got " + numClasses);
        }
        return new ModelSpec(kind, name, blocks, file, inputShape.clone(), numClasses, DjlOracle.InitialWeights.SEEDED, false, 0);
    }

    /**
     * A DJL network of your own. The supplier is called once per engine replica (one per concurrent
     * worker) and once more for {@link TrainingResult#model()}, so it must build a new block with the
     * same structure on every call. The block must take a batch {@code [n, inputShape...]} and return
     * one tensor of logits {@code [n, numClasses]}; its own initializers are not used, the run starts
     * every agent from the same seeded He-normal weights.
     *
     * @param name a display name, used in messages and as the saved model's name
     * @param blocks builds a new, uninitialised block on every call
     * @param inputShape one example's shape, e.g. {@code {8}} or {@code {1, 28, 28}}
     * @param numClasses the number of logits the block returns (at least 2)
     * @return the spec
     */
    public static ModelSpec block(String name, Supplier<Block> blocks, int[] inputShape, int numClasses) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(blocks, "block supplier");
        return of(Kind.BLOCK, name, blocks, null, inputShape, numClasses);
    }

    /**
     * A TorchScript module saved by {@code torch.jit.save}, run through DJL's PyTorch engine. The
     * module's {@code parameters()} that require a gradient are trained; its float buffers (batch-norm
     * running statistics) join the flat vector as non-trainable segments; its {@code forward} must take
     * one tensor {@code [n, inputShape...]} and return one tensor of logits. A module whose training
     * pass depends on an integer buffer (batch norm with {@code momentum=None} reads
     * {@code num_batches_tracked}) is refused when the run is built; see {@code docs/models.md}.
     *
     * @param file the {@code .pt} file
     * @param inputShape one example's shape
     * @param numClasses the number of logits the module returns (at least 2)
     * @return the spec
     * @throws IllegalArgumentException if the file does not exist
     */
    public static ModelSpec torchScript(Path file, int[] inputShape, int numClasses) {
        Objects.requireNonNull(file, "TorchScript file");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("TorchScript file " + file + " does not exist or is not a file");
        }
        return of(Kind.TORCH_SCRIPT, file.getFileName().toString(), null, file, inputShape, numClasses);
    }

    /**
     * A model of the built-in zoo: {@code mlp} (or {@code mlp:64,32}), {@code lenet}, {@code vgg},
     * {@code vgg-small}, {@code resnet20}.
     *
     * @param name the zoo name
     * @param inputShape one example's shape ({@code [C, H, W]} for the convolutional models)
     * @param numClasses the number of classes
     * @return the spec
     * @throws IllegalArgumentException for an unknown name or a shape the model cannot take
     */
    public static ModelSpec zoo(String name, int[] inputShape, int numClasses) {
        Objects.requireNonNull(name, "model name");
        ModelSpec spec = of(Kind.ZOO, name, null, null, inputShape, numClasses);
        Models.create(name, spec.inputShape, numClasses); // an unknown name fails here, before the engine loads
        return spec;
    }

    /**
     * A zoo model by name, or a TorchScript file when {@code nameOrFile} ends in {@code .pt} or names
     * an existing file (what the command line's {@code --model} accepts).
     *
     * @param nameOrFile a zoo name or the path of a TorchScript file
     * @param inputShape one example's shape
     * @param numClasses the number of classes
     * @return the spec
     */
    public static ModelSpec parse(String nameOrFile, int[] inputShape, int numClasses) {
        Objects.requireNonNull(nameOrFile, "model");
        String trimmed = nameOrFile.trim();
        boolean looksLikeFile = trimmed.toLowerCase(Locale.ROOT).endsWith(".pt");
        if (looksLikeFile || isFile(trimmed)) {
            return torchScript(Path.of(trimmed), inputShape, numClasses);
        }
        return zoo(trimmed, inputShape, numClasses);
    }

    // A zoo name such as "mlp:64,32" is not a valid path on every platform.
    private static boolean isFile(String text) {
        try {
            return Files.isRegularFile(Path.of(text));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /**
     * Where the initial parameters come from: seeded He-normal (the default) or, for TorchScript only,
     * the weights saved in the file (e.g. a pretrained model), the same for every seed.
     *
     * @param weights the source of the initial weights
     * @return a copy of this spec with that setting
     * @throws IllegalArgumentException for {@code FROM_MODEL} on a model that is not TorchScript
     */
    public ModelSpec withInitialWeights(DjlOracle.InitialWeights weights) {
        Objects.requireNonNull(weights, "initial weights");
        if (weights == DjlOracle.InitialWeights.FROM_MODEL && kind != Kind.TORCH_SCRIPT) {
            throw new IllegalArgumentException(name + ": initial weights FROM_MODEL need a TorchScript model;"
                    + " DJL blocks and zoo models are initialised from the seed");
        }
        return new ModelSpec(kind, name, blocks, file, inputShape, numClasses, weights, allowNondeterminism, intraOpThreads);
    }

    /**
     * Accepts a model whose training pass is random (dropout) or keeps state outside its parameters.
     * It trains, but runs are then no longer bit-reproducible.
     *
     * @param allow whether to accept such a model
     * @return a copy of this spec with that setting
     */
    public ModelSpec withNondeterminismAllowed(boolean allow) {
        return new ModelSpec(kind, name, blocks, file, inputShape, numClasses, initialWeights, allow, intraOpThreads);
    }

    /**
     * Threads one forward/backward pass may use inside PyTorch (0, the default, leaves the engine's
     * setting alone). Agents already run side by side, so 1 is usually fastest.
     *
     * @param threads intra-op threads, or 0
     * @return a copy of this spec with that setting
     */
    public ModelSpec withIntraOpThreads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("intra-op threads must be >= 0, got " + threads);
        }
        return new ModelSpec(kind, name, blocks, file, inputShape, numClasses, initialWeights, allowNondeterminism, threads);
    }

    /**
     * The kind of network.
     *
     * @return block, TorchScript or zoo
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The display name: the block's name, the TorchScript file's name or the zoo name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * One example's shape.
     *
     * @return a copy of the shape
     */
    public int[] inputShape() {
        return inputShape.clone();
    }

    /**
     * The number of classes (logits per example).
     *
     * @return the class count
     */
    public int numClasses() {
        return numClasses;
    }

    /**
     * The TorchScript file, for a TorchScript spec.
     *
     * @return the file, or null for other kinds
     */
    public Path file() {
        return file;
    }

    /**
     * Builds the engine side of the model: one replica now (which runs the probe checks), more as
     * concurrent calls need them. The caller owns the oracle and must close it; {@link PcAsgd#run()}
     * does that itself.
     *
     * @return a new oracle for this model
     * @throws IllegalArgumentException if the model cannot take the input shape, returns logits of
     *     another width, is random or keeps hidden state (see {@link DjlOracle})
     */
    public DjlOracle newOracle() {
        DjlOracle.Builder b = DjlOracle.builder().inputShape(inputShape).numClasses(numClasses)
                .initialWeights(initialWeights).allowNondeterminism(allowNondeterminism).intraOpThreads(intraOpThreads);
        switch (kind) {
            case BLOCK -> b.block(name, blocks);
            case TORCH_SCRIPT -> b.torchScript(file);
            default -> b.model(name);
        }
        return b.build();
    }

    /** A new, uninitialised block of this model (block and zoo kinds only). */
    Block newBlock() {
        return switch (kind) {
            case BLOCK -> Objects.requireNonNull(blocks.get(), name + ": the block supplier returned null");
            case ZOO -> Models.create(name, inputShape, numClasses);
            case TORCH_SCRIPT -> throw new IllegalStateException(name + " is TorchScript, not a DJL block");
        };
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + " " + name + " " + Arrays.toString(inputShape) + " -> " + numClasses
                + " classes";
    }
}

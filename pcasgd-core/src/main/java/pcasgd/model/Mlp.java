package pcasgd.model;

import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;

/** Fully connected ReLU network on the flattened input. */
public final class Mlp {
    /** Hidden widths of the registry's plain {@code mlp}. */
    public static final int[] DEFAULT_HIDDEN = {256, 128};

    private Mlp() { }

    public static Block build(int numClasses, int... hidden) {
        SequentialBlock net = new SequentialBlock().add(Blocks.batchFlattenBlock());
        for (int width : hidden) {
            if (width <= 0) {
                throw new IllegalArgumentException("hidden width must be positive, got " + width);
            }
            net.add(Layers.linear(width)).add(Layers.relu());
        }
        return net.add(Layers.linear(numClasses));
    }
}

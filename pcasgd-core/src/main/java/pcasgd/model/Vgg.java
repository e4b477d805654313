package pcasgd.model;

import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;

/**
 * A short VGG-style net for 32×32 inputs: 3×3 conv + BN + ReLU stacks with 2×2 max-pools
 * ({@code M}), then one linear classifier on the flattened 2×2 map.
 *
 * <ul>
 *   <li>{@code vgg}: [64, M, 128, M, 256, 256, M, 512, M] — about 2.17M parameters for 3×32×32
 *       and 10 classes (convolutions 2.14M, BN 2.4k, classifier 20.5k).</li>
 *   <li>{@code vgg-small}: the same with half the widths — about 0.54M parameters.</li>
 * </ul>
 * A full VGG-11/16 (9–15M parameters) would dominate the per-step copy and mixing cost of a
 * multi-agent simulation on CPU, which is why the stack stops at 512 channels.
 */
public final class Vgg {
    /** Channel widths; {@link #POOL} marks a max-pool. */
    public static final int POOL = -1;
    public static final int[] CONFIG = {64, POOL, 128, POOL, 256, 256, POOL, 512, POOL};

    private Vgg() { }

    public static Block build(int numClasses, int widthDivisor) {
        SequentialBlock net = new SequentialBlock();
        for (int c : CONFIG) {
            if (c == POOL) {
                net.add(Layers.maxPool2());
            } else {
                net.add(Layers.conv3x3Bn(c / widthDivisor, 1)).add(Layers.relu());
            }
        }
        return net.add(Blocks.batchFlattenBlock()).add(Layers.linear(numClasses));
    }
}

package pcasgd.model;

import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;

/**
 * LeNet-5 style CNN: conv5×5(6, pad 2) → ReLU → max-pool → conv5×5(16) → ReLU → max-pool →
 * 120 → 84 → classes. The padding on the first conv makes 28×28 inputs behave like the classic
 * 32×32 ones; on 32×32×3 the flattened size is 16·6·6 instead of 16·5·5.
 */
public final class LeNet {
    private LeNet() { }

    public static Block build(int numClasses) {
        return new SequentialBlock()
                .add(Layers.conv(6, 5, 1, 2, true))
                .add(Layers.relu())
                .add(Layers.maxPool2())
                .add(Layers.conv(16, 5, 1, 0, true))
                .add(Layers.relu())
                .add(Layers.maxPool2())
                .add(Blocks.batchFlattenBlock())
                .add(Layers.linear(120))
                .add(Layers.relu())
                .add(Layers.linear(84))
                .add(Layers.relu())
                .add(Layers.linear(numClasses));
    }
}

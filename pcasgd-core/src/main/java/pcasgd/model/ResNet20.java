package pcasgd.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * The CIFAR ResNet-20 of He et al. (2016, §4.2): 3×3 conv(16) + BN + ReLU, three stages of three
 * basic blocks with 16/32/64 channels (stride 2 at the first block of stages 2 and 3), global
 * average pooling and a linear classifier.
 *
 * <p>Shortcuts are option A, as in the paper's CIFAR experiments: identity, and where the shape
 * changes, the input subsampled by 2 and zero-padded in channels (no parameters). With 10 classes
 * that gives 269,722 trainable parameters (the paper's "0.27M") plus 1,376 BN running statistics.
 */
public final class ResNet20 {
    private static final int[] STAGE_WIDTHS = {16, 32, 64};
    private static final int BLOCKS_PER_STAGE = 3;

    private ResNet20() { }

    public static Block build(int numClasses) {
        SequentialBlock net = new SequentialBlock()
                .add(Layers.conv3x3Bn(16, 1))
                .add(Layers.relu());
        int in = 16;
        for (int s = 0; s < STAGE_WIDTHS.length; s++) {
            int out = STAGE_WIDTHS[s];
            for (int b = 0; b < BLOCKS_PER_STAGE; b++) {
                int stride = (s > 0 && b == 0) ? 2 : 1;
                net.add(basicBlock(in, out, stride));
                in = out;
            }
        }
        return net.add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Layers.linear(numClasses));
    }

    private static Block basicBlock(int in, int out, int stride) {
        Block residual = new SequentialBlock()
                .add(Layers.conv3x3Bn(out, stride))
                .add(Layers.relu())
                .add(Layers.conv3x3Bn(out, 1));
        Block shortcut = (stride == 1 && in == out) ? Blocks.identityBlock() : paddedShortcut(out - in);
        return new ParallelBlock(
                branches -> new NDList(Activation.relu(
                        branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow()))),
                List.of(residual, shortcut));
    }

    /** Option-A shortcut: take every second pixel, then pad the extra channels with zeros on both sides. */
    private static Block paddedShortcut(int extraChannels) {
        int before = extraChannels / 2;
        int after = extraChannels - before;
        return new LambdaBlock(inputs -> {
            NDArray x = inputs.singletonOrThrow().get(":, :, ::2, ::2");
            Shape s = x.getShape();
            NDArray lo = x.getManager().zeros(new Shape(s.get(0), before, s.get(2), s.get(3)), x.getDataType());
            NDArray hi = x.getManager().zeros(new Shape(s.get(0), after, s.get(2), s.get(3)), x.getDataType());
            return new NDList(NDArrays.concat(new NDList(lo, x, hi), 1));
        }, "optionAShortcut");
    }
}

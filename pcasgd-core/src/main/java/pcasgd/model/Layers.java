package pcasgd.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

/** Small building blocks shared by the model definitions. */
final class Layers {
    private Layers() { }

    static Block linear(int units) {
        return Linear.builder().setUnits(units).build();
    }

    static Block conv(int filters, int kernel, int stride, int padding, boolean bias) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optBias(bias)
                .build();
    }

    /**
     * 3×3 "same" convolution followed by batch norm. The conv has no bias because the following
     * BN's beta would make it redundant (and its gradient would be exactly zero).
     */
    static SequentialBlock conv3x3Bn(int filters, int stride) {
        return new SequentialBlock()
                .add(conv(filters, 3, stride, 1, false))
                .add(BatchNorm.builder().build());
    }

    static Block relu() {
        return Activation.reluBlock();
    }

    static Block maxPool2() {
        return Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2));
    }
}

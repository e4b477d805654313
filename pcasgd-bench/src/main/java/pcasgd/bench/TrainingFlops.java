package pcasgd.bench;

/**
 * Training FLOPs of one step, counted from the layer shapes of the zoo models (mirrors
 * {@code pcasgd.model.LeNet} and {@code pcasgd.model.ResNet20}). Only convolutions and fully
 * connected layers are counted, as multiply-accumulates (MACs) of the forward pass; one MAC = 2
 * FLOPs, and backward costs twice the forward (gradient w.r.t. inputs and w.r.t. weights), so a
 * training step is {@code 3 × 2 × MACs × batch}. Batch norm, ReLU, pooling, the loss and the optimizer
 * are left out (they are memory-bound and below 1% of the FLOPs here); the first layer's input
 * gradient, which PyTorch skips, is counted anyway, as is usual.
 */
public final class TrainingFlops {
    private TrainingFlops() { }

    /** Forward MACs of one example of shape [c, h, w]; throws for models it does not know. */
    public static long forwardMacs(String model, int[] shape, int classes) {
        String key = model.toLowerCase(java.util.Locale.ROOT);
        int c = shape[0];
        int h = shape[1];
        int w = shape[2];
        switch (key) {
            case "lenet", "cnn" -> {
                long macs = 0;
                // conv 5×5, 6 filters, pad 2, stride 1 → h×w; max-pool 2
                macs += conv(c, 6, 5, h, w);
                h /= 2; w /= 2;
                // conv 5×5, 16 filters, no pad → (h−4)×(w−4); max-pool 2
                h -= 4; w -= 4;
                macs += conv(6, 16, 5, h, w);
                h /= 2; w /= 2;
                int flat = 16 * h * w;
                macs += (long) flat * 120 + 120L * 84 + 84L * classes;
                return macs;
            }
            case "resnet20" -> {
                long macs = conv(c, 16, 3, h, w);
                int in = 16;
                int[] widths = {16, 32, 64};
                for (int s = 0; s < 3; s++) {
                    for (int b = 0; b < 3; b++) {
                        int stride = (s > 0 && b == 0) ? 2 : 1;
                        h /= stride; w /= stride;
                        macs += conv(in, widths[s], 3, h, w);        // first 3×3 of the block (strided)
                        macs += conv(widths[s], widths[s], 3, h, w); // second 3×3
                        in = widths[s];
                    }
                }
                return macs + 64L * classes;
            }
            default -> throw new IllegalArgumentException("no FLOP count for model " + model);
        }
    }

    /** {@code 6 × MACs × batch}: forward 2·MACs, backward 4·MACs. */
    public static double trainingFlops(String model, int[] shape, int classes, int batch) {
        return 6.0 * forwardMacs(model, shape, classes) * batch;
    }

    private static long conv(int cin, int cout, int k, int hOut, int wOut) {
        return (long) cout * hOut * wOut * cin * k * k;
    }
}

package pcasgd.model;

import ai.djl.nn.Block;
import java.util.Arrays;
import java.util.List;

/**
 * Registry of the model zoo by name. Blocks come back uninitialised; the engine initialises one
 * copy per worker, so a name must always build the same structure.
 *
 * <p>Names: {@code mlp} (hidden 256, 128; {@code mlp:64,32} picks other widths), {@code lenet}
 * (alias {@code cnn}), {@code vgg}, {@code vgg-small}, {@code resnet20}.
 */
public final class Models {
    public static final List<String> NAMES = List.of("mlp", "lenet", "cnn", "vgg", "vgg-small", "resnet20");

    private Models() { }

    /**
     * @param inputShape one example's shape, {@code [C, H, W]} for images or {@code [D]} for vectors
     */
    public static Block create(String name, int[] inputShape, int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be positive, got " + numClasses);
        }
        String key = name.trim().toLowerCase(java.util.Locale.ROOT);
        if (key.equals("mlp")) {
            return Mlp.build(numClasses, Mlp.DEFAULT_HIDDEN);
        }
        if (key.startsWith("mlp:")) {
            return Mlp.build(numClasses, parseWidths(name, key.substring(4)));
        }
        switch (key) {
            case "lenet":
            case "cnn":
                requireImage(name, inputShape);
                return LeNet.build(numClasses);
            case "vgg":
                requireImage(name, inputShape);
                return Vgg.build(numClasses, 1);
            case "vgg-small":
                requireImage(name, inputShape);
                return Vgg.build(numClasses, 2);
            case "resnet20":
                requireImage(name, inputShape);
                return ResNet20.build(numClasses);
            default:
                throw new IllegalArgumentException("unknown model '" + name + "'; valid names: "
                        + String.join(", ", NAMES) + " (or mlp:<w1>,<w2>,... for custom hidden widths)");
        }
    }

    private static int[] parseWidths(String name, String spec) {
        try {
            return spec.isBlank() ? new int[0]
                    : Arrays.stream(spec.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad hidden widths in model name '" + name + "'", e);
        }
    }

    // Convolutions need a channel axis; catching this here beats an opaque native shape error.
    private static void requireImage(String name, int[] inputShape) {
        if (inputShape == null || inputShape.length != 3) {
            throw new IllegalArgumentException("model '" + name + "' needs an image input shape [C, H, W], got "
                    + Arrays.toString(inputShape));
        }
    }
}

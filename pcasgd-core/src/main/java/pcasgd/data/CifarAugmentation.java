package pcasgd.data;

import java.util.Arrays;
import java.util.Random;

/**
 * The standard CIFAR training augmentation: pad each image with zeros by {@code padding} pixels,
 * crop back to the original size at a random offset, then mirror left-right with probability
 * {@code flipProbability}. Works on any [C,H,W] (or [H,W]) shape, every channel moving together.
 * The crop is done as an in-place shift with zero fill, which is the same thing without a padded copy.
 */
public final class CifarAugmentation implements Augmentation {
    private final int padding;
    private final double flipProbability;

    public CifarAugmentation(int padding, double flipProbability) {
        if (padding < 0) {
            throw new IllegalArgumentException("padding must be >= 0, got " + padding);
        }
        if (!(flipProbability >= 0 && flipProbability <= 1)) {
            throw new IllegalArgumentException("flip probability must be in [0,1], got " + flipProbability);
        }
        this.padding = padding;
        this.flipProbability = flipProbability;
    }

    /** 4-pixel padding and flip probability 0.5, as in the ResNet/VGG CIFAR recipes. */
    public static CifarAugmentation standard() {
        return new CifarAugmentation(4, 0.5);
    }

    public int padding() { return padding; }
    public double flipProbability() { return flipProbability; }

    @Override
    public void apply(Batch batch, Random rng) {
        int[] shape = batch.featureShape();
        if (shape.length != 2 && shape.length != 3) {
            throw new IllegalArgumentException("crop/flip needs [C,H,W] or [H,W] images, got " + Arrays.toString(shape));
        }
        int c = shape.length == 3 ? shape[0] : 1;
        int h = shape[shape.length - 2];
        int w = shape[shape.length - 1];
        float[] f = batch.features();
        for (int i = 0; i < batch.size(); i++) {
            int offset = i * batch.featureSize();
            // Always draw all three values so the random stream does not depend on the outcomes.
            int dy = rng.nextInt(2 * padding + 1) - padding;
            int dx = rng.nextInt(2 * padding + 1) - padding;
            boolean flip = rng.nextDouble() < flipProbability;
            shift(f, offset, c, h, w, dy, dx);
            if (flip) {
                flipHorizontal(f, offset, c, h, w);
            }
        }
    }

    /**
     * In place: out[ch][y][x] = in[ch][y+dy][x+dx], zero where that falls outside the image, i.e.
     * a crop at offset (padding+dy, padding+dx) of the zero-padded image. Rows and columns are
     * visited in the direction that reads each source pixel before it is overwritten.
     */
    public static void shift(float[] f, int offset, int channels, int height, int width, int dy, int dx) {
        if (dy == 0 && dx == 0) {
            return;
        }
        for (int ch = 0; ch < channels; ch++) {
            int plane = offset + ch * height * width;
            for (int yi = 0; yi < height; yi++) {
                int y = dy >= 0 ? yi : height - 1 - yi;
                int sy = y + dy;
                for (int xi = 0; xi < width; xi++) {
                    int x = dx >= 0 ? xi : width - 1 - xi;
                    int sx = x + dx;
                    boolean inside = sy >= 0 && sy < height && sx >= 0 && sx < width;
                    f[plane + y * width + x] = inside ? f[plane + sy * width + sx] : 0f;
                }
            }
        }
    }

    /** In place: mirrors every row of every channel (x ↔ width−1−x). */
    public static void flipHorizontal(float[] f, int offset, int channels, int height, int width) {
        for (int row = 0; row < channels * height; row++) {
            int base = offset + row * width;
            for (int l = 0, r = width - 1; l < r; l++, r--) {
                float t = f[base + l];
                f[base + l] = f[base + r];
                f[base + r] = t;
            }
        }
    }

    @Override
    public String toString() {
        return "CifarAugmentation{padding=" + padding + ", flipProbability=" + flipProbability + "}";
    }
}

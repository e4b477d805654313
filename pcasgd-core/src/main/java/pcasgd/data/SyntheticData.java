package pcasgd.data;

import java.util.Arrays;
import java.util.Random;

/** Small generated classification sets for tests and benchmarks: no files, fully seeded. */
public final class SyntheticData {
    /** Separation used by {@link #cifarShaped}: learnable quickly but not trivially. */
    public static final double CIFAR_SHAPED_SEPARATION = 3.0;

    private SyntheticData() {}

    /**
     * Gaussian blobs: class c has a mean vector of Euclidean length {@code separation} in a random
     * direction, and each example is that mean plus unit-variance noise per feature. Along the
     * line between two class means the noise is still N(0,1), so {@code separation} sets the
     * difficulty independently of the feature shape. Labels cycle 0,1,…,classes−1 so every class
     * has n/classes examples (±1).
     */
    public static Dataset gaussianBlobs(int n, int[] shape, int classes, double separation, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("need at least 1 example, got " + n);
        }
        if (classes < 1) {
            throw new IllegalArgumentException("need at least 1 class, got " + classes);
        }
        if (!(separation >= 0) || !Double.isFinite(separation)) {
            throw new IllegalArgumentException("separation must be finite and >= 0, got " + separation);
        }
        int d = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (d <= 0) {
            throw new IllegalArgumentException("feature shape must be positive, got " + Arrays.toString(shape));
        }
        Random rng = new Random(seed);
        float[][] means = new float[classes][d];
        for (int c = 0; c < classes; c++) {
            double norm = 0;
            double[] dir = new double[d];
            for (int k = 0; k < d; k++) {
                dir[k] = rng.nextGaussian();
                norm += dir[k] * dir[k];
            }
            double scale = separation / Math.sqrt(norm);
            for (int k = 0; k < d; k++) {
                means[c][k] = (float) (dir[k] * scale);
            }
        }
        float[] features = new float[n * d];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
            float[] m = means[labels[i]];
            for (int k = 0; k < d; k++) {
                features[i * d + k] = m[k] + (float) rng.nextGaussian();
            }
        }
        return Dataset.classification("gaussian-blobs", shape, features, labels, classes);
    }

    /**
     * CIFAR-shaped [3,32,32] images with spatial structure a convolutional network can learn: class c
     * is a sinusoidal grating at orientation πc/classes with a class-specific colour mix, drawn at a
     * random phase (so position carries no information) plus N(0, 1) pixel noise. Random-direction
     * blobs would be invisible to small convolutions followed by global average pooling.
     */
    public static Dataset cifarShaped(int n, int classes, long seed) {
        int[] shape = Cifar.shape();
        int plane = shape[1] * shape[2];
        java.util.Random rng = new java.util.Random(seed);
        double[][] colour = new double[classes][3];
        for (int c = 0; c < classes; c++) {
            for (int ch = 0; ch < 3; ch++) {
                colour[c][ch] = 0.5 + rng.nextDouble();
            }
        }
        float[] features = new float[n * 3 * plane];
        int[] labels = new int[n];
        double cycles = 4.0 / shape[2];
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            labels[i] = c;
            double angle = Math.PI * c / classes;
            double ux = Math.cos(angle) * 2 * Math.PI * cycles;
            double uy = Math.sin(angle) * 2 * Math.PI * cycles;
            double phase = rng.nextDouble() * 2 * Math.PI;
            for (int ch = 0; ch < 3; ch++) {
                double amp = CIFAR_SHAPED_SEPARATION * colour[c][ch] / 2;
                int base = i * 3 * plane + ch * plane;
                for (int y = 0; y < shape[1]; y++) {
                    for (int x = 0; x < shape[2]; x++) {
                        features[base + y * shape[2] + x] =
                                (float) (amp * Math.sin(ux * x + uy * y + phase) + rng.nextGaussian());
                    }
                }
            }
        }
        return Dataset.classification("cifar-shaped-gratings", shape, features, labels, classes);
    }
}

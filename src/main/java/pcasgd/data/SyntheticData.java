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

    /** Blobs of CIFAR's shape [3,32,32], to exercise image models without the real data. */
    public static Dataset cifarShaped(int n, int classes, long seed) {
        return gaussianBlobs(n, Cifar.shape(), classes, CIFAR_SHAPED_SEPARATION, seed);
    }
}

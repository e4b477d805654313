package pcasgd.data;

import java.util.Arrays;

/**
 * An in-memory labelled data set: {@code size} examples, each a dense float vector of
 * {@code featureShape} (channels first for images), stored row-major in one array so batches are
 * cheap slices. Classification sets carry {@code labels}; regression sets carry {@code targets}.
 */
public final class Dataset {
    private final String name;
    private final int[] featureShape;
    private final int featureSize;
    private final float[] features;
    private final int[] labels;
    private final float[] targets;
    private final int numClasses;

    private Dataset(String name, int[] featureShape, float[] features, int[] labels, float[] targets, int numClasses) {
        this.name = name;
        this.featureShape = featureShape.clone();
        this.featureSize = Arrays.stream(featureShape).reduce(1, (a, b) -> a * b);
        if (featureSize <= 0) {
            throw new IllegalArgumentException("feature shape must be positive, got " + Arrays.toString(featureShape));
        }
        if (features.length % featureSize != 0) {
            throw new IllegalArgumentException("feature array length " + features.length
                    + " is not a multiple of the example size " + featureSize);
        }
        int n = features.length / featureSize;
        if (labels != null && labels.length != n) {
            throw new IllegalArgumentException(name + ": " + n + " examples but " + labels.length + " labels");
        }
        if (targets != null && targets.length != n) {
            throw new IllegalArgumentException(name + ": " + n + " examples but " + targets.length + " targets");
        }
        this.features = features;
        this.labels = labels;
        this.targets = targets;
        this.numClasses = numClasses;
        if (labels != null) {
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= numClasses) {
                    throw new IllegalArgumentException(name + ": label " + labels[i] + " of example " + i
                            + " is outside [0, " + numClasses + ")");
                }
            }
        }
    }

    public static Dataset classification(String name, int[] featureShape, float[] features, int[] labels, int numClasses) {
        return new Dataset(name, featureShape, features, labels, null, numClasses);
    }

    public static Dataset regression(String name, int featureSize, float[] features, float[] targets) {
        return new Dataset(name, new int[] {featureSize}, features, null, targets, 0);
    }

    public String name() { return name; }
    public int size() { return features.length / featureSize; }
    public int[] featureShape() { return featureShape.clone(); }
    public int featureSize() { return featureSize; }
    public int numClasses() { return numClasses; }
    public boolean isClassification() { return labels != null; }

    /** The raw row-major feature storage; callers must not modify it. */
    public float[] features() { return features; }
    public int label(int i) { return labels[i]; }
    public float target(int i) { return targets[i]; }

    /** Copies the examples at {@code indices} into a new batch. */
    public Batch batch(int[] indices) {
        Batch b = Batch.allocate(this, indices.length);
        b.fill(this, indices, indices.length);
        return b;
    }

    /** The first {@code count} examples (or all of them) as one batch, e.g. for evaluation. */
    public Dataset head(int count) {
        int n = Math.min(count, size());
        float[] f = Arrays.copyOf(features, n * featureSize);
        return new Dataset(name, featureShape, f, labels == null ? null : Arrays.copyOf(labels, n),
                targets == null ? null : Arrays.copyOf(targets, n), numClasses);
    }

    /** A new data set made of the given examples, in order. */
    public Dataset subset(int[] indices) {
        float[] f = new float[indices.length * featureSize];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(features, indices[k] * featureSize, f, k * featureSize, featureSize);
        }
        int[] l = labels == null ? null : Arrays.stream(indices).map(i -> labels[i]).toArray();
        float[] t = null;
        if (targets != null) {
            t = new float[indices.length];
            for (int k = 0; k < indices.length; k++) {
                t[k] = targets[indices[k]];
            }
        }
        return new Dataset(name, featureShape, f, l, t, numClasses);
    }
}

package pcasgd.data;

/**
 * A minibatch with reusable storage: {@link #fill} overwrites it in place so a training loop
 * allocates its batch buffers once. {@code size} may be smaller than the capacity (last batch).
 */
public final class Batch {
    private final int[] featureShape;
    private final int featureSize;
    private final float[] features;
    private final int[] labels;
    private final float[] targets;
    private int size;

    private Batch(int[] featureShape, int featureSize, int capacity, boolean classification) {
        this.featureShape = featureShape;
        this.featureSize = featureSize;
        this.features = new float[capacity * featureSize];
        this.labels = classification ? new int[capacity] : null;
        this.targets = classification ? null : new float[capacity];
    }

    public static Batch allocate(Dataset like, int capacity) {
        return new Batch(like.featureShape(), like.featureSize(), capacity, like.isClassification());
    }

    /** Overwrites this batch with {@code count} examples of {@code data} taken at {@code indices}. */
    public void fill(Dataset data, int[] indices, int count) {
        if (count > capacity()) {
            throw new IllegalArgumentException("batch of " + count + " exceeds capacity " + capacity());
        }
        float[] src = data.features();
        for (int k = 0; k < count; k++) {
            int i = indices[k];
            System.arraycopy(src, i * featureSize, features, k * featureSize, featureSize);
            if (labels != null) {
                labels[k] = data.label(i);
            } else {
                targets[k] = data.target(i);
            }
        }
        size = count;
    }

    public int size() { return size; }
    public int capacity() { return features.length / featureSize; }
    public int featureSize() { return featureSize; }
    public int[] featureShape() { return featureShape.clone(); }
    /** Row-major features; only the first {@code size * featureSize} entries are valid. Mutable for augmentation. */
    public float[] features() { return features; }
    /** Labels of the first {@code size} examples (classification only). */
    public int[] labels() { return labels; }
    /** Targets of the first {@code size} examples (regression only). */
    public float[] targets() { return targets; }
}

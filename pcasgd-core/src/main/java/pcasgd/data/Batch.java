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

    /** An empty batch of the same example shape as {@code like}, holding up to {@code capacity} examples. */
    public static Batch allocateLike(Batch like, int capacity) {
        return new Batch(like.featureShape, like.featureSize, capacity, like.labels != null);
    }

    /** Overwrites this batch with the first {@code count} examples of {@code src}. */
    public void fillHead(Batch src, int count) {
        if (count > src.size || count > capacity() || src.featureSize != featureSize) {
            throw new IllegalArgumentException("cannot take " + count + " examples of size " + src.featureSize
                    + " from a batch of " + src.size + " into one of capacity " + capacity() + " and size " + featureSize);
        }
        System.arraycopy(src.features, 0, features, 0, count * featureSize);
        if (labels != null) {
            System.arraycopy(src.labels, 0, labels, 0, count);
        } else {
            System.arraycopy(src.targets, 0, targets, 0, count);
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

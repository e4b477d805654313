package pcasgd.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How a model's parameter tensors sit inside one flat float vector: tensor k occupies
 * {@code [offset(k), offset(k) + size(k))}. Non-trainable tensors (batch-norm running statistics)
 * are part of the vector too, so they are mixed between agents like weights, but their gradient is
 * always zero.
 */
public final class ParameterLayout {
    /** One named tensor inside the flat vector. */
    public record Segment(String name, long[] shape, int offset, int size, boolean trainable) { }

    private final List<Segment> segments;
    private final int dimension;

    private ParameterLayout(List<Segment> segments, int dimension) {
        this.segments = Collections.unmodifiableList(segments);
        this.dimension = dimension;
    }

    /** A layout of one trainable vector of {@code dimension} floats (for models without layers). */
    public static ParameterLayout single(String name, int dimension) {
        return builder().add(name, new long[] {dimension}, true).build();
    }

    public static Builder builder() { return new Builder(); }

    public List<Segment> segments() { return segments; }
    public int dimension() { return dimension; }
    public int segmentCount() { return segments.size(); }

    /** Offsets of segment boundaries: {@code bounds[k]..bounds[k+1]} is segment k; length segmentCount + 1. */
    public int[] bounds() {
        int[] b = new int[segments.size() + 1];
        for (int k = 0; k < segments.size(); k++) {
            b[k] = segments.get(k).offset();
        }
        b[segments.size()] = dimension;
        return b;
    }

    public int trainableCount() {
        return segments.stream().filter(Segment::trainable).mapToInt(Segment::size).sum();
    }

    /** Appends tensors in order. */
    public static final class Builder {
        private final List<Segment> segments = new ArrayList<>();
        private int offset;

        public Builder add(String name, long[] shape, boolean trainable) {
            long size = 1;
            for (long s : shape) {
                size *= s;
            }
            if (size <= 0 || offset + size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("parameter " + name + " has unsupported size " + size);
            }
            segments.add(new Segment(name, shape.clone(), offset, (int) size, trainable));
            offset += (int) size;
            return this;
        }

        public ParameterLayout build() { return new ParameterLayout(new ArrayList<>(segments), offset); }
    }
}

package pcasgd.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a model's parameter tensors sit inside one flat float vector: tensor k occupies
 * {@code [offset(k), offset(k) + size(k))}. Non-trainable tensors (batch-norm running statistics)
 * are part of the vector too, so they travel and are mixed between agents like weights, but their
 * gradient is always zero and the update rules keep them out of weight decay, momentum and
 * prediction. Whether a tensor trains is the model's own word (DJL's parameter type and
 * {@code requiresGradient}, or PyTorch's {@code requires_grad} and buffer declarations), never a
 * guess from its name.
 *
 * <p>Each segment has a human name, unique within the layout ({@code conv1.weight},
 * {@code bn3.runningMean}, {@code fc2.bias}; for TorchScript modules the module's own parameter
 * names), and the engine's raw {@linkplain Segment#path() path} to the tensor (DJL's
 * {@code 01Conv2d_weight}), kept to trace a segment back to the engine's tensor.
 */
public final class ParameterLayout {
    /**
     * One named tensor inside the flat vector.
     *
     * @param name human name, unique within the layout (for plots, logs and look-ups)
     * @param path the engine's own name for the tensor: DJL's parameter path (e.g.
     *     {@code 02SequentialBlock_01Conv2d_weight}) or the TorchScript parameter name
     */
    public record Segment(String name, long[] shape, int offset, int size, boolean trainable, String path) {
        /** A segment whose engine path is its name. */
        public Segment(String name, long[] shape, int offset, int size, boolean trainable) {
            this(name, shape, offset, size, trainable, name);
        }
    }

    private final List<Segment> segments;
    private final Map<String, Integer> byName;
    private final int dimension;

    private ParameterLayout(List<Segment> segments, Map<String, Integer> byName, int dimension) {
        this.segments = Collections.unmodifiableList(segments);
        this.byName = byName;
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

    /** Human names in layout order. */
    public List<String> names() {
        return segments.stream().map(Segment::name).toList();
    }

    /** Position of the segment called {@code name}, or -1. */
    public int indexOf(String name) {
        Integer k = byName.get(name);
        return k == null ? -1 : k;
    }

    /** The segment called {@code name}; the error lists the valid names. */
    public Segment segment(String name) {
        int k = indexOf(name);
        if (k < 0) {
            throw new IllegalArgumentException("no parameter named '" + name + "'; this model has " + names());
        }
        return segments.get(k);
    }

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

    /** Whether every segment is trainable (no running statistics or frozen tensors). */
    public boolean allTrainable() {
        return segments.stream().allMatch(Segment::trainable);
    }

    /** Per segment, in layout order, whether it is trainable. */
    public boolean[] trainable() {
        boolean[] t = new boolean[segments.size()];
        for (int k = 0; k < t.length; k++) {
            t[k] = segments.get(k).trainable();
        }
        return t;
    }

    /** Appends tensors in order; names must be unique. */
    public static final class Builder {
        private final List<Segment> segments = new ArrayList<>();
        private final Map<String, Integer> byName = new HashMap<>();
        private int offset;

        public Builder add(String name, long[] shape, boolean trainable) {
            return add(name, name, shape, trainable);
        }

        /** A tensor with a human {@code name} and the engine's own {@code path} to it. */
        public Builder add(String name, String path, long[] shape, boolean trainable) {
            Objects.requireNonNull(name, "parameter name");
            Objects.requireNonNull(path, "parameter path");
            long size = 1;
            for (long s : shape) {
                size *= s;
            }
            if (size <= 0 || offset + size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("parameter " + name + " has unsupported size " + size);
            }
            // Names are how users and plots address a layer, so two tensors may not share one.
            Integer clash = byName.putIfAbsent(name, segments.size());
            if (clash != null) {
                throw new IllegalArgumentException("two parameters are named '" + name + "' (paths "
                        + segments.get(clash).path() + " and " + path + ")");
            }
            segments.add(new Segment(name, shape.clone(), offset, (int) size, trainable, path));
            offset += (int) size;
            return this;
        }

        public ParameterLayout build() {
            return new ParameterLayout(new ArrayList<>(segments), Map.copyOf(byName), offset);
        }
    }
}

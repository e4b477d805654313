package pcasgd.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.SequenceSampler;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * In-memory classification data sets made from a user's own data: Java arrays, or a DJL
 * {@link RandomAccessDataset}. Everything is copied into one {@link Dataset}, so later changes to
 * the caller's arrays do not reach it. {@code numClasses} is always explicit: inferring it from the
 * labels would silently shrink it when the top classes happen to be missing.
 */
public final class Datasets {
    private Datasets() { }

    /**
     * One row of {@code features} per example, each holding the example's values in row-major order
     * of {@code exampleShape} ({@code [C, H, W]} channels first for images, or {@code [D]}).
     */
    public static Dataset fromArrays(String name, float[][] features, int[] labels, int[] exampleShape, int numClasses) {
        Objects.requireNonNull(features, "features");
        int size = checkShape(name, exampleShape);
        checkCounts(name, features.length, labels, numClasses);
        float[] flat = new float[flatLength(name, features.length, size)];
        for (int i = 0; i < features.length; i++) {
            float[] row = features[i];
            if (row == null) {
                throw new IllegalArgumentException(name + ": example " + i + " has no features (null row)");
            }
            if (row.length != size) {
                throw new IllegalArgumentException(name + ": example " + i + " has " + row.length + " features but the example shape "
                        + Arrays.toString(exampleShape) + " needs " + size);
            }
            System.arraycopy(row, 0, flat, i * size, size);
        }
        return build(name, exampleShape, flat, labels, numClasses);
    }

    /** All examples back to back in one row-major array ({@code labels.length × product(exampleShape)} floats). */
    public static Dataset fromArrays(String name, float[] features, int[] labels, int[] exampleShape, int numClasses) {
        Objects.requireNonNull(features, "features");
        int size = checkShape(name, exampleShape);
        checkCounts(name, labels == null ? 0 : labels.length, labels, numClasses);
        if ((long) labels.length * size != features.length) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels and example shape " + Arrays.toString(exampleShape)
                    + " need " + (long) labels.length * size + " feature values, but the array has " + features.length);
        }
        return build(name, exampleShape, features.clone(), labels, numClasses);
    }

    /**
     * Reads every example of a DJL data set, in order, through its own pipeline (its transforms run
     * as they would in DJL's training loop). Each record must hold one feature array — all of one
     * shape, which becomes the example shape — and one label that is a whole number in
     * {@code [0, numClasses)}. Features are converted to float32 as they are (a uint8 image stays 0..255).
     *
     * @throws UncheckedIOException if the data set cannot be read
     */
    public static Dataset fromDjl(String name, RandomAccessDataset data, int numClasses) {
        Objects.requireNonNull(data, "data");
        try (NDManager manager = NDManager.newBaseManager()) {
            return fromDjl(name, data, numClasses, manager);
        }
    }

    /** {@link #fromDjl(String, RandomAccessDataset, int)} with the caller's manager (e.g. of a chosen engine). */
    public static Dataset fromDjl(String name, RandomAccessDataset data, int numClasses, NDManager manager) {
        Objects.requireNonNull(data, "data");
        long count = data.size();
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": " + count + " examples are more than an in-memory data set can hold");
        }
        int n = (int) count;
        checkCounts(name, n, new int[n], numClasses);
        int[] labels = new int[n];
        int[] shape = null;
        float[] flat = null;
        int i = 0;
        try {
            data.prepare();
            // Batches of one: a batch of several would stack examples of different shapes into an
            // opaque engine error instead of the message below.
            var sampler = new ai.djl.training.dataset.BatchSampler(new SequenceSampler(), 1, false);
            for (ai.djl.training.dataset.Batch batch : data.getData(manager, sampler)) {
                try (batch) {
                    if (i >= n) {
                        throw new IllegalArgumentException(name + ": the data set yielded more examples than its size " + n);
                    }
                    NDArray x = single(name, i, batch.getData(), "feature");
                    int[] s = exampleShape(x.getShape());
                    if (shape == null) {
                        shape = s;
                        flat = new float[flatLength(name, n, product(s))];
                    } else if (!Arrays.equals(shape, s)) {
                        throw new IllegalArgumentException(name + ": example " + i + " has feature shape " + Arrays.toString(s)
                                + " but example 0 has " + Arrays.toString(shape) + "; all examples must have one shape");
                    }
                    float[] values = x.toType(DataType.FLOAT32, false).toFloatArray();
                    System.arraycopy(values, 0, flat, i * values.length, values.length);
                    labels[i] = label(name, i, single(name, i, batch.getLabels(), "label"));
                    i++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot read the DJL data set: " + e.getMessage(), e);
        } catch (TranslateException e) {
            throw new IllegalArgumentException(name + ": the DJL data set's pipeline failed: " + e.getMessage(), e);
        }
        if (i != n) {
            throw new IllegalArgumentException(name + ": the data set has size " + n + " but yielded " + i + " examples");
        }
        return build(name, shape, flat, labels, numClasses);
    }

    // A batch of one: every array has a leading axis of 1 that is not part of the example.
    private static NDArray single(String name, int i, NDList list, String what) {
        if (list == null || list.isEmpty()) {
            throw new IllegalArgumentException(name + ": example " + i + " has no " + what);
        }
        if (list.size() != 1) {
            throw new IllegalArgumentException(name + ": example " + i + " has " + list.size() + " " + what
                    + " arrays; expected exactly one");
        }
        return list.get(0);
    }

    private static int[] exampleShape(Shape batchShape) {
        long[] dims = batchShape.slice(1).getShape();
        // A scalar feature is an example of one value.
        return dims.length == 0 ? new int[] {1} : Arrays.stream(dims).mapToInt(Math::toIntExact).toArray();
    }

    private static int label(String name, int i, NDArray y) {
        if (y.size() != 1) {
            throw new IllegalArgumentException(name + ": example " + i + " has a label of shape " + y.getShape().slice(1)
                    + "; expected one class index per example (convert one-hot labels with argMax first)");
        }
        double v = y.toType(DataType.FLOAT64, false).toDoubleArray()[0];
        if (!(v == Math.rint(v)) || Math.abs(v) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": example " + i + " has label " + v + ", which is not a whole class index");
        }
        return (int) v;
    }

    private static int checkShape(String name, int[] exampleShape) {
        Objects.requireNonNull(name, "name");
        if (exampleShape == null || exampleShape.length == 0 || Arrays.stream(exampleShape).anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException(name + ": bad example shape " + Arrays.toString(exampleShape)
                    + "; give one example's shape with positive sizes, e.g. [1, 28, 28] or [784]");
        }
        return product(exampleShape);
    }

    private static void checkCounts(String name, int examples, int[] labels, int numClasses) {
        Objects.requireNonNull(labels, "labels");
        if (examples == 0) {
            throw new IllegalArgumentException(name + ": no examples");
        }
        if (labels.length != examples) {
            throw new IllegalArgumentException(name + ": " + examples + " examples but " + labels.length + " labels");
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException(name + ": numClasses must be >= 2, got " + numClasses);
        }
    }

    private static int product(int[] shape) {
        long p = 1;
        for (int d : shape) {
            p *= d;
        }
        if (p > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("example shape " + Arrays.toString(shape) + " has more than 2^31 values");
        }
        return (int) p;
    }

    private static int flatLength(String name, int examples, int size) {
        long total = (long) examples * size;
        // Java arrays stop a little below 2^31.
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(name + ": " + examples + " examples of " + size + " values (" + total
                    + " floats) do not fit in one Java array; use a smaller subset");
        }
        return (int) total;
    }

    // Non-finite inputs would turn the first gradient into NaN far from their source; name the example instead.
    private static Dataset build(String name, int[] shape, float[] flat, int[] labels, int numClasses) {
        int size = product(shape);
        for (int k = 0; k < flat.length; k++) {
            if (!Float.isFinite(flat[k])) {
                throw new IllegalArgumentException(name + ": feature " + (k % size) + " of example " + (k / size) + " is " + flat[k]);
            }
        }
        return Dataset.classification(name, shape, flat, labels.clone(), numClasses);
    }
}

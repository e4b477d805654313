package pcasgd.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10 and CIFAR-100 in their "binary version" layout: fixed-size records of label byte(s)
 * followed by 3072 pixel bytes, 1024 red then 1024 green then 1024 blue, each plane row-major
 * 32x32. That byte order is already channels-first, so a record maps onto [3,32,32] directly.
 */
public final class Cifar {
    private static final int[] SHAPE = {3, 32, 32};
    public static final int PIXELS = 3 * 32 * 32;
    public static final String CIFAR10_SUBDIR = "cifar-10-batches-bin";
    public static final String CIFAR100_SUBDIR = "cifar-100-binary";
    public static final int TRAIN_BATCHES = 5;

    private Cifar() {}

    /** The feature shape of every CIFAR image, [3,32,32]. */
    public static int[] shape() {
        return SHAPE.clone();
    }

    /** CIFAR-10: whichever of {@code data_batch_1..5.bin} exist (at least one) plus {@code test_batch.bin}. */
    public static TrainTest load10(Path dir) throws IOException {
        Path root = root(dir, CIFAR10_SUBDIR, "CIFAR-10");
        List<Path> train = new ArrayList<>();
        for (int i = 1; i <= TRAIN_BATCHES; i++) {
            Path p = root.resolve("data_batch_" + i + ".bin");
            if (Files.isRegularFile(p)) {
                train.add(p);
            }
        }
        if (train.isEmpty()) {
            throw new DataFileException("CIFAR-10: no training batches in " + root.toAbsolutePath()
                    + ": expected data_batch_1.bin .. data_batch_5.bin (at least one) and test_batch.bin");
        }
        Format f = new Format(new int[] {10}, 0);
        return new TrainTest(read(train, f, "cifar10-train"), read(List.of(require(root, "test_batch.bin")), f,
                "cifar10-test"));
    }

    /** CIFAR-100 from {@code train.bin}/{@code test.bin}: 100 fine classes, or the 20 coarse superclasses. */
    public static TrainTest load100(Path dir, boolean fineLabels) throws IOException {
        Path root = root(dir, CIFAR100_SUBDIR, "CIFAR-100");
        Format f = new Format(new int[] {20, 100}, fineLabels ? 1 : 0);
        String suffix = fineLabels ? "-fine" : "-coarse";
        return new TrainTest(read(List.of(require(root, "train.bin")), f, "cifar100-train" + suffix),
                read(List.of(require(root, "test.bin")), f, "cifar100-test" + suffix));
    }

    /**
     * Record layout: one label byte per entry of {@code classCounts}, then the pixels;
     * {@code labelIndex} selects the label used. CIFAR-100 stores coarse (20) then fine (100); both
     * are range-checked whichever is used, since a bad one means a corrupt file either way.
     */
    private record Format(int[] classCounts, int labelIndex) {
        int labelBytes() { return classCounts.length; }
        int recordSize() { return labelBytes() + PIXELS; }
        int numClasses() { return classCounts[labelIndex]; }
    }

    /** Accepts either the folder holding the .bin files or its parent (where the archive was unpacked). */
    private static Path root(Path dir, String subdir, String what) throws DataFileException {
        Path nested = dir.resolve(subdir);
        if (Files.isDirectory(nested)) {
            return nested;
        }
        if (!Files.isDirectory(dir)) {
            throw new DataFileException(what + " directory not found: " + dir.toAbsolutePath()
                    + " (pass the folder holding the binary-version .bin files, or its parent containing "
                    + subdir + ")");
        }
        return dir;
    }

    private static Path require(Path root, String name) throws DataFileException {
        Path p = root.resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new DataFileException("CIFAR file not found: " + p.toAbsolutePath());
        }
        return p;
    }

    private static Dataset read(List<Path> files, Format f, String name) throws IOException {
        // Validate every length before allocating, so a bad last file fails fast, and size one
        // array for all files instead of concatenating (CIFAR-10 train is 600 MB of floats).
        long total = 0;
        for (Path p : files) {
            long len = Files.size(p);
            if (len == 0 || len % f.recordSize() != 0) {
                throw new DataFileException(p.toAbsolutePath() + ": truncated: length " + len
                        + " is not a positive multiple of the " + f.recordSize() + "-byte record ("
                        + len / f.recordSize() + " full records and " + len % f.recordSize() + " extra bytes)");
            }
            total += len / f.recordSize();
        }
        if (total * PIXELS > Integer.MAX_VALUE - 8) {
            throw new DataFileException(name + ": " + total + " records do not fit in one array");
        }
        float[] features = new float[(int) total * PIXELS];
        int[] labels = new int[(int) total];
        int n = 0;
        byte[] record = new byte[f.recordSize()];
        for (Path p : files) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 16)) {
                int inFile = 0;
                while (in.readNBytes(record, 0, record.length) == record.length) {
                    for (int j = 0; j < f.labelBytes(); j++) {
                        int v = record[j] & 0xff;
                        if (v >= f.classCounts()[j]) {
                            throw new DataFileException(p.toAbsolutePath() + ": label " + v + " of record " + inFile
                                    + " is outside [0, " + f.classCounts()[j] + ")");
                        }
                    }
                    labels[n] = record[f.labelIndex()] & 0xff;
                    int base = n * PIXELS;
                    for (int k = 0; k < PIXELS; k++) {
                        features[base + k] = (record[f.labelBytes() + k] & 0xff) / 255f;
                    }
                    n++;
                    inFile++;
                }
            }
        }
        if (n != total) {
            throw new DataFileException(name + ": files changed while reading (" + n + " of " + total + " records)");
        }
        return Dataset.classification(name, SHAPE, features, labels, f.numClasses());
    }
}

package pcasgd.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fashion-MNIST (60000 train / 10000 test grey 28x28 images, 10 classes) from a directory of IDX files. */
public final class FashionMnist {
    /** Where the Debian package {@code dataset-fashion-mnist} installs the files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    private FashionMnist() {}

    /** Loads from {@link #DEBIAN_DIR}. */
    public static TrainTest load() throws IOException {
        return load(DEBIAN_DIR);
    }

    /** Loads the four standard files from {@code dir}; each may be gzip ({@code .gz}) or raw. */
    public static TrainTest load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new DataFileException("Fashion-MNIST directory not found: " + dir.toAbsolutePath()
                    + ". Install it with `apt-get install dataset-fashion-mnist` (files go to " + DEBIAN_DIR
                    + ") or pass the path of a directory holding " + TRAIN_IMAGES + "[.gz], " + TRAIN_LABELS
                    + "[.gz], " + TEST_IMAGES + "[.gz] and " + TEST_LABELS + "[.gz]");
        }
        Dataset train = IdxReader.load(find(dir, TRAIN_IMAGES), find(dir, TRAIN_LABELS), "fashion-mnist-train");
        Dataset test = IdxReader.load(find(dir, TEST_IMAGES), find(dir, TEST_LABELS), "fashion-mnist-test");
        return new TrainTest(train, test);
    }

    /** True when all four files are present in {@code dir}, e.g. to choose between full and embedded data. */
    public static boolean isPresent(Path dir) {
        for (String base : new String[] {TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS}) {
            if (!Files.isRegularFile(dir.resolve(base + ".gz")) && !Files.isRegularFile(dir.resolve(base))) {
                return false;
            }
        }
        return true;
    }

    // The compressed name wins because that is how the files are distributed and packaged.
    private static Path find(Path dir, String base) throws DataFileException {
        Path gz = dir.resolve(base + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path raw = dir.resolve(base);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        throw new DataFileException("Fashion-MNIST file not found: " + gz.toAbsolutePath() + " (or " + raw.getFileName()
                + " without .gz)");
    }
}

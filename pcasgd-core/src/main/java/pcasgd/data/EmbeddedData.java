package pcasgd.data;

import java.io.IOException;
import java.io.InputStream;

/**
 * Data shipped inside the jar so the default run and the tests work offline and without the
 * Debian package: a class-balanced Fashion-MNIST subset built by
 * {@code scripts/make_embedded_fashion_mnist.py} (600 train + 100 test images per class).
 */
public final class EmbeddedData {
    /** Classpath folder of the subset, in the standard gzip IDX layout. */
    public static final String FASHION_MNIST_SMALL = "/pcasgd/data/fashion-mnist-small/";

    private EmbeddedData() {}

    /** 6000 train / 1000 test Fashion-MNIST images, 600 / 100 of each class, shape [1,28,28]. */
    public static TrainTest fashionMnistSmall() throws IOException {
        // Loaded afresh each call: Normalization works in place, so a shared cached copy could be
        // normalised twice by two callers.
        Dataset train = load(FashionMnist.TRAIN_IMAGES, FashionMnist.TRAIN_LABELS, "fashion-mnist-small-train");
        Dataset test = load(FashionMnist.TEST_IMAGES, FashionMnist.TEST_LABELS, "fashion-mnist-small-test");
        return new TrainTest(train, test);
    }

    private static Dataset load(String images, String labels, String name) throws IOException {
        String imagesPath = FASHION_MNIST_SMALL + images + ".gz";
        String labelsPath = FASHION_MNIST_SMALL + labels + ".gz";
        InputStream im = resource(imagesPath);
        InputStream lb;
        try {
            lb = resource(labelsPath);
        } catch (IOException e) {
            im.close();
            throw e;
        }
        return IdxReader.load(im, "classpath:" + imagesPath, lb, "classpath:" + labelsPath, name);
    }

    static InputStream resource(String path) throws DataFileException {
        InputStream in = EmbeddedData.class.getResourceAsStream(path);
        if (in == null) {
            throw new DataFileException("embedded data resource not found on the classpath: " + path
                    + " (regenerate it with scripts/make_embedded_fashion_mnist.py and rebuild)");
        }
        return in;
    }
}

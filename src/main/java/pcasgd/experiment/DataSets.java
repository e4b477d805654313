package pcasgd.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import pcasgd.data.Cifar;
import pcasgd.data.Dataset;
import pcasgd.data.EmbeddedData;
import pcasgd.data.FashionMnist;
import pcasgd.data.Normalization;
import pcasgd.data.SyntheticData;
import pcasgd.data.TrainTest;

/**
 * Loads (and normalises) the data set a config names, once: a sweep reuses the loaded copy for
 * every point that names the same data.
 */
public final class DataSets {
    public static final List<String> NAMES = List.of("embedded", "fashion-mnist", "cifar10", "cifar100",
            "cifar100-coarse", "cifar-synthetic", "blobs");

    private final Map<String, TrainTest> cache = new ConcurrentHashMap<>();

    public TrainTest load(TrainConfig c) {
        String key = c.dataset() + "|" + c.dataPath() + "|" + c.trainLimit() + "|" + c.testLimit()
                + (c.dataset().equals("cifar-synthetic") || c.dataset().equals("blobs") ? "|" + c.seed() : "");
        return cache.computeIfAbsent(key, k -> read(c));
    }

    private static TrainTest read(TrainConfig c) {
        TrainTest raw;
        Normalization norm;
        try {
            switch (c.dataset()) {
                case "embedded" -> {
                    raw = EmbeddedData.fashionMnistSmall();
                    norm = Normalization.FASHION_MNIST;
                }
                case "fashion-mnist" -> {
                    raw = FashionMnist.load(c.dataPath().isEmpty() ? FashionMnist.DEBIAN_DIR : Path.of(c.dataPath()));
                    norm = Normalization.FASHION_MNIST;
                }
                case "cifar10" -> {
                    raw = Cifar.load10(requirePath(c));
                    norm = Normalization.CIFAR10;
                }
                case "cifar100", "cifar100-coarse" -> {
                    raw = Cifar.load100(requirePath(c), c.dataset().equals("cifar100"));
                    norm = Normalization.fit(raw.train());
                }
                case "cifar-synthetic" -> {
                    int n = c.trainLimit() > 0 ? c.trainLimit() : 2000;
                    int m = c.testLimit() > 0 ? c.testLimit() : 500;
                    Dataset all = SyntheticData.cifarShaped(n + m, 10, c.seed());
                    raw = split(all, n);
                    norm = null;
                }
                case "blobs" -> {
                    int n = c.trainLimit() > 0 ? c.trainLimit() : 2000;
                    int m = c.testLimit() > 0 ? c.testLimit() : 500;
                    Dataset all = SyntheticData.gaussianBlobs(n + m, new int[] {1, 8, 8}, 4, 3.0, c.seed());
                    raw = split(all, n);
                    norm = null;
                }
                default -> throw new ConfigException("unknown dataset '" + c.dataset() + "'; valid: " + String.join(", ", NAMES));
            }
        } catch (IOException e) {
            throw new ConfigException(e.getMessage(), e);
        }
        Dataset train = c.trainLimit() > 0 ? raw.train().head(c.trainLimit()) : raw.train();
        Dataset test = c.testLimit() > 0 ? raw.test().head(c.testLimit()) : raw.test();
        if (norm != null) {
            // in place: every read above returned fresh arrays, and only the result is cached
            norm.apply(train);
            norm.apply(test);
        }
        return new TrainTest(train, test);
    }

    private static TrainTest split(Dataset all, int trainCount) {
        int[] tr = java.util.stream.IntStream.range(0, trainCount).toArray();
        int[] te = java.util.stream.IntStream.range(trainCount, all.size()).toArray();
        return new TrainTest(all.subset(tr), all.subset(te));
    }

    private static Path requirePath(TrainConfig c) {
        if (c.dataPath().isEmpty()) {
            throw new ConfigException("dataset " + c.dataset() + " needs dataPath: the folder holding its binary files"
                    + " (CIFAR cannot be downloaded here; see docs/results.md)");
        }
        return Path.of(c.dataPath());
    }
}

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
 * The data a config names ({@code dataset}, {@code dataPath}, limits, validation split): loaded and
 * normalised once, so a sweep reuses the loaded copy for every point that names the same data. (The
 * library's own ways to make a {@link Dataset} are {@link pcasgd.data.Datasets}.)
 */
public final class ConfigData {
    public static final List<String> NAMES = List.of("embedded", "fashion-mnist", "cifar10", "cifar100",
            "cifar100-coarse", "cifar-synthetic", "blobs");

    private final Map<String, TrainTest> cache = new ConcurrentHashMap<>();

    public TrainTest load(TrainConfig c) {
        boolean seeded = c.dataset().equals("cifar-synthetic") || c.dataset().equals("blobs") || c.validationFraction() > 0;
        String key = c.dataset() + "|" + c.dataPath() + "|" + c.trainLimit() + "|" + c.testLimit() + "|"
                + c.validationFraction() + (seeded ? "|" + c.seed() : "");
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
        if (c.validationFraction() > 0) {
            return validationSplit(train, c.validationFraction(), c.seed());
        }
        return new TrainTest(train, test);
    }

    /**
     * Model selection never looks at the test set: a seeded random {@code fraction} of the training
     * set becomes the evaluation set and the rest is trained on.
     */
    static TrainTest validationSplit(Dataset train, double fraction, long seed) {
        int n = train.size();
        int held = (int) Math.round(fraction * n);
        if (held < 1 || held >= n) {
            throw new ConfigException("validationFraction " + fraction + " of " + n + " training examples leaves "
                    + held + " for validation and " + (n - held) + " for training; both need at least one");
        }
        int[] order = java.util.stream.IntStream.range(0, n).toArray();
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed ^ 0x5EA1DA7AL);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] tr = java.util.Arrays.copyOfRange(order, 0, n - held);
        int[] va = java.util.Arrays.copyOfRange(order, n - held, n);
        java.util.Arrays.sort(tr);
        java.util.Arrays.sort(va);
        return new TrainTest(train.subset(tr), train.subset(va));
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

package pcasgd.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pcasgd.data.Batch;
import pcasgd.data.Dataset;

class DjlOracleTest {

    @BeforeAll
    static void engine() {
        EngineSetup.configure(1);
    }

    private static Dataset randomImages(int n, int[] shape, int classes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int size = IntStream.of(shape).reduce(1, (a, b) -> a * b);
        float[] f = new float[n * size];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) r.nextGaussian();
        }
        int[] labels = IntStream.range(0, n).map(i -> r.nextInt(classes)).toArray();
        return Dataset.classification("random", shape, f, labels, classes);
    }

    private static Batch all(Dataset d) {
        return d.batch(IntStream.range(0, d.size()).toArray());
    }

    /** Two Gaussian blobs in 2-D, centred at (-1.5, -1.5) and (1.5, 1.5). */
    private static Dataset blobs(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] f = new float[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            float c = labels[i] == 0 ? -1.5f : 1.5f;
            f[2 * i] = c + (float) r.nextGaussian();
            f[2 * i + 1] = c + (float) r.nextGaussian();
        }
        return Dataset.classification("blobs", new int[] {2}, f, labels, 2);
    }

    @Test
    void layoutIsContiguousAndMarksRunningStats() {
        try (DjlOracle o = DjlOracle.create("resnet20", new int[] {3, 32, 32}, 10)) {
            ParameterLayout l = o.layout();
            int offset = 0;
            int running = 0;
            for (ParameterLayout.Segment s : l.segments()) {
                assertEquals(offset, s.offset(), s.name());
                offset += s.size();
                if (!s.trainable()) {
                    running += s.size();
                    assertTrue(s.name().toLowerCase().contains("running"), s.name());
                }
            }
            assertEquals(offset, l.dimension());
            assertEquals(o.dimension(), l.dimension());
            assertEquals(1376, running);
            assertEquals(269_722, l.trainableCount());
        }
    }

    @Test
    void initialParametersAreSeededHeNormal() {
        try (DjlOracle o = DjlOracle.create("lenet", new int[] {1, 28, 28}, 10)) {
            float[] a = o.initialParameters(7);
            assertArrayEquals(a, o.initialParameters(7));
            assertFalse(java.util.Arrays.equals(a, o.initialParameters(8)));
            ParameterLayout.Segment fc1 = o.layout().segments().stream()
                    .filter(s -> s.shape().length == 2 && s.shape()[1] == 400).findFirst().orElseThrow();
            double sq = 0;
            for (int i = fc1.offset(); i < fc1.offset() + fc1.size(); i++) {
                sq += a[i] * a[i];
            }
            assertEquals(Math.sqrt(2.0 / 400), Math.sqrt(sq / fc1.size()), 0.05 * Math.sqrt(2.0 / 400));
            for (ParameterLayout.Segment s : o.layout().segments()) {
                if (s.shape().length == 1) {
                    for (int i = s.offset(); i < s.offset() + s.size(); i++) {
                        assertEquals(0f, a[i], s.name());
                    }
                }
            }
        }
        try (DjlOracle o = DjlOracle.create("resnet20", new int[] {3, 32, 32}, 10)) {
            float[] a = o.initialParameters(1);
            for (ParameterLayout.Segment s : o.layout().segments()) {
                String n = s.name().toLowerCase();
                float want = n.contains("gamma") || n.contains("runningvar") || n.contains("running_var") ? 1f : 0f;
                if (s.shape().length == 1) {
                    assertEquals(want, a[s.offset()], s.name());
                }
            }
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        try (DjlOracle o = DjlOracle.create("mlp:4", new int[] {3}, 3)) {
            Batch b = all(randomImages(5, new int[] {3}, 3, 11));
            float[] x = o.initialParameters(3);
            float[] g = new float[o.dimension()];
            o.lossAndGradient(x, b, g);
            float eps = 1e-2f;
            int checked = 0;
            for (int i = 0; i < o.dimension(); i += 3) {
                float keep = x[i];
                x[i] = keep + eps;
                double up = o.loss(x, b);
                x[i] = keep - eps;
                double down = o.loss(x, b);
                x[i] = keep;
                double fd = (up - down) / (2 * eps);
                double rel = Math.abs(fd - g[i]) / Math.max(1e-3, Math.max(Math.abs(fd), Math.abs(g[i])));
                assertTrue(rel < 1e-2, "coordinate " + i + ": analytic " + g[i] + " vs numeric " + fd);
                checked++;
            }
            assertTrue(checked >= 10);
        }
    }

    @Test
    void plainSgdSeparatesTwoBlobs() {
        Dataset data = blobs(200, 5);
        Batch b = all(data);
        try (DjlOracle o = DjlOracle.create("mlp:16", new int[] {2}, 2)) {
            float[] x = o.initialParameters(42);
            float[] g = new float[o.dimension()];
            float first = o.lossAndGradient(x, b, g);
            for (int step = 0; step < 100; step++) {
                o.lossAndGradient(x, b, g);
                for (int i = 0; i < x.length; i++) {
                    x[i] -= 0.1f * g[i];
                }
            }
            GradientOracle.Evaluation e = o.evaluate(x, data);
            assertEquals(200, e.examples());
            assertTrue(e.loss() < 0.5 * first, "loss " + first + " -> " + e.loss());
            assertTrue(e.accuracy() > 0.9, "accuracy " + e.accuracy());
        }
    }

    @Test
    void resultsDependOnlyOnArguments() throws Exception {
        Dataset data = randomImages(16, new int[] {3, 32, 32}, 10, 9);
        Batch b = all(data);
        try (DjlOracle o = DjlOracle.create("resnet20", new int[] {3, 32, 32}, 10)) {
            float[] x = o.initialParameters(1);
            float[] other = o.initialParameters(2);
            float[] ref = new float[o.dimension()];
            float refLoss = o.lossAndGradient(x.clone(), b, ref);
            // A call at different parameters in between must leave nothing behind (e.g. accumulated grads).
            o.lossAndGradient(other, b, new float[o.dimension()]);

            int threads = 2;
            CyclicBarrier start = new CyclicBarrier(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<float[]>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        float[] g = new float[o.dimension()];
                        float[] last = null;
                        start.await();
                        for (int rep = 0; rep < 3; rep++) {
                            float loss = o.lossAndGradient(x.clone(), b, g);
                            assertEquals(Float.floatToIntBits(refLoss), Float.floatToIntBits(loss));
                            last = g.clone();
                        }
                        return last;
                    }));
                }
                for (Future<float[]> f : results) {
                    assertArrayEquals(ref, f.get(), "gradient differs between threads/replicas");
                }
            } finally {
                pool.shutdown();
            }
            assertTrue(o.replicaCount() >= 2, "the two threads should have run on separate replicas");
        }
    }

    @Test
    void batchNormStatisticsAreWrittenBack() {
        Batch b = all(randomImages(8, new int[] {3, 32, 32}, 10, 4));
        try (DjlOracle o = DjlOracle.create("resnet20", new int[] {3, 32, 32}, 10)) {
            float[] x = o.initialParameters(5);
            float[] before = x.clone();
            float[] g = new float[o.dimension()];

            o.loss(x, b);
            assertArrayEquals(before, x, "loss() must not change anything");

            o.lossAndGradient(x, b, g);
            boolean meanMoved = false;
            boolean varMoved = false;
            for (ParameterLayout.Segment s : o.layout().segments()) {
                for (int i = s.offset(); i < s.offset() + s.size(); i++) {
                    if (s.trainable()) {
                        assertEquals(before[i], x[i], "trainable entries must not change");
                    } else {
                        assertEquals(0f, g[i], "no gradient for running statistics");
                        boolean isMean = s.name().toLowerCase().contains("mean");
                        meanMoved |= isMean && x[i] != 0f;
                        varMoved |= !isMean && x[i] != 1f;
                    }
                }
            }
            assertTrue(meanMoved && varMoved, "running mean/var should move after a training step");
            // Running statistics matter only in inference mode.
            GradientOracle.Evaluation e1 = o.evaluate(before, randomImages(4, new int[] {3, 32, 32}, 10, 1));
            GradientOracle.Evaluation e2 = o.evaluate(x, randomImages(4, new int[] {3, 32, 32}, 10, 1));
            assertNotEquals(e1.loss(), e2.loss());
        }
    }

    @Test
    void wrongFeatureShapeIsRejectedClearly() {
        try (DjlOracle o = DjlOracle.create("lenet", new int[] {3, 32, 32}, 10)) {
            Batch b = all(randomImages(2, new int[] {1, 28, 28}, 10, 1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> o.lossAndGradient(o.initialParameters(0), b, new float[o.dimension()]));
            assertTrue(e.getMessage().contains("[1, 28, 28]") && e.getMessage().contains("[3, 32, 32]"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> o.evaluate(o.initialParameters(0), randomImages(2, new int[] {1, 28, 28}, 10, 1)));
        }
    }

    @Test
    void manyCallsDoNotGrowNativeMemory() throws Exception {
        Dataset data = randomImages(32, new int[] {1, 28, 28}, 10, 2);
        Batch b = all(data);
        try (DjlOracle o = DjlOracle.create("mlp:32", new int[] {1, 28, 28}, 10)) {
            float[] x = o.initialParameters(0);
            float[] g = new float[o.dimension()];
            for (int i = 0; i < 200; i++) {
                o.lossAndGradient(x, b, g);
            }
            ModelReplica r = o.replicaForTest();
            int handles = r.managedArrayCount();
            // native bytes the allocator has handed out and not got back (glibc's mallinfo2): a leak grows
            // them in every window; memory an arena keeps for reuse (the engine tells glibc to keep it) does not
            long least = Long.MAX_VALUE;
            for (int window = 0; window < 3; window++) {
                long rss = nativeInUse();
                for (int i = 0; i < 1000; i++) {
                    o.lossAndGradient(x, b, g);
                    if (i % 10 == 0) {
                        o.loss(x, b);
                    }
                }
                least = Math.min(least, nativeInUse() - rss);
            }
            o.evaluate(x, data);
            assertEquals(handles, r.managedArrayCount(), "arrays leaked onto the replica's manager");
            assertTrue(least < 16L << 20, "native memory in use grew in every window of 1000 calls, at least " + (least >> 20) + " MiB");
        }
    }

    /** glibc's mallinfo2: in-use bytes of the arenas (uordblks) plus mmapped blocks (hblkhd). */
    public static final class MallInfo2 extends com.sun.jna.Structure implements com.sun.jna.Structure.ByValue {
        public long arena;
        public long ordblks;
        public long smblks;
        public long hblks;
        public long hblkhd;
        public long usmblks;
        public long fsmblks;
        public long uordblks;
        public long fordblks;
        public long keepcost;

        @Override
        protected java.util.List<String> getFieldOrder() {
            return java.util.List.of("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
                    "fordblks", "keepcost");
        }
    }

    private static long nativeInUse() {
        com.sun.jna.Function f = com.sun.jna.NativeLibrary.getInstance("c").getFunction("mallinfo2");
        MallInfo2 m = (MallInfo2) f.invoke(MallInfo2.class, new Object[0]);
        return m.uordblks + m.hblkhd;
    }

    /** A user network: flatten, a hidden layer of {@code hidden} ReLU units, {@code classes} logits. */
    private static Block userNet(int hidden, int classes) {
        return new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(hidden).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(classes).build());
    }

    @Test
    void userBlockTrainsLikeAZooModel() {
        Dataset data = blobs(200, 6);
        try (DjlOracle o = DjlOracle.builder().block("my net", () -> userNet(8, 2)).inputShape(2).numClasses(2).build()) {
            assertEquals("my net", o.modelName());
            assertEquals(java.util.List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"), o.layout().names());
            assertEquals(2 * 8 + 8 + 8 * 2 + 2, o.dimension());
            float[] x = o.initialParameters(1);
            float[] g = new float[o.dimension()];
            Batch b = all(data);
            float first = o.lossAndGradient(x, b, g);
            for (int step = 0; step < 100; step++) {
                o.lossAndGradient(x, b, g);
                for (int i = 0; i < x.length; i++) {
                    x[i] -= 0.1f * g[i];
                }
            }
            GradientOracle.Evaluation e = o.evaluate(x, data);
            assertTrue(e.loss() < 0.5 * first && e.accuracy() > 0.9, "loss " + first + " -> " + e.loss() + ", accuracy " + e.accuracy());
        }
    }

    @Test
    void userBlockMistakesFailAtBuildWithClearMessages() {
        // Logits of the wrong width.
        IllegalArgumentException classes = assertThrows(IllegalArgumentException.class,
                () -> DjlOracle.builder().block("my net", () -> userNet(8, 3)).inputShape(2).numClasses(2).build());
        assertTrue(classes.getMessage().contains("my net") && classes.getMessage().contains("(2, 3)")
                && classes.getMessage().contains("(2, 2)"), classes.getMessage());
        // An input the convolutions cannot take: the message names the declared shape.
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> DjlOracle.builder().block("tiny cnn", () -> pcasgd.model.LeNet.build(10)).inputShape(1, 4, 4).numClasses(10).build());
        assertTrue(shape.getMessage().contains("tiny cnn") && shape.getMessage().contains("[1, 4, 4]"), shape.getMessage());
        // A supplier that hands out one shared instance would make replicas race on the same tensors.
        Block shared = userNet(4, 2);
        IllegalArgumentException same = assertThrows(IllegalArgumentException.class,
                () -> DjlOracle.builder().block("shared", () -> shared).inputShape(2).numClasses(2).build());
        assertTrue(same.getMessage().contains("same Block instance"), same.getMessage());
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> DjlOracle.builder().inputShape(2).numClasses(2).build());
        assertTrue(none.getMessage().contains("torchScript"), none.getMessage());
        IllegalArgumentException fromModel = assertThrows(IllegalArgumentException.class,
                () -> DjlOracle.builder().model("mlp").inputShape(2).numClasses(2)
                        .initialWeights(DjlOracle.InitialWeights.FROM_MODEL).build());
        assertTrue(fromModel.getMessage().contains("TorchScript"), fromModel.getMessage());
    }

    @Test
    void randomTrainingPassIsRefusedUnlessAllowed() {
        java.util.function.Supplier<Block> withDropout = () -> new SequentialBlock()
                .add(Linear.builder().setUnits(16).build())
                .add(Dropout.builder().optRate(0.5f).build())
                .add(Linear.builder().setUnits(2).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DjlOracle.builder().block("dropout net", withDropout).inputShape(2).numClasses(2).build());
        assertTrue(e.getMessage().contains("dropout") && e.getMessage().contains("allowNondeterminism"), e.getMessage());
        try (DjlOracle o = DjlOracle.builder().block("dropout net", withDropout).inputShape(2).numClasses(2)
                .allowNondeterminism(true).build()) {
            assertEquals(2 * 16 + 16 + 16 * 2 + 2, o.dimension());
        }
    }
}

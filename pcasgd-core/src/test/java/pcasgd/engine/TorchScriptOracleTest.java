package pcasgd.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pcasgd.data.Batch;
import pcasgd.data.Dataset;

/**
 * The TorchScript path of {@link DjlOracle}, on modules made by {@code scripts/make_torchscript_fixture.py}.
 * Expected numbers come from PyTorch itself (tiny-mlp-expected.csv), not from the code under test.
 */
class TorchScriptOracleTest {
    private static final String FIXTURES = "/pcasgd/fixtures/";
    private static final int[] MNIST = {1, 28, 28};

    @BeforeAll
    static void engine() {
        EngineSetup.configure(1);
    }

    static Path fixture(String name) {
        try {
            return Path.of(TorchScriptOracleTest.class.getResource(FIXTURES + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test fixture " + name + "; run scripts/make_torchscript_fixture.py", e);
        }
    }

    private static DjlOracle tinyMlp(DjlOracle.InitialWeights init) {
        return DjlOracle.builder().torchScript(fixture("tiny-mlp.pt")).inputShape(MNIST).numClasses(10)
                .initialWeights(init).build();
    }

    /** The batch of the python script: x[i, j] = ((31 i + 17 j) mod 23 - 11) / 8, labels 3, 1, 7, 0. */
    private static Dataset scriptBatch() {
        float[] f = new float[4 * 784];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 784; j++) {
                f[i * 784 + j] = (((31 * i + 17 * j) % 23) - 11) / 8.0f;
            }
        }
        return Dataset.classification("script-batch", MNIST, f, new int[] {3, 1, 7, 0}, 10);
    }

    private static Batch all(Dataset d) {
        return d.batch(IntStream.range(0, d.size()).toArray());
    }

    /** Rows of the expected-values file: kind, tensor, flat index, value. */
    private static List<String[]> expected() throws IOException {
        try (InputStream in = TorchScriptOracleTest.class.getResourceAsStream(FIXTURES + "tiny-mlp-expected.csv")) {
            List<String[]> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line.split(",", -1));
                }
            }
            return rows;
        }
    }

    @Test
    void layoutTakesTheTorchScriptNamesAndShapes() {
        try (DjlOracle o = tinyMlp(DjlOracle.InitialWeights.SEEDED)) {
            ParameterLayout l = o.layout();
            assertEquals(List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"), l.names());
            assertArrayEquals(new long[] {16, 784}, l.segment("fc1.weight").shape());
            assertArrayEquals(new long[] {10}, l.segment("fc2.bias").shape());
            assertEquals(16 * 784 + 16 + 10 * 16 + 10, l.dimension());
            assertEquals(l.dimension(), l.trainableCount());
            assertEquals("fc1.weight", l.segment("fc1.weight").path());
        }
    }

    @Test
    void lossAndGradientMatchPyTorch() throws IOException {
        List<String[]> rows = expected();
        Batch b = all(scriptBatch());
        try (DjlOracle o = tinyMlp(DjlOracle.InitialWeights.FROM_MODEL)) {
            float[] x = o.initialParameters(123);
            assertArrayEquals(x, o.initialParameters(7), "saved weights do not depend on the seed");
            float[] g = new float[o.dimension()];
            float loss = o.lossAndGradient(x, b, g);
            int checked = 0;
            for (String[] r : rows) {
                double want = r[0].equals("shape") ? 0 : Double.parseDouble(r[3]);
                switch (r[0]) {
                    case "loss" -> assertEquals(want, loss, 1e-5, "loss");
                    case "shape" -> assertEquals(r[3], joined(o.layout().segment(r[1]).shape()), r[1]);
                    case "weight" -> assertEquals(want, x[o.layout().segment(r[1]).offset() + Integer.parseInt(r[2])], 1e-8,
                            "saved weight " + r[1] + "[" + r[2] + "]");
                    case "grad" -> assertEquals(want, g[o.layout().segment(r[1]).offset() + Integer.parseInt(r[2])],
                            1e-5 + 1e-4 * Math.abs(want), "gradient " + r[1] + "[" + r[2] + "]");
                    case "gradnorm" -> assertEquals(want, norm(g, o.layout().segment(r[1])), 1e-4 * want, "gradient norm " + r[1]);
                    default -> throw new IllegalStateException("unknown row kind " + r[0]);
                }
                checked++;
            }
            assertTrue(checked >= 40, "only " + checked + " expected values");
            // loss() and evaluate() see the same function (the MLP has no train/eval difference).
            assertEquals(loss, o.loss(x, b), 1e-6);
            GradientOracle.Evaluation e = o.evaluate(x, scriptBatch());
            assertEquals(loss, e.loss(), 1e-5);
            assertEquals(4, e.examples());
        }
    }

    private static String joined(long[] shape) {
        StringBuilder s = new StringBuilder();
        for (long d : shape) {
            s.append(s.length() == 0 ? "" : "x").append(d);
        }
        return s.toString();
    }

    private static double norm(float[] g, ParameterLayout.Segment s) {
        double sq = 0;
        for (int i = s.offset(); i < s.offset() + s.size(); i++) {
            sq += (double) g[i] * g[i];
        }
        return Math.sqrt(sq);
    }

    /** Ten classes, each a fixed random ±1 pattern over the 784 pixels plus Gaussian noise of std 1. */
    private static Dataset patterns(int perClass, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] proto = new float[10][784];
        for (float[] p : proto) {
            for (int j = 0; j < p.length; j++) {
                p[j] = r.nextBoolean() ? 1f : -1f;
            }
        }
        int n = 10 * perClass;
        float[] f = new float[n * 784];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            for (int j = 0; j < 784; j++) {
                f[i * 784 + j] = proto[labels[i]][j] + (float) r.nextGaussian();
            }
        }
        return Dataset.classification("patterns", MNIST, f, labels, 10);
    }

    @Test
    void plainSgdLearnsASeparableProblem() {
        Dataset train = patterns(10, 3);
        Batch b = all(train);
        try (DjlOracle o = tinyMlp(DjlOracle.InitialWeights.SEEDED)) {
            float[] x = o.initialParameters(11);
            float[] g = new float[o.dimension()];
            float first = o.lossAndGradient(x, b, g);
            assertTrue(first > 1.5, "an untrained 10-class model should be near ln 10 = 2.30, got " + first);
            for (int step = 0; step < 300; step++) {
                o.lossAndGradient(x, b, g);
                for (int i = 0; i < x.length; i++) {
                    x[i] -= 0.01f * g[i];
                }
            }
            GradientOracle.Evaluation e = o.evaluate(x, train);
            assertTrue(e.loss() < 0.2 * first, "loss " + first + " -> " + e.loss());
            assertTrue(e.accuracy() > 0.95, "training accuracy " + e.accuracy());
            GradientOracle.Evaluation test = o.evaluate(x, patterns(5, 3).subset(IntStream.range(0, 50).toArray()));
            assertTrue(test.accuracy() > 0.9, "accuracy on fresh noise " + test.accuracy());
        }
    }

    @Test
    void resultsDependOnlyOnArguments() throws Exception {
        Batch b = all(patterns(2, 8));
        try (DjlOracle o = tinyMlp(DjlOracle.InitialWeights.SEEDED)) {
            float[] x = o.initialParameters(1);
            float[] ref = new float[o.dimension()];
            float refLoss = o.lossAndGradient(x, b, ref);
            o.lossAndGradient(o.initialParameters(2), b, new float[o.dimension()]);
            // The reference ran on the first module copy; with it held, the threads must load others.
            ModelReplica held = o.holdReplicaForTest();
            CyclicBarrier start = new CyclicBarrier(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<float[]>> results = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    results.add(pool.submit(() -> {
                        float[] g = new float[o.dimension()];
                        start.await();
                        for (int rep = 0; rep < 3; rep++) {
                            assertEquals(Float.floatToIntBits(refLoss), Float.floatToIntBits(o.lossAndGradient(x, b, g)));
                        }
                        return g;
                    }));
                }
                for (Future<float[]> f : results) {
                    assertArrayEquals(ref, f.get(), "gradient differs between threads/replicas");
                }
            } finally {
                pool.shutdown();
                o.releaseForTest(held);
            }
            assertTrue(o.replicaCount() >= 2, "the threads should have run on a second module copy");
        }
    }

    @Test
    void copiesOnTwoThreadsTrainAndThenEvaluate() throws Exception {
        // a simulator's pattern: gradients on two threads (two module copies), then each copy evaluates
        Dataset data = patterns(2, 8);
        Batch b = all(data);
        try (DjlOracle o = tinyMlp(DjlOracle.InitialWeights.SEEDED)) {
            float[] x = o.initialParameters(3);
            double expected = o.evaluate(x, data).loss();
            CyclicBarrier start = new CyclicBarrier(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Double>> results = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        o.lossAndGradient(x, b, new float[o.dimension()]);
                        return o.evaluate(x, data).loss();
                    }));
                }
                for (Future<Double> f : results) {
                    assertEquals(expected, f.get(), 1e-6, "evaluation after training on another thread");
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void wrongInputShapeNamesTheExpectedShape() {
        try (DjlOracle o = tinyMlp(DjlOracle.InitialWeights.SEEDED)) {
            Dataset small = Dataset.classification("small", new int[] {1, 20, 20}, new float[2 * 400], new int[] {0, 1}, 10);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> o.lossAndGradient(o.initialParameters(0), all(small), new float[o.dimension()]));
            assertTrue(e.getMessage().contains("[1, 20, 20]") && e.getMessage().contains("expects [1, 28, 28]"), e.getMessage());
        }
        // A declared shape the module cannot take fails when the oracle is built, naming that shape and the engine's reason.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DjlOracle.torchScript(fixture("tiny-mlp.pt"), new int[] {1, 20, 20}, 10));
        assertTrue(e.getMessage().contains("[1, 20, 20]") && e.getMessage().contains("tiny-mlp.pt"), e.getMessage());
        assertTrue(e.getMessage().contains("784"), "the engine's reason (400 vs 784 inputs) should be included: " + e.getMessage());
    }

    @Test
    void wrongClassCountIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DjlOracle.torchScript(fixture("tiny-mlp.pt"), MNIST, 5));
        assertTrue(e.getMessage().contains("(2, 10)") && e.getMessage().contains("(2, 5)"), e.getMessage());
    }

    /** bn1's input on a batch: fc1's output at {@code x}, by hand (y = W x + b, W of shape [6, 8]). */
    private static double[][] fc1Output(ParameterLayout l, float[] x, Batch b) {
        ParameterLayout.Segment w = l.segment("fc1.weight");
        ParameterLayout.Segment bias = l.segment("fc1.bias");
        double[][] h = new double[b.size()][6];
        for (int i = 0; i < b.size(); i++) {
            for (int u = 0; u < 6; u++) {
                double s = x[bias.offset() + u];
                for (int j = 0; j < 8; j++) {
                    s += x[w.offset() + u * 8 + j] * b.features()[i * 8 + j];
                }
                h[i][u] = s;
            }
        }
        return h;
    }

    /** Per column: {mean, unbiased variance}. */
    private static double[][] meanAndVariance(double[][] rows) {
        int c = rows[0].length;
        double[][] m = new double[2][c];
        for (int u = 0; u < c; u++) {
            double s = 0;
            for (double[] r : rows) {
                s += r[u];
            }
            double mu = s / rows.length;
            double ss = 0;
            for (double[] r : rows) {
                ss += (r[u] - mu) * (r[u] - mu);
            }
            m[0][u] = mu;
            m[1][u] = ss / (rows.length - 1);
        }
        return m;
    }

    private static Batch bnBatch(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] f = new float[n * 8];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (r.nextGaussian() * 2 + 1);
        }
        int[] labels = IntStream.range(0, n).map(i -> i % 3).toArray();
        return all(Dataset.classification("bn", new int[] {8}, f, labels, 3));
    }

    @Test
    void batchNormBuffersAreSegmentsThatDoNotTrain() {
        try (DjlOracle o = DjlOracle.torchScript(fixture("bn-mlp.pt"), new int[] {8}, 3)) {
            ParameterLayout l = o.layout();
            assertEquals(List.of("fc1.weight", "fc1.bias", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var",
                    "fc2.weight", "fc2.bias"), l.names(), "float buffers join the vector; num_batches_tracked (int64) does not");
            for (ParameterLayout.Segment s : l.segments()) {
                assertEquals(!s.name().contains("running"), s.trainable(), s.name() + ": PyTorch's requires_grad");
            }
            // statistics start from the file (a fresh BatchNorm1d: mean 0, variance 1), weights from the seed
            float[] x = o.initialParameters(4);
            ParameterLayout.Segment mean = l.segment("bn1.running_mean");
            ParameterLayout.Segment var = l.segment("bn1.running_var");
            for (int u = 0; u < 6; u++) {
                assertEquals(0f, x[mean.offset() + u]);
                assertEquals(1f, x[var.offset() + u]);
            }

            // A training pass writes the statistics into the vector, with the module's momentum 0.1 and
            // the batch's unbiased variance, and gives them no gradient.
            Batch b = bnBatch(5, 6);
            double[][] stats = meanAndVariance(fc1Output(l, x, b));
            float[] after = x.clone();
            float[] g = new float[o.dimension()];
            o.lossAndGradient(after, b, g);
            for (int u = 0; u < 6; u++) {
                assertEquals(0.9 * 0 + 0.1 * stats[0][u], after[mean.offset() + u], 1e-5, "running mean " + u);
                assertEquals(0.9 * 1 + 0.1 * stats[1][u], after[var.offset() + u], 1e-5 * (1 + stats[1][u]), "running var " + u);
            }
            assertEquals(0.0, norm(g, mean));
            assertEquals(0.0, norm(g, var));
            assertNotEquals(0.0, norm(g, l.segment("bn1.weight")), "the batch-norm scale gets a gradient");

            // Inference normalises with the statistics in the vector: changing them changes the loss.
            Dataset test = Dataset.classification("bn-test", new int[] {8}, b.features().clone(), b.labels().clone(), 3);
            float[] shifted = after.clone();
            shifted[mean.offset()] += 3f;
            assertNotEquals(o.evaluate(after, test).loss(), o.evaluate(shifted, test).loss());

            // Recomputed statistics: the plain mean of each batch's mean and unbiased variance.
            List<Batch> batches = List.of(bnBatch(6, 5), bnBatch(7, 9));
            float[] re = o.recomputeStatistics(after, batches);
            for (int u = 0; u < 6; u++) {
                double m = 0;
                double v = 0;
                for (Batch each : batches) {
                    double[][] st = meanAndVariance(fc1Output(l, after, each));
                    m += st[0][u] / batches.size();
                    v += st[1][u] / batches.size();
                }
                assertEquals(m, re[mean.offset() + u], 1e-5 * (1 + Math.abs(m)), "recomputed mean " + u);
                assertEquals(v, re[var.offset() + u], 1e-5 * (1 + v), "recomputed variance " + u);
            }
        }
    }

    @Test
    void aBatchNormWithACumulativeAverageIsRefused() {
        // momentum=None: each training pass updates the statistics by 1/num_batches_tracked, an int64 buffer
        // no float vector holds, so two passes from the same parameters write different statistics
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DjlOracle.torchScript(fixture("bn-mlp-cumulative.pt"), new int[] {8}, 3));
        assertTrue(e.getMessage().contains("two training passes wrote different running statistics")
                && e.getMessage().contains("momentum"), e.getMessage());
        try (DjlOracle o = DjlOracle.builder().torchScript(fixture("bn-mlp-cumulative.pt")).inputShape(8).numClasses(3)
                .allowNondeterminism(true).build()) {
            assertEquals(8, o.layout().segmentCount(), "accepted on request, the float statistics in the vector");
        }
    }

    @Test
    void aBatchNormWithoutRunningStatisticsHasNoBuffersToTake() {
        try (DjlOracle o = DjlOracle.torchScript(fixture("bn-mlp-nostats.pt"), new int[] {8}, 3)) {
            assertEquals(List.of("fc1.weight", "fc1.bias", "bn1.weight", "bn1.bias", "fc2.weight", "fc2.bias"), o.layout().names());
            assertEquals(o.layout().dimension(), o.layout().trainableCount());
            float[] x = o.initialParameters(4);
            ParameterLayout.Segment gamma = o.layout().segment("bn1.weight");
            for (int i = gamma.offset(); i < gamma.offset() + gamma.size(); i++) {
                assertEquals(1f, x[i], "a norm layer's scale starts at 1");
            }
        }
    }

    @Test
    void theBufferRewriteKeepsEverythingElseOfTheArchive() throws IOException {
        byte[] file = java.nio.file.Files.readAllBytes(fixture("bn-mlp.pt"));
        String source = String.join("\n", "class BatchNorm1d(Module):",
                "  __parameters__ = [\"weight\", \"bias\", ]",
                "  __buffers__ = [\"running_mean\", \"running_var\", \"num_batches_tracked\", ]",
                "  weight : Tensor",
                "class Linear(Module):",
                "  __parameters__ = [\"weight\", \"bias\", ]",
                "  __buffers__ = []");
        assertEquals(String.join("\n", "class BatchNorm1d(Module):",
                "  __parameters__ = [\"weight\", \"bias\", \"running_mean\", \"running_var\", ]",
                "  __buffers__ = [\"num_batches_tracked\", ]",
                "  weight : Tensor",
                "class Linear(Module):",
                "  __parameters__ = [\"weight\", \"bias\", ]",
                "  __buffers__ = []"), TorchScriptBuffers.promote(source, java.util.Set.of("num_batches_tracked")));
        byte[] tiny = java.nio.file.Files.readAllBytes(fixture("tiny-mlp.pt"));
        assertTrue(tiny == TorchScriptBuffers.asParameters(tiny, java.util.Set.of()), "no buffers: the file as it is");
        assertNotEquals(file.length, TorchScriptBuffers.asParameters(file, java.util.Set.of()).length);
    }

    @Test
    void badFilesFailClearly() throws IOException {
        UncheckedIOException missing = assertThrows(UncheckedIOException.class,
                () -> DjlOracle.torchScript(Path.of("no/such/model.pt"), MNIST, 10));
        assertTrue(missing.getMessage().contains("no/such/model.pt"), missing.getMessage());
        IllegalArgumentException notTorchScript = assertThrows(IllegalArgumentException.class,
                () -> DjlOracle.builder().torchScript("garbage", "not a zip".getBytes(StandardCharsets.UTF_8))
                        .inputShape(MNIST).numClasses(10).build());
        assertTrue(notTorchScript.getMessage().contains("garbage is not a loadable TorchScript module"), notTorchScript.getMessage());
    }

    @Test
    void manyCallsDoNotGrowTheReplica() {
        Batch b = all(patterns(2, 1));
        try (DjlOracle o = tinyMlp(DjlOracle.InitialWeights.SEEDED)) {
            float[] x = o.initialParameters(0);
            float[] g = new float[o.dimension()];
            o.lossAndGradient(x, b, g);
            o.evaluate(x, patterns(1, 1));
            ModelReplica r = o.replicaForTest();
            int handles = r.managedArrayCount();
            for (int i = 0; i < 300; i++) {
                o.lossAndGradient(x, b, g);
                o.loss(x, b);
            }
            o.evaluate(x, patterns(1, 1));
            assertEquals(handles, r.managedArrayCount(), "arrays leaked onto the replica's manager");
        }
    }
}

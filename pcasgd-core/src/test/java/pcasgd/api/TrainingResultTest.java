package pcasgd.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pcasgd.data.Dataset;
import pcasgd.data.Datasets;
import pcasgd.engine.DjlOracle;
import pcasgd.engine.GradientOracle;
import pcasgd.engine.ParameterLayout;

/** The averaged model as a DJL model: saved, loaded back by plain DJL (or PyTorch's format), and it is x̄. */
class TrainingResultTest {
    static final Path TINY_MLP = Path.of("pcasgd-core/src/test/resources/pcasgd/fixtures/tiny-mlp.pt");

    @Test
    void savedBlockLoadsIntoAFreshBlockAndScoresTheReportedAccuracy(@TempDir Path dir) throws Exception {
        try (TrainingResult r = PcAsgdTest.plan().run()) {
            r.model().save(dir, "two-layer");
            assertTrue(Files.exists(dir.resolve("two-layer-0000.params")));
            try (Model loaded = Model.newInstance("two-layer", "PyTorch")) {
                loaded.setBlock(PcAsgdTest.twoLayer());
                loaded.load(dir, "two-layer");
                // the loaded tensors are x̄, in layout order
                float[] values = new float[r.layout().dimension()];
                int k = 0;
                for (Pair<String, Parameter> p : loaded.getBlock().getParameters()) {
                    ParameterLayout.Segment s = r.layout().segments().get(k++);
                    System.arraycopy(p.getValue().getArray().toFloatArray(), 0, values, s.offset(), s.size());
                }
                assertArrayEquals(r.averagedParameters(), values);
                // plain DJL inference on the test set, counted here, matches the run's own evaluation of x̄
                Dataset test = PcAsgdTest.TEST;
                try (NDManager m = loaded.getNDManager().newSubManager()) {
                    NDArray x = m.create(test.features(), new Shape(test.size(), 8));
                    NDArray logits = loaded.getBlock().forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
                    long[] predicted = logits.argMax(1).toLongArray();
                    int correct = 0;
                    for (int i = 0; i < test.size(); i++) {
                        correct += predicted[i] == test.label(i) ? 1 : 0;
                    }
                    assertEquals(r.lastEpoch().testAccuracy(), correct / (double) test.size(), 1e-12);
                }
            }
        }
    }

    /** 28×28 inputs of 10 classes, each class a bright band of rows. */
    static Dataset bands(String name, int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * 784];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 10;
            for (int p = 0; p < 784; p++) {
                x[i * 784 + p] = (float) r.nextGaussian() + ((p / 28) * 10 / 28 == y[i] ? 2f : 0f);
            }
        }
        return Datasets.fromArrays(name, x, y, new int[] {1, 28, 28}, 10);
    }

    @Test
    void torchScriptResultSavesAsPlainTorchScriptAndAsDjlParams(@TempDir Path dir) throws Exception {
        ModelSpec tiny = ModelSpec.torchScript(TINY_MLP, new int[] {1, 28, 28}, 10);
        try (TrainingResult r = PcAsgd.builder().model(tiny).data(bands("train", 400, 1), bands("test", 100, 2))
                .topology(Topology.ring(4)).epochs(1).batchSize(16).run()) {
            float[] average = r.averagedParameters();
            assertEquals(784 * 16 + 16 + 16 * 10 + 10, average.length);

            // a plain .pt file: loading its own weights gives back x̄ exactly
            Path pt = dir.resolve("trained.pt");
            r.saveTorchScript(pt);
            try (GradientOracle again = ModelSpec.torchScript(pt, new int[] {1, 28, 28}, 10)
                    .withInitialWeights(DjlOracle.InitialWeights.FROM_MODEL).newOracle()) {
                assertEquals(r.layout().names(), again.layout().names());
                assertArrayEquals(average, again.initialParameters(0));
            }

            // Model.save: DJL's header, then the TorchScript module; DJL loads it into a PtSymbolBlock set first
            r.model().save(dir, "tiny-mlp");
            Path params = dir.resolve("tiny-mlp-0000.params");
            byte[] head = Arrays.copyOf(Files.readAllBytes(params), 4);
            assertEquals("DJL@", new String(head, StandardCharsets.US_ASCII));
            try (Model loaded = Model.newInstance("tiny-mlp", "PyTorch")) {
                loaded.setBlock(new PtSymbolBlock((PtNDManager) loaded.getNDManager()));
                loaded.load(dir, "tiny-mlp");
                for (Pair<String, Parameter> p : loaded.getBlock().getParameters()) {
                    ParameterLayout.Segment s = r.layout().segment(p.getKey());
                    assertArrayEquals(Arrays.copyOfRange(average, s.offset(), s.offset() + s.size()),
                            p.getValue().getArray().toFloatArray(), p.getKey());
                }
            }
        }
    }

    @Test
    void aTorchScriptBatchNormTrainsAndSavesItsRecomputedStatisticsAsBuffers(@TempDir Path dir) throws Exception {
        Path bnMlp = Path.of("pcasgd-core/src/test/resources/pcasgd/fixtures/bn-mlp.pt");
        ModelSpec spec = ModelSpec.torchScript(bnMlp, new int[] {8}, 3);
        Random rng = new Random(3);
        float[] x = new float[600 * 8];
        int[] y = new int[600];
        for (int i = 0; i < 600; i++) {
            y[i] = i % 3;
            for (int j = 0; j < 8; j++) {
                x[i * 8 + j] = (float) rng.nextGaussian() + (j % 3 == y[i] ? 2f : 0f);
            }
        }
        Dataset train = Datasets.fromArrays("train", Arrays.copyOf(x, 500 * 8), Arrays.copyOf(y, 500), new int[] {8}, 3);
        Dataset test = Datasets.fromArrays("test", Arrays.copyOfRange(x, 500 * 8, 600 * 8), Arrays.copyOfRange(y, 500, 600),
                new int[] {8}, 3);
        try (TrainingResult r = PcAsgd.builder().model(spec).data(train, test).topology(Topology.ring(4)).epochs(2)
                .batchSize(16).run()) {
            ParameterLayout.Segment mean = r.layout().segment("bn1.running_mean");
            assertFalse(mean.trainable());
            float[] average = r.averagedParameters();

            Path pt = dir.resolve("trained.pt");
            r.saveTorchScript(pt);
            // through pcasgd: the same vector, the recomputed statistics included
            try (GradientOracle again = ModelSpec.torchScript(pt, new int[] {8}, 3)
                    .withInitialWeights(DjlOracle.InitialWeights.FROM_MODEL).newOracle()) {
                assertEquals(r.layout().names(), again.layout().names());
                assertArrayEquals(average, again.initialParameters(0));
                assertEquals(r.lastEpoch().testAccuracy(), again.evaluate(average, test).accuracy(), 1e-12,
                        "the saved file scores what the run reported for x̄");
            }
            // as PyTorch sees the file: the statistics are buffers again, not parameters
            try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                PtSymbolBlock plain = JniUtils.loadModule((PtNDManager) m, Files.newInputStream(pt), false, false);
                assertEquals(java.util.List.of("fc1.weight", "fc1.bias", "bn1.weight", "bn1.bias", "fc2.weight", "fc2.bias"),
                        plain.getParameters().keys());
            }
        }
    }

    @Test
    void torchScriptSavingIsRefusedForADjlBlock() {
        try (TrainingResult r = PcAsgdTest.plan().epochs(1).run()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.saveTorchScript(Path.of("x.pt")));
            assertTrue(e.getMessage().contains("model().save"), e.getMessage());
        }
    }
}

package pcasgd.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pcasgd.engine.EngineSetup;

class DatasetsTest {
    private static NDManager manager;

    @BeforeAll
    static void engine() {
        EngineSetup.configure(1);
        manager = NDManager.newBaseManager(Device.cpu(), EngineSetup.ENGINE_NAME);
    }

    @AfterAll
    static void release() {
        manager.close();
    }

    @Test
    void rowsBecomeOneRowMajorDataset() {
        float[][] rows = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}};
        Dataset d = Datasets.fromArrays("mine", rows, new int[] {2, 0, 1}, new int[] {1, 2, 2}, 3);
        assertEquals("mine", d.name());
        assertEquals(3, d.size());
        assertArrayEquals(new int[] {1, 2, 2}, d.featureShape());
        assertEquals(4, d.featureSize());
        assertEquals(3, d.numClasses());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, d.features());
        assertEquals(2, d.label(0));
        assertEquals(1, d.label(2));
        rows[0][0] = 99; // copied, so the caller's later edits do not leak in
        assertEquals(1f, d.features()[0]);
        Batch b = d.batch(new int[] {2, 0});
        assertArrayEquals(new float[] {9, 10, 11, 12, 1, 2, 3, 4}, java.util.Arrays.copyOf(b.features(), 8));
        assertArrayEquals(new int[] {1, 2}, java.util.Arrays.copyOf(b.labels(), 2));
    }

    @Test
    void flatArrayIsCopiedAndChecked() {
        float[] flat = {0.5f, -1, 2, 3, 4, 5};
        Dataset d = Datasets.fromArrays("flat", flat, new int[] {1, 0}, new int[] {3}, 2);
        assertEquals(2, d.size());
        flat[0] = 7;
        assertEquals(0.5f, d.features()[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Datasets.fromArrays("flat", new float[5], new int[] {1, 0}, new int[] {3}, 2));
        assertTrue(e.getMessage().contains("need 6 feature values") && e.getMessage().contains("has 5"), e.getMessage());
    }

    @Test
    void arrayMistakesAreNamed() {
        int[] shape = {2, 2};
        assertMessage(() -> Datasets.fromArrays("d", new float[][] {{1, 2, 3, 4}, {1, 2, 3}}, new int[] {0, 1}, shape, 2),
                "example 1 has 3 features", "[2, 2] needs 4");
        assertMessage(() -> Datasets.fromArrays("d", new float[][] {{1, 2, 3, 4}}, new int[] {0, 1}, shape, 2),
                "1 examples but 2 labels");
        assertMessage(() -> Datasets.fromArrays("d", new float[][] {{1, 2, 3, 4}, {5, 6, 7, 8}}, new int[] {0, 2}, shape, 2),
                "label 2 of example 1 is outside [0, 2)");
        assertMessage(() -> Datasets.fromArrays("d", new float[][] {{1, 2, 3, 4}, {5, Float.NaN, 7, 8}}, new int[] {0, 1}, shape, 2),
                "feature 1 of example 1 is NaN");
        assertMessage(() -> Datasets.fromArrays("d", new float[0][], new int[0], shape, 2), "no examples");
        assertMessage(() -> Datasets.fromArrays("d", new float[][] {{1}}, new int[] {0}, new int[] {0, 1}, 2), "bad example shape [0, 1]");
        assertMessage(() -> Datasets.fromArrays("d", new float[][] {{1}}, new int[] {0}, new int[] {1}, 1), "numClasses must be >= 2");
    }

    private static void assertMessage(Runnable r, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' missing from: " + e.getMessage());
        }
    }

    @Test
    void djlArrayDatasetIsReadInOrder() {
        // Three 2x2 "images" 0..11 and float labels, as DJL code usually has them.
        ArrayDataset djl = new ArrayDataset.Builder()
                .setData(manager.arange(12f).reshape(3, 2, 2))
                .optLabels(manager.create(new float[] {2, 0, 1}))
                .setSampling(2, true)
                .build();
        Dataset d = Datasets.fromDjl("djl", djl, 3);
        assertEquals(3, d.size());
        assertArrayEquals(new int[] {2, 2}, d.featureShape());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, d.features());
        assertEquals(List.of(2, 0, 1), List.of(d.label(0), d.label(1), d.label(2)));

        // Integer labels with a trailing axis of one, and a data set limited to its first two examples.
        ArrayDataset limited = new ArrayDataset.Builder()
                .setData(manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(3, 2)))
                .optLabels(manager.create(new long[] {1, 1, 0}, new Shape(3, 1)))
                .setSampling(1, false)
                .optLimit(2)
                .build();
        Dataset l = Datasets.fromDjl("limited", limited, 2);
        assertEquals(2, l.size());
        assertArrayEquals(new float[] {1, 2, 3, 4}, l.features());
        assertEquals(1, l.label(1));
    }

    @Test
    void djlMistakesAreNamed() {
        ArrayDataset fractional = new ArrayDataset.Builder()
                .setData(manager.zeros(new Shape(3, 2)))
                .optLabels(manager.create(new float[] {0, 1.5f, 1}))
                .setSampling(1, false)
                .build();
        assertMessage(() -> Datasets.fromDjl("frac", fractional, 2), "example 1 has label 1.5", "not a whole class index");

        ArrayDataset oneHot = new ArrayDataset.Builder()
                .setData(manager.zeros(new Shape(2, 2)))
                .optLabels(manager.create(new float[] {1, 0, 0, 1}, new Shape(2, 2)))
                .setSampling(1, false)
                .build();
        assertMessage(() -> Datasets.fromDjl("onehot", oneHot, 2), "example 0 has a label of shape (2)", "one-hot");

        ArrayDataset unlabelled = new ArrayDataset.Builder().setData(manager.zeros(new Shape(2, 2))).setSampling(1, false).build();
        assertMessage(() -> Datasets.fromDjl("nolabels", unlabelled, 2), "example 0 has no label");

        ArrayDataset outOfRange = new ArrayDataset.Builder()
                .setData(manager.zeros(new Shape(2, 2)))
                .optLabels(manager.create(new float[] {0, 3}))
                .setSampling(1, false)
                .build();
        assertMessage(() -> Datasets.fromDjl("range", outOfRange, 3), "label 3 of example 1 is outside [0, 3)");

        assertMessage(() -> Datasets.fromDjl("ragged", new Ragged(), 2),
                "example 1 has feature shape [3]", "example 0 has [2]");
    }

    /** Records of different shapes, which no ArrayDataset can hold: [2] then [3]. */
    static final class Ragged extends RandomAccessDataset {
        static final class Builder extends BaseBuilder<Builder> {
            @Override
            protected Builder self() { return this; }
        }

        Ragged() {
            super(new Builder().setSampling(1, false));
        }

        @Override
        public Record get(NDManager m, long index) {
            float[] x = index == 0 ? new float[] {1, 2} : new float[] {1, 2, 3};
            return new Record(new NDList(m.create(x)), new NDList(m.create((float) index)));
        }

        @Override
        protected long availableSize() { return 2; }

        @Override
        public void prepare(Progress progress) { }
    }
}

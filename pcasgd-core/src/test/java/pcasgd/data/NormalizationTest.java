package pcasgd.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NormalizationTest {
    @Test
    void fitThenApplyStandardisesEachChannel() {
        Dataset d = SyntheticData.gaussianBlobs(50, new int[] {3, 4, 4}, 2, 5.0, 1);
        float[] f = d.features();
        for (int i = 0; i < f.length; i++) { // give channels distinct scales
            int ch = (i % 48) / 16;
            f[i] = f[i] * (ch + 1) + 10 * ch;
        }
        Normalization n = Normalization.fit(d);
        assertEquals(3, n.channels());
        n.apply(d);
        Normalization after = Normalization.fit(d);
        for (int c = 0; c < 3; c++) {
            assertEquals(0.0, after.mean()[c], 1e-5);
            assertEquals(1.0, after.std()[c], 1e-5);
        }
    }

    @Test
    void fitComputesPopulationStatistics() {
        // one channel [1,2]: examples {0,2} and {4,6} -> mean 3, std sqrt(5)
        Dataset d = Dataset.classification("t", new int[] {1, 2}, new float[] {0, 2, 4, 6}, new int[] {0, 1}, 2);
        Normalization n = Normalization.fit(d);
        assertEquals(3f, n.mean()[0], 1e-6f);
        assertEquals((float) Math.sqrt(5), n.std()[0], 1e-6f);
    }

    @Test
    void constantChannelIsCentredNotDividedByZero() {
        Dataset d = Dataset.classification("t", new int[] {1, 2}, new float[] {3, 3, 3, 3}, new int[] {0, 1}, 2);
        Normalization n = Normalization.fit(d);
        assertEquals(1f, n.std()[0]);
        n.apply(d);
        assertArrayEquals(new float[] {0, 0, 0, 0}, d.features());
    }

    @Test
    void appliesToTheValidRowsOfABatchOnly() {
        Dataset d = Dataset.classification("t", new int[] {2, 1}, new float[] {1, 2, 3, 4}, new int[] {0, 1}, 2);
        Batch b = Batch.allocate(d, 3);
        b.fill(d, new int[] {1}, 1);
        b.features()[2] = 99; // stale second row must stay untouched
        Normalization.of(new double[] {1, 2}, new double[] {2, 4}).apply(b);
        assertEquals((3f - 1) / 2, b.features()[0], 1e-7f);
        assertEquals((4f - 2) / 4, b.features()[1], 1e-7f);
        assertEquals(99f, b.features()[2]);
    }

    @Test
    void publishedConstants() {
        assertArrayEquals(new float[] {0.4914f, 0.4822f, 0.4465f}, Normalization.CIFAR10.mean());
        assertArrayEquals(new float[] {0.2470f, 0.2435f, 0.2616f}, Normalization.CIFAR10.std());
        assertArrayEquals(new float[] {0.2860f}, Normalization.FASHION_MNIST.mean());
        assertArrayEquals(new float[] {0.3530f}, Normalization.FASHION_MNIST.std());
    }

    @Test
    void channelMismatchAndBadStdAreRejected() {
        Dataset grey = Dataset.classification("g", new int[] {1, 2, 2}, new float[4], new int[] {0}, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Normalization.CIFAR10.apply(grey));
        assertEquals(true, e.getMessage().contains("3 channels"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Normalization.of(new double[] {0}, new double[] {0}));
        assertThrows(IllegalArgumentException.class, () -> Normalization.of(new double[] {0, 1}, new double[] {1}));
    }
}

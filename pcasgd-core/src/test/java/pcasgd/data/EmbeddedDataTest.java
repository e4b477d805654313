package pcasgd.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EmbeddedDataTest {
    @Test
    void subsetIsClassBalanced() throws Exception {
        TrainTest tt = EmbeddedData.fashionMnistSmall();
        assertEquals(6000, tt.train().size());
        assertEquals(1000, tt.test().size());
        assertArrayEquals(new int[] {1, 28, 28}, tt.train().featureShape());
        assertEquals(10, tt.train().numClasses());
        assertArrayEquals(filled(600), perClass(tt.train()));
        assertArrayEquals(filled(100), perClass(tt.test()));
        for (float v : tt.train().features()) {
            assertTrue(v >= 0f && v <= 1f);
        }
    }

    @Test
    void eachCallReturnsIndependentCopies() throws Exception {
        TrainTest a = EmbeddedData.fashionMnistSmall();
        Normalization.FASHION_MNIST.apply(a.train());
        TrainTest b = EmbeddedData.fashionMnistSmall();
        assertTrue(b.train().features()[0] >= 0f, "normalising one copy must not affect another");
    }

    @Test
    void matchesTheFirstImagesOfEachClassInTheFullSet() throws Exception {
        assumeTrue(FashionMnist.isPresent(FashionMnist.DEBIAN_DIR), "dataset-fashion-mnist not installed");
        Dataset full = FashionMnist.load().test();
        Dataset small = EmbeddedData.fashionMnistSmall().test();
        int[] taken = new int[10];
        int k = 0;
        int d = full.featureSize();
        for (int i = 0; i < full.size() && k < small.size(); i++) {
            int y = full.label(i);
            if (taken[y]++ < 100) {
                assertEquals(y, small.label(k));
                assertArrayEquals(Arrays.copyOfRange(full.features(), i * d, (i + 1) * d),
                        Arrays.copyOfRange(small.features(), k * d, (k + 1) * d));
                k++;
            }
        }
        assertEquals(1000, k);
    }

    @Test
    void missingResourceSaysHowToRegenerate() {
        DataFileException e = org.junit.jupiter.api.Assertions.assertThrows(DataFileException.class,
                () -> EmbeddedData.resource("/pcasgd/data/no-such-resource.gz"));
        assertTrue(e.getMessage().contains("/pcasgd/data/no-such-resource.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("make_embedded_fashion_mnist.py"), e.getMessage());
    }

    private static int[] perClass(Dataset d) {
        int[] c = new int[d.numClasses()];
        for (int i = 0; i < d.size(); i++) {
            c[d.label(i)]++;
        }
        return c;
    }

    private static int[] filled(int v) {
        int[] a = new int[10];
        Arrays.fill(a, v);
        return a;
    }
}

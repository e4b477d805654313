package pcasgd.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
    @TempDir
    Path dir;

    @Test
    void missingDirectoryTellsHowToInstall() {
        Path missing = dir.resolve("no-such-dir");
        DataFileException e = assertThrows(DataFileException.class, () -> FashionMnist.load(missing));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void loadsMixOfGzipAndRawFiles() throws Exception {
        int[] px = new int[2 * 28 * 28];
        px[0] = 255;
        px[28 * 28 + 5] = 51;
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), IdxFiles.gzip(IdxFiles.images(2, 28, 28, px)));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), IdxFiles.labels(new int[] {9, 3}));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), IdxFiles.images(1, 28, 28, new int[28 * 28]));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxFiles.gzip(IdxFiles.labels(new int[] {4})));
        assertTrue(FashionMnist.isPresent(dir));

        TrainTest tt = FashionMnist.load(dir);

        assertEquals(2, tt.train().size());
        assertEquals(1, tt.test().size());
        assertEquals(1f, tt.train().features()[0]);
        assertEquals(0.2f, tt.train().features()[28 * 28 + 5], 1e-7f);
        assertEquals(3, tt.train().label(1));
        assertEquals(4, tt.test().label(0));
    }

    @Test
    void missingFileInsideDirectoryIsNamed() throws Exception {
        Files.write(dir.resolve("train-images-idx3-ubyte"), IdxFiles.images(1, 28, 28, new int[28 * 28]));
        assertFalse(FashionMnist.isPresent(dir));
        DataFileException e = assertThrows(DataFileException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains("not found: " + dir.resolve("train-labels-idx1-ubyte.gz").toAbsolutePath()),
                e.getMessage());
    }

    @Test
    void realDebianPackageHasTheFullSet() throws Exception {
        assumeTrue(FashionMnist.isPresent(FashionMnist.DEBIAN_DIR), "dataset-fashion-mnist not installed");
        TrainTest tt = FashionMnist.load();
        assertEquals(60000, tt.train().size());
        assertEquals(10000, tt.test().size());
        int[] perClass = new int[10];
        for (int i = 0; i < tt.train().size(); i++) {
            perClass[tt.train().label(i)]++;
        }
        for (int c = 0; c < 10; c++) {
            assertEquals(6000, perClass[c]);
        }
        // The published training-set statistics that Normalization.FASHION_MNIST hard-codes.
        Normalization fit = Normalization.fit(tt.train());
        assertEquals(0.2860, fit.mean()[0], 5e-4);
        assertEquals(0.3530, fit.std()[0], 5e-4);
    }
}

package pcasgd.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarTest {
    @TempDir
    Path dir;

    /**
     * A record in the published layout: label byte(s), then R, G, B planes of 32x32 row-major.
     * Pixel (ch, y, x) of record r holds (r*7 + ch*50 + y*3 + x) mod 256, so every position is checkable.
     */
    private static byte[] records(int[][] labels) {
        int labelBytes = labels[0].length;
        int size = labelBytes + 3072;
        byte[] out = new byte[labels.length * size];
        for (int r = 0; r < labels.length; r++) {
            int base = r * size;
            for (int j = 0; j < labelBytes; j++) {
                out[base + j] = (byte) labels[r][j];
            }
            for (int ch = 0; ch < 3; ch++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        out[base + labelBytes + ch * 1024 + y * 32 + x] = (byte) pixel(r, ch, y, x);
                    }
                }
            }
        }
        return out;
    }

    private static int pixel(int r, int ch, int y, int x) {
        return (r * 7 + ch * 50 + y * 3 + x) % 256;
    }

    private static float feature(Dataset d, int i, int ch, int y, int x) {
        return d.features()[i * 3072 + ch * 1024 + y * 32 + x];
    }

    private static int[][] single(int... labels) {
        return Arrays.stream(labels).mapToObj(l -> new int[] {l}).toArray(int[][]::new);
    }

    @Test
    void cifar10ReadsExactPixelsInEachPlaneAndLabels() throws IOException {
        Files.write(dir.resolve("data_batch_1.bin"), records(single(3, 9)));
        Files.write(dir.resolve("data_batch_3.bin"), records(single(0)));
        Files.write(dir.resolve("test_batch.bin"), records(single(5)));

        TrainTest tt = Cifar.load10(dir);

        Dataset train = tt.train();
        assertEquals(3, train.size());
        assertEquals(10, train.numClasses());
        assertArrayEquals(new int[] {3, 32, 32}, train.featureShape());
        assertEquals(3, train.label(0));
        assertEquals(9, train.label(1));
        assertEquals(0, train.label(2)); // batch 3 follows batch 1; the missing 2 is skipped
        for (int ch = 0; ch < 3; ch++) {
            assertEquals(pixel(1, ch, 17, 4) / 255f, feature(train, 1, ch, 17, 4), 0f, "plane " + ch);
            assertEquals(pixel(0, ch, 31, 31) / 255f, feature(train, 0, ch, 31, 31), 0f, "plane " + ch);
        }
        // first record of the second file restarts the pattern at r = 0
        assertEquals(pixel(0, 2, 5, 6) / 255f, feature(train, 2, 2, 5, 6), 0f);
        assertEquals(1, tt.test().size());
        assertEquals(5, tt.test().label(0));
    }

    @Test
    void cifar100ReadsFineOrCoarseLabels() throws IOException {
        Path root = Files.createDirectory(dir.resolve(Cifar.CIFAR100_SUBDIR));
        Files.write(root.resolve("train.bin"), records(new int[][] {{19, 99}, {4, 42}}));
        Files.write(root.resolve("test.bin"), records(new int[][] {{7, 0}}));

        TrainTest fine = Cifar.load100(dir, true);
        TrainTest coarse = Cifar.load100(dir, false);

        assertEquals(100, fine.train().numClasses());
        assertEquals(20, coarse.train().numClasses());
        assertEquals(99, fine.train().label(0));
        assertEquals(42, fine.train().label(1));
        assertEquals(19, coarse.train().label(0));
        assertEquals(4, coarse.train().label(1));
        assertEquals(0, fine.test().label(0));
        assertEquals(7, coarse.test().label(0));
        for (int ch = 0; ch < 3; ch++) {
            assertEquals(pixel(1, ch, 8, 30) / 255f, feature(fine.train(), 1, ch, 8, 30), 0f, "plane " + ch);
        }
    }

    @Test
    void acceptsTheArchiveFolderName() throws IOException {
        Path root = Files.createDirectory(dir.resolve(Cifar.CIFAR10_SUBDIR));
        Files.write(root.resolve("data_batch_5.bin"), records(single(1)));
        Files.write(root.resolve("test_batch.bin"), records(single(2)));
        assertEquals(1, Cifar.load10(dir).train().label(0));
    }

    @Test
    void truncatedFileIsReported() throws IOException {
        byte[] ok = records(single(1, 2));
        Path batch = dir.resolve("data_batch_1.bin");
        Files.write(batch, Arrays.copyOf(ok, ok.length - 100));
        Files.write(dir.resolve("test_batch.bin"), records(single(2)));
        DataFileException e = assertThrows(DataFileException.class, () -> Cifar.load10(dir));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains(batch.toAbsolutePath().toString()), e.getMessage());
    }

    @Test
    void labelOutOfRangeIsReported() throws IOException {
        Files.write(dir.resolve("data_batch_1.bin"), records(single(1, 10)));
        Files.write(dir.resolve("test_batch.bin"), records(single(2)));
        DataFileException e = assertThrows(DataFileException.class, () -> Cifar.load10(dir));
        assertTrue(e.getMessage().contains("label 10 of record 1"), e.getMessage());

        Files.write(dir.resolve("train.bin"), records(new int[][] {{20, 5}}));
        Files.write(dir.resolve("test.bin"), records(new int[][] {{1, 5}}));
        // the coarse label is corrupt even when only fine labels are asked for
        e = assertThrows(DataFileException.class, () -> Cifar.load100(dir, true));
        assertTrue(e.getMessage().contains("label 20 of record 0 is outside [0, 20)"), e.getMessage());
    }

    @Test
    void missingFilesAreListed() throws IOException {
        DataFileException e = assertThrows(DataFileException.class, () -> Cifar.load10(dir));
        assertTrue(e.getMessage().contains("data_batch_1.bin .. data_batch_5.bin"), e.getMessage());

        Files.write(dir.resolve("data_batch_1.bin"), records(single(1)));
        e = assertThrows(DataFileException.class, () -> Cifar.load10(dir));
        assertTrue(e.getMessage().contains(dir.resolve("test_batch.bin").toAbsolutePath().toString()), e.getMessage());

        e = assertThrows(DataFileException.class, () -> Cifar.load100(dir, true));
        assertTrue(e.getMessage().contains("train.bin"), e.getMessage());

        Path nowhere = dir.resolve("nowhere");
        e = assertThrows(DataFileException.class, () -> Cifar.load10(nowhere));
        assertTrue(e.getMessage().contains(nowhere.toString()), e.getMessage());
    }
}

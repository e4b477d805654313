package pcasgd.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {
    @TempDir
    Path dir;

    // two 2x3 images
    private static final int[] PIXELS = {0, 255, 51, 102, 1, 254, 10, 20, 30, 40, 50, 60};
    private static final int[] LABELS = {7, 0};

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsExactPixelsAndLabelsRawAndGzip(boolean gz) throws Exception {
        byte[] im = IdxFiles.images(2, 2, 3, PIXELS);
        byte[] lb = IdxFiles.labels(LABELS);
        Path images = IdxFiles.write(dir, "im", gz ? IdxFiles.gzip(im) : im);
        Path labels = IdxFiles.write(dir, "lb", gz ? IdxFiles.gzip(lb) : lb);

        Dataset d = IdxReader.load(images, labels, "tiny");

        assertEquals("tiny", d.name());
        assertEquals(2, d.size());
        assertArrayEquals(new int[] {1, 2, 3}, d.featureShape());
        assertEquals(10, d.numClasses());
        float[] f = d.features();
        for (int i = 0; i < PIXELS.length; i++) {
            assertEquals(PIXELS[i] / 255f, f[i], 0f, "pixel " + i);
        }
        assertEquals(0f, f[0]);
        assertEquals(1f, f[1]);
        assertEquals(0.2f, f[2], 1e-7f);
        assertEquals(7, d.label(0));
        assertEquals(0, d.label(1));
    }

    @Test
    void detectsGzipByContentNotByName() throws Exception {
        Path gzNamedRaw = IdxFiles.write(dir, "images.gz", IdxFiles.images(2, 2, 3, PIXELS));
        Path rawNamedPlain = IdxFiles.write(dir, "labels", IdxFiles.gzip(IdxFiles.labels(LABELS)));
        Dataset d = IdxReader.load(gzNamedRaw, rawNamedPlain, "swapped-names");
        assertEquals(2, d.size());
        assertEquals(7, d.label(0));
        assertEquals(30 / 255f, d.features()[8], 0f);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void truncatedPixelDataIsReported(boolean gz) throws Exception {
        byte[] im = IdxFiles.cut(IdxFiles.images(2, 2, 3, PIXELS), 5);
        Path images = IdxFiles.write(dir, "im", gz ? IdxFiles.gzip(im) : im);
        DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.readImages(images));
        assertTrue(e.getMessage().contains("truncated: expected 12 bytes of pixel data, found 7"), e.getMessage());
        assertTrue(e.getMessage().contains(images.toString()), e.getMessage());
    }

    @Test
    void gzipStreamCutShortIsReportedAsTruncated() throws Exception {
        byte[] gz = IdxFiles.gzip(IdxFiles.images(2, 2, 3, PIXELS));
        Path images = IdxFiles.write(dir, "im.gz", IdxFiles.cut(gz, 12));
        DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.readImages(images));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void truncatedLabelsAndHeaderAreReported() throws Exception {
        Path labels = IdxFiles.write(dir, "lb", IdxFiles.cut(IdxFiles.labels(LABELS), 1));
        DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.readLabels(labels));
        assertTrue(e.getMessage().contains("truncated: expected 2 bytes of label data, found 1"), e.getMessage());

        Path header = IdxFiles.write(dir, "hd", IdxFiles.cut(IdxFiles.images(2, 2, 3, PIXELS), 12 + 3));
        e = assertThrows(DataFileException.class, () -> IdxReader.readImages(header));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void missingFileNamesThePath() {
        Path missing = dir.resolve("nope-idx3-ubyte");
        DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.readImages(missing));
        assertTrue(e.getMessage().contains("not found: " + missing.toAbsolutePath()), e.getMessage());
    }

    @Test
    void badMagicIsReportedWithFileName() throws Exception {
        byte[] bytes = IdxFiles.images(2, 2, 3, PIXELS);
        bytes[3] = 0x42;
        Path images = IdxFiles.write(dir, "bad", bytes);
        DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.readImages(images));
        assertTrue(e.getMessage().contains("bad magic number 0x00000842"), e.getMessage());
        assertTrue(e.getMessage().contains(images.toString()), e.getMessage());
    }

    @Test
    void swappedImagesAndLabelsGetAHint() throws Exception {
        Path labels = IdxFiles.write(dir, "lb", IdxFiles.labels(LABELS));
        DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.readImages(labels));
        assertTrue(e.getMessage().contains("swapped"), e.getMessage());
    }

    @Test
    void countMismatchNamesBothFiles() throws Exception {
        Path images = IdxFiles.write(dir, "im", IdxFiles.images(2, 2, 3, PIXELS));
        Path labels = IdxFiles.write(dir, "lb", IdxFiles.labels(new int[] {1, 2, 3}));
        DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.load(images, labels, "x"));
        assertTrue(e.getMessage().contains("2 images"), e.getMessage());
        assertTrue(e.getMessage().contains("3 labels"), e.getMessage());
        assertTrue(e.getMessage().contains(images.toString()) && e.getMessage().contains(labels.toString()));
    }

    @Test
    void labelOutOfRangeIsReported() throws Exception {
        Path labels = IdxFiles.write(dir, "lb", IdxFiles.labels(new int[] {3, 10}));
        DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.readLabels(labels));
        assertTrue(e.getMessage().contains("label 10 of example 1"), e.getMessage());
    }

    @Test
    void headerPromisingHugeCountCostsOnlyWhatTheFileHolds() throws Exception {
        // the header claims 2.5 million 28x28 images (1.96 GB); the file holds 12 pixels
        byte[] im = IdxFiles.images(2, 2, 3, PIXELS);
        java.nio.ByteBuffer.wrap(im).putInt(4, 2_500_000).putInt(8, 28).putInt(12, 28);
        Path images = IdxFiles.write(dir, "huge", im);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.readImages(images));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(e.getMessage().contains("truncated: expected 1960000000 bytes of pixel data, found 12"), e.getMessage());
        assertTrue(allocated < 64L << 20, "allocated " + allocated + " bytes for a 28-byte file");
    }
}

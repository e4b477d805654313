package pcasgd.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST: big-endian header (magic, counts, dimensions)
 * followed by unsigned bytes. Files may be gzip-compressed or raw; compression is recognised from
 * the gzip magic bytes, not the file name, because renamed or pre-extracted copies are common.
 */
public final class IdxReader {
    /** Magic of an unsigned-byte, 3-dimensional file (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic of an unsigned-byte, 1-dimensional file (labels). */
    public static final int LABELS_MAGIC = 0x00000801;
    public static final int NUM_CLASSES = 10;

    private static final float[] BYTE_TO_UNIT = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            BYTE_TO_UNIT[i] = i / 255f;
        }
    }

    private IdxReader() {}

    /** Decoded images: {@code count} images of {@code rows x cols}, pixels scaled to [0,1]. */
    public record Images(int count, int rows, int cols, float[] pixels) {}

    /** Loads an image file and its label file as one 10-class data set of shape [1, rows, cols]. */
    public static Dataset load(Path images, Path labels, String name) throws IOException {
        Images im = readImages(images);
        int[] lb = readLabels(labels);
        return toDataset(im, images.toString(), lb, labels.toString(), name);
    }

    /** As {@link #load(Path, Path, String)} for streams (e.g. classpath resources); closes both. */
    public static Dataset load(InputStream images, String imagesSource, InputStream labels, String labelsSource,
                               String name) throws IOException {
        Images im;
        try (InputStream in = images) {
            im = readImages(in, imagesSource);
        }
        int[] lb;
        try (InputStream in = labels) {
            lb = readLabels(in, labelsSource);
        }
        return toDataset(im, imagesSource, lb, labelsSource, name);
    }

    public static Images readImages(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return readImages(in, file.toString());
        }
    }

    public static int[] readLabels(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return readLabels(in, file.toString());
        }
    }

    public static Images readImages(InputStream raw, String source) throws IOException {
        InputStream in = decompressIfGzip(raw);
        ByteBuffer head = header(in, source, 16, IMAGES_MAGIC, "images (IDX3)");
        int count = head.getInt();
        int rows = head.getInt();
        int cols = head.getInt();
        if (count < 0 || rows <= 0 || cols <= 0) {
            throw new DataFileException(source + ": invalid IDX3 dimensions " + count + " x " + rows + " x " + cols);
        }
        long expected = (long) count * rows * cols;
        if (expected > Integer.MAX_VALUE - 8) {
            throw new DataFileException(source + ": " + expected + " pixels do not fit in one array");
        }
        byte[] bytes = readUpTo(in, (int) expected);
        int found = bytes.length;
        if (found < expected) {
            throw new DataFileException(source + ": truncated: expected " + expected
                    + " bytes of pixel data, found " + found);
        }
        float[] pixels = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            pixels[i] = BYTE_TO_UNIT[bytes[i] & 0xff];
        }
        return new Images(count, rows, cols, pixels);
    }

    public static int[] readLabels(InputStream raw, String source) throws IOException {
        InputStream in = decompressIfGzip(raw);
        ByteBuffer head = header(in, source, 8, LABELS_MAGIC, "labels (IDX1)");
        int count = head.getInt();
        if (count < 0) {
            throw new DataFileException(source + ": invalid IDX1 label count " + count);
        }
        byte[] bytes = readUpTo(in, count);
        int found = bytes.length;
        if (found < count) {
            throw new DataFileException(source + ": truncated: expected " + count
                    + " bytes of label data, found " + found);
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = bytes[i] & 0xff;
            if (labels[i] >= NUM_CLASSES) {
                throw new DataFileException(source + ": label " + labels[i] + " of example " + i
                        + " is outside [0, " + NUM_CLASSES + ")");
            }
        }
        return labels;
    }

    private static Dataset toDataset(Images im, String imagesSource, int[] labels, String labelsSource, String name)
            throws DataFileException {
        if (im.count() != labels.length) {
            throw new DataFileException("count mismatch: " + imagesSource + " has " + im.count()
                    + " images but " + labelsSource + " has " + labels.length + " labels");
        }
        return Dataset.classification(name, new int[] {1, im.rows(), im.cols()}, im.pixels(), labels, NUM_CLASSES);
    }

    private static InputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DataFileException("IDX file not found: " + file.toAbsolutePath());
        }
        return Files.newInputStream(file);
    }

    private static InputStream decompressIfGzip(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(in, 1 << 16) : in;
    }

    /**
     * Reads the big-endian header and checks its magic; returns it positioned after the magic.
     * A wrong magic is reported before a short header, since a foreign file is the likelier cause.
     */
    private static ByteBuffer header(InputStream in, String source, int headerBytes, int magic, String kind)
            throws IOException {
        byte[] bytes = new byte[headerBytes];
        int found = readFully(in, bytes);
        ByteBuffer head = ByteBuffer.wrap(bytes); // big-endian, as IDX is
        if (found >= 4) {
            checkMagic(head.getInt(), magic, kind, source);
        }
        if (found < headerBytes) {
            throw new DataFileException(source + ": truncated: expected a " + headerBytes
                    + "-byte IDX header, found " + found + " bytes");
        }
        return head;
    }

    private static void checkMagic(int magic, int expected, String kind, String source) throws DataFileException {
        if (magic == expected) {
            return;
        }
        String hint = (magic == IMAGES_MAGIC || magic == LABELS_MAGIC)
                ? " (images and labels files swapped?)" : " (not an IDX file, or a corrupt download)";
        throw new DataFileException(String.format("%s: bad magic number 0x%08x, expected 0x%08x for %s%s",
                source, magic, expected, kind, hint));
    }

    /**
     * Fills {@code buf} as far as the stream allows and returns how much it got. A gzip stream cut
     * short throws EOFException instead of returning -1; both count as "ended here".
     */
    private static int readFully(InputStream in, byte[] buf) throws IOException {
        int off = 0;
        try {
            while (off < buf.length) {
                int n = in.read(buf, off, buf.length - off);
                if (n < 0) {
                    break;
                }
                off += n;
            }
        } catch (EOFException e) {
            // truncated compressed stream: report the bytes decoded so far
        }
        return off;
    }

    /**
     * Reads up to {@code want} bytes, growing the buffer as data arrives: a corrupt header that
     * promises more than the file holds then costs no more memory than the file itself.
     */
    private static byte[] readUpTo(InputStream in, int want) throws IOException {
        byte[] buf = new byte[Math.min(want, 1 << 20)];
        int off = 0;
        try {
            while (off < want) {
                if (off == buf.length) {
                    buf = java.util.Arrays.copyOf(buf, (int) Math.min(want, 2L * buf.length));
                }
                int n = in.read(buf, off, buf.length - off);
                if (n < 0) {
                    break;
                }
                off += n;
            }
        } catch (EOFException e) {
            // truncated compressed stream: keep the bytes decoded so far
        }
        return off == buf.length ? buf : java.util.Arrays.copyOf(buf, off);
    }
}

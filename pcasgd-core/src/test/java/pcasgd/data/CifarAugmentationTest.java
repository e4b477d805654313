package pcasgd.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CifarAugmentationTest {
    private static Batch batchOf(int[] shape, float[]... images) {
        int d = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        float[] f = new float[images.length * d];
        int[] labels = new int[images.length];
        for (int i = 0; i < images.length; i++) {
            System.arraycopy(images[i], 0, f, i * d, d);
        }
        Dataset data = Dataset.classification("t", shape, f, labels, 1);
        int[] idx = new int[images.length];
        Arrays.setAll(idx, i -> i);
        return data.batch(idx);
    }

    @Test
    void flipMirrorsEachRowOfA1x2x3Image() {
        Batch b = batchOf(new int[] {1, 2, 3}, new float[] {1, 2, 3, 4, 5, 6});
        new CifarAugmentation(0, 1.0).apply(b, new Random(1));
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4}, b.features());
    }

    @Test
    void flipMovesAllChannelsTogether() {
        float[] img = {1, 2, 3, 4, 10, 20, 30, 40}; // [2,2,2]
        CifarAugmentation.flipHorizontal(img, 0, 2, 2, 2);
        assertArrayEquals(new float[] {2, 1, 4, 3, 20, 10, 40, 30}, img);
    }

    @Test
    void shiftMovesContentAndFillsZeros() {
        // 1x3x3: 1..9 row-major
        float[] img = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        CifarAugmentation.shift(img, 0, 1, 3, 3, 1, -1); // out(y,x) = in(y+1, x-1)
        assertArrayEquals(new float[] {0, 4, 5, 0, 7, 8, 0, 0, 0}, img);

        float[] img2 = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        CifarAugmentation.shift(img2, 0, 1, 3, 3, -1, 2);
        assertArrayEquals(new float[] {0, 0, 0, 3, 0, 0, 6, 0, 0}, img2);
    }

    @Test
    void randomCropKeepsShapeAndOnlyShiftsContent() {
        int h = 6;
        int w = 5;
        float[] img = new float[2 * h * w];
        for (int i = 0; i < img.length; i++) {
            img[i] = i + 1; // all distinct and non-zero
        }
        boolean sawZeros = false;
        Random rng = new Random(42);
        for (int trial = 0; trial < 30; trial++) {
            Batch b = batchOf(new int[] {2, h, w}, img);
            new CifarAugmentation(2, 0.0).apply(b, rng);
            assertArrayEquals(new int[] {2, h, w}, b.featureShape());
            int[] shift = findShift(img, b.features(), 2, h, w, 2);
            assertTrue(shift != null, "output is not a zero-filled shift of the input by at most 2 pixels");
            if (shift[0] != 0 || shift[1] != 0) {
                sawZeros = true;
                assertTrue(countZeros(b.features()) > 0);
            }
        }
        assertTrue(sawZeros, "30 random crops with padding 2 should shift at least once");
    }

    @Test
    void flipHappensAboutHalfTheTime() {
        float[] img = {1, 2};
        Random rng = new Random(7);
        int flips = 0;
        for (int trial = 0; trial < 2000; trial++) {
            Batch b = batchOf(new int[] {1, 1, 2}, img);
            new CifarAugmentation(0, 0.5).apply(b, rng);
            flips += b.features()[0] == 2 ? 1 : 0;
        }
        assertEquals(1000, flips, 120); // ~5.4 standard deviations
    }

    @Test
    void onlyValidRowsAreTouchedAndNoneIsIdentity() {
        Dataset d = Dataset.classification("t", new int[] {1, 1, 3}, new float[] {1, 2, 3, 4, 5, 6}, new int[2], 1);
        Batch b = Batch.allocate(d, 2);
        b.fill(d, new int[] {0, 1}, 2);
        b.fill(d, new int[] {0}, 1); // size 1; row 1 still holds 4,5,6
        new CifarAugmentation(0, 1.0).apply(b, new Random(3));
        assertArrayEquals(new float[] {3, 2, 1, 4, 5, 6}, b.features());

        Augmentation.NONE.apply(b, new Random(3));
        assertArrayEquals(new float[] {3, 2, 1, 4, 5, 6}, b.features());
    }

    @Test
    void sameRandomSeedSameAugmentation() {
        float[] img = new float[3 * 8 * 8];
        for (int i = 0; i < img.length; i++) {
            img[i] = i;
        }
        Batch a = batchOf(new int[] {3, 8, 8}, img, img, img);
        Batch b = batchOf(new int[] {3, 8, 8}, img, img, img);
        CifarAugmentation.standard().apply(a, new Random(5));
        CifarAugmentation.standard().apply(b, new Random(5));
        assertArrayEquals(a.features(), b.features());
        Batch c = batchOf(new int[] {3, 8, 8}, img, img, img);
        CifarAugmentation.standard().apply(c, new Random(6));
        assertNotEquals(Arrays.toString(a.features()), Arrays.toString(c.features()));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new CifarAugmentation(-1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new CifarAugmentation(4, 1.5));
        Batch flat = batchOf(new int[] {4}, new float[] {1, 2, 3, 4});
        assertThrows(IllegalArgumentException.class, () -> CifarAugmentation.standard().apply(flat, new Random()));
    }

    /** The (dy, dx) with |dy|,|dx| <= max for which out is the zero-filled shift of in, or null. */
    private static int[] findShift(float[] in, float[] out, int c, int h, int w, int max) {
        for (int dy = -max; dy <= max; dy++) {
            for (int dx = -max; dx <= max; dx++) {
                boolean ok = true;
                for (int ch = 0; ch < c && ok; ch++) {
                    for (int y = 0; y < h && ok; y++) {
                        for (int x = 0; x < w && ok; x++) {
                            int sy = y + dy;
                            int sx = x + dx;
                            float expected = sy >= 0 && sy < h && sx >= 0 && sx < w ? in[ch * h * w + sy * w + sx] : 0f;
                            ok = out[ch * h * w + y * w + x] == expected;
                        }
                    }
                }
                if (ok) {
                    return new int[] {dy, dx};
                }
            }
        }
        return null;
    }

    private static int countZeros(float[] f) {
        int z = 0;
        for (float v : f) {
            z += v == 0f ? 1 : 0;
        }
        return z;
    }
}

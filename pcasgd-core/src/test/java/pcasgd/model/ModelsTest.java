package pcasgd.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pcasgd.engine.EngineSetup;

class ModelsTest {
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

    /** [trainable, non-trainable] parameter counts after initialisation on one example of {@code shape}. */
    private static long[] count(String name, int[] shape, int classes) {
        Block b = Models.create(name, shape, classes);
        long[] s = new long[shape.length + 1];
        s[0] = 1;
        for (int i = 0; i < shape.length; i++) {
            s[i + 1] = shape[i];
        }
        b.initialize(manager, DataType.FLOAT32, new Shape(s));
        long[] c = new long[2];
        for (Pair<String, Parameter> p : b.getParameters()) {
            boolean running = p.getValue().getType() == Parameter.Type.RUNNING_MEAN
                    || p.getValue().getType() == Parameter.Type.RUNNING_VAR;
            c[running ? 1 : 0] += p.getValue().getShape().size();
        }
        return c;
    }

    private static long conv(long in, long out, long k, boolean bias) { return in * out * k * k + (bias ? out : 0); }
    private static long linear(long in, long out) { return in * out + out; }

    @Test
    void lenetOnMnistHasTheClassicCount() {
        long expected = conv(1, 6, 5, true) + conv(6, 16, 5, true) + linear(16 * 5 * 5, 120) + linear(120, 84) + linear(84, 10);
        assertEquals(61_706, expected);
        assertEquals(expected, count("lenet", new int[] {1, 28, 28}, 10)[0]);
        assertEquals(expected, count("cnn", new int[] {1, 28, 28}, 10)[0]);
    }

    @Test
    void lenetOnCifarSeesA6x6Map() {
        long expected = conv(3, 6, 5, true) + conv(6, 16, 5, true) + linear(16 * 6 * 6, 120) + linear(120, 84) + linear(84, 10);
        assertEquals(expected, count("lenet", new int[] {3, 32, 32}, 10)[0]);
    }

    @Test
    void mlpDefaultAndCustomWidths() {
        assertEquals(linear(784, 256) + linear(256, 128) + linear(128, 10), count("mlp", new int[] {1, 28, 28}, 10)[0]);
        assertEquals(linear(3, 4) + linear(4, 2), count("mlp:4", new int[] {3}, 2)[0]);
        assertEquals(linear(5, 3), count("mlp:", new int[] {5}, 3)[0]);
    }

    @Test
    void resnet20MatchesThePaper() {
        long convs = conv(3, 16, 3, false);
        long bn = 16;
        int in = 16;
        for (int width : new int[] {16, 32, 64}) {
            for (int b = 0; b < 3; b++) {
                convs += conv(in, width, 3, false) + conv(width, width, 3, false);
                bn += 2L * width;
                in = width;
            }
        }
        long expected = convs + 2 * bn + linear(64, 10);
        assertEquals(269_722, expected);
        long[] c = count("resnet20", new int[] {3, 32, 32}, 10);
        assertEquals(expected, c[0]);
        assertEquals(2 * bn, c[1]);
        assertTrue(Math.abs(c[0] - 270_000) < 0.03 * 270_000);
    }

    @Test
    void vggCountsAndSize() {
        // the architecture by hand (not from Vgg.CONFIG): 3x3 convolutions without bias, each followed by batch norm
        // (a scale and a shift per channel, plus a running mean and variance), four 2x2 pools taking 32x32 to 2x2,
        // then one linear layer on the flattened map
        // vgg: 3->64, pool, 64->128, pool, 128->256, 256->256, pool, 256->512, pool; 512 x 2 x 2 -> 10
        long vggConvs = 3 * 64 * 9 + 64 * 128 * 9 + 128 * 256 * 9 + 256 * 256 * 9 + 256 * 512 * 9;
        assertEquals(1_728 + 73_728 + 294_912 + 589_824 + 1_179_648, vggConvs);
        long vggBn = 2 * (64 + 128 + 256 + 256 + 512);
        long vggLinear = 512 * 2 * 2 * 10 + 10;
        assertEquals(2_162_762, vggConvs + vggBn + vggLinear); // "about 2.17M" (Vgg's documentation)
        // vgg-small: every width halved: 3->32, 32->64, 64->128, 128->128, 128->256; 256 x 2 x 2 -> 10
        long smallConvs = 3 * 32 * 9 + 32 * 64 * 9 + 64 * 128 * 9 + 128 * 128 * 9 + 128 * 256 * 9;
        long smallBn = 2 * (32 + 64 + 128 + 128 + 256);
        long smallLinear = 256 * 2 * 2 * 10 + 10;
        assertEquals(546_858, smallConvs + smallBn + smallLinear); // "about 0.54M"

        long[] vgg = count("vgg", new int[] {3, 32, 32}, 10);
        assertEquals(2_162_762, vgg[0]);
        assertEquals(vggBn, vgg[1], "running mean and variance per channel");
        long[] small = count("vgg-small", new int[] {3, 32, 32}, 10);
        assertEquals(546_858, small[0]);
        assertEquals(smallBn, small[1]);
    }

    @Test
    void unknownNameListsValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Models.create("alexnet", new int[] {3, 32, 32}, 10));
        for (String n : Models.NAMES) {
            assertTrue(e.getMessage().contains(n), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Models.create("resnet20", new int[] {784}, 10));
    }
}

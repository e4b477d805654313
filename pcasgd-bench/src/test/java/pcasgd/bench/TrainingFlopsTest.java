package pcasgd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TrainingFlopsTest {
    private static final int[] CIFAR = {3, 32, 32};

    @Test
    void resnet20MatchesTheKnownFortyMillionMacs() {
        // conv1 442,368 + stage 1 6×2,359,296 + stages 2, 3 (1,179,648 + 5×2,359,296 each) + fc 640
        assertEquals(40_551_040L, TrainingFlops.forwardMacs("resnet20", CIFAR, 10));
    }

    @Test
    void lenetOnCifarShapes() {
        // conv1 6·32·32·3·25 + conv2 16·12·12·6·25 + 576·120 + 120·84 + 84·10
        assertEquals(460_800L + 345_600L + 69_120L + 10_080L + 840L, TrainingFlops.forwardMacs("cnn", CIFAR, 10));
        assertEquals(6.0 * 886_440L * 64, TrainingFlops.trainingFlops("lenet", CIFAR, 10, 64));
    }

    @Test
    void unknownModelIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TrainingFlops.forwardMacs("vgg", CIFAR, 10));
    }
}

package pcasgd.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SyntheticDataTest {
    @Test
    void shapesLabelsAndDeterminism() {
        Dataset d = SyntheticData.gaussianBlobs(103, new int[] {2, 3}, 4, 2.0, 9);
        assertEquals(103, d.size());
        assertArrayEquals(new int[] {2, 3}, d.featureShape());
        assertEquals(4, d.numClasses());
        int[] counts = new int[4];
        for (int i = 0; i < d.size(); i++) {
            counts[d.label(i)]++;
        }
        assertArrayEquals(new int[] {26, 26, 26, 25}, counts);
        assertArrayEquals(d.features(), SyntheticData.gaussianBlobs(103, new int[] {2, 3}, 4, 2.0, 9).features());

        Dataset c = SyntheticData.cifarShaped(8, 10, 1);
        assertArrayEquals(new int[] {3, 32, 32}, c.featureShape());
        assertEquals(8, c.size());
    }

    @Test
    void wellSeparatedBlobsAreClassifiableByNearestMean() {
        Dataset d = SyntheticData.gaussianBlobs(400, new int[] {50}, 4, 8.0, 2);
        int dim = d.featureSize();
        double[][] means = new double[4][dim];
        int[] counts = new int[4];
        for (int i = 0; i < d.size(); i++) {
            counts[d.label(i)]++;
            for (int k = 0; k < dim; k++) {
                means[d.label(i)][k] += d.features()[i * dim + k];
            }
        }
        for (int c = 0; c < 4; c++) {
            for (int k = 0; k < dim; k++) {
                means[c][k] /= counts[c];
            }
        }
        int correct = 0;
        for (int i = 0; i < d.size(); i++) {
            int best = -1;
            double bestDist = Double.MAX_VALUE;
            for (int c = 0; c < 4; c++) {
                double dist = 0;
                for (int k = 0; k < dim; k++) {
                    double diff = d.features()[i * dim + k] - means[c][k];
                    dist += diff * diff;
                }
                if (dist < bestDist) {
                    bestDist = dist;
                    best = c;
                }
            }
            correct += best == d.label(i) ? 1 : 0;
        }
        assertTrue(correct > 380, "nearest-mean accuracy " + correct + "/400");
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> SyntheticData.gaussianBlobs(0, new int[] {2}, 2, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> SyntheticData.gaussianBlobs(5, new int[] {2}, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> SyntheticData.gaussianBlobs(5, new int[] {2}, 2, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> SyntheticData.gaussianBlobs(5, new int[] {0}, 2, 1, 0));
    }
}

package pcasgd.algorithm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The blend with x^C formed in registers equals the clipping mix written to a buffer and blended
 * afterwards, bit for bit, for 0, 1 and 2 on-time neighbours among late ones, both clip weightings.
 */
class BlendOnTimeTest {
    @Test
    void registerBlendEqualsBufferedBlend() {
        Random r = new Random(3);
        int n = 3001;
        for (ClipWeights weights : ClipWeights.values()) {
            for (int[] ages : new int[][] {{}, {2}, {0}, {0, 3}, {1, 0, 2}, {0, 0}, {3, 0, 0, 1}, {0, 0, 0}}) {
                float[] x = FusedUpdateTest.random(r, n, 1f);
                float[] v = FusedUpdateTest.random(r, n, 0.1f);
                List<NeighbourCopy> nb = new ArrayList<>();
                for (int j = 0; j < ages.length; j++) {
                    nb.add(new NeighbourCopy(j + 1, 0.7 / (ages.length + 1), FusedUpdateTest.random(r, n, 1f), null, ages[j]));
                }
                StepContext c = new StepContext(0, 9, 1, x, v, 1 - 0.7 * ages.length / (ages.length + 1), nb,
                        age -> x, new int[] {0, n}, null);
                float theta = 0.3f;
                float[] predicted = FusedUpdateTest.random(r, n, 1f);
                float[] q = new float[n];
                Mixing.mixOnTime(c, weights, v, 0, n, q);
                float[] expected = new float[n];
                for (int d = 0; d < n; d++) {
                    expected[d] = theta * predicted[d] + (1f - theta) * q[d];
                }
                float[] out = predicted.clone();
                // a block in the middle, as the fused kernel calls it
                boolean done = Mixing.blendOnTime(c, weights, v, 0, 1024, theta, out)
                        & Mixing.blendOnTime(c, weights, v, 1024, n, theta, out);
                long onTime = nb.stream().filter(NeighbourCopy::onTime).count();
                if (onTime > 2) {
                    assertFalse(done, "more than two on-time neighbours go through the buffer");
                } else {
                    assertTrue(done);
                    assertArrayEquals(expected, out, 0f, weights + " " + java.util.Arrays.toString(ages));
                }
            }
        }
    }
}

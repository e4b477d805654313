package pcasgd.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PartitionerTest {
    private static void assertCoversOnce(int[][] shards, int size) {
        int[] seen = new int[size];
        for (int[] s : shards) {
            for (int i : s) {
                seen[i]++;
            }
        }
        for (int i = 0; i < size; i++) {
            assertEquals(1, seen[i], "index " + i);
        }
    }

    private static int[] balancedLabels(int n, int classes) {
        int[] labels = new int[n];
        Arrays.setAll(labels, i -> i % classes);
        return labels;
    }

    @Test
    void iidCoversEveryIndexOnceWithNearEqualSizes() {
        int[][] shards = Partitioner.iid(103, 8, 1);
        assertEquals(8, shards.length);
        assertCoversOnce(shards, 103);
        int min = Arrays.stream(shards).mapToInt(s -> s.length).min().orElseThrow();
        int max = Arrays.stream(shards).mapToInt(s -> s.length).max().orElseThrow();
        assertTrue(max - min <= 1);
        assertEquals(12, min);
        assertEquals(13, max);
    }

    @Test
    void iidIsDeterministicPerSeed() {
        assertTrue(Arrays.deepEquals(Partitioner.iid(100, 4, 9), Partitioner.iid(100, 4, 9)));
        assertFalse(Arrays.deepEquals(Partitioner.iid(100, 4, 9), Partitioner.iid(100, 4, 10)));
    }

    @Test
    void iidIsActuallyShuffled() {
        int[][] shards = Partitioner.iid(100, 2, 3);
        assertFalse(Arrays.equals(shards[0], Partitioner.identity(50)), "first shard should not be 0..49");
    }

    @Test
    void smallAlphaGivesEachClassMostlyToOneAgent() {
        // 100 classes of 200 over 5 agents, alpha = 0.1. The top agent's share of a class is max_a p_a of a
        // Dirichlet(0.1, ..., 0.1) draw; with p = G / S for independent G_a ~ Gamma(0.1) and S = sum G independent of p,
        // E[max p] = E[max G] / E[S] and E[(max p)^2] = E[(max G)^2] / E[S^2], where E[max G] = int (1 - F(x)^5) dx and
        // E[(max G)^2] = int 2x (1 - F(x)^5) dx with F the Gamma(0.1) CDF. Integrated numerically: mean 0.80796,
        // sd 0.17712 per class (alpha 0.05 would give 0.887, 0.2 gives 0.704, iid 0.2). The mean over 100 classes
        // has sd 0.0177: 4 sd is 0.0708, plus 0.005 because counts are rounded cut points (one example of 200 at most)
        int classes = 100;
        int[] labels = balancedLabels(200 * classes, classes);
        int[][] shards = Partitioner.dirichlet(labels, classes, 5, 0.1, 11);
        assertCoversOnce(shards, labels.length);
        int[][] counts = Partitioner.classCounts(shards, labels, classes);
        double dominant = 0;
        for (int c = 0; c < classes; c++) {
            int top = 0;
            for (int[] agent : counts) {
                top = Math.max(top, agent[c]);
            }
            dominant += top / 200.0;
        }
        assertEquals(0.80796, dominant / classes, 4 * 0.17712 / Math.sqrt(classes) + 0.005,
                "mean share of the top agent per class");
    }

    @Test
    void largeAlphaIsNearUniform() {
        int[] labels = balancedLabels(2000, 10);
        int[][] shards = Partitioner.dirichlet(labels, 10, 5, 1000, 11);
        assertCoversOnce(shards, labels.length);
        int[][] counts = Partitioner.classCounts(shards, labels, 10);
        // p ~ Dirichlet(1000 x 5): Var p_a = (1/5)(4/5) / (5000 + 1), so 200 p_a has mean 40 and sd 1.131; a count
        // is the difference of two cut points rounded to whole examples, at most 1 from 200 p_a. 4 sd + 1 = 5.5:
        // every one of the 50 counts within 5 of 40 (by simulation of the same rounding, P(|count - 40| > 5) = 2e-6)
        for (int[] agent : counts) {
            for (int c = 0; c < 10; c++) {
                assertEquals(40, agent[c], 5, "each agent should hold about 200/5 of every class");
            }
        }
    }

    @Test
    void everyAgentGetsDataEvenWhenDirichletLeavesSomeEmpty() {
        // 2 classes, 20 agents, tiny alpha: the raw split puts each class on ~1 agent.
        int[] labels = balancedLabels(40, 2);
        for (long seed = 0; seed < 20; seed++) {
            int[][] shards = Partitioner.dirichlet(labels, 2, 20, 0.01, seed);
            assertCoversOnce(shards, labels.length);
            for (int[] s : shards) {
                assertTrue(s.length >= 1);
            }
        }
        // as many agents as examples: one each
        int[][] one = Partitioner.dirichlet(balancedLabels(6, 3), 3, 6, 0.05, 4);
        for (int[] s : one) {
            assertEquals(1, s.length);
        }
    }

    @Test
    void dirichletIsDeterministicPerSeed() {
        int[] labels = balancedLabels(500, 10);
        assertTrue(Arrays.deepEquals(Partitioner.dirichlet(labels, 10, 4, 0.5, 2),
                Partitioner.dirichlet(labels, 10, 4, 0.5, 2)));
        assertFalse(Arrays.deepEquals(Partitioner.dirichlet(labels, 10, 4, 0.5, 2),
                Partitioner.dirichlet(labels, 10, 4, 0.5, 3)));
    }

    @Test
    void argumentErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Partitioner.iid(10, 16, 0));
        assertEquals("cannot split 10 examples across 16 agents", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Partitioner.dirichlet(balancedLabels(10, 2), 2, 16, 0.5, 0));
        assertEquals("cannot split 10 examples across 16 agents", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Partitioner.iid(10, 0, 0));
        e = assertThrows(IllegalArgumentException.class,
                () -> Partitioner.dirichlet(balancedLabels(10, 2), 2, 2, 0, 0));
        assertTrue(e.getMessage().contains("alpha"));
        assertThrows(IllegalArgumentException.class, () -> Partitioner.dirichlet(balancedLabels(10, 2), 2, 2, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> Partitioner.dirichlet(new int[] {0, 5}, 2, 2, 1, 0));
    }

    @Test
    void partitionSpecDispatchesAndValidates() {
        Dataset d = SyntheticData.gaussianBlobs(60, new int[] {2}, 3, 1.0, 0);
        assertTrue(Arrays.deepEquals(Partitioner.iid(60, 4, 5), PartitionSpec.iid().split(d, 4, 5)));
        int[] labels = new int[60];
        Arrays.setAll(labels, d::label);
        assertTrue(Arrays.deepEquals(Partitioner.dirichlet(labels, 3, 4, 0.3, 5),
                new PartitionSpec("Dirichlet", 0.3).split(d, 4, 5)));
        assertEquals("dirichlet", new PartitionSpec(" DIRICHLET ", 1).kind());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PartitionSpec("shards", 1));
        assertTrue(e.getMessage().contains("unknown partition kind 'shards'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PartitionSpec.dirichlet(0));
        Dataset reg = Dataset.regression("r", 1, new float[4], new float[4]);
        assertThrows(IllegalArgumentException.class, () -> PartitionSpec.dirichlet(1).split(reg, 2, 0));
        assertEquals(2, PartitionSpec.iid().split(reg, 2, 0).length);
    }

    @Test
    void gammaAndDirichletHaveTheRightMoments() {
        Random rng = new Random(123);
        for (double shape : new double[] {0.1, 0.5, 1, 2.5, 30}) {
            int n = 40000;
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < n; i++) {
                double g = GammaSampler.gamma(shape, rng);
                assertTrue(g >= 0);
                sum += g;
                sumSq += g * g;
            }
            double mean = sum / n;
            double var = sumSq / n - mean * mean;
            // Gamma(k, 1): mean k, variance k, fourth central moment 3k^2 + 6k. Over n draws the sample mean has sd
            // sqrt(k / n) and the sample variance sd sqrt((3k^2 + 6k - k^2) / n) (its bias, -k/n, is under 0.01 sd)
            double meanSd = Math.sqrt(shape / n);
            double varSd = Math.sqrt((2 * shape * shape + 6 * shape) / n);
            assertEquals(shape, mean, 4 * meanSd, "mean of Gamma(" + shape + ")");
            assertEquals(shape, var, 4 * varSd, "variance of Gamma(" + shape + ")");
        }
        double[] p = GammaSampler.dirichlet(0.001, 7, rng);
        assertEquals(1.0, Arrays.stream(p).sum(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> GammaSampler.gamma(0, rng));
    }

    @Test
    void shardsAreSorted() {
        for (int[] s : Partitioner.iid(50, 3, 1)) {
            int[] sorted = s.clone();
            Arrays.sort(sorted);
            assertArrayEquals(sorted, s);
        }
    }
}

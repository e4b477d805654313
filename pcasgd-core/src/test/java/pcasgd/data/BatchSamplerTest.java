package pcasgd.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchSamplerTest {
    /** Example i has the single feature value i, so a batch's features name the examples it holds. */
    private static Dataset indexed(int n) {
        float[] f = new float[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            f[i] = i;
            labels[i] = i % 3;
        }
        return Dataset.classification("indexed", new int[] {1}, f, labels, 3);
    }

    private static List<Integer> draw(BatchSampler s, int batches) {
        Batch b = s.newBatch();
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < batches; k++) {
            s.next(b);
            assertEquals(s.batchSize(), b.size());
            for (int j = 0; j < b.size(); j++) {
                out.add((int) b.features()[j]);
            }
        }
        return out;
    }

    @Test
    void onePassCoversTheShardExactlyOnce() {
        int[] shard = {2, 5, 7, 11, 13, 17, 19, 23};
        BatchSampler s = new BatchSampler(indexed(30), shard, 4, 0, 42);
        List<Integer> seen = draw(s, 2);
        int[] sorted = seen.stream().mapToInt(Integer::intValue).sorted().toArray();
        assertArrayEquals(shard, sorted);
        assertEquals(2, s.batchesDrawn());
        assertEquals(1, s.passesStarted());
        assertEquals(2, s.batchesPerPass());
    }

    @Test
    void sameArgumentsSameSequenceAndPassesAreReshuffled() {
        Dataset d = indexed(50);
        int[] shard = Partitioner.identity(20);
        List<Integer> a = draw(new BatchSampler(d, shard, 5, 3, 7), 12);
        List<Integer> b = draw(new BatchSampler(d, shard, 5, 3, 7), 12);
        assertEquals(a, b);
        assertFalse(a.subList(0, 20).equals(a.subList(20, 40)), "each pass should be a new permutation");
        assertFalse(a.equals(draw(new BatchSampler(d, shard, 5, 3, 8), 12)), "another seed, another sequence");
    }

    @Test
    void agentsAreIndependent() {
        Dataset d = indexed(50);
        int[] shard = Partitioner.identity(20);
        List<Integer> alone = draw(new BatchSampler(d, shard, 5, 0, 7), 8);
        // interleave with another agent drawing many batches: agent 0's sequence must not change
        BatchSampler a0 = new BatchSampler(d, shard, 5, 0, 7);
        BatchSampler a1 = new BatchSampler(d, shard, 5, 1, 7);
        List<Integer> interleaved = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            draw(a1, 3);
            interleaved.addAll(draw(a0, 1));
        }
        assertEquals(alone, interleaved);
        assertFalse(alone.equals(draw(new BatchSampler(d, shard, 5, 1, 7), 8)), "agents get different orders");
    }

    @Test
    void batchesWrapIntoTheNextPassAndStayFullSize() {
        int[] shard = Partitioner.identity(10);
        BatchSampler s = new BatchSampler(indexed(10), shard, 4, 0, 1);
        List<Integer> seen = draw(s, 5); // 20 = two full passes
        assertEquals(3, s.batchesPerPass());
        assertArrayEquals(shard, seen.subList(0, 10).stream().mapToInt(Integer::intValue).sorted().toArray());
        assertArrayEquals(shard, seen.subList(10, 20).stream().mapToInt(Integer::intValue).sorted().toArray());
        assertEquals(2, s.passesStarted());
    }

    @Test
    void shardSmallerThanBatchRepeatsExamples() {
        int[] shard = {4, 9};
        BatchSampler s = new BatchSampler(indexed(10), shard, 5, 0, 1);
        List<Integer> seen = draw(s, 2);
        assertEquals(10, seen.size());
        assertTrue(seen.stream().allMatch(i -> i == 4 || i == 9));
        assertEquals(5, seen.stream().filter(i -> i == 4).count()); // each pass uses both once
    }

    @Test
    void augmentationIsAppliedDeterministicallyPerBatch() {
        Dataset d = SyntheticData.gaussianBlobs(12, new int[] {1, 4, 4}, 2, 1.0, 3);
        int[] shard = Partitioner.identity(12);
        BatchSampler a = new BatchSampler(d, shard, 4, 2, 5, CifarAugmentation.standard());
        BatchSampler b = new BatchSampler(d, shard, 4, 2, 5, CifarAugmentation.standard());
        BatchSampler plain = new BatchSampler(d, shard, 4, 2, 5);
        Batch ba = a.newBatch();
        Batch bb = b.newBatch();
        Batch bp = plain.newBatch();
        boolean changed = false;
        for (int k = 0; k < 6; k++) {
            a.next(ba);
            b.next(bb);
            plain.next(bp);
            assertArrayEquals(ba.features(), bb.features());
            assertArrayEquals(ba.labels(), bp.labels(), "augmentation must not change which examples are drawn");
            changed |= !Arrays.equals(ba.features(), bp.features());
        }
        assertTrue(changed);
    }

    @Test
    void rejectsBadArguments() {
        Dataset d = indexed(5);
        assertThrows(IllegalArgumentException.class, () -> new BatchSampler(d, new int[0], 2, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new BatchSampler(d, new int[] {1}, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new BatchSampler(d, new int[] {5}, 2, 0, 0));
        BatchSampler s = new BatchSampler(d, new int[] {1, 2}, 3, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> s.next(Batch.allocate(d, 2)));
    }
}

package pcasgd.data;

import java.util.Objects;
import java.util.Random;

/**
 * One agent's stream of minibatches over its shard. Each pass over the shard is a fresh
 * permutation drawn from a Random seeded by (seed, agent, pass), so the sequence is reproducible
 * and does not depend on how many batches other agents have drawn.
 *
 * <p>Batches are always exactly {@code batchSize} examples: when a pass runs out mid-batch, the
 * batch is completed from the start of the next pass (rather than dropping the tail or returning
 * a short batch). Every example is therefore seen exactly once per pass, and step sizes stay
 * comparable across agents with shards of different sizes. A shard smaller than the batch spans
 * several passes in one batch, so examples repeat.
 *
 * <p>Not thread-safe: one sampler per agent.
 */
public final class BatchSampler {
    // Separates the augmentation streams from the shuffling streams derived from the same seed.
    private static final long AUGMENT_SALT = 0x6A09E667F3BCC909L;

    private final Dataset data;
    private final int[] shard;
    private final int batchSize;
    private final int agent;
    private final long seed;
    private final Augmentation augmentation;
    private final int[] order;
    private final int[] picked;
    private int position;
    private long pass = -1;
    private long batchesDrawn;

    public BatchSampler(Dataset data, int[] shard, int batchSize, int agent, long seed, Augmentation augmentation) {
        this.data = Objects.requireNonNull(data, "data");
        Objects.requireNonNull(shard, "shard");
        if (shard.length == 0) {
            throw new IllegalArgumentException("agent " + agent + " has an empty shard");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        for (int i : shard) {
            if (i < 0 || i >= data.size()) {
                throw new IllegalArgumentException("shard index " + i + " is outside " + data.name()
                        + " of size " + data.size());
            }
        }
        this.shard = shard.clone();
        this.batchSize = batchSize;
        this.agent = agent;
        this.seed = seed;
        this.augmentation = augmentation == null ? Augmentation.NONE : augmentation;
        this.order = new int[shard.length];
        this.picked = new int[batchSize];
        this.position = shard.length; // forces the first pass to be shuffled on the first call
    }

    public BatchSampler(Dataset data, int[] shard, int batchSize, int agent, long seed) {
        this(data, shard, batchSize, agent, seed, Augmentation.NONE);
    }

    /** A batch buffer of the right size for {@link #next}. */
    public Batch newBatch() {
        return Batch.allocate(data, batchSize);
    }

    /** Overwrites {@code out} with the next {@code batchSize} examples, augmented if configured. */
    public void next(Batch out) {
        if (out.capacity() < batchSize) {
            throw new IllegalArgumentException("batch capacity " + out.capacity() + " < batch size " + batchSize);
        }
        for (int k = 0; k < batchSize; k++) {
            if (position == order.length) {
                startPass();
            }
            picked[k] = order[position++];
        }
        out.fill(data, picked, batchSize);
        if (augmentation != Augmentation.NONE) {
            augmentation.apply(out, new Random(Seeds.derive(seed ^ AUGMENT_SALT, agent, batchesDrawn)));
        }
        batchesDrawn++;
    }

    private void startPass() {
        pass++;
        // Always permute the original shard, so pass p depends on (seed, agent, p) only.
        System.arraycopy(shard, 0, order, 0, shard.length);
        Partitioner.shuffle(order, new Random(Seeds.derive(seed, agent, pass)));
        position = 0;
    }

    public long batchesDrawn() { return batchesDrawn; }
    /** Passes started so far (0 before the first batch). */
    public long passesStarted() { return pass + 1; }
    /** Batches that make up one pass over the shard, rounded up; the usual "steps per epoch". */
    public int batchesPerPass() { return (shard.length + batchSize - 1) / batchSize; }
    public int batchSize() { return batchSize; }
    public int shardSize() { return shard.length; }
    public int agent() { return agent; }
    public Dataset data() { return data; }
}

package pcasgd.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import pcasgd.data.Batch;
import pcasgd.data.Dataset;
import pcasgd.data.Seeds;

/**
 * Gives the averaged model x̄ running statistics of its own before it is evaluated or saved. The
 * agents' batch-norm running means and variances describe each agent's own weights; their linear
 * average is not the statistics of the averaged weights, and a model normalised with it can read at
 * chance. So the statistics of x̄ are recomputed at x̄'s weights on training batches in training
 * mode, as the plain mean over the batches ({@code torch.optim.swa_utils.update_bn}), through
 * {@link GradientOracle#recomputeStatistics}.
 *
 * <p>The batches are a fixed sample of the training set drawn once from the run's seed: the first
 * {@code batches × batchSize} examples of a seeded permutation (fewer when the set is smaller), the
 * same every epoch, so a run stays a function of its seed. Examples are taken as stored, without
 * augmentation. A model without non-trainable segments is returned untouched and costs nothing.
 */
public final class StatisticsRecalibration {
    /** Training batches the statistics are recomputed on, unless a run sets its own. */
    public static final int DEFAULT_BATCHES = 32;

    private static final StatisticsRecalibration NONE = new StatisticsRecalibration(null, new int[0][]);

    private final Dataset data;
    private final int[][] batches;

    private StatisticsRecalibration(Dataset data, int[][] batches) {
        this.data = data;
        this.batches = batches;
    }

    /** No recalibration: x̄ keeps the linear average of the agents' statistics. */
    public static StatisticsRecalibration none() {
        return NONE;
    }

    /**
     * Up to {@code batches} batches of {@code batchSize} examples of {@code train} (0 batches = none).
     * A training set smaller than one batch gives one batch of all its examples.
     */
    public static StatisticsRecalibration of(Dataset train, int batches, int batchSize, long seed) {
        if (batches < 0) {
            throw new IllegalArgumentException("recalibration batches must be >= 0 (0 = off), got " + batches);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        int n = train.size();
        if (batches == 0 || n == 0) {
            return NONE;
        }
        int size = Math.min(batchSize, n);
        int count = Math.min(batches, n / size);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, 0x5747L, 0));
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[][] out = new int[count][];
        for (int b = 0; b < count; b++) {
            out[b] = java.util.Arrays.copyOfRange(order, b * size, (b + 1) * size);
        }
        return new StatisticsRecalibration(train, out);
    }

    /** Number of batches the statistics are recomputed on (0 = off). */
    public int batches() {
        return batches.length;
    }

    /** Examples of each batch. */
    public int[][] indices() {
        int[][] copy = new int[batches.length][];
        for (int b = 0; b < batches.length; b++) {
            copy[b] = batches[b].clone();
        }
        return copy;
    }

    /** {@code params} with its statistics recomputed at its weights; {@code params} itself when there is nothing to do. */
    public float[] apply(GradientOracle oracle, float[] params) {
        if (batches.length == 0 || oracle.layout().allTrainable()) {
            return params;
        }
        List<Batch> list = new ArrayList<>(batches.length);
        for (int[] b : batches) {
            list.add(data.batch(b));
        }
        return oracle.recomputeStatistics(params, list);
    }
}

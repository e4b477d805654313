package pcasgd.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Splits example indices across agents, deterministically from a seed. Every index lands in
 * exactly one shard and every shard is non-empty; shards are returned sorted (samplers shuffle
 * anyway, and ascending indices copy from memory in order).
 */
public final class Partitioner {
    private Partitioner() {}

    /** Uniformly random split into near-equal shards: sizes differ by at most one. */
    public static int[][] iid(int size, int agents, long seed) {
        check(size, agents);
        int[] perm = identity(size);
        shuffle(perm, new Random(seed));
        int[][] shards = new int[agents][];
        int base = size / agents;
        int extra = size % agents;
        int from = 0;
        for (int a = 0; a < agents; a++) {
            int len = base + (a < extra ? 1 : 0);
            shards[a] = Arrays.copyOfRange(perm, from, from + len);
            Arrays.sort(shards[a]);
            from += len;
        }
        return shards;
    }

    /**
     * Non-iid label skew (Hsu et al. 2019): for each class, proportions p ~ Dirichlet(alpha) over
     * the agents, and that class's examples are split by p. Small alpha (0.1) gives each agent a
     * few dominant classes; large alpha (1000) approaches the iid split. Shard sizes vary, so an
     * agent left empty afterwards gets one example from the largest shard.
     */
    public static int[][] dirichlet(int[] labels, int numClasses, int agents, double alpha, long seed) {
        check(labels.length, agents);
        if (!(alpha > 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("Dirichlet alpha must be finite and > 0, got " + alpha);
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " of example " + i
                        + " is outside [0, " + numClasses + ")");
            }
            byClass.get(labels[i]).add(i);
        }
        Random rng = new Random(seed);
        List<List<Integer>> shards = new ArrayList<>();
        for (int a = 0; a < agents; a++) {
            shards.add(new ArrayList<>());
        }
        for (int c = 0; c < numClasses; c++) {
            int[] members = byClass.get(c).stream().mapToInt(Integer::intValue).toArray();
            shuffle(members, rng);
            double[] p = GammaSampler.dirichlet(alpha, agents, rng);
            // Cut points at round(cumulative share · n): counts sum to n exactly, no example lost.
            double cumulative = 0;
            int from = 0;
            for (int a = 0; a < agents; a++) {
                cumulative += p[a];
                int to = a == agents - 1 ? members.length
                        : (int) Math.min(members.length, Math.round(cumulative * members.length));
                to = Math.max(to, from);
                for (int k = from; k < to; k++) {
                    shards.get(a).add(members[k]);
                }
                from = to;
            }
        }
        fillEmptyShards(shards);
        int[][] out = new int[agents][];
        for (int a = 0; a < agents; a++) {
            out[a] = shards.get(a).stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        return out;
    }

    /** How many examples of each class each agent holds: [agent][class]. Handy for logs and tests. */
    public static int[][] classCounts(int[][] shards, int[] labels, int numClasses) {
        int[][] counts = new int[shards.length][numClasses];
        for (int a = 0; a < shards.length; a++) {
            for (int i : shards[a]) {
                counts[a][labels[i]]++;
            }
        }
        return counts;
    }

    // An agent with no data cannot compute a gradient; there are at least as many examples as
    // agents, so while some shard is empty the largest holds at least two and can spare one.
    private static void fillEmptyShards(List<List<Integer>> shards) {
        for (List<Integer> shard : shards) {
            if (shard.isEmpty()) {
                List<Integer> largest = shards.get(0);
                for (List<Integer> s : shards) {
                    if (s.size() > largest.size()) {
                        largest = s;
                    }
                }
                shard.add(largest.remove(largest.size() - 1));
            }
        }
    }

    private static void check(int size, int agents) {
        if (agents < 1) {
            throw new IllegalArgumentException("need at least 1 agent, got " + agents);
        }
        if (size < agents) {
            throw new IllegalArgumentException("cannot split " + size + " examples across " + agents + " agents");
        }
    }

    static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** Fisher–Yates, spelled out so the result depends only on the Random and not on a JDK version. */
    static void shuffle(int[] a, Random rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}

package pcasgd.delay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import pcasgd.topology.Graph;

/**
 * Delays on the links of a graph: {@link LateLinks} picks which messages are late and
 * {@link DelayAmount} how late. One class covers fixed/uniform × all/fraction/probability so the
 * combinations cannot drift apart.
 */
public final class LinkDelay implements DelayModel {
    // Distinct salts keep the "is it late?" and "how late?" draws of one message independent.
    private static final long SALT_SELECT = 0x51;
    private static final long SALT_LATE = 0x1A7E;
    private static final long SALT_AMOUNT = 0xA307;
    private static final long SALT_TREE = 0x7EE;

    private final int n;
    private final LateLinks late;
    private final DelayAmount amount;
    private final long seed;
    private final Delivery delivery;
    /** Sorted keys i·n + j (i < j) of the slow edges; used only by {@link LateLinks.Kind#FRACTION}. */
    private final long[] slowKeys;
    private int requestedSlow;

    public LinkDelay(Graph graph, LateLinks late, DelayAmount amount, long seed) {
        this(graph, late, amount, seed, Delivery.LAG);
    }

    public LinkDelay(Graph graph, LateLinks late, DelayAmount amount, long seed, Delivery delivery) {
        if (delivery == Delivery.PERIODIC && !amount.isFixed()) {
            throw new IllegalArgumentException("periodic delivery needs a fixed period tau, got " + amount.describe());
        }
        this.n = graph.size();
        this.late = late;
        this.amount = amount;
        this.seed = seed;
        this.delivery = delivery;
        this.slowKeys = late.kind() == LateLinks.Kind.FRACTION ? chooseSlowEdges(graph) : new long[0];
    }

    /**
     * The round(f·|E|) edges with the smallest per-edge hash: a pure function of the seed and the
     * edge, so the same seed always slows the same links.
     */
    private long[] chooseSlowEdges(Graph graph) {
        List<int[]> all = new ArrayList<>(graph.edges());
        int count = (int) Math.round(late.value() * all.size());
        List<int[]> edges = late.keepsConnected() ? outsideSpanningTree(graph, all) : all;
        requestedSlow = count;
        // keeping the on-time links connected wins over the fraction: a ring can spare only one link
        count = Math.min(count, edges.size());
        edges.sort(Comparator.comparingLong((int[] e) -> SplitMix.hash(seed, SALT_SELECT, e[0], e[1]))
                .thenComparingInt(e -> e[0]).thenComparingInt(e -> e[1]));
        long[] keys = new long[count];
        for (int k = 0; k < count; k++) {
            keys[k] = key(edges.get(k)[0], edges.get(k)[1]);
        }
        Arrays.sort(keys);
        return keys;
    }

    /** The edges left over by a spanning tree grown over the edges in seeded random order (Kruskal). */
    private List<int[]> outsideSpanningTree(Graph graph, List<int[]> edges) {
        List<int[]> order = new ArrayList<>(edges);
        order.sort(Comparator.comparingLong((int[] e) -> SplitMix.hash(seed, SALT_TREE, e[0], e[1]))
                .thenComparingInt(e -> e[0]).thenComparingInt(e -> e[1]));
        int[] parent = new int[graph.size()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        List<int[]> rest = new ArrayList<>();
        for (int[] e : order) {
            int a = root(parent, e[0]);
            int b = root(parent, e[1]);
            if (a == b) {
                rest.add(e);
            } else {
                parent[a] = b;
            }
        }
        return rest;
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private long key(int a, int b) {
        return (long) Math.min(a, b) * n + Math.max(a, b);
    }

    @Override
    public int delay(int from, int to, long step) {
        if (from < 0 || from >= n || to < 0 || to >= n) {
            throw new IndexOutOfBoundsException("link " + from + " -> " + to + " has a node outside [0, " + n + ")");
        }
        if (from == to || !late(from, to, step)) {
            return 0;
        }
        if (delivery == Delivery.PERIODIC) {
            // delivered at the next multiple of τ: the held copy is that step's, aging 0..τ−1
            int tau = amount.max();
            return tau == 0 ? 0 : (int) Math.floorMod(-step, (long) tau);
        }
        return amount.draw(SplitMix.hash(seed, SALT_AMOUNT, from, to, step));
    }

    private boolean late(int from, int to, long step) {
        switch (late.kind()) {
            case ALL:
                return true;
            case FRACTION:
                return Arrays.binarySearch(slowKeys, key(from, to)) >= 0;
            default:
                return SplitMix.unitDouble(SplitMix.hash(seed, SALT_LATE, from, to, step)) < late.value();
        }
    }

    /** Whether the undirected link {a, b} is one of the fixed slow links (FRACTION mode only). */
    public boolean isSlowLink(int a, int b) {
        return Arrays.binarySearch(slowKeys, key(a, b)) >= 0;
    }

    /** The fixed slow links as {i, j}, i < j; empty unless the late links are a FRACTION. */
    public List<int[]> slowLinks() {
        List<int[]> out = new ArrayList<>(slowKeys.length);
        for (long k : slowKeys) {
            out.add(new int[] {(int) (k / n), (int) (k % n)});
        }
        return out;
    }

    @Override
    public int maxDelay() {
        boolean anyLate;
        switch (late.kind()) {
            case FRACTION:
                anyLate = slowKeys.length > 0;
                break;
            case PROBABILITY:
                anyLate = late.value() > 0;
                break;
            default:
                anyLate = true;
        }
        if (!anyLate) {
            return 0;
        }
        return delivery == Delivery.PERIODIC ? Math.max(0, amount.max() - 1) : amount.max();
    }

    public Delivery delivery() {
        return delivery;
    }

    public LateLinks lateLinks() {
        return late;
    }

    public DelayAmount amount() {
        return amount;
    }

    @Override
    public String describe() {
        String which = late.kind() != LateLinks.Kind.FRACTION ? late.describe()
                : late.describe() + " (" + slowKeys.length + " slow edges"
                + (slowKeys.length < requestedSlow ? " of " + requestedSlow + " asked: more would cut the on-time links" : "") + ")";
        String how = delivery == Delivery.PERIODIC ? "periodic delivery every " + amount.max() + " steps" : "delay " + amount.describe();
        return how + " on " + which + ", seed=" + seed;
    }

    @Override
    public String toString() {
        return describe();
    }
}

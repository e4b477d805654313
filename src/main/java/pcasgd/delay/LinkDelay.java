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

    private final int n;
    private final LateLinks late;
    private final DelayAmount amount;
    private final long seed;
    /** Sorted keys i·n + j (i < j) of the slow edges; used only by {@link LateLinks.Kind#FRACTION}. */
    private final long[] slowKeys;

    public LinkDelay(Graph graph, LateLinks late, DelayAmount amount, long seed) {
        this.n = graph.size();
        this.late = late;
        this.amount = amount;
        this.seed = seed;
        this.slowKeys = late.kind() == LateLinks.Kind.FRACTION ? chooseSlowEdges(graph) : new long[0];
    }

    /**
     * The round(f·|E|) edges with the smallest per-edge hash: a pure function of the seed and the
     * edge, so the same seed always slows the same links.
     */
    private long[] chooseSlowEdges(Graph graph) {
        List<int[]> edges = new ArrayList<>(graph.edges());
        int count = (int) Math.round(late.value() * edges.size());
        edges.sort(Comparator.comparingLong((int[] e) -> SplitMix.hash(seed, SALT_SELECT, e[0], e[1]))
                .thenComparingInt(e -> e[0]).thenComparingInt(e -> e[1]));
        long[] keys = new long[count];
        for (int k = 0; k < count; k++) {
            keys[k] = key(edges.get(k)[0], edges.get(k)[1]);
        }
        Arrays.sort(keys);
        return keys;
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
        return anyLate ? amount.max() : 0;
    }

    public LateLinks lateLinks() {
        return late;
    }

    public DelayAmount amount() {
        return amount;
    }

    @Override
    public String describe() {
        String which = late.kind() == LateLinks.Kind.FRACTION
                ? late.describe() + " (" + slowKeys.length + " slow edges)"
                : late.describe();
        return "delay " + amount.describe() + " on " + which + ", seed=" + seed;
    }

    @Override
    public String toString() {
        return describe();
    }
}

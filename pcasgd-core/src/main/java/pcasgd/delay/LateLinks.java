package pcasgd.delay;

/**
 * Which messages are late: all of them, a fixed fraction of the graph's undirected edges (slow
 * links, chosen once from the seed), or each message independently with a probability.
 */
public final class LateLinks {
    public enum Kind { ALL, FRACTION, PROBABILITY }

    private static final LateLinks ALL = new LateLinks(Kind.ALL, 1.0, false);

    private final Kind kind;
    private final double value;
    private final boolean keepConnected;

    private LateLinks(Kind kind, double value, boolean keepConnected) {
        this.kind = kind;
        this.value = value;
        this.keepConnected = keepConnected;
    }

    public static LateLinks all() {
        return ALL;
    }

    /** round(f·|E|) undirected edges are slow in both directions, for the whole run. */
    public static LateLinks fraction(double f) {
        requireUnit("late fraction", f);
        return new LateLinks(Kind.FRACTION, f, false);
    }

    /**
     * round(f·|E|) slow edges chosen only among the edges outside a seeded spanning tree, so the
     * on-time links alone still connect every agent (clipping can then reach consensus).
     */
    public static LateLinks fractionKeepingConnected(double f) {
        requireUnit("late fraction", f);
        return new LateLinks(Kind.FRACTION, f, true);
    }

    /** Each message (from, to, step) is late independently with probability p. */
    public static LateLinks probability(double p) {
        requireUnit("late probability", p);
        return new LateLinks(Kind.PROBABILITY, p, false);
    }

    /** Whether the slow edges avoid a spanning tree (FRACTION only). */
    public boolean keepsConnected() {
        return keepConnected;
    }

    public Kind kind() {
        return kind;
    }

    /** The fraction or probability; 1 for {@link Kind#ALL}. */
    public double value() {
        return value;
    }

    static void requireUnit(String what, double v) {
        if (!(v >= 0.0 && v <= 1.0)) {
            throw new IllegalArgumentException(what + " must be in [0, 1], got " + v);
        }
    }

    public String describe() {
        switch (kind) {
            case ALL:
                return "all links";
            case FRACTION:
                return "fraction " + value + " of links" + (keepConnected ? " (on-time links kept connected)" : "");
            default:
                return "each message with probability " + value;
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}

package pcasgd.delay;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import pcasgd.topology.Graph;

/**
 * The delay section of a config, validated, and the factory that turns it into a
 * {@link DelayModel} for a graph. Immutable; build with {@link #builder()}.
 *
 * <ul>
 *   <li>{@code type}: "none", "fixed" (uses {@code tau}), "uniform" (uses {@code min}, {@code max}),
 *       "matrix" (uses {@code matrix}), "trace" (replays recorded ages, see {@link TraceDelay}).</li>
 *   <li>Which messages are late (fixed and uniform only): each message with {@code lateProbability}
 *       if set, otherwise a {@code lateFraction} of the edges, optionally chosen so that the on-time
 *       links stay connected ({@code keepConnected}).</li>
 *   <li>{@code delivery}: a slow link delivers every message τ late ({@link Delivery#LAG}) or once
 *       every τ steps ({@link Delivery#PERIODIC}).</li>
 *   <li>{@code stragglers} (ids in [0, n)) compute {@code stragglerFactor} times slower, on top of any type.</li>
 * </ul>
 */
public final class DelaySpec {
    public static final List<String> TYPES = List.of("none", "fixed", "uniform", "matrix", "trace");
    public static final double DEFAULT_LATE_FRACTION = 0.5;

    private final String type;
    private final int tau;
    private final int min;
    private final int max;
    private final double lateFraction;
    private final Double lateProbability;
    private final boolean keepConnected;
    private final Delivery delivery;
    private final int[][] matrix;
    private final java.nio.file.Path trace;
    private final List<Integer> stragglers;
    private final int stragglerFactor;
    private final long seed;

    private DelaySpec(Builder b) {
        type = b.type == null ? "none" : b.type.trim().toLowerCase(Locale.ROOT);
        tau = b.tau;
        min = b.min;
        max = b.max;
        lateFraction = b.lateFraction;
        lateProbability = b.lateProbability;
        keepConnected = b.keepConnected;
        delivery = b.delivery;
        matrix = b.matrix == null ? null : deepCopy(b.matrix);
        trace = b.trace;
        stragglers = b.stragglers == null ? List.of() : List.copyOf(b.stragglers);
        stragglerFactor = b.stragglerFactor;
        seed = b.seed;
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown delay type '" + type + "'; valid types: " + String.join(", ", TYPES));
        }
        switch (type) {
            case "fixed" -> {
                if (tau < 0) {
                    throw new IllegalArgumentException("delay tau must be >= 0, got " + tau);
                }
            }
            case "uniform" -> {
                if (min < 0) {
                    throw new IllegalArgumentException("uniform delay min must be >= 0, got " + min);
                }
                if (min > max) {
                    throw new IllegalArgumentException("uniform delay needs min <= max, got min=" + min + ", max=" + max);
                }
                if (delivery == Delivery.PERIODIC) {
                    throw new IllegalArgumentException("periodic delivery needs delay type 'fixed' (its period is tau)");
                }
            }
            case "matrix" -> {
                if (matrix == null) {
                    throw new IllegalArgumentException("delay type 'matrix' needs a delay matrix (config key delayMatrix,"
                            + " rows separated by ';', e.g. delayMatrix: \"0,4;4,0\")");
                }
            }
            case "trace" -> {
                if (trace == null) {
                    throw new IllegalArgumentException("delay type 'trace' needs a recorded trace.csv (config key delayTrace)");
                }
            }
            default -> { }
        }
        LateLinks.requireUnit("late fraction", lateFraction);
        if (lateProbability != null) {
            LateLinks.requireUnit("late probability", lateProbability);
            if (keepConnected) {
                throw new IllegalArgumentException("keeping the on-time links connected needs a fixed set of slow links"
                        + " (lateFraction), not a per-message lateProbability");
            }
        }
        if (!stragglers.isEmpty() && stragglerFactor < 1) {
            throw new IllegalArgumentException("straggler factor must be >= 1, got " + stragglerFactor);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().type(type).tau(tau).uniform(min, max).lateFraction(lateFraction).lateProbability(lateProbability)
                .keepConnected(keepConnected).delivery(delivery).matrix(matrix).trace(trace)
                .stragglers(stragglers, stragglerFactor).seed(seed);
    }

    /** Synchronous: no message is ever late. */
    public static DelaySpec none() {
        return builder().type("none").build();
    }

    /** A fraction of the edges (both directions) is τ steps late for the whole run. */
    public static DelaySpec fixed(int tau, double lateFraction, long seed) {
        return builder().type("fixed").tau(tau).lateFraction(lateFraction).seed(seed).build();
    }

    /** A fraction of the edges is late by a per-message uniform draw from [min, max]. */
    public static DelaySpec uniform(int min, int max, double lateFraction, long seed) {
        return builder().type("uniform").uniform(min, max).lateFraction(lateFraction).seed(seed).build();
    }

    public static DelaySpec ofMatrix(int[][] matrix) {
        return builder().type("matrix").matrix(matrix).build();
    }

    /** This spec with each message late independently with probability p instead of a fixed edge set. */
    public DelaySpec withLateProbability(double p) {
        return toBuilder().lateProbability(p).build();
    }

    /** This spec with straggler agents computing {@code factor} times slower. */
    public DelaySpec withStragglers(List<Integer> ids, int factor) {
        return toBuilder().stragglers(ids, factor).build();
    }

    public DelaySpec withSeed(long newSeed) {
        return toBuilder().seed(newSeed).build();
    }

    public String type() { return type; }
    public int tau() { return tau; }
    public double lateFraction() { return lateFraction; }
    public Double lateProbability() { return lateProbability; }
    public Delivery delivery() { return delivery; }
    public List<Integer> stragglers() { return stragglers; }
    public long seed() { return seed; }

    public int[][] matrix() {
        return matrix == null ? null : deepCopy(matrix);
    }

    public DelayModel build(Graph graph) {
        Objects.requireNonNull(graph, "graph");
        int n = graph.size();
        for (int s : stragglers) {
            if (s < 0 || s >= n) {
                throw new IllegalArgumentException("straggler id " + s + " is outside [0, " + n + ")");
            }
        }
        DelayModel base = switch (type) {
            case "fixed" -> new LinkDelay(graph, lateLinks(), DelayAmount.fixed(tau), seed, delivery);
            case "uniform" -> new LinkDelay(graph, lateLinks(), DelayAmount.uniform(min, max), seed, delivery);
            case "matrix" -> PerLinkDelay.forGraph(graph, matrix);
            case "trace" -> TraceDelay.read(trace, graph);
            default -> DelayModel.none();
        };
        return stragglers.isEmpty() ? base : new StragglerDelay(base, new HashSet<>(stragglers), stragglerFactor);
    }

    private LateLinks lateLinks() {
        if (lateProbability != null) {
            return LateLinks.probability(lateProbability);
        }
        if (keepConnected) {
            return LateLinks.fractionKeepingConnected(lateFraction);
        }
        return lateFraction == 1.0 ? LateLinks.all() : LateLinks.fraction(lateFraction);
    }

    /** Parses "0,4;4,0" (rows separated by ';', entries by ',') into a square matrix. */
    public static int[][] parseMatrix(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return null;
        }
        String[] rows = t.split(";");
        int[][] m = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            String[] cells = rows[i].trim().split(",");
            m[i] = new int[cells.length];
            for (int j = 0; j < cells.length; j++) {
                try {
                    m[i][j] = Integer.parseInt(cells[j].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("delay matrix entry [" + i + "][" + j + "] is not an integer: '"
                            + cells[j].trim() + "' (write rows separated by ';', entries by ',')");
                }
            }
        }
        return m;
    }

    private static int[][] deepCopy(int[][] m) {
        List<int[]> rows = new ArrayList<>(m.length);
        for (int[] r : m) {
            rows.add(r == null ? null : r.clone());
        }
        return rows.toArray(new int[0][]);
    }

    /** Defaults: no delay, late fraction 0.5, lag delivery, no stragglers, seed 0. */
    public static final class Builder {
        private String type = "none";
        private int tau;
        private int min;
        private int max;
        private double lateFraction = DEFAULT_LATE_FRACTION;
        private Double lateProbability;
        private boolean keepConnected;
        private Delivery delivery = Delivery.LAG;
        private int[][] matrix;
        private java.nio.file.Path trace;
        private List<Integer> stragglers = List.of();
        private int stragglerFactor = 1;
        private long seed;

        public Builder type(String v) { type = v; return this; }
        public Builder tau(int v) { tau = v; return this; }
        public Builder uniform(int lo, int hi) { min = lo; max = hi; return this; }
        public Builder lateFraction(double v) { lateFraction = v; return this; }
        /** Null for a fixed set of slow links. */
        public Builder lateProbability(Double v) { lateProbability = v; return this; }
        public Builder keepConnected(boolean v) { keepConnected = v; return this; }
        public Builder delivery(Delivery v) { delivery = v; return this; }
        public Builder matrix(int[][] v) { matrix = v; return this; }
        public Builder trace(java.nio.file.Path v) { trace = v; return this; }
        public Builder stragglers(List<Integer> ids, int factor) { stragglers = ids; stragglerFactor = factor; return this; }
        public Builder seed(long v) { seed = v; return this; }

        public DelaySpec build() {
            return new DelaySpec(this);
        }
    }
}

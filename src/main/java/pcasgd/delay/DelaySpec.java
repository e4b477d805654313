package pcasgd.delay;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import pcasgd.topology.Graph;

/**
 * The delay section of a config, validated, and the factory that turns it into a
 * {@link DelayModel} for a graph.
 *
 * <ul>
 *   <li>{@code type}: "none", "fixed" (uses {@code tau}), "uniform" (uses {@code min}, {@code max}),
 *       "matrix" (uses {@code matrix}).</li>
 *   <li>Which messages are late (fixed and uniform only): each message with {@code lateProbability}
 *       if it is non-null, otherwise a {@code lateFraction} of the edges (1.0 = every link; callers
 *       filling the record from a config should default it to {@link #DEFAULT_LATE_FRACTION}).</li>
 *   <li>{@code stragglers} (ids in [0, n)) are {@code stragglerFactor} times slower, on top of any type.</li>
 * </ul>
 *
 * <p>Fields are checked when the record is created; the checks that need the graph (straggler
 * ids, matrix size) happen in {@link #build}. The matrix array is copied in but records compare
 * arrays by reference, so {@code equals} is identity for the matrix.
 */
public record DelaySpec(String type, int tau, int min, int max, double lateFraction, Double lateProbability,
                        int[][] matrix, List<Integer> stragglers, int stragglerFactor, long seed) {

    public static final List<String> TYPES = List.of("none", "fixed", "uniform", "matrix");
    public static final double DEFAULT_LATE_FRACTION = 0.5;

    public DelaySpec {
        type = type == null ? "none" : type.trim().toLowerCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown delay type '" + type + "'; valid types: "
                    + String.join(", ", TYPES));
        }
        stragglers = stragglers == null ? List.of() : List.copyOf(stragglers);
        matrix = matrix == null ? null : deepCopy(matrix);
        switch (type) {
            case "fixed":
                if (tau < 0) {
                    throw new IllegalArgumentException("delay tau must be >= 0, got " + tau);
                }
                break;
            case "uniform":
                if (min < 0) {
                    throw new IllegalArgumentException("uniform delay min must be >= 0, got " + min);
                }
                if (min > max) {
                    throw new IllegalArgumentException("uniform delay needs min <= max, got min=" + min
                            + ", max=" + max);
                }
                break;
            case "matrix":
                if (matrix == null) {
                    throw new IllegalArgumentException("delay type 'matrix' needs a delay matrix");
                }
                break;
            default:
                break;
        }
        LateLinks.requireUnit("late fraction", lateFraction);
        if (lateProbability != null) {
            LateLinks.requireUnit("late probability", lateProbability);
        }
        if (!stragglers.isEmpty() && stragglerFactor < 1) {
            throw new IllegalArgumentException("straggler factor must be >= 1, got " + stragglerFactor);
        }
    }

    /** Synchronous: no message is ever late. */
    public static DelaySpec none() {
        return new DelaySpec("none", 0, 0, 0, DEFAULT_LATE_FRACTION, null, null, List.of(), 1, 0L);
    }

    /** A fraction of the edges (both directions) is τ steps late for the whole run. */
    public static DelaySpec fixed(int tau, double lateFraction, long seed) {
        return new DelaySpec("fixed", tau, 0, 0, lateFraction, null, null, List.of(), 1, seed);
    }

    /** A fraction of the edges is late by a per-message uniform draw from [min, max]. */
    public static DelaySpec uniform(int min, int max, double lateFraction, long seed) {
        return new DelaySpec("uniform", 0, min, max, lateFraction, null, null, List.of(), 1, seed);
    }

    public static DelaySpec ofMatrix(int[][] matrix) {
        return new DelaySpec("matrix", 0, 0, 0, DEFAULT_LATE_FRACTION, null, matrix, List.of(), 1, 0L);
    }

    /** This spec with each message late independently with probability p instead of a fixed edge set. */
    public DelaySpec withLateProbability(double p) {
        return new DelaySpec(type, tau, min, max, lateFraction, p, matrix, stragglers, stragglerFactor, seed);
    }

    /** This spec with straggler agents {@code factor} times slower. */
    public DelaySpec withStragglers(List<Integer> ids, int factor) {
        return new DelaySpec(type, tau, min, max, lateFraction, lateProbability, matrix, ids, factor, seed);
    }

    public DelaySpec withSeed(long newSeed) {
        return new DelaySpec(type, tau, min, max, lateFraction, lateProbability, matrix, stragglers,
                stragglerFactor, newSeed);
    }

    @Override
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
        DelayModel base;
        switch (type) {
            case "fixed":
                base = new LinkDelay(graph, lateLinks(), DelayAmount.fixed(tau), seed);
                break;
            case "uniform":
                base = new LinkDelay(graph, lateLinks(), DelayAmount.uniform(min, max), seed);
                break;
            case "matrix":
                base = PerLinkDelay.forGraph(graph, matrix);
                break;
            default:
                base = DelayModel.none();
        }
        return stragglers.isEmpty() ? base : new StragglerDelay(base, new HashSet<>(stragglers), stragglerFactor);
    }

    private LateLinks lateLinks() {
        if (lateProbability != null) {
            return LateLinks.probability(lateProbability);
        }
        return lateFraction == 1.0 ? LateLinks.all() : LateLinks.fraction(lateFraction);
    }

    private static int[][] deepCopy(int[][] m) {
        List<int[]> rows = new ArrayList<>(m.length);
        for (int[] r : m) {
            rows.add(r == null ? null : r.clone());
        }
        return rows.toArray(new int[0][]);
    }
}

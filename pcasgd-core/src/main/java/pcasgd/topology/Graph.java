package pcasgd.topology;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/**
 * An immutable, undirected, simple graph on nodes {@code 0..n-1}: the communication topology the
 * agents gossip over. Adjacency is kept as sorted neighbour arrays so that iteration order (and
 * therefore every seeded computation that walks the graph) is deterministic.
 */
public final class Graph {
    /** Names accepted by {@link #named}; kept in one place so error messages list them all. */
    public static final List<String> KINDS = List.of("ring", "torus", "complete", "erdos-renyi (er)");

    private static final int ER_MAX_DRAWS = 100;

    private final String name;
    private final int[][] adjacency;
    private final int edgeCount;

    private Graph(String name, int n, Iterable<long[]> edges) {
        requireNodes(n);
        this.name = name;
        // A TreeSet per node removes duplicate edges (e.g. a 2-wide torus) and sorts neighbours.
        List<TreeSet<Integer>> sets = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            sets.add(new TreeSet<>());
        }
        for (long[] e : edges) {
            int i = (int) e[0];
            int j = (int) e[1];
            if (i < 0 || i >= n || j < 0 || j >= n) {
                throw new IllegalArgumentException("edge (" + i + ", " + j + ") has a node outside [0, " + n + ")");
            }
            if (i == j) {
                throw new IllegalArgumentException("self-loop at node " + i + " is not allowed in a simple graph");
            }
            sets.get(i).add(j);
            sets.get(j).add(i);
        }
        this.adjacency = new int[n][];
        int degreeSum = 0;
        for (int i = 0; i < n; i++) {
            adjacency[i] = sets.get(i).stream().mapToInt(Integer::intValue).toArray();
            degreeSum += adjacency[i].length;
        }
        this.edgeCount = degreeSum / 2;
    }

    private static List<long[]> edgeList() {
        return new ArrayList<>();
    }

    // ---------------------------------------------------------------- factories

    /** Cycle 0-1-…-(n-1)-0; with n == 2 the two "ring" edges coincide, leaving a single edge. */
    public static Graph ring(int n) {
        requireNodes(n);
        if (n < 2) {
            throw new IllegalArgumentException("a ring needs n >= 2 nodes, got " + n);
        }
        List<long[]> edges = edgeList();
        for (int i = 0; i < n; i++) {
            edges.add(new long[] {i, (i + 1) % n});
        }
        return new Graph("ring", n, edges);
    }

    /**
     * 2-D wrap-around grid, node (r, c) = r·cols + c. With rows, cols >= 3 every node has degree 4;
     * a side of length 2 makes its "up" and "down" neighbour the same node, which is kept once.
     */
    public static Graph torus(int rows, int cols) {
        if (rows < 2 || cols < 2) {
            throw new IllegalArgumentException("a torus needs rows >= 2 and cols >= 2, got " + rows + "x" + cols
                    + " (use a ring for a single row)");
        }
        int n = Math.multiplyExact(rows, cols);
        List<long[]> edges = edgeList();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int u = r * cols + c;
                edges.add(new long[] {u, r * cols + (c + 1) % cols});
                edges.add(new long[] {u, ((r + 1) % rows) * cols + c});
            }
        }
        return new Graph("torus(" + rows + "x" + cols + ")", n, edges);
    }

    /** Torus with the most square factorisation rows·cols = n, rows <= cols, both >= 2. */
    public static Graph torus(int n) {
        requireNodes(n);
        if (n < 4) {
            throw new IllegalArgumentException("a torus needs n >= 4 nodes (rows, cols >= 2), got n=" + n);
        }
        for (int rows = (int) Math.floor(Math.sqrt(n)); rows >= 2; rows--) {
            if (n % rows == 0) {
                return torus(rows, n / rows);
            }
        }
        throw new IllegalArgumentException("a torus needs n = rows x cols with rows, cols >= 2, but n=" + n
                + " is prime; choose a composite n or another topology");
    }

    public static Graph complete(int n) {
        requireNodes(n);
        List<long[]> edges = edgeList();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                edges.add(new long[] {i, j});
            }
        }
        return new Graph("complete", n, edges);
    }

    /**
     * G(n, p) conditioned on being connected: a disconnected draw could never reach consensus,
     * so it is rejected and redrawn from a derived seed (deterministic for a given seed).
     */
    public static Graph erdosRenyi(int n, double p, long seed) {
        requireNodes(n);
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException("Erdős–Rényi edge probability p must be in [0, 1], got " + p);
        }
        SplittableRandom seeds = new SplittableRandom(seed);
        for (int draw = 0; draw < ER_MAX_DRAWS; draw++) {
            SplittableRandom rnd = seeds.split();
            List<long[]> edges = edgeList();
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    if (rnd.nextDouble() < p) {
                        edges.add(new long[] {i, j});
                    }
                }
            }
            Graph g = new Graph("erdos-renyi(p=" + p + ")", n, edges);
            if (g.isConnected()) {
                return g;
            }
        }
        throw new IllegalArgumentException("Erdős–Rényi graph with n=" + n + ", p=" + p + " stayed disconnected after "
                + ER_MAX_DRAWS + " draws; raise p");
    }

    /** Arbitrary graph; duplicate edges (in either orientation) are merged, self-loops rejected. */
    public static Graph fromEdges(int n, List<int[]> edges) {
        List<long[]> list = edgeList();
        for (int[] e : edges) {
            if (e == null || e.length != 2) {
                throw new IllegalArgumentException("each edge must be an int[2] {i, j}, got "
                        + (e == null ? "null" : Arrays.toString(e)));
            }
            list.add(new long[] {e[0], e[1]});
        }
        return new Graph("custom", n, list);
    }

    /**
     * Topology by name, as written in configs: "ring", "torus", "complete", "erdos-renyi"/"er".
     * {@code p} and {@code seed} are used only by Erdős–Rényi.
     */
    public static Graph named(String kind, int n, double p, long seed) {
        String k = kind == null ? "" : kind.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        switch (k) {
            case "ring":
                return ring(n);
            case "torus":
                return torus(n);
            case "complete":
                return complete(n);
            case "erdos-renyi":
            case "erdős-rényi":
            case "er":
                return erdosRenyi(n, p, seed);
            default:
                throw new IllegalArgumentException("unknown topology '" + kind + "'; valid names: "
                        + String.join(", ", KINDS));
        }
    }

    private static void requireNodes(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a graph needs n >= 1 nodes, got " + n);
        }
    }

    // ---------------------------------------------------------------- queries

    public int size() {
        return adjacency.length;
    }

    public String name() {
        return name;
    }

    /** Sorted neighbours of {@code i} (a copy). */
    public int[] neighbours(int i) {
        return adjacency[checkNode(i)].clone();
    }

    public int degree(int i) {
        return adjacency[checkNode(i)].length;
    }

    public boolean hasEdge(int i, int j) {
        checkNode(i);
        checkNode(j);
        return Arrays.binarySearch(adjacency[i], j) >= 0;
    }

    public int edgeCount() {
        return edgeCount;
    }

    /** Each undirected edge once as {i, j} with i < j, in lexicographic order. */
    public List<int[]> edges() {
        List<int[]> out = new ArrayList<>(edgeCount);
        for (int i = 0; i < adjacency.length; i++) {
            for (int j : adjacency[i]) {
                if (i < j) {
                    out.add(new int[] {i, j});
                }
            }
        }
        return out;
    }

    public boolean isConnected() {
        return components().size() == 1;
    }

    /** Connected components, each a sorted node array, ordered by their smallest node. */
    public List<int[]> components() {
        int n = adjacency.length;
        boolean[] seen = new boolean[n];
        List<int[]> out = new ArrayList<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int start = 0; start < n; start++) {
            if (seen[start]) {
                continue;
            }
            List<Integer> comp = new ArrayList<>();
            seen[start] = true;
            queue.add(start);
            while (!queue.isEmpty()) {
                int u = queue.poll();
                comp.add(u);
                for (int v : adjacency[u]) {
                    if (!seen[v]) {
                        seen[v] = true;
                        queue.add(v);
                    }
                }
            }
            Collections.sort(comp);
            out.add(comp.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    /** Throws with the component count when disconnected: consensus is impossible across components. */
    public Graph requireConnected() {
        List<int[]> comps = components();
        if (comps.size() != 1) {
            throw new IllegalArgumentException("graph " + name + " with n=" + size() + " is disconnected ("
                    + comps.size() + " components); agents in different components can never reach consensus");
        }
        return this;
    }

    /** A new graph keeping only the edges {i, j} (i < j) for which {@code keep} is true. */
    public Graph filterEdges(BiPredicate<Integer, Integer> keep) {
        List<long[]> kept = edgeList();
        for (int[] e : edges()) {
            if (keep.test(e[0], e[1])) {
                kept.add(new long[] {e[0], e[1]});
            }
        }
        return new Graph(name + "[filtered]", size(), kept);
    }

    /** A new graph without the edges {i, j} (i < j) for which {@code drop} is true. */
    public Graph withoutEdges(BiPredicate<Integer, Integer> drop) {
        return filterEdges(drop.negate());
    }

    public int minDegree() {
        return Arrays.stream(adjacency).mapToInt(a -> a.length).min().orElse(0);
    }

    public int maxDegree() {
        return Arrays.stream(adjacency).mapToInt(a -> a.length).max().orElse(0);
    }

    /** One line for logs and reports, e.g. "ring: n=8, |E|=8, degree 2, connected". */
    public String describe() {
        int lo = minDegree();
        int hi = maxDegree();
        String deg = lo == hi ? "degree " + lo : "degree " + lo + ".." + hi;
        int comps = components().size();
        return name + ": n=" + size() + ", |E|=" + edgeCount + ", " + deg + ", "
                + (comps == 1 ? "connected" : "disconnected (" + comps + " components)");
    }

    private int checkNode(int i) {
        if (i < 0 || i >= adjacency.length) {
            throw new IndexOutOfBoundsException("node " + i + " is outside [0, " + adjacency.length + ")");
        }
        return i;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Graph && Arrays.deepEquals(adjacency, ((Graph) o).adjacency);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(adjacency);
    }

    @Override
    public String toString() {
        return describe();
    }
}

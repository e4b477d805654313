package pcasgd.delay;

import pcasgd.topology.Graph;

/** Fixed per-link delays from a matrix: matrix[from][to] steps. The diagonal is ignored (self is on time). */
public final class PerLinkDelay implements DelayModel {
    private final int[][] matrix;
    private final int max;

    public PerLinkDelay(int[][] matrix) {
        if (matrix == null || matrix.length == 0) {
            throw new IllegalArgumentException("delay matrix must be a non-empty square matrix");
        }
        int n = matrix.length;
        this.matrix = new int[n][];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (matrix[i] == null || matrix[i].length != n) {
                throw new IllegalArgumentException("delay matrix must be square: row " + i + " has "
                        + (matrix[i] == null ? 0 : matrix[i].length) + " entries, expected " + n);
            }
            this.matrix[i] = matrix[i].clone();
            for (int j = 0; j < n; j++) {
                if (matrix[i][j] < 0) {
                    throw new IllegalArgumentException("delay matrix entry [" + i + "][" + j + "] = " + matrix[i][j]
                            + " must be >= 0");
                }
                if (i != j) {
                    m = Math.max(m, matrix[i][j]);
                }
            }
        }
        this.max = m;
    }

    /** As the constructor, and checks the matrix has one row per node of {@code graph}. */
    public static PerLinkDelay forGraph(Graph graph, int[][] matrix) {
        PerLinkDelay d = new PerLinkDelay(matrix);
        if (d.size() != graph.size()) {
            throw new IllegalArgumentException("delay matrix is " + d.size() + "x" + d.size()
                    + " but the graph has " + graph.size() + " nodes");
        }
        return d;
    }

    public int size() {
        return matrix.length;
    }

    @Override
    public int delay(int from, int to, long step) {
        return from == to ? 0 : matrix[from][to];
    }

    @Override
    public int maxDelay() {
        return max;
    }

    @Override
    public String describe() {
        return "per-link delay matrix " + matrix.length + "x" + matrix.length + ", max=" + max;
    }

    @Override
    public String toString() {
        return describe();
    }
}

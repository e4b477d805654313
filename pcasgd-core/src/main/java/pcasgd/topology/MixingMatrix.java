package pcasgd.topology;

import pcasgd.algorithm.ClipWeights;

import java.util.Arrays;
import java.util.function.BiPredicate;

/**
 * The gossip weights W = [w_ij]: agent i's consensus step is Σ_j w_ij x_j. Immutable.
 *
 * <p>Matrices built by {@link #metropolisHastings} and {@link #of} are validated symmetric and
 * doubly stochastic, as the theory requires. {@link #withDelayedLinksOnDiagonal} is the exception:
 * it moves weight per row, so with an asymmetric delay set the result is only row stochastic;
 * it is returned unvalidated and {@link #isDoublyStochastic}/{@link #isSymmetric} report the truth.
 */
public final class MixingMatrix {
    private static final double TOLERANCE = 1e-9;

    private final double[][] w;
    // Lazily computed (O(n³)); a benign race at worst computes the same value twice.
    private volatile Double e2;

    private MixingMatrix(double[][] w) {
        this.w = w;
    }

    /** w_ij = 1 / (1 + max(deg i, deg j)) on edges, w_ii = 1 − Σ_{j≠i} w_ij. */
    public static MixingMatrix metropolisHastings(Graph g) {
        int n = g.size();
        double[][] w = new double[n][n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j : g.neighbours(i)) {
                w[i][j] = 1.0 / (1 + Math.max(g.degree(i), g.degree(j)));
                sum += w[i][j];
            }
            w[i][i] = 1.0 - sum;
        }
        return new MixingMatrix(w);
    }

    /** A user-given W, checked square, symmetric, non-negative and doubly stochastic (to 1e-9). */
    public static MixingMatrix of(double[][] weights) {
        int n = weights.length;
        if (n == 0) {
            throw new IllegalArgumentException("mixing matrix must have at least one row");
        }
        double[][] w = new double[n][];
        for (int i = 0; i < n; i++) {
            if (weights[i] == null || weights[i].length != n) {
                throw new IllegalArgumentException("mixing matrix must be square: row " + i + " has "
                        + (weights[i] == null ? 0 : weights[i].length) + " entries, expected " + n);
            }
            w[i] = weights[i].clone();
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (!(w[i][j] >= 0.0) || Double.isInfinite(w[i][j])) {
                    throw new IllegalArgumentException("mixing matrix entry (" + i + ", " + j + ") = " + w[i][j]
                            + " must be a finite non-negative number");
                }
                if (j > i && Math.abs(w[i][j] - w[j][i]) > TOLERANCE) {
                    throw new IllegalArgumentException("mixing matrix is not symmetric: w[" + i + "][" + j + "] = "
                            + w[i][j] + " but w[" + j + "][" + i + "] = " + w[j][i]);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            double row = rowSum(w, i);
            if (Math.abs(row - 1.0) > TOLERANCE) {
                throw new IllegalArgumentException("mixing matrix row " + i + " sums to " + row + ", expected 1");
            }
            double col = colSum(w, i);
            if (Math.abs(col - 1.0) > TOLERANCE) {
                throw new IllegalArgumentException("mixing matrix column " + i + " sums to " + col + ", expected 1");
            }
        }
        return new MixingMatrix(w);
    }

    /**
     * W̃ of the clipping step: every delayed entry w_ij (i ≠ j, as judged by {@code delayed(i, j)},
     * i.e. i's copy of j is stale) is moved onto w_ii in row i. Row sums stay 1; the matrix stays
     * symmetric and doubly stochastic exactly when the delay set is symmetric.
     */
    public MixingMatrix withDelayedLinksOnDiagonal(BiPredicate<Integer, Integer> delayed) {
        int n = w.length;
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            out[i] = w[i].clone();
            for (int j = 0; j < n; j++) {
                if (j != i && out[i][j] != 0.0 && delayed.test(i, j)) {
                    out[i][i] = ClipWeights.selfWeightAfterDropping(out[i][i], out[i][j]);
                    out[i][j] = 0.0;
                }
            }
        }
        return new MixingMatrix(out);
    }

    public int size() {
        return w.length;
    }

    public double weight(int i, int j) {
        return w[i][j];
    }

    public double selfWeight(int i) {
        return w[i][i];
    }

    /** Row i (a copy): the weights agent i applies to everyone. */
    public double[] row(int i) {
        return w[i].clone();
    }

    /** A deep copy of the whole matrix. */
    public double[][] toArray() {
        double[][] out = new double[w.length][];
        for (int i = 0; i < w.length; i++) {
            out[i] = w[i].clone();
        }
        return out;
    }

    public boolean isDoublyStochastic(double tol) {
        for (int i = 0; i < w.length; i++) {
            if (Math.abs(rowSum(w, i) - 1.0) > tol || Math.abs(colSum(w, i) - 1.0) > tol) {
                return false;
            }
            for (double v : w[i]) {
                if (v < -tol) {
                    return false;
                }
            }
        }
        return true;
    }

    public boolean isSymmetric(double tol) {
        for (int i = 0; i < w.length; i++) {
            for (int j = i + 1; j < w.length; j++) {
                if (Math.abs(w[i][j] - w[j][i]) > tol) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * e₂(W): the largest |λ| after removing the one eigenvalue closest to 1 (the consensus
     * direction 1/√n). Below 1 for a connected graph; equals 1 if the graph is disconnected.
     * For a non-symmetric W̃ (asymmetric delays) it is computed on the symmetric part (W + Wᵀ)/2,
     * which coincides with W̃ whenever the delays are symmetric.
     */
    public double secondLargestEigenvalueModulus() {
        Double cached = e2;
        if (cached == null) {
            cached = computeE2();
            e2 = cached;
        }
        return cached;
    }

    private double computeE2() {
        int n = w.length;
        if (n == 1) {
            return 0.0;
        }
        double[][] sym = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                sym[i][j] = 0.5 * (w[i][j] + w[j][i]);
            }
        }
        double[] ev = SymmetricEigen.eigenvalues(sym);
        int closest = 0;
        for (int k = 1; k < n; k++) {
            if (Math.abs(ev[k] - 1.0) < Math.abs(ev[closest] - 1.0)) {
                closest = k;
            }
        }
        double max = 0;
        for (int k = 0; k < n; k++) {
            if (k != closest) {
                max = Math.max(max, Math.abs(ev[k]));
            }
        }
        return max;
    }

    private static double rowSum(double[][] w, int i) {
        double s = 0;
        for (double v : w[i]) {
            s += v;
        }
        return s;
    }

    private static double colSum(double[][] w, int j) {
        double s = 0;
        for (double[] row : w) {
            s += row[j];
        }
        return s;
    }

    /** One line for logs: size, e₂ and the spectral gap 1 − e₂ that governs consensus speed. */
    public String describe() {
        double e = secondLargestEigenvalueModulus();
        return String.format(java.util.Locale.ROOT, "mixing matrix n=%d, e2=%.6f, spectral gap=%.6f", w.length, e, 1 - e);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MixingMatrix && Arrays.deepEquals(w, ((MixingMatrix) o).w);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(w);
    }

    @Override
    public String toString() {
        return describe();
    }
}

package pcasgd.topology;

import java.util.Arrays;

/**
 * Eigenvalues of a real symmetric matrix by the cyclic Jacobi method. Chosen over a library call
 * because mixing matrices are small (n = number of agents) and Jacobi is simple, dependency-free
 * and accurate to machine precision for symmetric input, which is all e₂(W) needs.
 */
public final class SymmetricEigen {
    private static final int MAX_SWEEPS = 100;

    private SymmetricEigen() {
    }

    /**
     * All eigenvalues of the symmetric matrix {@code a}, sorted in descending order.
     *
     * @throws IllegalArgumentException if {@code a} is not square or not symmetric (to 1e-9 relative)
     */
    public static double[] eigenvalues(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][];
        double scale = 0;
        for (int i = 0; i < n; i++) {
            if (a[i].length != n) {
                throw new IllegalArgumentException("matrix must be square: row " + i + " has " + a[i].length
                        + " entries, expected " + n);
            }
            m[i] = a[i].clone();
            for (double v : m[i]) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (Math.abs(m[i][j] - m[j][i]) > 1e-9 * Math.max(1.0, scale)) {
                    throw new IllegalArgumentException("Jacobi needs a symmetric matrix, but entry (" + i + ", " + j
                            + ") = " + m[i][j] + " differs from (" + j + ", " + i + ") = " + m[j][i]);
                }
            }
        }
        jacobi(m);
        double[] ev = new double[n];
        for (int i = 0; i < n; i++) {
            ev[i] = m[i][i];
        }
        Arrays.sort(ev);
        for (int i = 0, k = n - 1; i < k; i++, k--) {
            double t = ev[i];
            ev[i] = ev[k];
            ev[k] = t;
        }
        return ev;
    }

    /** Rotates {@code m} in place towards diagonal form; only the upper triangle is trusted. */
    private static void jacobi(double[][] m) {
        int n = m.length;
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            double diag = 0;
            for (int p = 0; p < n; p++) {
                diag += m[p][p] * m[p][p];
                for (int q = p + 1; q < n; q++) {
                    off += m[p][q] * m[p][q];
                }
            }
            // Stop once the off-diagonal mass is at rounding level relative to the diagonal.
            if (off <= 1e-30 * Math.max(diag, Double.MIN_NORMAL)) {
                return;
            }
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (m[p][q] != 0.0) {
                        rotate(m, p, q);
                    }
                }
            }
        }
    }

    /** One Jacobi rotation zeroing m[p][q] (Golub & Van Loan, Alg. 8.4.1, stable tan form). */
    private static void rotate(double[][] m, int p, int q) {
        double apq = m[p][q];
        double theta = (m[q][q] - m[p][p]) / (2.0 * apq);
        // The smaller root keeps the rotation angle below π/4, which is what makes the sweep converge.
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1.0));
        if (theta == 0.0) {
            t = 1.0;
        }
        double c = 1.0 / Math.sqrt(t * t + 1.0);
        double s = t * c;
        int n = m.length;
        for (int k = 0; k < n; k++) {
            double mkp = m[k][p];
            double mkq = m[k][q];
            m[k][p] = c * mkp - s * mkq;
            m[k][q] = s * mkp + c * mkq;
        }
        for (int k = 0; k < n; k++) {
            double mpk = m[p][k];
            double mqk = m[q][k];
            m[p][k] = c * mpk - s * mqk;
            m[q][k] = s * mpk + c * mqk;
        }
        m[p][q] = 0.0;
        m[q][p] = 0.0;
    }
}

package pcasgd.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

    @Test
    void tridiagonalThreeByThreeMatchesClosedForm() {
        // [[2,1,0],[1,2,1],[0,1,2]]: eigenvalues 2 + 2cos(kπ/4), k = 1..3 = 2+√2, 2, 2−√2
        double[][] a = {{2, 1, 0}, {1, 2, 1}, {0, 1, 2}};
        double r2 = Math.sqrt(2);
        assertArrayEquals(new double[] {2 + r2, 2, 2 - r2}, SymmetricEigen.eigenvalues(a), 1e-12);
    }

    @Test
    void denseThreeByThreeWithIntegerEigenvalues() {
        // [[2,0,0],[0,3,4],[0,4,9]]: block [[3,4],[4,9]] has λ = 6 ± 5 → 11, 1; plus 2
        double[][] a = {{2, 0, 0}, {0, 3, 4}, {0, 4, 9}};
        assertArrayEquals(new double[] {11, 2, 1}, SymmetricEigen.eigenvalues(a), 1e-12);
    }

    @Test
    void fullyCoupledThreeByThree() {
        // J₃ + I has eigenvalues 4, 1, 1 (repeated eigenvalue)
        double[][] a = {{2, 1, 1}, {1, 2, 1}, {1, 1, 2}};
        assertArrayEquals(new double[] {4, 1, 1}, SymmetricEigen.eigenvalues(a), 1e-12);
    }

    @Test
    void doesNotModifyItsInput() {
        double[][] a = {{2, 1}, {1, 2}};
        SymmetricEigen.eigenvalues(a);
        assertArrayEquals(new double[] {2, 1}, a[0]);
    }

    @Test
    void rejectsNonSymmetricAndNonSquare() {
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.eigenvalues(new double[][] {{1, 2}, {0, 1}}));
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.eigenvalues(new double[][] {{1, 2}}));
    }
}

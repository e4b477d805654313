package pcasgd.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class MixingMatrixTest {

    @Test
    void ringOfEightHasWeightsOneThirdAndKnownE2() {
        MixingMatrix w = MixingMatrix.metropolisHastings(Graph.ring(8));
        for (int i = 0; i < 8; i++) {
            assertEquals(1.0 / 3, w.selfWeight(i), 1e-15);
            assertEquals(1.0 / 3, w.weight(i, (i + 1) % 8), 1e-15);
            assertEquals(1.0 / 3, w.weight(i, (i + 7) % 8), 1e-15);
            assertEquals(0.0, w.weight(i, (i + 4) % 8));
        }
        // circulant: λ_k = 1/3 + (2/3)cos(2πk/8); the largest modulus after k = 0 is at k = 1
        double expected = 1.0 / 3 + (2.0 / 3) * Math.cos(2 * Math.PI / 8);
        assertEquals(0.80474, expected, 1e-5);
        assertEquals(expected, w.secondLargestEigenvalueModulus(), 1e-9);
    }

    @Test
    void largeRingMatchesClosedForm() {
        // exercises Jacobi on a 200x200 matrix with many near-degenerate eigenvalue pairs
        double expected = 1.0 / 3 + (2.0 / 3) * Math.cos(2 * Math.PI / 200);
        assertEquals(expected, MixingMatrix.metropolisHastings(Graph.ring(200)).secondLargestEigenvalueModulus(), 1e-9);
    }

    @Test
    void completeGraphMixesInOneStep() {
        for (int n : new int[] {2, 3, 5, 10}) {
            MixingMatrix w = MixingMatrix.metropolisHastings(Graph.complete(n));
            assertEquals(1.0 / n, w.weight(0, n - 1), 1e-15);
            assertEquals(0.0, w.secondLargestEigenvalueModulus(), 1e-9, "K_" + n);
        }
    }

    @Test
    void torusFourByFourHasE2ThreeFifths() {
        // λ = 1/5 + (2/5)(cos(πa/2) + cos(πb/2)): second largest 3/5, smallest −3/5
        MixingMatrix w = MixingMatrix.metropolisHastings(Graph.torus(4, 4));
        assertEquals(0.2, w.weight(0, 1), 1e-15);
        assertEquals(0.6, w.secondLargestEigenvalueModulus(), 1e-9);
    }

    @Test
    void metropolisHastingsIsSymmetricDoublyStochasticWithE2BelowOne() {
        for (Graph g : List.of(Graph.ring(8), Graph.torus(4, 4), Graph.complete(5), Graph.erdosRenyi(20, 0.3, 7))) {
            MixingMatrix w = MixingMatrix.metropolisHastings(g);
            assertTrue(w.isSymmetric(1e-12), g.describe());
            assertTrue(w.isDoublyStochastic(1e-12), g.describe());
            double[] row = w.row(3);
            double sum = 0;
            for (double v : row) {
                sum += v;
                assertTrue(v >= 0);
            }
            assertEquals(1.0, sum, 1e-12);
            double e2 = w.secondLargestEigenvalueModulus();
            assertTrue(e2 < 1 - 1e-6 && e2 >= 0, g.describe() + " e2=" + e2);
            // MixingMatrix.of accepts its own output
            assertEquals(w, MixingMatrix.of(w.toArray()));
        }
    }

    @Test
    void disconnectedGraphHasE2One() {
        Graph pairs = Graph.ring(8).filterEdges((i, j) -> i % 2 == 0 && j == i + 1);
        assertEquals(1.0, MixingMatrix.metropolisHastings(pairs).secondLargestEigenvalueModulus(), 1e-9);
    }

    @Test
    void ofRejectsBadMatricesWithMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MixingMatrix.of(new double[][] {{0.5, 0.5}, {0.4, 0.6}}));
        assertTrue(e.getMessage().contains("not symmetric"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> MixingMatrix.of(new double[][] {{0.5, 0.4}, {0.4, 0.6}}));
        assertTrue(e.getMessage().contains("row 0"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> MixingMatrix.of(new double[][] {{1.5, -0.5}, {-0.5, 1.5}}));
        assertTrue(e.getMessage().contains("non-negative"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> MixingMatrix.of(new double[][] {{1, 0}, {0}}));
        assertTrue(e.getMessage().contains("square"), e.getMessage());
    }

    @Test
    void ofCopiesItsInput() {
        double[][] a = {{0.5, 0.5}, {0.5, 0.5}};
        MixingMatrix w = MixingMatrix.of(a);
        a[0][0] = 9;
        assertEquals(0.5, w.weight(0, 0));
        w.row(0)[0] = 9;
        assertEquals(0.5, w.weight(0, 0));
    }

    @Test
    void delayedLinksMoveOntoTheDiagonal() {
        MixingMatrix w = MixingMatrix.metropolisHastings(Graph.ring(8));
        // symmetric delay on edge {0,1}
        MixingMatrix wt = w.withDelayedLinksOnDiagonal((i, j) -> (i == 0 && j == 1) || (i == 1 && j == 0));
        assertEquals(2.0 / 3, wt.selfWeight(0), 1e-15);
        assertEquals(0.0, wt.weight(0, 1));
        assertEquals(0.0, wt.weight(1, 0));
        assertEquals(1.0 / 3, wt.weight(0, 7), 1e-15);
        assertTrue(wt.isDoublyStochastic(1e-12));
        assertTrue(wt.isSymmetric(1e-12));
        // slowing links can only slow mixing
        assertTrue(wt.secondLargestEigenvalueModulus() > w.secondLargestEigenvalueModulus());
        assertTrue(wt.secondLargestEigenvalueModulus() < 1);

        // one-directional delay: still row stochastic, no longer doubly stochastic
        MixingMatrix asym = w.withDelayedLinksOnDiagonal((i, j) -> i == 0 && j == 1);
        assertFalse(asym.isDoublyStochastic(1e-9));
        assertFalse(asym.isSymmetric(1e-9));
        assertEquals(1.0, sum(asym.row(0)), 1e-12);
        assertTrue(asym.secondLargestEigenvalueModulus() < 1);

        // every other link slow on a ring: the on-time graph is cut, e₂(W̃) = 1
        MixingMatrix cut = w.withDelayedLinksOnDiagonal((i, j) -> Math.min(i, j) % 2 == 1
                || (Math.min(i, j) == 0 && Math.max(i, j) == 7));
        assertEquals(1.0, cut.secondLargestEigenvalueModulus(), 1e-9);
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}

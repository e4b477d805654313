package pcasgd.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class GraphTest {

    @Test
    void ringHasDegreeTwoAndNEdges() {
        Graph g = Graph.ring(8);
        assertEquals(8, g.size());
        assertEquals(8, g.edgeCount());
        assertArrayEquals(new int[] {1, 7}, g.neighbours(0));
        for (int i = 0; i < 8; i++) {
            assertEquals(2, g.degree(i));
        }
        assertTrue(g.hasEdge(7, 0));
        assertFalse(g.hasEdge(0, 2));
        assertTrue(g.isConnected());
    }

    @Test
    void ringOfTwoIsASingleEdge() {
        Graph g = Graph.ring(2);
        assertEquals(1, g.edgeCount());
        assertEquals(1, g.degree(0));
        assertThrows(IllegalArgumentException.class, () -> Graph.ring(1));
    }

    @Test
    void torusOfSixteenIsFourByFourWithDegreeFour() {
        Graph g = Graph.torus(16);
        assertEquals(16, g.size());
        assertEquals(32, g.edgeCount());
        for (int i = 0; i < 16; i++) {
            assertEquals(4, g.degree(i));
        }
        assertTrue(g.describe().contains("4x4"), g.describe());
        // node 0 = (0,0): right 1, left 3, down 4, up 12
        assertArrayEquals(new int[] {1, 3, 4, 12}, g.neighbours(0));
    }

    @Test
    void torusWithASideOfTwoHasNoDuplicateEdges() {
        Graph square = Graph.torus(2, 2);
        assertEquals(4, square.edgeCount());
        assertEquals(2, square.degree(0));
        Graph g = Graph.torus(2, 3);
        assertEquals(9, g.edgeCount());
        for (int i = 0; i < 6; i++) {
            assertEquals(3, g.degree(i));
        }
        assertTrue(Graph.torus(6).describe().contains("2x3"));
    }

    @Test
    void torusRejectsPrimeAndSmallN() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Graph.torus(7));
        assertTrue(e.getMessage().contains("prime"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Graph.torus(3));
        assertThrows(IllegalArgumentException.class, () -> Graph.torus(1, 5));
    }

    @Test
    void completeGraphHasAllPairs() {
        Graph g = Graph.complete(5);
        assertEquals(10, g.edgeCount());
        assertEquals(4, g.degree(2));
        assertTrue(Graph.complete(1).isConnected());
    }

    @Test
    void erdosRenyiIsDeterministicAndConnected() {
        Graph a = Graph.erdosRenyi(20, 0.3, 42);
        Graph b = Graph.erdosRenyi(20, 0.3, 42);
        assertEquals(a, b);
        assertTrue(a.isConnected());
        assertTrue(a.edgeCount() > 19);
    }

    @Test
    void erdosRenyiRejectsHopelesslySparseDraws() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Graph.erdosRenyi(20, 0.001, 1));
        assertTrue(e.getMessage().contains("disconnected"), e.getMessage());
        assertTrue(e.getMessage().contains("n=20"), e.getMessage());
        assertTrue(e.getMessage().contains("p=0.001"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Graph.erdosRenyi(5, 1.5, 1));
    }

    @Test
    void namedParsesKindsAndListsValidNamesOnError() {
        assertEquals(Graph.ring(6), Graph.named("ring", 6, 0, 0));
        assertEquals(Graph.torus(9), Graph.named("Torus", 9, 0, 0));
        assertEquals(Graph.complete(4), Graph.named("complete", 4, 0, 0));
        assertEquals(Graph.erdosRenyi(10, 0.5, 3), Graph.named("er", 10, 0.5, 3));
        assertEquals(Graph.erdosRenyi(10, 0.5, 3), Graph.named("erdos-renyi", 10, 0.5, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Graph.named("star", 5, 0, 0));
        for (String k : List.of("ring", "torus", "complete", "erdos-renyi")) {
            assertTrue(e.getMessage().contains(k), e.getMessage());
        }
    }

    @Test
    void rejectsNonPositiveSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Graph.complete(0));
        assertTrue(e.getMessage().contains("n >= 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Graph.fromEdges(-1, List.of()));
    }

    @Test
    void fromEdgesMergesDuplicatesAndRejectsBadEdges() {
        Graph g = Graph.fromEdges(3, List.of(new int[] {0, 1}, new int[] {1, 0}, new int[] {1, 2}));
        assertEquals(2, g.edgeCount());
        assertThrows(IllegalArgumentException.class, () -> Graph.fromEdges(3, List.of(new int[] {1, 1})));
        assertThrows(IllegalArgumentException.class, () -> Graph.fromEdges(3, List.of(new int[] {0, 3})));
    }

    @Test
    void edgesListsEachUndirectedEdgeOnceSmallFirst() {
        List<int[]> edges = Graph.ring(4).edges();
        assertEquals(4, edges.size());
        for (int[] e : edges) {
            assertTrue(e[0] < e[1]);
        }
        assertArrayEquals(new int[] {0, 3}, edges.get(1));
    }

    @Test
    void ringWithEveryOtherEdgeRemovedSplitsIntoPairs() {
        Graph ring = Graph.ring(8);
        // edges (0,1),(2,3),(4,5),(6,7) kept; (1,2),(3,4),(5,6),(0,7) dropped
        Graph cut = ring.filterEdges((i, j) -> i % 2 == 0 && j == i + 1);
        assertEquals(4, cut.edgeCount());
        List<int[]> comps = cut.components();
        assertEquals(4, comps.size());
        assertArrayEquals(new int[] {0, 1}, comps.get(0));
        assertFalse(cut.isConnected());
        assertEquals(cut, ring.withoutEdges((i, j) -> !(i % 2 == 0 && j == i + 1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, cut::requireConnected);
        assertTrue(e.getMessage().contains("disconnected"), e.getMessage());
        assertTrue(e.getMessage().contains("4 components"), e.getMessage());
        assertEquals(ring, ring.requireConnected());
    }

    @Test
    void describeSummarisesTheGraph() {
        assertEquals("ring: n=8, |E|=8, degree 2, connected", Graph.ring(8).describe());
    }
}

package pcasgd.delay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

import pcasgd.topology.Graph;

class StragglerAndMatrixDelayTest {

    @Test
    void aStragglerComputesSlowerAndKeepsItsLinksDelays() {
        // base 2 on every link, k = 3: links keep their delay, the stragglers take one step per 3
        DelayModel base = new LinkDelay(Graph.ring(6), LateLinks.all(), DelayAmount.fixed(2), 0);
        StragglerDelay d = new StragglerDelay(base, Set.of(0, 5), 3);
        assertEquals(2, d.delay(0, 1, 7));
        assertEquals(2, d.delay(1, 0, 7));
        assertEquals(2, d.maxDelay());
        assertEquals(3, d.computeFactor(0));
        assertEquals(3, d.computeFactor(5));
        assertEquals(1, d.computeFactor(1));
        assertEquals(1, base.computeFactor(0), "without stragglers everyone computes at the same pace");
    }

    @Test
    void factorOneAndNoStragglersChangeNothing() {
        DelayModel base = new PerLinkDelay(new int[][] {{0, 2}, {1, 0}});
        assertEquals(2, new StragglerDelay(base, Set.of(0), 1).delay(0, 1, 0));
        assertEquals(1, new StragglerDelay(base, Set.of(0), 1).computeFactor(0));
        assertEquals(2, new StragglerDelay(base, Set.of(), 5).maxDelay());
        assertThrows(IllegalArgumentException.class, () -> new StragglerDelay(base, Set.of(0), 0));
        assertThrows(IllegalArgumentException.class, () -> new StragglerDelay(base, Set.of(-1), 2));
    }

    @Test
    void perLinkMatrix() {
        PerLinkDelay d = new PerLinkDelay(new int[][] {{7, 1, 0}, {2, 0, 3}, {0, 4, 0}});
        assertEquals(1, d.delay(0, 1, 0));
        assertEquals(2, d.delay(1, 0, 99));
        assertEquals(0, d.delay(0, 0, 0), "diagonal is ignored");
        assertEquals(4, d.maxDelay());
    }

    @Test
    void perLinkMatrixValidation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PerLinkDelay(new int[][] {{0, 1}, {1}}));
        assertTrue(e.getMessage().contains("square"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PerLinkDelay(new int[][] {{0, -1}, {1, 0}}));
        assertTrue(e.getMessage().contains("[0][1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> PerLinkDelay.forGraph(Graph.ring(3), new int[][] {{0, 1}, {1, 0}}));
        assertTrue(e.getMessage().contains("3 nodes"), e.getMessage());
    }
}

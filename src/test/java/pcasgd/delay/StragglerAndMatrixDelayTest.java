package pcasgd.delay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

import pcasgd.topology.Graph;

class StragglerAndMatrixDelayTest {

    @Test
    void stragglerOnFastLinksIsFactorMinusOneStepsOld() {
        // base 0, k = 4: 0·4 + 3 = 3
        StragglerDelay d = new StragglerDelay(DelayModel.none(), Set.of(2), 4);
        assertEquals(3, d.delay(2, 1, 0));
        assertEquals(0, d.delay(1, 2, 0), "messages TO a straggler are unchanged");
        assertEquals(0, d.delay(2, 2, 0));
        assertEquals(3, d.maxDelay());
    }

    @Test
    void stragglerStretchesTheBaseDelay() {
        // base 2, k = 3: 2·3 + 2 = 8
        DelayModel base = new LinkDelay(Graph.ring(6), LateLinks.all(), DelayAmount.fixed(2), 0);
        StragglerDelay d = new StragglerDelay(base, Set.of(0, 5), 3);
        assertEquals(8, d.delay(0, 1, 7));
        assertEquals(8, d.delay(5, 4, 7));
        assertEquals(2, d.delay(1, 0, 7));
        assertEquals(8, d.maxDelay());
    }

    @Test
    void factorOneAndNoStragglersChangeNothing() {
        DelayModel base = new PerLinkDelay(new int[][] {{0, 2}, {1, 0}});
        assertEquals(2, new StragglerDelay(base, Set.of(0), 1).delay(0, 1, 0));
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

package pcasgd.delay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import pcasgd.topology.Graph;

class OnTimeGraphTest {
    private final Graph ring8 = Graph.ring(8);

    @Test
    void everyOtherSlowLinkSplitsTheRingIntoPairs() {
        int[][] m = new int[8][8];
        for (int i = 1; i < 8; i += 2) {
            int j = (i + 1) % 8;
            m[i][j] = 2;   // one direction late is enough to exclude the link
        }
        DelayModel d = new PerLinkDelay(m);
        Graph onTime = OnTimeGraph.at(ring8, d, 0);
        assertEquals(4, onTime.edgeCount());
        assertEquals(4, onTime.components().size());
        Optional<String> warning = OnTimeGraph.clippingWarning(ring8, d, 0);
        assertTrue(warning.isPresent());
        assertTrue(warning.get().contains("4 components"), warning.get());
    }

    @Test
    void noDelayKeepsTheWholeGraph() {
        assertEquals(ring8, OnTimeGraph.at(ring8, DelayModel.none(), 5));
        assertFalse(OnTimeGraph.clippingWarning(ring8, DelayModel.none(), 5).isPresent());
    }

    @Test
    void oneSlowLinkOnARingKeepsItConnected() {
        int[][] m = new int[8][8];
        m[3][4] = 1;
        assertFalse(OnTimeGraph.clippingWarning(ring8, new PerLinkDelay(m), 0).isPresent());
    }
}

package pcasgd.delay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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

    @Test
    void keepConnectedLeavesTheOnTimeLinksConnectedOnEverySeed() {
        // the slow edges are drawn only outside a seeded spanning tree: the on-time links keep that tree, so they connect
        // every agent, and as many edges are slow as asked up to all |E| - (n - 1) outside it; a ring can spare one
        List<Graph> graphs = List.of(Graph.ring(8), Graph.torus(3, 4), Graph.complete(6), Graph.erdosRenyi(12, 0.4, 3));
        int disconnectedWithout = 0;
        for (Graph g : graphs) {
            int spare = g.edgeCount() - (g.size() - 1);
            for (double fraction : new double[] {0.25, 0.5, 1.0}) {
                for (long seed = 0; seed < 10; seed++) {
                    String what = g.describe() + ", late fraction " + fraction + ", seed " + seed;
                    DelaySpec.Builder b = DelaySpec.builder().type("fixed").tau(3).lateFraction(fraction).seed(seed);
                    DelayModel kept = b.keepConnected(true).build().build(g);
                    int asked = (int) Math.round(fraction * g.edgeCount());
                    assertEquals(Math.min(asked, spare), ((LinkDelay) kept).slowLinks().size(), what);
                    for (long step = 0; step < 3; step++) {
                        Graph onTime = OnTimeGraph.at(g, kept, step);
                        assertTrue(onTime.isConnected(), what + ": on-time links " + onTime.edges().size());
                        assertEquals(g.edgeCount() - Math.min(asked, spare), onTime.edgeCount(), what);
                    }
                    assertFalse(OnTimeGraph.clippingWarning(g, kept, 0).isPresent(), what);
                    if (!OnTimeGraph.at(g, b.keepConnected(false).build().build(g), 0).isConnected()) {
                        disconnectedWithout++;
                    }
                }
            }
        }
        // drawn among all edges instead, the slow links cut the graph in many of these cases: at least in each of the
        // ring's 30 draws (2, 4 or 8 of its 8 edges slow; any two cut a ring)
        assertTrue(disconnectedWithout >= 30, "only " + disconnectedWithout + " of 120 draws cut the graph without keepConnected");
    }
}

package pcasgd.delay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import pcasgd.topology.Graph;

class LinkDelayTest {
    private final Graph ring8 = Graph.ring(8);

    @Test
    void noneIsAlwaysOnTime() {
        DelayModel d = DelayModel.none();
        assertEquals(0, d.delay(0, 1, 5));
        assertEquals(0, d.maxDelay());
    }

    @Test
    void fractionHalfOnRingOfEightSlowsExactlyFourEdgesInBothDirections() {
        LinkDelay d = new LinkDelay(ring8, LateLinks.fraction(0.5), DelayAmount.fixed(3), 11);
        assertEquals(4, d.slowLinks().size());
        int slowDirected = 0;
        for (int[] e : ring8.edges()) {
            for (long step = 0; step < 5; step++) {
                int ij = d.delay(e[0], e[1], step);
                assertEquals(ij, d.delay(e[1], e[0], step), "both directions of a slow link agree");
                assertEquals(d.isSlowLink(e[0], e[1]) ? 3 : 0, ij);
            }
            if (d.delay(e[0], e[1], 0) > 0) {
                slowDirected += 2;
            }
        }
        assertEquals(8, slowDirected);
        assertEquals(3, d.maxDelay());
        assertEquals(0, d.delay(2, 2, 0), "own message is always on time");
    }

    @Test
    void fractionRoundsToNearestEdgeCount() {
        // ring(10) has 10 edges: 0.25·10 = 2.5 rounds to 3; 0 gives no slow links and maxDelay 0
        assertEquals(3, new LinkDelay(Graph.ring(10), LateLinks.fraction(0.25), DelayAmount.fixed(1), 0)
                .slowLinks().size());
        LinkDelay none = new LinkDelay(Graph.ring(10), LateLinks.fraction(0.0), DelayAmount.fixed(4), 0);
        assertEquals(0, none.slowLinks().size());
        assertEquals(0, none.maxDelay());
    }

    @Test
    void sameSeedSameDelaysDifferentSeedDifferentSelection() {
        Graph ring20 = Graph.ring(20);
        LinkDelay a = new LinkDelay(ring20, LateLinks.fraction(0.5), DelayAmount.uniform(1, 6), 5);
        LinkDelay b = new LinkDelay(ring20, LateLinks.fraction(0.5), DelayAmount.uniform(1, 6), 5);
        LinkDelay c = new LinkDelay(ring20, LateLinks.fraction(0.5), DelayAmount.uniform(1, 6), 6);
        assertEquals(keys(a.slowLinks()), keys(b.slowLinks()));
        assertNotEquals(keys(a.slowLinks()), keys(c.slowLinks()));
        for (int[] e : ring20.edges()) {
            for (long step = 0; step < 50; step++) {
                assertEquals(a.delay(e[0], e[1], step), b.delay(e[0], e[1], step));
            }
        }
    }

    @Test
    void delaysDoNotDependOnCallOrder() {
        LinkDelay d = new LinkDelay(ring8, LateLinks.probability(0.5), DelayAmount.uniform(0, 9), 3);
        List<Integer> forward = new ArrayList<>();
        for (long step = 0; step < 100; step++) {
            forward.add(d.delay(0, 1, step));
        }
        LinkDelay fresh = new LinkDelay(ring8, LateLinks.probability(0.5), DelayAmount.uniform(0, 9), 3);
        for (long step = 99; step >= 0; step--) {
            fresh.delay(1, 0, step);
            assertEquals(forward.get((int) step), fresh.delay(0, 1, step));
        }
    }

    @Test
    void probabilityMatchesEmpiricalFrequency() {
        double p = 0.3;
        LinkDelay d = new LinkDelay(ring8, LateLinks.probability(p), DelayAmount.fixed(2), 123);
        int late = 0;
        int steps = 10_000;
        for (long step = 0; step < steps; step++) {
            if (d.isLate(3, 4, step)) {
                late++;
            }
        }
        assertEquals(p, late / (double) steps, 0.02);
        assertEquals(2, d.maxDelay());
        assertEquals(0, new LinkDelay(ring8, LateLinks.probability(0), DelayAmount.fixed(2), 1).maxDelay());
    }

    @Test
    void uniformStaysInRangeAndHitsBothEnds() {
        LinkDelay d = new LinkDelay(ring8, LateLinks.all(), DelayAmount.uniform(2, 5), 9);
        boolean sawMin = false;
        boolean sawMax = false;
        for (long step = 0; step < 2000; step++) {
            int v = d.delay(0, 7, step);
            assertTrue(v >= 2 && v <= 5, "delay " + v);
            sawMin |= v == 2;
            sawMax |= v == 5;
        }
        assertTrue(sawMin && sawMax);
        assertEquals(5, d.maxDelay());
    }

    @Test
    void allLinksFixedTau() {
        LinkDelay d = new LinkDelay(ring8, LateLinks.all(), DelayAmount.fixed(4), 0);
        assertEquals(4, d.delay(0, 1, 17));
        assertEquals(4, d.delay(5, 4, 0));
        assertTrue(d.describe().contains("tau=4"), d.describe());
    }

    @Test
    void validation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DelayAmount.fixed(-1));
        assertEquals("delay tau must be >= 0, got -1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DelayAmount.uniform(5, 2));
        assertTrue(e.getMessage().contains("min <= max"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LateLinks.fraction(1.2));
        assertThrows(IllegalArgumentException.class, () -> LateLinks.probability(-0.1));
        assertThrows(IllegalArgumentException.class, () -> LateLinks.probability(Double.NaN));
        LinkDelay d = new LinkDelay(ring8, LateLinks.all(), DelayAmount.fixed(1), 0);
        assertThrows(IndexOutOfBoundsException.class, () -> d.delay(0, 8, 0));
    }

    private static List<String> keys(List<int[]> edges) {
        List<String> out = new ArrayList<>();
        for (int[] e : edges) {
            out.add(e[0] + "-" + e[1]);
        }
        return out;
    }
}

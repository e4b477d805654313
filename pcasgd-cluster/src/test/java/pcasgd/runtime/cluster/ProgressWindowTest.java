package pcasgd.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import pcasgd.metrics.LiveProgress;

/** The agents' progress windows and the coordinator's board, on hand-computed numbers. */
class ProgressWindowTest {
    private static final long S = 1_000_000_000L;

    @Test
    void aWindowSumsAgesAndBytesPerNeighbour() {
        // agent 0 on a ring of 4: neighbours 1 (slot 0) and 3 (slot 1)
        ProgressWindow w = new ProgressWindow(new int[] {1, 3}, 10 * S, 100);
        w.arrived(0, 2);
        w.arrived(0, 4);
        w.arrived(0, 6);
        w.delivered(1, 1000);
        w.delivered(1, 1000);
        w.delivered(1, 1000);
        AgentProgress p = w.report("r", 0, 130, LiveProgress.TRAINING, 12 * S);
        assertEquals(2.0, p.seconds(), 1e-12);
        assertEquals(30, p.steps());
        assertEquals(130, p.step());
        assertArrayEquals(new int[] {1, 3}, p.neighbours());
        assertArrayEquals(new long[] {3, 0}, p.copiesIn());
        assertArrayEquals(new long[] {12, 0}, p.ageSumIn());
        assertArrayEquals(new long[] {0, 3000}, p.bytesOut());
        assertEquals(1500.0, p.bytesTo(3), 1e-12, "3 × 1000 bytes in 2 s");
        assertEquals(0.0, p.bytesTo(1), 1e-12);
        assertTrue(Double.isNaN(p.bytesTo(2)), "not a neighbour");

        // the next window starts empty
        w.arrived(1, 1);
        AgentProgress q = w.report("r", 0, 150, LiveProgress.TRAINING, 13 * S);
        assertEquals(1.0, q.seconds(), 1e-12);
        assertEquals(20, q.steps());
        assertArrayEquals(new long[] {0, 1}, q.copiesIn());
        assertArrayEquals(new long[] {0, 0}, q.bytesOut());
    }

    @Test
    void aShortLastWindowIsReportedWithTheOneBefore() {
        ProgressWindow w = new ProgressWindow(new int[] {1}, 0, 0);
        w.arrived(0, 3);
        w.delivered(0, 800);
        w.report("r", 0, 10, LiveProgress.TRAINING, S);           // [0, 1 s]: 10 steps
        w.arrived(0, 5);
        w.delivered(0, 400);
        AgentProgress last = w.report("r", 0, 12, LiveProgress.FINISHED, S + S / 5); // 0.2 s later
        assertEquals(1.2, last.seconds(), 1e-12, "the short window joins the one before");
        assertEquals(12, last.steps());
        assertArrayEquals(new long[] {2}, last.copiesIn());
        assertArrayEquals(new long[] {8}, last.ageSumIn());
        assertEquals(1000.0, last.bytesTo(1), 1e-9, "1200 bytes in 1.2 s");
        assertEquals(LiveProgress.FINISHED, last.state());
    }

    @Test
    void theBoardTakesAgesFromTheReceiverAndBytesFromTheSender() {
        ProgressBoard b = new ProgressBoard();
        // agent 0 received 3 copies from 1 of ages 2, 4, 6; agent 1 had 3 × 1000 bytes of its copies acknowledged by 0 in 2 s
        b.put(new AgentProgress("r", 0, 40, LiveProgress.TRAINING, 2.0, 20, new int[] {1}, new long[] {3},
                new long[] {12}, new long[] {500}));
        b.put(new AgentProgress("r", 1, 44, LiveProgress.HELD_BACK, 2.0, 22, new int[] {0}, new long[] {4},
                new long[] {4}, new long[] {3000}));
        LiveProgress v = b.view(Set.of(), List.of());
        assertEquals(List.of(new LiveProgress.Agent(0, 40, 10.0, LiveProgress.TRAINING),
                new LiveProgress.Agent(1, 44, 11.0, LiveProgress.HELD_BACK)), v.agents());
        assertEquals(List.of(new LiveProgress.Link(0, 1, 4, 1.0, 250.0), new LiveProgress.Link(1, 0, 3, 4.0, 1500.0)), v.links());

        // a quiet window keeps the link's last mean age; an unreachable agent keeps its step, without a rate
        b.put(new AgentProgress("r", 0, 45, LiveProgress.TRAINING, 1.0, 5, new int[] {1}, new long[] {0},
                new long[] {0}, new long[] {0}));
        LiveProgress w = b.view(Set.of(1), List.of());
        assertEquals(new LiveProgress.Agent(1, 44, 0.0, LiveProgress.UNREACHABLE), w.agents().get(1));
        LiveProgress.Link in = w.links().get(1);
        assertEquals(0, in.copies());
        assertEquals(4.0, in.meanAgeSteps(), 1e-12);
        assertTrue(Double.isNaN(in.bytesPerSecond()), "the sender is unreachable: no rate");
        assertEquals(0.0, w.links().get(0).bytesPerSecond(), 1e-12, "agent 0's copies: none acknowledged in its last second");
    }

    @Test
    void anEpochReportMovesAnAgentToTheEpochsEndWhateverOrderTheLanesDeliverIn() {
        ProgressBoard b = new ProgressBoard();
        // agent 0's last progress (step 90 of 100) is in; agent 1's none; both reports of the last epoch (ends at 100) are
        b.put(new AgentProgress("r", 0, 90, LiveProgress.TRAINING, 1.0, 9, new int[] {1}, new long[] {2},
                new long[] {6}, new long[] {0}));
        b.reached(0, 100, true);
        b.reached(1, 100, true);
        LiveProgress v = b.view(Set.of(), List.of());
        assertEquals(List.of(new LiveProgress.Agent(0, 100, 9.0, LiveProgress.FINISHED),
                new LiveProgress.Agent(1, 100, 0.0, LiveProgress.FINISHED)), v.agents());
        assertEquals(3.0, v.links().get(0).meanAgeSteps(), 1e-12, "the link's age stays the receiver's");
        // a later progress message never moves an agent back
        b.reached(0, 50, false);
        assertEquals(100, b.view(Set.of(), List.of()).agents().get(0).step());
    }

    @Test
    void aLinkWithoutCopiesYetHasNoAge() {
        ProgressBoard b = new ProgressBoard();
        b.put(new AgentProgress("r", 2, 0, LiveProgress.WAITING, 1.0, 0, new int[] {1}, new long[] {0}, new long[] {0},
                new long[] {0}));
        LiveProgress.Link l = b.view(Set.of(), List.of()).links().get(0);
        assertEquals(1, l.from());
        assertEquals(2, l.to());
        assertTrue(Double.isNaN(l.meanAgeSteps()));
        assertTrue(Double.isNaN(l.bytesPerSecond()), "agent 1 has not reported");
    }
}

package pcasgd.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import org.junit.jupiter.api.Test;

/** Latest-wins sending with flow control, driven by a scripted clock: no actor, no thread. */
class OutgoingLinkTest {
    static ParamsMessage copy(long step) {
        return ParamsMessage.withoutGradient("run", 0, 1, step, new float[] {step});
    }

    @Test
    void aSlowReceiverGetsOnlyTheNewestCopyAndTheLinkNeverHoldsMoreThanTheBound() {
        // the sender makes a copy every step; a copy takes 7 steps to reach the receiver and be acknowledged: over 10⁴ steps
        // the link holds at most `bound` copies, every copy it carries is the newest made when the link was free,
        // and what it could not carry was superseded rather than queued
        for (int bound : new int[] {1, 2}) {
            OutgoingLink link = new OutgoingLink(bound, new pcasgd.agent.LinkTraffic());
            link.open(true);
            ArrayDeque<long[]> wire = new ArrayDeque<>();   // {step, time it arrives}
            long delivered = 0;
            long lastSentStep = -1;
            int maxInFlight = 0;
            for (long k = 0; k < 10_000; k++) {
                ParamsMessage go = link.offer(copy(k), true);
                if (go != null) {
                    assertEquals(k, go.step(), "a free link carries the copy just made");
                    link.transmitted(k, 100, k);
                    wire.add(new long[] {k, k + 7});
                    lastSentStep = k;
                }
                while (!wire.isEmpty() && wire.peek()[1] <= k) {
                    long[] arrived = wire.poll();
                    assertTrue(link.delivered(arrived[0], k));
                    delivered++;
                    ParamsMessage next = link.next();
                    if (next != null) {
                        assertEquals(k, next.step(), "the pending copy is the newest made: older ones were replaced");
                        assertTrue(next.step() > lastSentStep);
                        link.transmitted(next.step(), 100, k);
                        wire.add(new long[] {next.step(), k + 7});
                        lastSentStep = next.step();
                    }
                }
                maxInFlight = Math.max(maxInFlight, link.inFlight());
            }
            assertTrue(maxInFlight <= bound, "in flight " + maxInFlight + " > bound " + bound);
            LinkCounters c = link.counters;
            assertEquals(10_000, c.produced);
            assertEquals(delivered, c.delivered);
            // each copy made is sent or superseded, but for at most one pending and `bound` in flight at the end
            assertTrue(c.produced - c.sent - c.superseded <= 1, c.produced + " " + c.sent + " " + c.superseded);
            // a link on which a copy takes 7 steps carries bound of every 7 copies: no queue grows behind it
            assertEquals(10_000.0 * bound / 7, c.sent, 2.0 * bound + 1);
            assertEquals(100 * c.delivered, c.bytesDelivered);
        }
    }

    @Test
    void aFullLinkKeepsOnePendingCopyAndAnAcknowledgementReleasesIt() {
        OutgoingLink link = new OutgoingLink(1, new pcasgd.agent.LinkTraffic());
        assertNull(link.offer(copy(0), true), "no inlet known yet: the copy waits");
        link.open(true);
        ParamsMessage first = link.next();
        assertEquals(0, first.step());
        link.transmitted(0, 10, 0);
        assertNull(link.offer(copy(1), true));
        ParamsMessage two = copy(2);
        assertNull(link.offer(two, true));
        assertEquals(1, link.counters.superseded, "copy 1 was replaced by copy 2 before the link was free");
        assertNull(link.next(), "the link is full");
        assertTrue(link.delivered(0, 5));
        assertSame(two, link.next());
        assertEquals(5, link.counters.inFlightNanos);
    }

    @Test
    void anUnacknowledgedCopyIsCountedLostAfterTheTimeout() {
        OutgoingLink link = new OutgoingLink(1, new pcasgd.agent.LinkTraffic());
        link.open(true);
        link.transmitted(link.offer(copy(0), true).step(), 10, 0);
        assertNull(link.offer(copy(1), true));
        assertTrue(link.expire(99, 100).isEmpty());
        assertEquals(0, link.expire(101, 100).get(0).step());
        assertEquals(1, link.counters.lost);
        assertEquals(1, link.next().step(), "the place is free again: the newest copy goes");
        assertTrue(!link.delivered(0, 102), "an acknowledgement of a copy counted lost changes nothing");
    }

    @Test
    void aLinkNeedsRoomForOneCopy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OutgoingLink(0, new pcasgd.agent.LinkTraffic()));
        assertTrue(e.getMessage().contains("at least one copy"), e.getMessage());
    }
}

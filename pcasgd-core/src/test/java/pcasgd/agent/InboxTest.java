package pcasgd.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import pcasgd.algorithm.NeighbourCopy;

/**
 * The staleness a receiver gives a copy before it has timed a round trip on the link ({@link LinkEstimate}
 * then takes over, with hold times and step rates), for scripted messages between two agents whose step counters
 * are d apart (the receiver ahead) over a link of T steps each way. A copy sent at s arrives at the
 * receiver's step k = s + d + T, and it acknowledges the receiver's step r = s + d − T (what the sender
 * held of it). Its age is d + T, its staleness T.
 */
class InboxTest {
    /** An inbox of an agent on its own clock, before any timed round trip: the staleness from the acknowledged step. */
    private static NeighbourCopy receive(long k, long sent, long ack) {
        Inbox inbox = Inbox.measured(new int[] {7}, new double[] {0.5}, 0.5, false, () -> 0L);
        inbox.offer(0, new HeldCopy(sent, new float[1], null, ack));
        return inbox.copies(k).copies().get(0);
    }

    @Test
    void skewAloneIsNotStaleness() {
        // d = 8, T = 0: sent 12, arrives at 20, acknowledges 20
        NeighbourCopy c = receive(20, 12, 20);
        assertEquals(8, c.age());
        assertEquals(0, c.staleness());
    }

    @Test
    void transitAloneIsAllStaleness() {
        // d = 0, T = 4: sent 12, arrives at 16, acknowledges 8
        NeighbourCopy c = receive(16, 12, 8);
        assertEquals(4, c.age());
        assertEquals(4, c.staleness());
    }

    @Test
    void skewAndTransitLeaveTheTransit() {
        // d = 5, T = 3: sent 10, arrives at 18, acknowledges 12; an odd round trip rounds down: ack 13 → ⌊5/2⌋ = 2
        assertEquals(8, receive(18, 10, 12).age());
        assertEquals(3, receive(18, 10, 12).staleness());
        assertEquals(2, receive(18, 10, 13).staleness());
    }

    @Test
    void staysWithinZeroAndTheAge() {
        // an acknowledgement from the receiver's future (it restarted from a checkpoint) says 0, never less
        assertEquals(0, receive(18, 10, 30).staleness());
        // an acknowledgement far in the past says at most the age
        assertEquals(8, receive(18, 10, -100).staleness());
    }

    @Test
    void withoutAnAcknowledgementTheStalenessIsTheAge() {
        // the simulator's agents step in lockstep and send none
        Inbox inbox = new Inbox(new int[] {7}, new double[] {0.5}, 0.5, false);
        inbox.offer(0, new HeldCopy(10, new float[1], null));
        NeighbourCopy c = inbox.copies(18).copies().get(0);
        assertEquals(8, c.age());
        assertEquals(8, c.staleness());
    }
}

package pcasgd.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The link estimate on a scripted exchange between agent A (a step every 30 ms) and agent B (every
 * 10 ms: three times A's rate); a copy takes 20 ms from A to B and 10 ms back. Every expected number
 * is worked out by hand below from the definitions in {@link LinkEstimate}.
 */
class LinkEstimateTest {
    static final long MS = 1_000_000L;

    @Test
    void unequalRatesAndTransitGiveTheHandComputedStalenessAndBothEndsAgree() {
        LinkEstimate atA = new LinkEstimate();   // A's view of the link from B
        LinkEstimate atB = new LinkEstimate();   // B's view of the link from A

        // t = 0: A sends its copy of step 0; it reaches B at 20 ms, naming nothing of B's (no round trip yet)
        atA.sent(0, 0);
        atB.received(20 * MS, HeldCopy.NO_ACK, -1, 30 * MS, Double.NaN);
        assertFalse(atB.late(), "no round trip yet: on time");

        // t = 25: B sends step 2, acknowledging A's step 0, held 25 − 20 = 5 ms; it reaches A at 35 ms
        atB.sent(2, 25 * MS);
        atA.received(35 * MS, 0, atB.holdNanos(25 * MS), 10 * MS, atB.transitSteps());
        // RTT = 35 − 0 − 5 = 30 ms, T̂ = 15 ms, σ_{B→A} = 15 / 10 = 1.5 of B's steps
        assertEquals(15 * MS, atA.transitNanos(), 1e-6);
        assertEquals(1.5, atA.transitSteps(), 1e-12);
        assertTrue(atA.late());

        // t = 60: A sends step 2, acknowledging B's step 2, held 60 − 35 = 25 ms, with σ = 1.5; it reaches B at 80 ms
        atA.sent(2, 60 * MS);
        atB.received(80 * MS, 2, atA.holdNanos(60 * MS), 30 * MS, atA.transitSteps());
        // RTT = 80 − 25 − 25 = 30 ms, T̂ = 15 ms, σ_{A→B} = 15 / 30 = 0.5 of A's steps: alone, B would keep the link...
        assertEquals(0.5, atB.transitSteps(), 1e-12);
        // ...but A's σ = 1.5 came with the copy: max(0.5, 1.5) ≥ 1 at both ends
        assertTrue(atB.late(), "B decides as A does");

        // t = 85: B sends step 8, acknowledging A's step 2, held 5 ms, with σ = 0.5; it reaches A at 95 ms
        atB.sent(8, 85 * MS);
        atA.received(95 * MS, 2, atB.holdNanos(85 * MS), 10 * MS, atB.transitSteps());
        // RTT = 95 − 60 − 5 = 30 ms again: T̂ stays 15 ms; A compares max(1.5, 0.5)
        assertEquals(15 * MS, atA.transitNanos(), 1e-6);
        assertTrue(atA.late());

        // staleness at t = 100 ms: at A, B's copy arrived 5 ms ago: ⌊(15 + 5) / 10⌋ = 2 of B's steps;
        // at B, A's copy arrived 20 ms ago: ⌊(15 + 20) / 30⌋ = 1 of A's steps; never more than the copy's age
        assertEquals(2, atA.staleness(100 * MS, 50, 0));
        assertEquals(1, atB.staleness(100 * MS, 50, 0));
        assertEquals(1, atA.staleness(100 * MS, 1, 0), "clamped to the age");
    }

    @Test
    void aFastLinkIsOnTimeAtBothEnds() {
        LinkEstimate atA = new LinkEstimate();
        LinkEstimate atB = new LinkEstimate();
        // 2 ms each way, A 30 ms a step, B 10 ms: σ_{B→A} = 2 / 10 = 0.2, σ_{A→B} = 2 / 30
        atA.sent(0, 0);
        atB.received(2 * MS, HeldCopy.NO_ACK, -1, 30 * MS, Double.NaN);
        atB.sent(1, 4 * MS);
        atA.received(6 * MS, 0, atB.holdNanos(4 * MS), 10 * MS, atB.transitSteps());
        atA.sent(1, 8 * MS);
        atB.received(10 * MS, 1, atA.holdNanos(8 * MS), 30 * MS, atA.transitSteps());
        assertEquals(0.2, atA.transitSteps(), 1e-12);
        assertEquals(2.0 / 30, atB.transitSteps(), 1e-12);
        assertFalse(atA.late());
        assertFalse(atB.late());
    }

    @Test
    void withoutATimedRoundTripTheStalenessFallsBackAndAForgottenCopyClosesNoRoundTrip() {
        LinkEstimate e = new LinkEstimate();
        assertEquals(3, e.staleness(0, 5, 3), "no estimate yet: the caller's fallback");
        assertEquals(5, e.staleness(0, 5, 9), "the fallback is clamped to the age too");
        e.sent(200, 0);      // overwrites the ring slot of step 136 (64 remembered)
        e.received(10 * MS, 136, 0, 10 * MS, Double.NaN);
        assertTrue(Double.isNaN(e.transitNanos()), "a copy sent too long ago to be remembered gives no round trip");
    }
}

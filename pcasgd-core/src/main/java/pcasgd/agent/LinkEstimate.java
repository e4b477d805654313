package pcasgd.agent;

/**
 * What agent i measures of the link from neighbour j when the two run on their own clocks and at
 * their own step rates (the actor runtimes): how long a copy takes to cross, in j's steps, whether
 * the link is late, and how stale a held copy of j's is. Pure arithmetic on the times it is given
 * (nanoseconds of this process's monotonic clock; only differences of one process's clock are ever
 * taken, so the two ends need no common clock). Not thread-safe: one owner.
 *
 * <p>The round trip. Agent i sent its copy r at t_i(r); j held r for h_j before sending its copy s,
 * which names r (its acknowledged step), h_j and j's step time ŝ_j; s arrives at i at time a:
 *
 * <pre>
 *   RTT       = a − t_i(r) − h_j                   the time both copies spent crossing, hold time removed
 *   T̂         ← T̂ + (RTT / 2 − T̂) / 4              one-way transit, smoothed (the two directions are not told apart)
 *   σ_{j→i}   = T̂ / ŝ_j                            the transit in the sender's steps: how far j moves while a copy crosses
 * </pre>
 *
 * <b>Late, alike at both ends.</b> j measures σ_{i→j} the same way and sends it with each copy; the link
 * is late when a copy takes at least one of its sender's steps to cross in either direction:
 *
 * <pre>
 *   late_ij = max(σ_{j→i}, σ_{i→j}) ≥ 1                both ends compare the same two numbers
 * </pre>
 *
 * so i leaves j out of its clipping mix exactly when j leaves i out, and W̃ keeps unit column sums
 * (the lockstep rule, for the simulator, is {@link Inbox#setLockstepLate}). Until neither end has
 * completed a round trip the link counts as on time.
 *
 * <p><b>Staleness</b> of j's copy held at time t, which arrived at a: how many steps j has made since
 * it sent the copy, ⌊(T̂ + (t − a)) / ŝ_j⌋, never more than the copy's age in the receiver's steps.
 */
public final class LinkEstimate {
    /** A step at which the transit counts as late: one of the sender's steps. */
    static final double LATE_AT = 1.0;
    private static final int SENT_RING = 64;

    private final long[] sentSteps = new long[SENT_RING];
    private final long[] sentNanos = new long[SENT_RING];
    private long arrivalNanos = Long.MIN_VALUE;
    private double transitNanos = Double.NaN;
    private double senderStepNanos = Double.NaN;
    private double peerTransitSteps = Double.NaN;

    public LinkEstimate() {
        java.util.Arrays.fill(sentSteps, Long.MIN_VALUE);
    }

    /** This agent handed its copy of {@code step} to the link at {@code now}. */
    public void sent(long step, long now) {
        int r = (int) Math.floorMod(step, (long) SENT_RING);
        sentSteps[r] = step;
        sentNanos[r] = now;
    }

    /**
     * A copy of the neighbour's arrived at {@code now}.
     *
     * @param ackStep          the newest of this agent's copies the neighbour held when it sent it ({@link HeldCopy#NO_ACK}: none)
     * @param holdNanos        how long the neighbour had held that copy when it sent (negative: unknown)
     * @param senderStepNanos  the neighbour's recent step time (not positive: unknown)
     * @param peerTransitSteps σ measured by the neighbour on the opposite direction (NaN: not yet measured)
     */
    public void received(long now, long ackStep, long holdNanos, double senderStepNanos, double peerTransitSteps) {
        arrivalNanos = now;
        if (senderStepNanos > 0) {
            this.senderStepNanos = senderStepNanos;
        }
        if (!Double.isNaN(peerTransitSteps)) {
            this.peerTransitSteps = peerTransitSteps;
        }
        if (ackStep == HeldCopy.NO_ACK || holdNanos < 0) {
            return;
        }
        int r = (int) Math.floorMod(ackStep, (long) SENT_RING);
        if (sentSteps[r] != ackStep) {
            return;     // sent too long ago to be remembered: no round trip from this copy
        }
        double rtt = now - sentNanos[r] - holdNanos;
        if (rtt < 0) {
            return;     // clocks of one process do not run backwards; a hold longer than the trip is a corrupt report
        }
        transitNanos = Double.isNaN(transitNanos) ? rtt / 2 : transitNanos + (rtt / 2 - transitNanos) / 4;
    }

    /** How long the newest copy from the neighbour has been held at {@code now}; −1 when none arrived yet. */
    public long holdNanos(long now) {
        return arrivalNanos == Long.MIN_VALUE ? -1 : now - arrivalNanos;
    }

    /** T̂: the smoothed one-way transit in nanoseconds, NaN before the first round trip. */
    public double transitNanos() {
        return transitNanos;
    }

    /** σ_{j→i} = T̂ / ŝ_j, NaN until both are known: what this end tells the other with each copy. */
    public double transitSteps() {
        return transitNanos / senderStepNanos;
    }

    /** late_ij = max(σ_{j→i}, σ_{i→j}) ≥ 1; on time while neither is known. */
    public boolean late() {
        double own = transitSteps();
        double peer = peerTransitSteps;
        double worst = Double.isNaN(own) ? peer : Double.isNaN(peer) ? own : Math.max(own, peer);
        return worst >= LATE_AT;
    }

    /**
     * How many steps the neighbour has made since it sent the copy held at {@code now}, ⌊(T̂ + (t − a)) / ŝ_j⌋,
     * at most {@code age}; {@code fallback} while the transit or the sender's step time is unknown.
     */
    public int staleness(long now, int age, int fallback) {
        if (Double.isNaN(transitNanos) || Double.isNaN(senderStepNanos) || arrivalNanos == Long.MIN_VALUE) {
            return Math.max(0, Math.min(fallback, age));
        }
        double steps = (transitNanos + (now - arrivalNanos)) / senderStepNanos;
        return (int) Math.max(0, Math.min(Math.floor(steps), age));
    }
}

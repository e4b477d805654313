package pcasgd.delay;

/**
 * How many steps late a message is. A message that agent {@code from} sends at step k (its
 * parameters x_from^k and gradient) reaches {@code to} at step k + delay(from, to, k); delay 0
 * means on time, usable in step k itself. The receiver keeps the newest copy that has arrived;
 * at step k its age is k minus the step it was sent at, and it is late when that age is ≥ 1
 * (see {@code pcasgd.agent.Inbox}, the one place that decides it for every runtime).
 *
 * <p>Implementations must be pure functions of (configuration, from, to, step) — no mutable
 * random state — so that a run never depends on call order or on threads. An agent's own
 * message ({@code from == to}) is always on time.
 */
public interface DelayModel {
    int delay(int from, int to, long step);

    /** An upper bound on every value {@link #delay} can return; sizes history buffers. */
    int maxDelay();

    String describe();

    /**
     * How many times slower than the others agent {@code agent} computes (1 = normal): it takes one
     * step per this many steps of the others. The simulator makes such an agent step less often.
     */
    default int computeFactor(int agent) {
        return 1;
    }

    default boolean isLate(int from, int to, long step) {
        return delay(from, to, step) > 0;
    }

    /** Every message on time: synchronous training. */
    static DelayModel none() {
        return NoDelay.INSTANCE;
    }
}

package pcasgd.delay;

/**
 * How many steps late a message is. A message that agent {@code from} sends at step k (its
 * parameters x_from^k and gradient) reaches {@code to} at step k + delay(from, to, k); delay 0
 * means on time, usable in step k itself.
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

    default boolean isLate(int from, int to, long step) {
        return delay(from, to, step) > 0;
    }

    /** Every message on time: synchronous training. */
    static DelayModel none() {
        return NoDelay.INSTANCE;
    }
}

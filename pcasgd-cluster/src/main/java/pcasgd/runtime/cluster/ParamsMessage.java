package pcasgd.runtime.cluster;

import pcasgd.agent.HeldCopy;

/**
 * (x_j^s, g_j^s) from agent {@code sender} at its step {@code s}: what a neighbour mixes and what
 * the predicting step's ĝ⊙ĝ term needs, with what the receiver needs to measure the link
 * ({@link pcasgd.agent.LinkEstimate}). The arrays are never written after construction, so a
 * receiver may keep them as its held copy without copying.
 *
 * @param incarnation  changes when the sender restarts, so a rejoined agent's older steps replace
 *                     the copy of its previous life instead of being discarded as out of date
 * @param grad         null when the sender's method never reads a neighbour's gradient
 *                     ({@link #withoutGradient}): the message then carries x only, half the bytes
 * @param ackStep      the newest step of the receiver's copies the sender held when it sent this
 *                     ({@link HeldCopy#NO_ACK}: none): the receiver's copy that closes a round trip
 * @param holdNanos    how long the sender had held that copy when it sent this one (−1: unknown)
 * @param stepNanos    the sender's recent step time ŝ_j (0: not measured yet)
 * @param transitSteps σ the sender measured on the opposite direction of the link, in the receiver's
 *                     steps (NaN: not yet): with it both ends decide alike whether the link is late
 */
public record ParamsMessage(String runId, int sender, long incarnation, long step, float[] params, float[] grad,
                            long ackStep, long holdNanos, long stepNanos, float transitSteps)
        implements AgentMsg, BinaryMessage {
    public ParamsMessage {
        if (grad != null && params.length != grad.length) {
            throw new IllegalArgumentException("params and grad lengths differ: " + params.length + " vs " + grad.length);
        }
    }

    /** A message that reports nothing of the link. */
    public ParamsMessage(String runId, int sender, long incarnation, long step, float[] params, float[] grad) {
        this(runId, sender, incarnation, step, params, grad, HeldCopy.NO_ACK, -1, 0, Float.NaN);
    }

    /** The same copy with what the sender knows of the link at the moment it hands it over (no copy of the arrays). */
    public ParamsMessage stamped(long ack, long hold, long ownStepNanos, float ownTransitSteps) {
        return new ParamsMessage(runId, sender, incarnation, step, params, grad, ack, hold, ownStepNanos, ownTransitSteps);
    }

    /** A message with x only, for methods that never read g_j (on the wire: the HAS_GRAD flag unset). */
    public static ParamsMessage withoutGradient(String runId, int sender, long incarnation, long step, float[] params) {
        return new ParamsMessage(runId, sender, incarnation, step, params, null);
    }

    /** Whether g_j travels with x_j; {@link #grad()} is null when not. */
    public boolean hasGradient() {
        return grad != null;
    }
}

package pcasgd.runtime.cluster;

import pcasgd.agent.HeldCopy;

/**
 * (x_j^s, g_j^s) from agent {@code sender} at its step {@code s}: what a neighbour mixes and what
 * the predicting step's ĝ⊙ĝ term needs. The arrays are never written after construction, so a
 * receiver may keep them as its held copy without copying.
 *
 * @param incarnation changes when the sender restarts, so a rejoined agent's older steps replace
 *                    the copy of its previous life instead of being discarded as out of date
 * @param grad        null when the sender's method never reads a neighbour's gradient
 *                    ({@link #withoutGradient}): the message then carries x only, half the bytes
 * @param ackStep     the newest step of the receiver's copies the sender held when it sent this
 *                    ({@link HeldCopy#NO_ACK}: none), from which the receiver estimates the copy's
 *                    staleness apart from the skew between the two agents' step counters
 */
public record ParamsMessage(String runId, int sender, long incarnation, long step, float[] params, float[] grad,
                            long ackStep) implements AgentMsg, BinaryMessage {
    public ParamsMessage {
        if (grad != null && params.length != grad.length) {
            throw new IllegalArgumentException("params and grad lengths differ: " + params.length + " vs " + grad.length);
        }
    }

    /** A message that acknowledges nothing. */
    public ParamsMessage(String runId, int sender, long incarnation, long step, float[] params, float[] grad) {
        this(runId, sender, incarnation, step, params, grad, HeldCopy.NO_ACK);
    }

    /** The same message for a receiver of whose copies the sender holds step {@code ack} at newest (no copy of the arrays). */
    public ParamsMessage withAck(long ack) {
        return ack == ackStep ? this : new ParamsMessage(runId, sender, incarnation, step, params, grad, ack);
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

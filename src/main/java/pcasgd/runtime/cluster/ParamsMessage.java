package pcasgd.runtime.cluster;

/**
 * (x_j^s, g_j^s) from agent {@code sender} at its step {@code s}: what a neighbour mixes and what
 * the predicting step's ĝ⊙ĝ term needs. The arrays are never written after construction, so a
 * receiver may keep them as its held copy without copying.
 *
 * @param incarnation changes when the sender restarts, so a rejoined agent's older steps replace
 *                    the copy of its previous life instead of being discarded as out of date
 * @param grad        null when the sender's method never reads a neighbour's gradient
 *                    ({@link #withoutGradient}): the message then carries x only, half the bytes
 */
public record ParamsMessage(String runId, int sender, long incarnation, long step, float[] params, float[] grad)
        implements AgentMsg, BinaryMessage {
    public ParamsMessage {
        if (grad != null && params.length != grad.length) {
            throw new IllegalArgumentException("params and grad lengths differ: " + params.length + " vs " + grad.length);
        }
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

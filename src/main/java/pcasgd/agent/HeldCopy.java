package pcasgd.agent;

/**
 * A neighbour's message as held by a receiver: (x_j^s, g_j^s) sent at j's step s. The arrays are
 * never written after the message is sent (the simulator points at the sender's history slot, an
 * actor at the received message), so holding one costs no copy.
 *
 * @param grad null when the run's method does not send gradients
 */
public record HeldCopy(long sentStep, float[] params, float[] grad) {
    /** Sent before the first step: the common initial point every agent knows without a message. */
    public static final long INITIAL = -1;
}

package pcasgd.agent;

/**
 * A neighbour's message as held by a receiver: (x_j^s, g_j^s) sent at j's step s. The arrays are
 * never written after the message is sent (the simulator points at the sender's history slot, an
 * actor at the received message), so holding one costs no copy.
 *
 * @param grad     null when the run's method does not send gradients
 * @param ackStep  the newest step of the receiver's own copies that the sender held when it sent this
 *                 one ({@link #NO_ACK}: not known, e.g. in the simulator, whose agents step in lockstep);
 *                 with it the receiver tells the copy's staleness from step skew ({@link Inbox#staleness})
 */
public record HeldCopy(long sentStep, float[] params, float[] grad, long ackStep) {
    /** Sent before the first step: the common initial point every agent knows without a message. */
    public static final long INITIAL = -1;
    /** No acknowledged step: the copy's staleness is taken to be its age. */
    public static final long NO_ACK = Long.MIN_VALUE;

    /** A copy without an acknowledged step (lockstep runtimes). */
    public HeldCopy(long sentStep, float[] params, float[] grad) {
        this(sentStep, params, grad, NO_ACK);
    }
}

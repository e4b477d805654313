package pcasgd.runtime.cluster;

/**
 * Agent {@code receiver} took in the copy that the addressee sent at its step {@code step}, while the
 * receiver itself was at step {@code receiverStep}. Frees a place on the link (at most a few copies are
 * on their way at once, {@link ClusterSettings#linkInFlight}) and tells the sender the receiver's step
 * counter, by which it paces ({@link ClusterSettings#maxSkew}). Small, on the control lane: never
 * behind parameter traffic.
 *
 * @param incarnation the sender's life that sent the copy: an acknowledgement of an earlier life is ignored
 */
record Delivered(String runId, int receiver, long incarnation, long step, long receiverStep)
        implements AgentMsg, ControlMessage { }

package pcasgd.runtime.cluster;

/**
 * Who may talk to whom: a message of another run, or from an agent id this run does not have
 * (or, at an agent, from a non-neighbour), is rejected. One place for the rule, used by the
 * serializer (before any array is allocated), the agents and the coordinator.
 */
final class MessageGate {
    private MessageGate() { }

    /** Why the message must be dropped, or null when it is acceptable. */
    public static String rejectReason(String expectedRun, int agents, String runId, int sender) {
        if (expectedRun != null && !expectedRun.equals(runId)) {
            return "message of run '" + runId + "' from agent " + sender + " rejected: this node runs '" + expectedRun + "'";
        }
        if (agents > 0 && (sender < 0 || sender >= agents)) {
            return "message from unknown agent id " + sender + " rejected: run '" + runId + "' has agents 0.." + (agents - 1);
        }
        return null;
    }
}

package pcasgd.runtime.cluster;

/**
 * An agent's progress since its previous report, to the coordinator about once a second (and before
 * its last epoch's report): its step and state, and per neighbour (in {@code neighbours} order) the
 * copies that arrived from it with the sum of their ages, and the bytes it acknowledged of this agent's
 * copies. Sums, not means, so a window without copies needs no NaN; {@link ProgressBoard} turns them into
 * means and rates. A few numbers per link, on the control lane ({@link Keys#PROGRESS}).
 *
 * @param seconds    the window's length
 * @param steps      steps done in the window
 * @param state      one of {@link pcasgd.metrics.LiveProgress}'s agent states
 * @param copiesIn   per neighbour, copies from it that arrived in the window
 * @param ageSumIn   per neighbour, the sum of those copies' ages in this agent's steps ({@link AgentActor#arrivalAge})
 * @param bytesOut   per neighbour, bytes of this agent's copies it acknowledged in the window
 */
record AgentProgress(String runId, int agent, long step, String state, double seconds, long steps, int[] neighbours,
                     long[] copiesIn, long[] ageSumIn, long[] bytesOut) implements CoordinatorMsg, ControlMessage {
    /** Bytes per second of this agent's copies that neighbour {@code to} acknowledged in the window; NaN when it is no neighbour. */
    double bytesTo(int to) {
        for (int k = 0; k < neighbours.length; k++) {
            if (neighbours[k] == to) {
                return seconds > 0 ? bytesOut[k] / seconds : 0;
            }
        }
        return Double.NaN;
    }
}

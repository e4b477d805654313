package pcasgd.runtime.cluster;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * What agent i knows of one neighbour j: where to send, whether j is currently reachable, and the
 * copies it holds. Keeps the newest copy (for asynchronous methods) and the last two by step parity
 * (a synchronous agent still on step k may already hold j's step k+1 message).
 */
final class NeighbourView {
    final int id;
    final double weight;
    ActorRef<AgentMsg> ref;
    boolean alive;
    private ParamsMessage newest;
    private final ParamsMessage[] byParity = new ParamsMessage[2];

    NeighbourView(int id, double weight) {
        this.id = id;
        this.weight = weight;
    }

    /** Keeps {@code m} if it is newer than what is held, or comes from a new incarnation of j. */
    boolean offer(ParamsMessage m) {
        if (newest != null && m.incarnation() != newest.incarnation()) {
            byParity[0] = null;
            byParity[1] = null;
            newest = null;
        }
        int p = (int) (m.step() & 1);
        if (byParity[p] == null || byParity[p].step() < m.step()) {
            byParity[p] = m;
        }
        if (newest == null || newest.step() < m.step()) {
            newest = m;
            return true;
        }
        return false;
    }

    /** Seeds the copy every agent knows without a message: x_j^0 = the common initial parameters. */
    void seedInitial(ParamsMessage initial) {
        newest = initial;
        byParity[0] = initial;
    }

    ParamsMessage newest() {
        return newest;
    }

    /** The step-k copy if held, else the newest. */
    ParamsMessage forStep(long k) {
        ParamsMessage m = byParity[(int) (k & 1)];
        return m != null && m.step() == k ? m : newest;
    }

    long newestStep() {
        return newest == null ? Long.MIN_VALUE : newest.step();
    }
}

package pcasgd.runtime;

import java.util.ArrayList;
import java.util.List;
import pcasgd.delay.DelayModel;
import pcasgd.topology.Graph;

/**
 * The simulator's network: every step each agent sends (x_j^k, g_j^k) to each neighbour; the delay
 * model says in which step it arrives. Receivers keep the newest copy that has arrived. Messages
 * are bucketed by arrival step, a ring of τ_max + 1 buckets, so the order of delivery is fixed by
 * the data, never by threads.
 */
final class MessageSchedule {
    /** Held copy of a neighbour before anything arrived: the shared initial x⁰, as if sent at step −1. */
    static final long INITIAL = -1;

    private final Graph graph;
    private final DelayModel delays;
    private final boolean onTimeAlways;
    private final long[][] held;
    private final List<List<long[]>> buckets;

    MessageSchedule(Graph graph, DelayModel delays, boolean onTimeAlways) {
        this.graph = graph;
        this.delays = delays;
        this.onTimeAlways = onTimeAlways;
        this.held = new long[graph.size()][];
        for (int i = 0; i < graph.size(); i++) {
            held[i] = new long[graph.degree(i)];
            java.util.Arrays.fill(held[i], INITIAL);
        }
        int size = onTimeAlways ? 1 : delays.maxDelay() + 1;
        buckets = new ArrayList<>(size);
        for (int b = 0; b < size; b++) {
            buckets.add(new ArrayList<>());
        }
    }

    /**
     * Sends every agent's step-k message and delivers all that are due at step k.
     *
     * @return the longest delay of any link this step (what a synchronous step would wait for)
     */
    int advance(long k) {
        int longest = 0;
        for (int j = 0; j < graph.size(); j++) {
            for (int i : graph.neighbours(j)) {
                int d = delays.delay(j, i, k);
                longest = Math.max(longest, d);
                int arrival = onTimeAlways ? 0 : d;
                buckets.get(bucket(k + arrival)).add(new long[] {i, indexOf(i, j), k});
            }
        }
        List<long[]> due = buckets.get(bucket(k));
        for (long[] m : due) {
            int i = (int) m[0];
            int slot = (int) m[1];
            held[i][slot] = Math.max(held[i][slot], m[2]);
        }
        due.clear();
        return longest;
    }

    /** The send step of the newest copy agent i holds of its {@code n}-th neighbour. */
    long heldStep(int i, int n) {
        return held[i][n];
    }

    private int bucket(long step) {
        return (int) (step % buckets.size());
    }

    private int indexOf(int i, int j) {
        int[] nb = graph.neighbours(i);
        for (int n = 0; n < nb.length; n++) {
            if (nb[n] == j) {
                return n;
            }
        }
        throw new IllegalStateException(j + " is not a neighbour of " + i);
    }
}

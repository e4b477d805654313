package pcasgd.runtime;

import java.util.ArrayList;
import java.util.List;
import pcasgd.agent.Agent;
import pcasgd.agent.HeldCopy;
import pcasgd.agent.Inbox;
import pcasgd.delay.DelayModel;
import pcasgd.topology.Graph;

/**
 * The simulator's network: an agent that steps at k sends (x_j^k, g_j^k) to each neighbour; the
 * delay model says in which step it arrives, and on arrival it goes into the receiver's
 * {@link Inbox}. Messages are bucketed by arrival step, a ring of τ_max + 1 buckets, so the order of
 * delivery is fixed by the data, never by threads. A message refers to the sender's history slot:
 * nothing is copied.
 */
final class MessageSchedule {
    private record Message(int to, int slot, int from, long sent) { }

    private final Graph graph;
    private final DelayModel delays;
    private final boolean onTimeAlways;
    private final Agent[] agents;
    private final Inbox[] inboxes;
    private final List<List<Message>> buckets;
    private final int[][] slots;

    MessageSchedule(Graph graph, DelayModel delays, boolean onTimeAlways, Agent[] agents, Inbox[] inboxes) {
        this.graph = graph;
        this.delays = delays;
        this.onTimeAlways = onTimeAlways;
        this.agents = agents;
        this.inboxes = inboxes;
        int size = onTimeAlways ? 1 : delays.maxDelay() + 1;
        buckets = new ArrayList<>(size);
        for (int b = 0; b < size; b++) {
            buckets.add(new ArrayList<>());
        }
        slots = new int[graph.size()][];
        for (int j = 0; j < graph.size(); j++) {
            int[] nb = graph.neighbours(j);
            slots[j] = new int[nb.length];
            for (int s = 0; s < nb.length; s++) {
                slots[j][s] = inboxes[nb[s]].slotOf(j);
            }
        }
    }

    /**
     * Sends the step-k message of every agent that stepped at k and delivers all that are due at k.
     *
     * @return the longest delay of any message sent this step (what a synchronous step waits for)
     */
    int advance(long k, boolean[] sent) {
        int longest = 0;
        for (int j = 0; j < graph.size(); j++) {
            if (!sent[j]) {
                continue;
            }
            int[] nb = graph.neighbours(j);
            for (int s = 0; s < nb.length; s++) {
                int i = nb[s];
                int d = delays.delay(j, i, k);
                longest = Math.max(longest, d);
                int arrival = onTimeAlways ? 0 : d;
                buckets.get(bucket(k + arrival)).add(new Message(i, slots[j][s], j, k));
            }
        }
        List<Message> due = buckets.get(bucket(k));
        for (Message m : due) {
            Agent from = agents[m.from()];
            float[] grad = from.sendsGradients() ? from.gradientAt(m.sent()) : null;
            inboxes[m.to()].offer(m.slot(), new HeldCopy(m.sent(), from.paramsAt(m.sent()), grad));
        }
        due.clear();
        return longest;
    }

    private int bucket(long step) {
        return (int) (step % buckets.size());
    }
}

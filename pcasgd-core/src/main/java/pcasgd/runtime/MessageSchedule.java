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
 * nothing is copied — unless the run sends parameters in a narrower {@link WireEncoding}; then each
 * sent message is rounded once, as the wire would round it, into a ring of the sender's sent copies.
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
    /** [i][s]: the slot of agent i in the inbox of its neighbour in slot s (the link's other end). */
    private final int[][] peerSlots;
    private final WireEncoding encoding;
    /** [agent][ring slot]: the rounded copies of what each agent sent, when the encoding rounds. */
    private final float[][][] sentParams;
    private final float[][][] sentGrads;

    /** @param depth how many steps a held copy can stay in use: the rings of rounded copies keep depth + 2 */
    MessageSchedule(Graph graph, DelayModel delays, boolean onTimeAlways, Agent[] agents, Inbox[] inboxes,
                    WireEncoding encoding, int depth) {
        this.graph = graph;
        this.delays = delays;
        this.onTimeAlways = onTimeAlways;
        this.agents = agents;
        this.inboxes = inboxes;
        this.encoding = encoding;
        boolean rounds = encoding != WireEncoding.FP32;
        this.sentParams = rounds ? new float[agents.length][depth + 2][] : null;
        this.sentGrads = rounds ? new float[agents.length][depth + 2][] : null;
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
        peerSlots = peerSlots(inboxes);
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
            if (sentParams != null) {
                round(j, k);
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
            float[] params;
            float[] grad;
            if (sentParams == null) {
                params = from.paramsAt(m.sent());
                grad = from.sendsGradients() ? from.gradientAt(m.sent()) : null;
            } else {
                int r = ring(m.sent());
                params = sentParams[m.from()][r];
                grad = from.sendsGradients() ? sentGrads[m.from()][r] : null;
            }
            inboxes[m.to()].offer(m.slot(), new HeldCopy(m.sent(), params, grad));
        }
        due.clear();
        if (!onTimeAlways) {
            decideLateLinks(inboxes, peerSlots, k);
        }
        return longest;
    }

    /** [i][s]: the slot of agent i in the inbox of its neighbour in slot s. */
    static int[][] peerSlots(Inbox[] inboxes) {
        int[][] peer = new int[inboxes.length][];
        for (int i = 0; i < inboxes.length; i++) {
            peer[i] = new int[inboxes[i].size()];
            for (int s = 0; s < inboxes[i].size(); s++) {
                peer[i][s] = inboxes[inboxes[i].id(s)].slotOf(i);
            }
        }
        return peer;
    }

    /**
     * The lockstep rule, one decision per link and step, the same at both ends so the clipping step's
     * W̃ keeps unit column sums: late_ij(k) = age_{j→i}(k) ≥ 1 or age_{i→j}(k) ≥ 1.
     */
    static void decideLateLinks(Inbox[] inboxes, int[][] peerSlots, long k) {
        for (int i = 0; i < inboxes.length; i++) {
            Inbox in = inboxes[i];
            for (int s = 0; s < in.size(); s++) {
                int j = in.id(s);
                in.setLockstepLate(s, k, in.oldAt(s, k) || inboxes[j].oldAt(peerSlots[i][s], k));
            }
        }
    }

    /** Rounds agent j's step-k message as the wire would, into the slot of its ring of sent copies. */
    private void round(int j, long k) {
        int r = ring(k);
        Agent a = agents[j];
        int dim = a.params().length;
        if (sentParams[j][r] == null) {
            sentParams[j][r] = new float[dim];
            sentGrads[j][r] = new float[dim];
        }
        encoding.round(a.paramsAt(k), sentParams[j][r]);
        if (a.sendsGradients()) {
            encoding.round(a.gradientAt(k), sentGrads[j][r]);
        }
    }

    private int ring(long step) {
        return (int) (step % sentParams[0].length);
    }

    private int bucket(long step) {
        return (int) (step % buckets.size());
    }
}

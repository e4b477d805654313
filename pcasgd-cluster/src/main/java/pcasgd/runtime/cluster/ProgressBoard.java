package pcasgd.runtime.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import pcasgd.metrics.LiveProgress;

/**
 * The coordinator's view of the agents between epoch ends: each agent's latest {@link AgentProgress},
 * turned into a {@link LiveProgress}. A directed link j → i takes its copies and mean copy age from
 * agent i's report (the receiver knows the ages) and its bytes per second from agent j's (the sender
 * counts what was acknowledged). A link's mean age is kept from the receiver's last window that had
 * copies, so a quiet second does not blank it. One owner (the coordinator's actor).
 */
final class ProgressBoard {
    private final Map<Integer, AgentProgress> latest = new TreeMap<>();
    /** "from,to" → the mean age of the last window with copies. */
    private final Map<Long, Double> lastAge = new TreeMap<>();

    void put(AgentProgress p) {
        latest.put(p.agent(), p);
        for (int k = 0; k < p.neighbours().length; k++) {
            if (p.copiesIn()[k] > 0) {
                lastAge.put(key(p.neighbours()[k], p.agent()), (double) p.ageSumIn()[k] / p.copiesIn()[k]);
            }
        }
    }

    /**
     * Agent {@code agent}'s report of an epoch that ends at {@code step} is in, so the agent got there even
     * when its progress message has not (reports and progress travel on different lanes, in no fixed
     * order); after the last epoch it has finished.
     */
    void reached(int agent, long step, boolean finished) {
        AgentProgress p = latest.get(agent);
        if (p == null) {
            latest.put(agent, new AgentProgress("", agent, step, finished ? LiveProgress.FINISHED : LiveProgress.TRAINING,
                    0, 0, new int[0], new long[0], new long[0], new long[0]));
        } else if (p.step() < step || finished && !LiveProgress.FINISHED.equals(p.state())) {
            String state = finished ? LiveProgress.FINISHED : p.state();
            latest.put(agent, new AgentProgress(p.runId(), agent, Math.max(step, p.step()), state, p.seconds(), p.steps(),
                    p.neighbours(), p.copiesIn(), p.ageSumIn(), p.bytesOut()));
        }
    }

    boolean isEmpty() {
        return latest.isEmpty();
    }

    /**
     * Every agent that has reported, and every link whose receiver has; agents in {@code unreachable}
     * keep their last step and show as unreachable, with no rate.
     */
    LiveProgress view(Set<Integer> unreachable, List<LiveProgress.Process> processes) {
        List<LiveProgress.Agent> agents = new ArrayList<>();
        Map<Long, LiveProgress.Link> links = new TreeMap<>();
        for (AgentProgress p : latest.values()) {
            boolean away = unreachable.contains(p.agent());
            double rate = away ? 0 : p.seconds() > 0 ? p.steps() / p.seconds() : 0;
            agents.add(new LiveProgress.Agent(p.agent(), p.step(), rate, away ? LiveProgress.UNREACHABLE : p.state()));
            for (int k = 0; k < p.neighbours().length; k++) {
                int from = p.neighbours()[k];
                AgentProgress sender = latest.get(from);
                double bytesPerSecond = sender == null || unreachable.contains(from) ? Double.NaN : sender.bytesTo(p.agent());
                links.put(key(from, p.agent()), new LiveProgress.Link(from, p.agent(), p.copiesIn()[k],
                        lastAge.getOrDefault(key(from, p.agent()), Double.NaN), bytesPerSecond));
            }
        }
        return new LiveProgress(agents, new ArrayList<>(links.values()), processes);
    }

    private static long key(int from, int to) {
        return ((long) from << 32) | (to & 0xffffffffL);
    }
}

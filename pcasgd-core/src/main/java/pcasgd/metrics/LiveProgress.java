package pcasgd.metrics;

import java.util.List;

/**
 * Where a run stands between epoch ends, as the actor runtimes measure it (about once a second, and
 * as each epoch closes): each agent's step, step rate and state; each directed link's
 * traffic; and, in a cluster run, every process of the run as the coordinator's process sees it.
 *
 * @param agents    one entry per agent that has reported, in agent order
 * @param links     one entry per directed link whose ends have reported, ordered by (from, to)
 * @param processes the run's processes (cluster runs); empty in one JVM
 */
public record LiveProgress(List<Agent> agents, List<Link> links, List<Process> processes) {
    /** An agent that waits for its neighbours or for the run to start. */
    public static final String WAITING = "waiting";
    /** An agent that computes and steps. */
    public static final String TRAINING = "training";
    /** An agent whose next step waits for a neighbour that has fallen behind (the skew bound, or a synchronous method). */
    public static final String HELD_BACK = "held back";
    public static final String FINISHED = "finished";
    public static final String FAILED = "failed";
    /** An agent the coordinator cannot reach: its step is the last it reported. */
    public static final String UNREACHABLE = "unreachable";

    public LiveProgress {
        agents = List.copyOf(agents);
        links = List.copyOf(links);
        processes = List.copyOf(processes);
    }

    /**
     * One agent.
     *
     * @param step           the steps it has done
     * @param stepsPerSecond its steps per second over its last report's window (at least half a second)
     * @param state          one of {@link #WAITING}, {@link #TRAINING}, {@link #HELD_BACK}, {@link #FINISHED},
     *                       {@link #FAILED}, {@link #UNREACHABLE}
     */
    public record Agent(int agent, long step, double stepsPerSecond, String state) { }

    /**
     * One directed link {@code from → to}.
     *
     * @param copies         copies that arrived at {@code to} in the receiver's last report's window
     * @param meanAgeSteps   the mean age of the copies that arrived in the receiver's last window with any, in
     *                       the receiver's steps: its step at first use minus the step the copy was sent at (as
     *                       the message trace defines it); NaN before the first copy arrived
     * @param bytesPerSecond bytes acknowledged by {@code to} per second over the sender's last window (as
     *                       {@code links.csv} counts them), NaN before the sender reported
     */
    public record Link(int from, int to, long copies, double meanAgeSteps, double bytesPerSecond) { }

    /**
     * One process of a cluster run.
     *
     * @param address     "host:port"
     * @param agents      the agents it was admitted to host
     * @param status      its cluster membership: "joining", "up", "unreachable", "leaving", "down", or "gone"
     *                    (no longer a member: it left, or was downed and removed)
     * @param coordinator whether it hosts the coordinator
     */
    public record Process(String address, List<Integer> agents, String status, boolean coordinator) {
        public Process {
            agents = List.copyOf(agents);
        }
    }
}

package pcasgd.api;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * How the actor runtimes behave beyond what the run's {@code SimulationSpec} says. Immutable; build
 * with {@link #builder(String)}.
 *
 * <p><b>Age in a real asynchronous system.</b> Agent i at its step k holds from neighbour j the copy
 * (x_j^s, g_j^s) that j sent right after computing its gradient at its own step s. Its age is
 * k − s in the receiver's steps (the clock its own history is indexed by), and it is late when
 * that age is one step or more — the same rule as in the simulator (one place:
 * {@code pcasgd.agent.Inbox}). Between real threads a neighbour's message of the very same step is
 * rarely there yet, so an asynchronous actor run sees many copies of age 1.
 */
public final class ClusterSettings {
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

    private final String runId;
    private final int maxSkew;
    private final int linkInFlight;
    private final int sendEvery;
    private final LinkLatency latency;
    private final double[] slowFactors;
    private final long computePadMillis;
    private final Path checkpointDir;
    private final int checkpointEvery;
    private final int historyDepth;
    private final boolean resume;
    private final Path traceDir;

    private ClusterSettings(Builder b) {
        runId = b.runId;
        maxSkew = b.maxSkew;
        linkInFlight = b.linkInFlight;
        sendEvery = b.sendEvery;
        latency = b.latency == null ? LinkLatency.NONE : b.latency;
        slowFactors = b.slowFactors == null ? new double[0] : b.slowFactors.clone();
        computePadMillis = b.computePadMillis;
        checkpointDir = b.checkpointDir;
        checkpointEvery = b.checkpointEvery;
        historyDepth = b.historyDepth;
        resume = b.resume;
        traceDir = b.traceDir;
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("run id must be 1-63 letters, digits, '-' or '_', got '" + runId + "'");
        }
        if (maxSkew < -1 || linkInFlight < 1 || sendEvery < 1 || computePadMillis < 0 || checkpointEvery < 0 || historyDepth < 1) {
            throw new IllegalArgumentException("invalid actor runtime settings: max skew " + maxSkew
                    + " (>= -1), copies in flight per link " + linkInFlight + " (>= 1), send every " + sendEvery + " (>= 1), pad "
                    + computePadMillis + " ms (>= 0), checkpoint every " + checkpointEvery + " (>= 0), history " + historyDepth
                    + " (>= 1)");
        }
        for (double f : slowFactors) {
            if (!(f >= 1) || Double.isInfinite(f)) {
                throw new IllegalArgumentException("slow factors must be finite and >= 1, got " + Arrays.toString(slowFactors));
            }
        }
    }

    /**
     * An agent runs at most 10 steps ahead of a neighbour's step counter as last heard. On the slow-link bed
     * (docs/testbed.md, half the ring at 25 Mbit/s, PC-ASGD) agents of equal speed sharing the CPU drifted
     * apart without a bound (copies up to 28–59 steps old, p90 17–26) and stayed within 11–13 with it (p90
     * 8–10), at the same time to accuracy and the same final accuracy.
     */
    public static final int DEFAULT_MAX_SKEW = 10;
    /** Copies of one agent on its way to one neighbour at once: a slow link carries the newest copy each time it is free. */
    public static final int DEFAULT_LINK_IN_FLIGHT = 1;

    /**
     * A builder with the defaults: at most 10 steps ahead of a neighbour, one copy in flight per link,
     * send every step, no injected delay, no slow agents, no compute pad, no checkpoints, no resume,
     * 16 steps of history, no trace.
     *
     * @param runId the run's identity, the same in every process of the run: 1–63 letters, digits,
     *              {@code -} or {@code _}, starting with a letter or digit
     * @return the builder
     */
    public static Builder builder(String runId) {
        return new Builder(runId);
    }

    /**
     * A builder starting from these settings, to derive changed ones.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return new Builder(runId).maxSkew(maxSkew).linkInFlight(linkInFlight).sendEvery(sendEvery).latency(latency).slowFactors(slowFactors)
                .computePadMillis(computePadMillis).checkpoints(checkpointDir, checkpointEvery).historyDepth(historyDepth)
                .resume(resume).traceDir(traceDir);
    }

    /**
     * Shared secret-less run identity: the actor system is named after it and every parameter message carries it.
     *
     * @return the run id
     */
    public String runId() { return runId; }
    /**
     * −1: never wait; otherwise an agent at step k waits until every live neighbour's step counter, as last
     * heard (from its copies and its delivery acknowledgements), is at least k − maxSkew (k − sendEvery when
     * that is lower: a neighbour's counter is heard from its copies). Pacing by the neighbours' step
     * counters, not by the age of the copies held, so a long transit never stalls compute; a straggler
     * paces its neighbours.
     *
     * @return the bound in steps, at least −1 (default {@link #DEFAULT_MAX_SKEW})
     */
    public int maxSkew() { return maxSkew; }
    /**
     * How many parameter copies of an asynchronous agent may be on their way to one neighbour before
     * it acknowledges one; a newer copy replaces one not yet sent (synchronous methods send every copy).
     *
     * @return the copies per link, at least 1 (default {@link #DEFAULT_LINK_IN_FLIGHT})
     */
    public int linkInFlight() { return linkInFlight; }
    /**
     * Send (x_i, g_i) to the neighbours every this many steps.
     *
     * @return the period in steps, at least 1 (default 1)
     */
    public int sendEvery() { return sendEvery; }
    /**
     * Injected per-link delay, added before each copy is sent in any actor runtime (meant for one-JVM
     * experiments; real links bring their own).
     *
     * @return the delay, {@link LinkLatency#NONE} by default
     */
    public LinkLatency latency() { return latency; }
    /**
     * Extra milliseconds added to every gradient (emulates a heavier model in tests).
     *
     * @return the pad in milliseconds, at least 0 (default 0)
     */
    public long computePadMillis() { return computePadMillis; }
    /**
     * Folder for per-agent checkpoints, null = none.
     *
     * @return the folder, or null (the default)
     */
    public Path checkpointDir() { return checkpointDir; }
    /**
     * A checkpoint every this many steps (and at the end); 0 = only at the end.
     *
     * @return the period in steps, at least 0 (default 0)
     */
    public int checkpointEvery() { return checkpointEvery; }
    /**
     * How many own past parameter vectors are kept for x_i^{k−τ}.
     *
     * @return the depth in steps, at least 1 (default 16)
     */
    public int historyDepth() { return historyDepth; }
    /**
     * Start from the agent's checkpoint when one exists.
     *
     * @return whether to resume (default false)
     */
    public boolean resume() { return resume; }
    /**
     * Folder for the record of every received message's age ({@code trace*.csv}), null = none.
     *
     * @return the folder, or null (the default)
     */
    public Path traceDir() { return traceDir; }

    /**
     * Per-agent compute-time factor (1 = normal, 4 = four times slower).
     *
     * @param agent the agent's id
     * @return its factor, at least 1; 1 for an agent the settings name no factor for
     */
    public double slowFactor(int agent) {
        return agent < slowFactors.length ? slowFactors[agent] : 1.0;
    }

    /**
     * One line for logs and the console: the injected delay, the skew bound, the copies in flight per
     * link and, when above 1, the send period.
     *
     * @return the description
     */
    public String describe() {
        return "actor runtime: " + latency.describe()
                + (maxSkew >= 0 ? ", at most " + maxSkew + " steps ahead of a neighbour" : ", never waits")
                + ", " + linkInFlight + " cop" + (linkInFlight == 1 ? "y" : "ies") + " in flight per link"
                + (sendEvery > 1 ? ", sends every " + sendEvery + " steps" : "");
    }

    /**
     * Collects {@link ClusterSettings}; every setter returns this builder, and {@link #build()}
     * checks the values.
     */
    public static final class Builder {
        private final String runId;
        private int maxSkew = DEFAULT_MAX_SKEW;
        private int linkInFlight = DEFAULT_LINK_IN_FLIGHT;
        private int sendEvery = 1;
        private LinkLatency latency = LinkLatency.NONE;
        private double[] slowFactors = new double[0];
        private long computePadMillis;
        private Path checkpointDir;
        private int checkpointEvery;
        private int historyDepth = 16;
        private boolean resume;
        private Path traceDir;

        private Builder(String runId) {
            this.runId = runId;
        }

        /**
         * How many steps an agent may run ahead of its slowest live neighbour's step counter as last
         * heard, or −1 to never wait (see {@link ClusterSettings#maxSkew()}). Synchronous methods wait
         * for every message of each step anyway.
         *
         * @param v the bound in steps, at least −1 (default {@link ClusterSettings#DEFAULT_MAX_SKEW})
         * @return this builder
         */
        public Builder maxSkew(int v) { maxSkew = v; return this; }
        /**
         * Parameter copies of an asynchronous agent that may be on their way to one neighbour at once,
         * unacknowledged; a newer copy replaces one not yet sent. Synchronous methods send every copy.
         *
         * @param v the copies per link, at least 1 (default {@link ClusterSettings#DEFAULT_LINK_IN_FLIGHT})
         * @return this builder
         */
        public Builder linkInFlight(int v) { linkInFlight = v; return this; }
        /**
         * Send (x_i, g_i) to the neighbours only every this many steps, to cut traffic; it also
         * loosens the skew bound to at least this many steps. Synchronous methods need 1.
         *
         * @param v the period in steps, at least 1 (default 1)
         * @return this builder
         */
        public Builder sendEvery(int v) { sendEvery = v; return this; }
        /**
         * Delay injected on every message, per directed link, for one-JVM experiments (real
         * clusters have real latency).
         *
         * @param v the delay; null means {@link LinkLatency#NONE} (the default)
         * @return this builder
         */
        public Builder latency(LinkLatency v) { latency = v; return this; }
        /**
         * Per-agent compute-time factors, by agent id (1 = normal, 4 = four times slower): an agent
         * with factor f sleeps after each gradient so that it takes f · (compute + pad). Agents past
         * the array's end run at factor 1.
         *
         * @param v the factors, each finite and at least 1; null or empty (the default) for none
         * @return this builder
         */
        public Builder slowFactors(double... v) { slowFactors = v; return this; }
        /**
         * Milliseconds of sleep added to every gradient of every agent (times its slow factor), to
         * emulate a heavier model in tests.
         *
         * @param v the pad in milliseconds, at least 0 (default 0)
         * @return this builder
         */
        public Builder computePadMillis(long v) { computePadMillis = v; return this; }
        /**
         * Checkpoints of each agent's parameters and momentum, written into {@code dir} every
         * {@code every} steps and after the last step.
         *
         * @param dir   the folder, or null for no checkpoints (the default)
         * @param every the period in steps, at least 0; 0 writes only after the last step (the default)
         * @return this builder
         */
        public Builder checkpoints(Path dir, int every) { checkpointDir = dir; checkpointEvery = every; return this; }
        /**
         * How many of its own past parameter vectors each agent keeps for x_i^{k−τ}; an older one
         * asked for is answered with the oldest kept.
         *
         * @param v the depth in steps, at least 1 (default 16)
         * @return this builder
         */
        public Builder historyDepth(int v) { historyDepth = v; return this; }
        /**
         * Whether each agent starts from its checkpoint in the checkpoint folder when one exists
         * (it must belong to the same run id, agent and model size); without one it starts afresh.
         *
         * @param v whether to resume (default false; needs {@link #checkpoints})
         * @return this builder
         */
        public Builder resume(boolean v) { resume = v; return this; }
        /**
         * Folder where each process writes the age of every message its agents received, one
         * {@code trace*.csv} per process, at the end of the run.
         *
         * @param v the folder, or null for no trace (the default)
         * @return this builder
         */
        public Builder traceDir(Path v) { traceDir = v; return this; }

        /**
         * The settings, checked.
         *
         * @return the settings
         * @throws IllegalArgumentException if the run id or a value is outside its range
         */
        public ClusterSettings build() {
            return new ClusterSettings(this);
        }
    }
}

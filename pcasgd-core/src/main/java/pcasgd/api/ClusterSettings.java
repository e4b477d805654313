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

    /** Defaults: at most 10 steps ahead of a neighbour, one copy in flight per link, send every step, no injected delay, no checkpoints, 16 steps of history. */
    public static Builder builder(String runId) {
        return new Builder(runId);
    }

    public Builder toBuilder() {
        return new Builder(runId).maxSkew(maxSkew).linkInFlight(linkInFlight).sendEvery(sendEvery).latency(latency).slowFactors(slowFactors)
                .computePadMillis(computePadMillis).checkpoints(checkpointDir, checkpointEvery).historyDepth(historyDepth)
                .resume(resume).traceDir(traceDir);
    }

    /** Shared secret-less run identity: the actor system is named after it and every parameter message carries it. */
    public String runId() { return runId; }
    /**
     * −1: never wait; otherwise an agent at step k waits until every live neighbour's step counter, as last
     * heard (from its copies and its delivery acknowledgements), is at least k − maxSkew (k − sendEvery when
     * that is lower: a neighbour's counter is heard from its copies). Pacing by the neighbours' step
     * counters, not by the age of the copies held, so a long transit never stalls compute; a straggler
     * paces its neighbours.
     */
    public int maxSkew() { return maxSkew; }
    /**
     * How many parameter copies of an asynchronous agent may be on their way to one neighbour before
     * it acknowledges one; a newer copy replaces one not yet sent (synchronous methods send every copy).
     */
    public int linkInFlight() { return linkInFlight; }
    /** Send (x_i, g_i) to the neighbours every this many steps. */
    public int sendEvery() { return sendEvery; }
    /** Injected per-link delay (local runtime only). */
    public LinkLatency latency() { return latency; }
    /** Extra milliseconds added to every gradient (emulates a heavier model in tests). */
    public long computePadMillis() { return computePadMillis; }
    /** Folder for per-agent checkpoints, null = none. */
    public Path checkpointDir() { return checkpointDir; }
    /** A checkpoint every this many steps (and at the end); 0 = only at the end. */
    public int checkpointEvery() { return checkpointEvery; }
    /** How many own past parameter vectors are kept for x_i^{k−τ}. */
    public int historyDepth() { return historyDepth; }
    /** Start from the agent's checkpoint when one exists. */
    public boolean resume() { return resume; }
    /** Folder for the record of every received message's age ({@code trace*.csv}), null = none. */
    public Path traceDir() { return traceDir; }

    /** Per-agent compute-time factor (1 = normal, 4 = four times slower). */
    public double slowFactor(int agent) {
        return agent < slowFactors.length ? slowFactors[agent] : 1.0;
    }

    public String describe() {
        return "actor runtime: " + latency.describe()
                + (maxSkew >= 0 ? ", at most " + maxSkew + " steps ahead of a neighbour" : ", never waits")
                + ", " + linkInFlight + " cop" + (linkInFlight == 1 ? "y" : "ies") + " in flight per link"
                + (sendEvery > 1 ? ", sends every " + sendEvery + " steps" : "");
    }

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

        public Builder maxSkew(int v) { maxSkew = v; return this; }
        public Builder linkInFlight(int v) { linkInFlight = v; return this; }
        public Builder sendEvery(int v) { sendEvery = v; return this; }
        public Builder latency(LinkLatency v) { latency = v; return this; }
        public Builder slowFactors(double... v) { slowFactors = v; return this; }
        public Builder computePadMillis(long v) { computePadMillis = v; return this; }
        public Builder checkpoints(Path dir, int every) { checkpointDir = dir; checkpointEvery = every; return this; }
        public Builder historyDepth(int v) { historyDepth = v; return this; }
        public Builder resume(boolean v) { resume = v; return this; }
        public Builder traceDir(Path v) { traceDir = v; return this; }

        public ClusterSettings build() {
            return new ClusterSettings(this);
        }
    }
}

package pcasgd.runtime.cluster;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * How the actor runtime behaves beyond what the simulator's {@code SimulationSpec} says.
 *
 * <p><b>Age and "on time" in a real asynchronous system.</b> Agent i at its step k holds from
 * neighbour j the copy (x_j^s, g_j^s) that j sent right after computing its gradient at its own
 * step s. The copy's age is {@code lag = k − s}, counted in the receiver's steps (the only clock i
 * has, and the one its own history x_i^{k−τ} is indexed by; with agents at equal pace it equals the
 * sender's steps elapsed). Nothing is ever "same step" between real threads, so a copy counts as
 * on time when {@code lag ≤ onTimeSlack} (default 1: the neighbour's previous step is as fresh as
 * a real network can be); the rule then sees age 0. Otherwise the rule sees {@code age = lag}. A
 * copy from a neighbour that is ahead (lag < 0) is on time.
 *
 * @param runId            shared secret-less run identity: the actor system is named after it (a node
 *                         of another run cannot join) and every parameter message carries it
 * @param onTimeSlack      lag (in steps) still treated as on time, ≥ 0
 * @param maxStaleness     −1: never wait; otherwise wait before step k until every live neighbour's
 *                         newest copy has lag ≤ maxStaleness
 * @param sendEvery        send (x_i, g_i) to the neighbours every this many steps
 * @param latency          injected per-link delay (local runtime only)
 * @param slowFactors      per-agent compute-time factor (1 = normal, 4 = four times slower); empty = all 1
 * @param computePadMillis extra milliseconds added to every gradient (emulates a heavier model in tests)
 * @param checkpointDir    folder for per-agent checkpoints, null = none
 * @param checkpointEvery  write a checkpoint every this many steps (and at the end); 0 = only at the end
 * @param historyDepth     how many own past parameter vectors are kept for x_i^{k−τ}
 * @param resume           start from the agent's checkpoint when one exists
 */
public record ClusterSettings(
        String runId,
        int onTimeSlack,
        int maxStaleness,
        int sendEvery,
        LinkLatency latency,
        double[] slowFactors,
        long computePadMillis,
        Path checkpointDir,
        int checkpointEvery,
        int historyDepth,
        boolean resume) {

    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

    public ClusterSettings {
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("run id must be 1-63 letters, digits, '-' or '_', got '" + runId + "'");
        }
        if (onTimeSlack < 0 || maxStaleness < -1 || sendEvery < 1 || computePadMillis < 0 || checkpointEvery < 0
                || historyDepth < 1) {
            throw new IllegalArgumentException("invalid cluster settings: slack " + onTimeSlack + ", max staleness "
                    + maxStaleness + ", send every " + sendEvery + ", pad " + computePadMillis + " ms, checkpoint every "
                    + checkpointEvery + ", history " + historyDepth);
        }
        if (maxStaleness >= 0 && maxStaleness < sendEvery - 1) {
            throw new IllegalArgumentException("max staleness " + maxStaleness + " can never be met when parameters are sent every "
                    + sendEvery + " steps (need >= " + (sendEvery - 1) + ")");
        }
        latency = latency == null ? LinkLatency.NONE : latency;
        slowFactors = slowFactors == null ? new double[0] : slowFactors.clone();
        for (double f : slowFactors) {
            if (!(f >= 1) || Double.isInfinite(f)) {
                throw new IllegalArgumentException("slow factors must be finite and >= 1, got " + Arrays.toString(slowFactors));
            }
        }
    }

    /** Defaults: slack 1, no staleness bound, send every step, no injected delay, no checkpoints. */
    public static ClusterSettings defaults(String runId) {
        return new ClusterSettings(runId, 1, -1, 1, LinkLatency.NONE, new double[0], 0, null, 0, 16, false);
    }

    public double slowFactor(int agent) {
        return agent < slowFactors.length ? slowFactors[agent] : 1.0;
    }

    public ClusterSettings withOnTimeSlack(int v) {
        return new ClusterSettings(runId, v, maxStaleness, sendEvery, latency, slowFactors, computePadMillis, checkpointDir, checkpointEvery, historyDepth, resume);
    }

    public ClusterSettings withMaxStaleness(int v) {
        return new ClusterSettings(runId, onTimeSlack, v, sendEvery, latency, slowFactors, computePadMillis, checkpointDir, checkpointEvery, historyDepth, resume);
    }

    public ClusterSettings withSendEvery(int v) {
        return new ClusterSettings(runId, onTimeSlack, maxStaleness, v, latency, slowFactors, computePadMillis, checkpointDir, checkpointEvery, historyDepth, resume);
    }

    public ClusterSettings withLatency(LinkLatency v) {
        return new ClusterSettings(runId, onTimeSlack, maxStaleness, sendEvery, v, slowFactors, computePadMillis, checkpointDir, checkpointEvery, historyDepth, resume);
    }

    public ClusterSettings withSlowFactors(double... v) {
        return new ClusterSettings(runId, onTimeSlack, maxStaleness, sendEvery, latency, v, computePadMillis, checkpointDir, checkpointEvery, historyDepth, resume);
    }

    public ClusterSettings withComputePadMillis(long v) {
        return new ClusterSettings(runId, onTimeSlack, maxStaleness, sendEvery, latency, slowFactors, v, checkpointDir, checkpointEvery, historyDepth, resume);
    }

    public ClusterSettings withCheckpoints(Path dir, int every) {
        return new ClusterSettings(runId, onTimeSlack, maxStaleness, sendEvery, latency, slowFactors, computePadMillis, dir, every, historyDepth, resume);
    }

    public ClusterSettings withResume(boolean v) {
        return new ClusterSettings(runId, onTimeSlack, maxStaleness, sendEvery, latency, slowFactors, computePadMillis, checkpointDir, checkpointEvery, historyDepth, v);
    }

    public String describe() {
        return "actor runtime: " + latency.describe() + ", on-time slack " + onTimeSlack + " step(s)"
                + (maxStaleness >= 0 ? ", max staleness " + maxStaleness : ", never waits")
                + (sendEvery > 1 ? ", sends every " + sendEvery + " steps" : "");
    }
}

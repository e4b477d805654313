package pcasgd.runtime.cluster;

import java.util.List;

/**
 * Looks at the agents' parameters on a wall-clock schedule instead of at epoch ends (local runtime):
 * every {@link #intervalMillis()} the coordinator asks every agent for its newest x_i and hands the
 * snapshot to {@link #onSnapshot} on its evaluation thread; when that returns {@code true} the run
 * ends at once (the metrics of the epochs closed so far are returned). The runtime only gathers;
 * what to compute from a snapshot (e.g. the averaged model's accuracy, for a fair straggler race:
 * an epoch of the actor runtime closes only when the slowest agent has finished it) is the probe's.
 *
 * <p>Snapshot requests and replies carry references and raw arrays between actors of one JVM only;
 * a probe is not supported across processes.
 */
public interface SnapshotProbe {
    /** How often to take a snapshot, at least 10 ms. */
    long intervalMillis();

    /** One snapshot; returns whether the run should stop now. Called on the coordinator's evaluation thread. */
    boolean onSnapshot(Snapshot snapshot);

    /**
     * The agents' newest parameters and the steps they were at, in agent order, {@code elapsedSeconds}
     * after the run started (taken when the last agent's reply arrived).
     */
    record Snapshot(double elapsedSeconds, long[] steps, List<float[]> params) {
        public long minStep() {
            long m = Long.MAX_VALUE;
            for (long s : steps) {
                m = Math.min(m, s);
            }
            return m;
        }

        public long maxStep() {
            long m = Long.MIN_VALUE;
            for (long s : steps) {
                m = Math.max(m, s);
            }
            return m;
        }

        public double meanStep() {
            double sum = 0;
            for (long s : steps) {
                sum += s;
            }
            return sum / steps.length;
        }
    }
}

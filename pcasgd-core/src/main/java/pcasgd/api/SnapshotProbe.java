package pcasgd.api;

import java.util.List;

/**
 * Looks at the agents' parameters on a wall-clock schedule instead of at epoch ends, on the actor
 * runtime in one JVM ({@link Execution#withSnapshots}):
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
    /**
     * How often to take a snapshot.
     *
     * @return milliseconds between snapshots, at least 10
     */
    long intervalMillis();

    /**
     * One snapshot, called on the coordinator's evaluation thread.
     *
     * @param snapshot every agent's newest parameters and step
     * @return whether the run should stop now
     */
    boolean onSnapshot(Snapshot snapshot);

    /**
     * The agents' newest parameters and the steps they were at, in agent order, {@code elapsedSeconds}
     * after the run started (taken when the last agent's reply arrived).
     *
     * @param elapsedSeconds seconds since the run started
     * @param steps each agent's step
     * @param params each agent's parameters
     */
    record Snapshot(double elapsedSeconds, long[] steps, List<float[]> params) {
        /**
         * The slowest agent's step.
         *
         * @return the smallest step
         */
        public long minStep() {
            long m = Long.MAX_VALUE;
            for (long s : steps) {
                m = Math.min(m, s);
            }
            return m;
        }

        /**
         * The fastest agent's step.
         *
         * @return the largest step
         */
        public long maxStep() {
            long m = Long.MIN_VALUE;
            for (long s : steps) {
                m = Math.max(m, s);
            }
            return m;
        }

        /**
         * The agents' mean step.
         *
         * @return the mean of the steps
         */
        public double meanStep() {
            double sum = 0;
            for (long s : steps) {
                sum += s;
            }
            return sum / steps.length;
        }
    }
}

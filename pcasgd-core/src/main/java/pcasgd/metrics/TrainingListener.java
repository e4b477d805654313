package pcasgd.metrics;

import java.util.List;


/**
 * Cross-cutting concerns (progress, logging, metrics files, checkpoints) observe a run through
 * this interface and never sit inside the math (as DJL's TrainingListener).
 */
public interface TrainingListener {
    default void onStart(RunInfo info) { }

    /** After every global step; {@code done} of {@code total} steps. */
    default void onStep(long done, long total) { }

    /**
     * Whether this listener reads every agent's parameters after each step ({@link #onAgents}). Only
     * the simulator offers them (its agents step in lockstep, so "after step t" is one state); a plan
     * with such a listener is refused on the actor runtimes.
     *
     * @return true to receive {@link #onAgents}
     */
    default boolean observesAgents() {
        return false;
    }

    /**
     * Every agent's parameters after global step {@code done}, in agent order (simulator only, and
     * only when {@link #observesAgents} is true). The arrays are the agents' own: read them, do not
     * keep or change them.
     *
     * @param done steps done
     * @param parameters x_i after the step, i = 0..n−1
     */
    default void onAgents(long done, List<float[]> parameters) { }

    default void onEpoch(EpochMetrics metrics) { }

    /** x̄, the agents' averaged parameters, at the end of {@code epoch} (right after {@link #onEpoch}); the listener may keep the array. */
    default void onAverage(int epoch, float[] averagedParameters) { }

    default void onWarning(String message) { }

    /**
     * Where the agents, links and processes stand between epoch ends (actor runtimes only: about once a
     * second, on the coordinator's process, and as each epoch closes, before its {@link #onEpoch}). The
     * simulator does not call it: its agents step together, and {@link #onStep} says where they are.
     *
     * @param progress each agent's step and state, each directed link's copy age and bytes per second,
     *                 and (cluster runs) each process
     */
    default void onProgress(LiveProgress progress) { }

    /** After the last epoch, or when the run stops early (e.g. on divergence). */
    default void onFinish() { }

    /**
     * From epoch {@code fromEpoch} on, epochs are closed by the coordinator in {@code process}
     * ("host:port"): said when a multi-process run starts, and again where coordination moved to
     * another process (the one that hosted it died, was cut off or left). Never in one JVM.
     *
     * @param process   the process whose coordinator closes the epochs
     * @param fromEpoch the first epoch it closes
     */
    default void onCoordinator(String process, int fromEpoch) { }
}

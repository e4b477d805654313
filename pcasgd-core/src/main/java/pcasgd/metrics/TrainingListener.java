package pcasgd.metrics;


/**
 * Cross-cutting concerns (progress, logging, metrics files, checkpoints) observe a run through
 * this interface and never sit inside the math (as DJL's TrainingListener).
 */
public interface TrainingListener {
    default void onStart(RunInfo info) { }

    /** After every global step; {@code done} of {@code total} steps. */
    default void onStep(long done, long total) { }

    default void onEpoch(EpochMetrics metrics) { }

    /** x̄, the agents' averaged parameters, at the end of {@code epoch} (right after {@link #onEpoch}); the listener may keep the array. */
    default void onAverage(int epoch, float[] averagedParameters) { }

    default void onWarning(String message) { }

    /** After the last epoch, or when the run stops early (e.g. on divergence). */
    default void onFinish() { }
}

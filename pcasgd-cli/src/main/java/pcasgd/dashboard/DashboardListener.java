package pcasgd.dashboard;

import pcasgd.metrics.EpochMetrics;
import pcasgd.metrics.LiveProgress;
import pcasgd.metrics.RunInfo;
import pcasgd.metrics.TrainingListener;

/**
 * Feeds a run's events into a {@link RunState}; cheap on every step (a counter and, every 250 ms, a rate
 * sample). In the actor runtimes the agents' and links' progress comes about once a second.
 */
public final class DashboardListener implements TrainingListener {
    private final RunState state;

    public DashboardListener(RunState state) {
        this.state = state;
    }

    public RunState state() {
        return state;
    }

    @Override
    public void onStart(RunInfo info) {
        state.start(info);
    }

    @Override
    public void onStep(long done, long total) {
        state.step(done, total);
    }

    @Override
    public void onEpoch(EpochMetrics metrics) {
        state.epoch(metrics);
    }

    @Override
    public void onProgress(LiveProgress progress) {
        state.progress(progress);
    }

    @Override
    public void onWarning(String message) {
        state.warning(message);
    }

    @Override
    public void onFinish() {
        state.finish();
    }
}

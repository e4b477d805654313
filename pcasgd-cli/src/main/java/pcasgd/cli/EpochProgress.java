package pcasgd.cli;

import pcasgd.metrics.EpochMetrics;
import pcasgd.metrics.RunInfo;
import pcasgd.metrics.TrainingListener;

/** How far a run has come: its number of epochs and the last one closed, readable from other threads. */
class EpochProgress implements TrainingListener {
    volatile int epochs;
    volatile int closed;

    @Override
    public void onStart(RunInfo info) {
        epochs = info.epochs();
    }

    @Override
    public void onEpoch(EpochMetrics m) {
        closed = m.epoch();
    }

    /** Whether the last epoch has closed. */
    boolean lastEpochClosed() {
        return closed == epochs;
    }
}

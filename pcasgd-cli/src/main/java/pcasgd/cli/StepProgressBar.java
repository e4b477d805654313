package pcasgd.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import pcasgd.metrics.RunInfo;
import pcasgd.metrics.TrainingListener;

/** A terminal progress bar over a run's steps; closed when the run finishes or stops early. */
final class StepProgressBar implements TrainingListener {
    private final String task;
    private final boolean clearOnFinish;
    private ProgressBar bar;

    /** @param task the bar's label; null labels it with the method */
    StepProgressBar(String task, boolean clearOnFinish) {
        this.task = task;
        this.clearOnFinish = clearOnFinish;
    }

    @Override
    public void onStart(RunInfo info) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task != null ? task : info.method())
                .setInitialMax((long) info.epochs() * info.stepsPerEpoch())
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate();
        bar = (clearOnFinish ? b.clearDisplayOnFinish() : b).build();
    }

    @Override
    public void onStep(long done, long total) {
        if (bar != null) {
            bar.stepTo(done);
        }
    }

    @Override
    public void onFinish() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}

package pcasgd.api;

import pcasgd.metrics.TrainingListener;

/** Keeps x̄ of the latest epoch, as every runtime hands it to its listeners, for the run's result. */
final class FinalAverage implements TrainingListener {
    private volatile float[] average;

    @Override
    public void onAverage(int epoch, float[] averagedParameters) {
        average = averagedParameters;
    }

    /** x̄ after the last epoch, or null before the first. */
    float[] average() {
        return average;
    }
}

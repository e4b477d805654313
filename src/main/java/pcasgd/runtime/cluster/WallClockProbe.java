package pcasgd.runtime.cluster;

import java.util.function.Predicate;

/**
 * Evaluates the averaged model on a wall-clock schedule instead of at epoch ends (local runtime):
 * every {@code intervalMillis} the coordinator asks every agent for its newest parameters x_i, tests
 * their average on the run's test set and hands the result to {@code onPoint}; when that returns
 * {@code true} the run ends at once (the metrics of the epochs closed so far are returned). This is
 * what a fair straggler comparison needs: an epoch of the actor runtime closes only when every agent,
 * the slowest included, has finished its steps, so epoch-end metrics hide what the fast agents of an
 * asynchronous method have already learnt.
 *
 * <p>The snapshot requests and replies carry references and raw arrays between actors of one JVM
 * only; a probe is not supported across processes.
 */
public record WallClockProbe(long intervalMillis, Predicate<Point> onPoint) {
    public WallClockProbe {
        if (intervalMillis < 10) {
            throw new IllegalArgumentException("probe interval must be >= 10 ms, got " + intervalMillis);
        }
    }

    /**
     * One evaluation: {@code elapsedSeconds} since the run started (taken when the last agent's
     * snapshot arrived), the fewest / most steps any agent had done, and the averaged model's test
     * loss and accuracy.
     */
    public record Point(double elapsedSeconds, long minStep, long maxStep, double meanStep, double testLoss,
                        double testAccuracy) { }
}

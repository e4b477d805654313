package pcasgd.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import pcasgd.runtime.SimulationSpec;
import pcasgd.api.Execution;
import pcasgd.api.TrainingResult;
import pcasgd.api.ClusterSettings;
import pcasgd.api.PcAsgd;
import pcasgd.metrics.EpochAggregation;
import pcasgd.api.SnapshotProbe;

/**
 * The straggler benchmark, made fair: one {@code local} run whose averaged model is tested on a
 * wall-clock schedule ({@link SnapshotProbe}) rather than at epoch ends, so the time at which it
 * first reaches a target accuracy is what the agents together have learnt by then, not when the
 * slowest agent finished an epoch. The run stops at {@code stopAccuracy} or after {@code maxSeconds}.
 */
public final class StragglerRace {
    private StragglerRace() { }

    /**
     * One evaluation: {@code elapsedSeconds} since the run started, the fewest / most / mean steps the
     * agents had done, and the averaged model's test loss and accuracy.
     */
    public record Point(double elapsedSeconds, long minStep, long maxStep, double meanStep, double testLoss,
                        double testAccuracy) { }

    /**
     * The probe's trace of one run, in order.
     *
     * @param plan the run, made with a ready oracle (as {@code RunBuilder.training} makes it), so its
     *     {@link PcAsgd#spec()} is available; it runs on the local actor runtime with {@code settings}
     * @param settings the local actor runtime's settings (slow agents, compute pad)
     */
    public static List<Point> run(PcAsgd plan, ClusterSettings settings, long intervalMillis,
                                  double stopAccuracy, double maxSeconds, Consumer<Point> each) {
        SimulationSpec spec = plan.spec();
        List<Point> trace = new ArrayList<>();
        SnapshotProbe probe = new SnapshotProbe() {
            @Override
            public long intervalMillis() {
                return intervalMillis;
            }

            @Override
            public boolean onSnapshot(Snapshot s) {
                var e = spec.oracle().evaluate(EpochAggregation.average(s.params()), spec.testSet());
                Point p = new Point(s.elapsedSeconds(), s.minStep(), s.maxStep(), s.meanStep(), e.loss(), e.accuracy());
                trace.add(p);
                each.accept(p);
                return p.testAccuracy() >= stopAccuracy || p.elapsedSeconds() >= maxSeconds;
            }
        };
        Execution local = Execution.local(settings).withTimeout(Duration.ofSeconds((long) maxSeconds + 120))
                .withSnapshots(probe);
        try (TrainingResult ignored = plan.toBuilder().execution(local).build().run()) {
            // the trace is the result; the run's own epochs are not part of the race
        }
        return trace;
    }

    /** Seconds until the trace first reaches {@code target} accuracy, NaN if it never does. */
    public static double secondsTo(List<Point> trace, double target) {
        for (Point p : trace) {
            if (p.testAccuracy() >= target) {
                return p.elapsedSeconds();
            }
        }
        return Double.NaN;
    }
}

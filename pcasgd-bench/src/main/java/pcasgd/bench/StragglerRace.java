package pcasgd.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import pcasgd.runtime.SimulationSpec;
import pcasgd.runtime.cluster.ClusterRuntime;
import pcasgd.api.ClusterSettings;
import pcasgd.api.PcAsgd;
import pcasgd.metrics.EpochAggregation;
import pcasgd.runtime.cluster.SnapshotProbe;

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
     *     {@link PcAsgd#spec()} is available; its execution and listeners are not used
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
        // The one call past the public API. The race needs a SnapshotProbe (every agent's x_i on a wall-clock
        // schedule, and a way to stop the run), which PcAsgd and Execution do not offer: a probe passes raw arrays
        // between actors of one JVM, so offering it would put a local-runtime-only hook into pcasgd.api and the
        // ActorRuntime service interface for this benchmark alone. Apart from the probe this is the run that
        // plan.toBuilder().execution(Execution.local(settings)).build().run() makes: the plan's spec on
        // ClusterRuntime.runLocal, where PekkoActorRuntime.runLocal leads (with no probe).
        ClusterRuntime.runLocal(spec, settings, List.of(), Duration.ofSeconds((long) maxSeconds + 120), probe);
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

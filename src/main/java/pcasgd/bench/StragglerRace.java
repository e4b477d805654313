package pcasgd.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import pcasgd.runtime.SimulationSpec;
import pcasgd.runtime.cluster.ClusterRuntime;
import pcasgd.runtime.cluster.ClusterSettings;
import pcasgd.runtime.cluster.WallClockProbe;

/**
 * The straggler benchmark, made fair: one {@code local} run whose averaged model is tested on a
 * wall-clock schedule ({@link WallClockProbe}) rather than at epoch ends, so the time at which it
 * first reaches a target accuracy is what the agents together have learnt by then, not when the
 * slowest agent finished an epoch. The run stops at {@code stopAccuracy} or after {@code maxSeconds}.
 */
public final class StragglerRace {
    private StragglerRace() { }

    /** The probe's trace of one run, in order. */
    public static List<WallClockProbe.Point> run(SimulationSpec spec, ClusterSettings settings, long intervalMillis,
                                                 double stopAccuracy, double maxSeconds, Consumer<WallClockProbe.Point> each) {
        List<WallClockProbe.Point> trace = new ArrayList<>();
        WallClockProbe probe = new WallClockProbe(intervalMillis, p -> {
            trace.add(p);
            each.accept(p);
            return p.testAccuracy() >= stopAccuracy || p.elapsedSeconds() >= maxSeconds;
        });
        ClusterRuntime.runLocal(spec, settings, List.of(), Duration.ofSeconds((long) maxSeconds + 120), probe);
        return trace;
    }

    /** Seconds until the trace first reaches {@code target} accuracy, NaN if it never does. */
    public static double secondsTo(List<WallClockProbe.Point> trace, double target) {
        for (WallClockProbe.Point p : trace) {
            if (p.testAccuracy() >= target) {
                return p.elapsedSeconds();
            }
        }
        return Double.NaN;
    }
}

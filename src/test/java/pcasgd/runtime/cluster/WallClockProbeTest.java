package pcasgd.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import pcasgd.algorithm.Method;
import pcasgd.runtime.EpochMetrics;

/** The wall-clock probe of the local runtime: periodic evaluations of the averaged model, early stop. */
class WallClockProbeTest {

    @Test
    @Timeout(60)
    void probeEvaluatesOnASchedulePlusStopsTheRunEarly() {
        List<WallClockProbe.Point> points = new ArrayList<>();
        // 40 epochs x 50 steps at >= 2 ms a step would take > 4 s; the probe stops it after 6 evaluations
        ClusterSettings s = ClusterSettings.defaults("probe").withComputePadMillis(2).withSlowFactors(4, 1, 1, 1);
        List<EpochMetrics> epochs = ClusterRuntime.runLocal(LeastSquaresProblem.spec(Method.PC_ASGD, 4, 40, 50), s, List.of(),
                Duration.ofSeconds(50), new WallClockProbe(100, p -> {
                    points.add(p);
                    return points.size() == 6;
                }));
        assertEquals(6, points.size());
        assertTrue(epochs.size() < 40, "stopped early: " + epochs.size() + " epochs");
        for (int i = 1; i < points.size(); i++) {
            WallClockProbe.Point a = points.get(i - 1);
            WallClockProbe.Point b = points.get(i);
            assertTrue(b.elapsedSeconds() > a.elapsedSeconds(), "time moves on: " + points);
            assertTrue(b.meanStep() >= a.meanStep(), "agents only step forward: " + points);
        }
        WallClockProbe.Point last = points.get(points.size() - 1);
        // agent 0 is 4x slower and nobody waits for it: the fast ones are clearly ahead
        assertTrue(last.maxStep() > last.minStep(), "asynchronous agents drift apart: " + last);
        assertTrue(last.testLoss() < points.get(0).testLoss() || points.get(0).testLoss() < 0.1, "learns: " + points);
    }

    @Test
    @Timeout(60)
    void synchronousAgentsStayInLockstepUnderTheProbe() {
        List<WallClockProbe.Point> trace = StragglerRace.run(LeastSquaresProblem.spec(Method.SYNC_DSGD, 4, 40, 50),
                ClusterSettings.defaults("probe-sync").withComputePadMillis(2).withSlowFactors(4, 1, 1, 1), 100, 2.0, 1.0,
                p -> { });
        assertTrue(trace.size() >= 3, "evaluated on the schedule: " + trace);
        for (WallClockProbe.Point p : trace) {
            // neighbours are at most one step apart, so on a 4-ring (diameter 2) at most two, plus one
            // step of skew: an agent may step while another's snapshot is being taken
            assertTrue(p.maxStep() - p.minStep() <= 3, "synchronous DSGD keeps the agents in near lockstep: " + p);
        }
        assertTrue(Double.isNaN(StragglerRace.secondsTo(trace, 2.0)), "an unreachable target is NaN");
    }
}

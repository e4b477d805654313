package pcasgd.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import pcasgd.algorithm.Method;
import pcasgd.metrics.EpochMetrics;

/** The wall-clock probe of the local runtime: periodic evaluations of the averaged model, early stop. */
class WallClockProbeTest {

    @Test
    @Timeout(240)
    void probeEvaluatesOnASchedulePlusStopsTheRunEarly() {
        List<WallClockProbe.Point> points = new ArrayList<>();
        // 40 epochs x 50 steps at >= 2 ms a step would take > 4 s; the probe stops it after 6 evaluations
        ClusterSettings s = ClusterSettings.builder("probe").computePadMillis(2).slowFactors(4, 1, 1, 1).build();
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
        for (WallClockProbe.Point p : points) {
            assertTrue(p.minStep() <= p.meanStep() && p.meanStep() <= p.maxStep(), "a mean lies between its extremes: " + p);
            assertTrue(Double.isFinite(p.testLoss()), "each point is an evaluation of the averaged model: " + p);
        }
    }
}

package pcasgd.runtime.cluster;

import pcasgd.api.SnapshotProbe;
import pcasgd.api.ClusterSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import pcasgd.algorithm.Method;
import pcasgd.metrics.EpochMetrics;

/** The snapshot probe of the local runtime: the agents' parameters on a schedule, and an early stop. */
class SnapshotProbeTest {

    @Test
    @Timeout(240)
    void snapshotsComeOnAScheduleAndCanStopTheRunEarly() {
        List<SnapshotProbe.Snapshot> snaps = new ArrayList<>();
        // 40 epochs x 50 steps at >= 2 ms a step would take > 4 s; the probe stops it after 6 snapshots
        ClusterSettings s = ClusterSettings.builder("probe").computePadMillis(2).slowFactors(4, 1, 1, 1).build();
        List<EpochMetrics> epochs = ClusterRuntime.runLocal(LeastSquaresProblem.spec(Method.PC_ASGD, 4, 40, 50), s, List.of(),
                Duration.ofSeconds(200), new SnapshotProbe() {
                    public long intervalMillis() {
                        return 100;
                    }

                    public boolean onSnapshot(Snapshot snapshot) {
                        snaps.add(snapshot);
                        return snaps.size() == 6;
                    }
                });
        assertEquals(6, snaps.size());
        assertTrue(epochs.size() < 40, "stopped early: " + epochs.size() + " epochs");
        for (int i = 1; i < snaps.size(); i++) {
            SnapshotProbe.Snapshot a = snaps.get(i - 1);
            SnapshotProbe.Snapshot b = snaps.get(i);
            assertTrue(b.elapsedSeconds() > a.elapsedSeconds(), "time moves on");
            for (int agent = 0; agent < 4; agent++) {
                assertTrue(b.steps()[agent] >= a.steps()[agent], "agent " + agent + " only steps forward");
            }
        }
        for (SnapshotProbe.Snapshot p : snaps) {
            assertEquals(4, p.params().size(), "one parameter vector per agent");
            assertTrue(p.minStep() <= p.meanStep() && p.meanStep() <= p.maxStep());
        }
    }
}

package pcasgd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pcasgd.api.PcAsgdTest.MODEL;
import static pcasgd.api.PcAsgdTest.TEST;
import static pcasgd.api.PcAsgdTest.plan;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import pcasgd.engine.GradientOracle;
import pcasgd.metrics.TrainingListener;

/** The public API's plan on the actor runtime: found on the class path once pcasgd-cluster is a dependency. */
class PcAsgdActorsTest {
    @Test
    @Timeout(300)
    void localRuntimeReturnsTheAveragedModelItTested() {
        try (TrainingResult r = plan().execution(Execution.local(ClusterSettings.builder("api-local").maxSkew(4).build()))
                .run(); GradientOracle check = MODEL.newOracle()) {
            assertEquals(3, r.epochs().size());
            assertTrue(r.lastEpoch().testAccuracy() > 0.9, "test accuracy " + r.lastEpoch().testAccuracy());
            // x̄ as returned scores exactly what the run reported for its last epoch
            assertEquals(r.lastEpoch().testAccuracy(), check.evaluate(r.averagedParameters(), TEST).accuracy(), 0.0);
            assertTrue(Double.isNaN(r.lastEpoch().scalar("simulated_time")), "no virtual clock on real threads");
        }
    }

    @Test
    @Timeout(300)
    void aOneProcessClusterNodeReturnsTheResultOnItsCoordinator() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        NodeSettings node = NodeSettings.builder().port(port).seeds(List.of("127.0.0.1:" + port)).agentIds(List.of(0, 1, 2, 3))
                .coordinator(true).build();
        try (ClusterNode n = plan().epochs(2).build().startNode(ClusterSettings.builder("api-node").maxSkew(4).build(), node)) {
            TrainingResult r = n.awaitResult(Duration.ofSeconds(90));
            assertEquals(2, r.epochs().size());
            assertTrue(r.lastEpoch().testAccuracy() > 0.8, "test accuracy " + r.lastEpoch().testAccuracy());
            assertTrue(n.awaitTermination(Duration.ofSeconds(30)), "the node stops after the run");
            r.close();
        }
    }


    @Test
    void aListenerOfEveryStepsAgentsIsRefusedOnTheActorRuntime() {
        TrainingListener everyStep = new TrainingListener() {
            @Override
            public boolean observesAgents() {
                return true;
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> plan().listener(everyStep).execution(Execution.local()).run());
        assertTrue(e.getMessage().contains("only the simulator offers"), e.getMessage());
    }

    @Test
    @Timeout(120)
    void aSnapshotProbeSeesEveryAgentAndEndsTheRunWhenItSaysSo() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        SnapshotProbe stopAtOnce = new SnapshotProbe() {
            @Override
            public long intervalMillis() {
                return 20;
            }

            @Override
            public boolean onSnapshot(Snapshot s) {
                calls.incrementAndGet();
                assertEquals(4, s.params().size(), "every agent's parameters");
                return true;
            }
        };
        assertThrows(IllegalStateException.class, () -> Execution.simulator().withSnapshots(stopAtOnce),
                "the simulator has no wall clock");
        // 30 epochs take seconds, the first snapshot comes 20 ms in: the probe's first answer ends the run
        try (TrainingResult r = plan().epochs(30).execution(Execution.local().withSnapshots(stopAtOnce)).run()) {
            assertEquals(1, calls.get(), "the run ended at the first snapshot");
            assertTrue(r.epochs().size() < 30, "epochs closed before the stop: " + r.epochs().size());
        }
    }
}

package pcasgd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import pcasgd.metrics.EpochMetrics;
import pcasgd.runtime.cluster.ClusterRuntime;
import pcasgd.runtime.cluster.FreePort;
import pcasgd.runtime.SimulationSpec;
import pcasgd.runtime.SpecFingerprint;

/**
 * The data plane (pcasgd.runtime.cluster.DataPlane) in a run. Two processes' nodes in this JVM, agents 0-1 in one and 2-3 in the other, on a ring: the copies on the
 * two links between the nodes go over the data plane (each node counts what it took in), and the run
 * trains as over Artery.
 */
class DataPlaneClusterTest {
    @Test
    @Timeout(300)
    void copiesBetweenProcessesTakeTheDataPlaneAndTheRunTrains() throws Exception {
        try (pcasgd.engine.GradientOracle oracle = PcAsgdTest.MODEL.newOracle()) {
            run(PcAsgdTest.plan().oracle(oracle).epochs(2).build().spec());
        }
    }

    private static void run(SimulationSpec spec) throws Exception {
        int a = FreePort.next();
        int b = FreePort.next();
        ClusterSettings settings = ClusterSettings.builder("data-plane").maxSkew(4).build();
        NodeSettings first = NodeSettings.builder().port(a).seeds(List.of("127.0.0.1:" + a)).agentIds(List.of(0, 1))
                .coordinator(true).fingerprint(SpecFingerprint.of(spec)).build();
        NodeSettings second = NodeSettings.builder().port(b).seeds(List.of("127.0.0.1:" + a)).agentIds(List.of(2, 3))
                .coordinator(false).fingerprint(SpecFingerprint.of(spec)).build();
        try (ClusterRuntime.Node one = ClusterRuntime.startNode(spec, settings, first, List.of());
             ClusterRuntime.Node two = ClusterRuntime.startNode(spec, settings, second, List.of())) {
            List<EpochMetrics> epochs = one.metrics().get(240, TimeUnit.SECONDS);
            assertEquals(2, epochs.size());
            double accuracy = epochs.get(1).testAccuracy();
            assertTrue(accuracy > 0.8, "test accuracy " + accuracy);
            assertTrue(one.awaitTermination(Duration.ofSeconds(60)) && two.awaitTermination(Duration.ofSeconds(60)),
                    "both nodes stop after the run");
            // each node's two agents step about 2 x 2 epochs' steps and send one copy a step over each crossing link
            assertTrue(one.dataPlaneCopiesReceived() > 0, "copies into the first node: " + one.dataPlaneCopiesReceived());
            assertTrue(two.dataPlaneCopiesReceived() > 0, "copies into the second node: " + two.dataPlaneCopiesReceived());
        }
    }
}

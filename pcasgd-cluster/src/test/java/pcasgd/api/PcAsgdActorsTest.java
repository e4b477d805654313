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

    /** Every message's size in bytes as the run's trace recorded it. */
    private static java.util.Set<Long> messageBytes(java.nio.file.Path dir) throws java.io.IOException {
        List<String> lines = java.nio.file.Files.readAllLines(dir.resolve("trace.csv"));
        java.util.Set<Long> sizes = new java.util.TreeSet<>();
        for (String line : lines.subList(1, lines.size())) {
            sizes.add(Long.parseLong(line.substring(line.lastIndexOf(',') + 1)));
        }
        return sizes;
    }

    @Test
    @Timeout(120)
    void theEncodingSetOnThePlanIsWhatTheActorsSend(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path fp32 = tmp.resolve("fp32");
        java.nio.file.Path bf16 = tmp.resolve("bf16");
        try (TrainingResult r = plan().epochs(1).execution(Execution.local(ClusterSettings.builder("enc32").traceDir(fp32).build()))
                .run()) {
            assertEquals(1, r.epochs().size());
        }
        try (TrainingResult r = plan().epochs(1).encoding(pcasgd.runtime.WireEncoding.BF16)
                .execution(Execution.local(ClusterSettings.builder("enc16").traceDir(bf16).build())).run()) {
            assertEquals(1, r.epochs().size());
        }
        java.util.Set<Long> full = messageBytes(fp32);
        java.util.Set<Long> half = messageBytes(bf16);
        // the two-layer net, 8 -> 16 -> 3: 8·16 + 16 + 16·3 + 3 = 195 parameters, 4 bytes each in fp32 and 2 in bf16
        // (no gradient: the extrapolating predictor does not read it), after a header of 62 bytes and the run id
        // (enc32 / enc16: 5 bytes)
        assertEquals(java.util.Set.of(62L + 5 + 4 * 195), full);
        assertEquals(java.util.Set.of(62L + 5 + 2 * 195), half);
    }
}

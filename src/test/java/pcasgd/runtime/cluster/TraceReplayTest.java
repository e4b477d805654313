package pcasgd.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import pcasgd.algorithm.Method;
import pcasgd.delay.TraceDelay;
import pcasgd.metrics.EpochMetrics;
import pcasgd.metrics.StandardMetrics;
import pcasgd.runtime.SimulatedRuntime;
import pcasgd.topology.Graph;

/**
 * An actor run's trace, replayed by the simulator ({@code delay: trace}), makes the simulated agents
 * mix copies of exactly the ages the real agents mixed, epoch by epoch, whatever the thread
 * schedule: every received message is recorded with the step at which it is first mixed, which is
 * when the simulator delivers it. A message that arrives while its receiver is updating step k
 * (the copies for k are already taken) is first mixed at k + 1.
 */
class TraceReplayTest {
    static final int EPOCHS = 3;
    static final int STEPS = 40;

    @Test
    @Timeout(90)
    void theReplayMixesCopiesOfTheAgesTheRecordedRunMixed(@TempDir Path dir) throws Exception {
        Path checkpoints = Files.createDirectories(dir.resolve("checkpoints"));
        // a slow link and a slow agent make late copies; a durable checkpoint after every step keeps
        // each update long enough that messages also arrive while their receiver is updating
        ClusterSettings s = ClusterSettings.builder("trace-replay")
                .latency(LinkLatency.constant(0).withLink(1, 2, 15).withLink(2, 1, 15))
                .slowFactors(1, 1, 1, 2).computePadMillis(1).maxStaleness(6)
                .checkpoints(checkpoints, 1).traceDir(dir).build();
        List<EpochMetrics> real = ClusterRuntime.runLocal(LeastSquaresProblem.spec(Method.STALE_DSGD, 4, EPOCHS, STEPS), s,
                List.of(), Duration.ofSeconds(60));

        TraceDelay trace = TraceDelay.read(dir, Graph.ring(4));
        List<EpochMetrics> replay;
        try (SimulatedRuntime sim = new SimulatedRuntime(LeastSquaresProblem.spec(Method.STALE_DSGD, 4, EPOCHS, STEPS, trace),
                List.of())) {
            replay = sim.run();
        }
        double late = 0;
        for (int e = 0; e < EPOCHS; e++) {
            double f = real.get(e).scalar(StandardMetrics.LATE_FRACTION);
            late += f;
            assertEquals(f, replay.get(e).scalar(StandardMetrics.LATE_FRACTION), 0.0, "late fraction, epoch " + (e + 1));
            assertEquals(real.get(e).scalar(StandardMetrics.LATE_AGE), replay.get(e).scalar(StandardMetrics.LATE_AGE), 0.0,
                    "mean late age, epoch " + (e + 1));
        }
        assertTrue(late > 0, "the recorded run had late copies to replay");
    }
}

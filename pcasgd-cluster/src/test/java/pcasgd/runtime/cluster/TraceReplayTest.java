package pcasgd.runtime.cluster;

import pcasgd.api.LinkLatency;
import pcasgd.api.ClusterSettings;
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
 * mix copies of the ages the real agents mixed, epoch by epoch: every received message is recorded
 * with the step at which it is first mixed, which is when the simulator delivers it (a message that
 * arrives while its receiver is updating step k is first mixed at k + 1), and a copy a busy link
 * never carried (superseded) arrives with the newer copy that replaced it.
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
                .slowFactors(1, 1, 1, 2).computePadMillis(1).maxSkew(6)
                .checkpoints(checkpoints, 1).traceDir(dir).build();
        List<EpochMetrics> real = ClusterRuntime.runLocal(LeastSquaresProblem.spec(Method.STALE_DSGD, 4, EPOCHS, STEPS), s,
                List.of(), Duration.ofSeconds(60));

        TraceDelay trace = TraceDelay.read(dir, Graph.ring(4));
        List<EpochMetrics> replay;
        try (SimulatedRuntime sim = new SimulatedRuntime(LeastSquaresProblem.spec(Method.STALE_DSGD, 4, EPOCHS, STEPS, trace),
                List.of())) {
            replay = sim.run();
        }
        // the replay holds at every step each copy the recorded run held then (a copy's recorded age is when it was
        // first mixed), so it never mixes a younger copy; it can mix an older one only where the recorded run took a
        // copy from a neighbour whose step counter was ahead (age 0 there: in lockstep a copy cannot arrive before it
        // is sent), which the skew bound keeps rare. Which links count as late is not replayed: the actors decided it
        // from the measured transit, the replay by the lockstep rule on the replayed ages
        double age = 0;
        for (int e = 0; e < EPOCHS; e++) {
            double a = real.get(e).scalar(StandardMetrics.COPY_AGE);
            double r = replay.get(e).scalar(StandardMetrics.COPY_AGE);
            age += a;
            assertTrue(a <= r + 1e-12, "epoch " + (e + 1) + ": the replay mixed younger copies (" + r + ") than the run (" + a + ")");
            assertEquals(a, r, 0.25, "mean copy age, epoch " + (e + 1));
        }
        assertTrue(age > 0, "the recorded run had old copies to replay");
    }
}

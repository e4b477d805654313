package pcasgd.experiment;

import java.nio.file.Path;
import pcasgd.runtime.cluster.ClusterSettings;
import pcasgd.runtime.cluster.LinkLatency;

/** The actor runtimes' settings from a config: one place, shared by {@code train --runtime local} and {@code agent}. */
public final class ActorSettings {
    private ActorSettings() { }

    public static ClusterSettings from(TrainConfig c, boolean resume) {
        double[] slow = new double[c.agents()];
        java.util.Arrays.fill(slow, 1.0);
        for (int s : c.stragglers()) {
            if (s < 0 || s >= c.agents()) {
                throw new ConfigException("straggler id " + s + " is outside [0, " + c.agents() + ")");
            }
            slow[s] = c.stragglerFactor();
        }
        return ClusterSettings.defaults(c.runId())
                .withLatency(c.linkDelayMs() > 0 ? LinkLatency.constant(c.linkDelayMs()) : LinkLatency.NONE)
                .withSlowFactors(slow)
                .withComputePadMillis(c.computePadMs())
                .withMaxStaleness(c.maxStaleness())
                .withOnTimeSlack(c.onTimeSlack())
                .withSendEvery(c.sendEvery())
                .withCheckpoints(checkpointDir(c), c.checkpointEvery())
                .withResume(resume);
    }

    public static Path checkpointDir(TrainConfig c) {
        return RunDirectory.of(c).path().resolve("checkpoints");
    }
}

package pcasgd.runtime.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import pcasgd.agent.Agent;
import pcasgd.agent.AgentListener;

/** Writes an agent's {@link Checkpoint} every {@code every} steps (0: only at the end) and after its last step. */
final class CheckpointWriter implements AgentListener {
    private final String runId;
    private final Path dir;
    private final int every;
    private final long totalSteps;

    CheckpointWriter(String runId, Path dir, int every, long totalSteps) {
        this.runId = runId;
        this.dir = dir;
        this.every = every;
        this.totalSteps = totalSteps;
    }

    @Override
    public void afterStep(Agent agent) {
        long step = agent.step();
        if (step == totalSteps || every > 0 && step % every == 0) {
            try {
                new Checkpoint(runId, agent.id(), step, agent.params(), agent.velocity()).write(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("agent " + agent.id() + " could not write its checkpoint to " + dir, e);
            }
        }
    }
}

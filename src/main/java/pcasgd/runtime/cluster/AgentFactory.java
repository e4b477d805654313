package pcasgd.runtime.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pcasgd.runtime.CandidateLosses;
import pcasgd.runtime.SimulationSpec;

/** Builds an agent's {@link AgentActor.Setup} and worker from the run's spec, resuming from its checkpoint if asked. */
final class AgentFactory {
    private static final Logger LOG = LoggerFactory.getLogger(AgentFactory.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private AgentFactory() { }

    static AgentActor.Setup setup(SimulationSpec spec, ClusterSettings settings, int id, float[] initial) {
        if (id < 0 || id >= spec.agents()) {
            throw new IllegalArgumentException("agent id " + id + " outside 0.." + (spec.agents() - 1));
        }
        Map<Integer, Double> weights = new LinkedHashMap<>();
        for (int j : spec.graph().neighbours(id)) {
            weights.put(j, spec.mixing().weight(id, j));
        }
        long total = (long) spec.epochs() * spec.stepsPerEpoch();
        long start = 0;
        float[] params = initial;
        float[] velocity = null;
        Optional<Checkpoint> ckpt = settings.resume() && settings.checkpointDir() != null
                ? readCheckpoint(settings, id) : Optional.empty();
        if (ckpt.isPresent()) {
            Checkpoint c = ckpt.get();
            if (!c.runId().equals(settings.runId()) || c.agent() != id || c.params().length != initial.length) {
                throw new IllegalStateException("checkpoint of agent " + id + " in " + settings.checkpointDir()
                        + " belongs to run '" + c.runId() + "', agent " + c.agent() + ", dimension " + c.params().length
                        + ": cannot resume run '" + settings.runId() + "'");
            }
            start = c.step();
            params = c.params();
            velocity = c.velocity();
            LOG.info("agent {} resumes from its checkpoint at step {}", id, start);
        }
        AgentWorker worker = new AgentWorker(id, settings.runId(), spec.oracle(), spec.rule(), spec.sources().get(id),
                spec.trainSet(), spec.batchSize(),
                spec.needsCandidateEvaluator() ? new CandidateLosses(spec.oracle(), spec.candidateExamples()) : null,
                spec.stepsPerEpoch(), total, settings,
                start, params, velocity);
        long incarnation = RANDOM.nextLong() | 1; // 0 marks the seeded initial copy
        return new AgentActor.Setup(id, settings.runId(), incarnation, spec.agents(), spec.mixing().selfWeight(id), weights,
                spec.waitForNeighbours(), total, settings, initial, start, worker);
    }

    private static Optional<Checkpoint> readCheckpoint(ClusterSettings settings, int id) {
        try {
            return Checkpoint.read(settings.checkpointDir(), id);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint of agent " + id, e);
        }
    }
}

package pcasgd.runtime.cluster;

import pcasgd.api.ClusterSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pcasgd.agent.Agent;
import pcasgd.agent.AgentListener;
import pcasgd.agent.HeldCopy;
import pcasgd.agent.Inbox;
import pcasgd.runtime.SimulationSpec;

/** Builds an agent actor's {@link AgentActor.Setup} from the run's spec: its {@link Agent}, inbox and thread, resuming from its checkpoint if asked. */
final class AgentFactory {
    private static final Logger LOG = LoggerFactory.getLogger(AgentFactory.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private AgentFactory() { }

    static AgentActor.Setup setup(SimulationSpec spec, ClusterSettings settings, int id, float[] initial, TraceRecorder trace) {
        if (id < 0 || id >= spec.agents()) {
            throw new IllegalArgumentException("agent id " + id + " outside 0.." + (spec.agents() - 1));
        }
        if (spec.synchronous() && settings.sendEvery() != 1) {
            throw new IllegalArgumentException("a synchronous method waits for every neighbour's message of each step:"
                    + " it needs sendEvery 1, got " + settings.sendEvery());
        }
        int[] nb = spec.graph().neighbours(id);
        double[] weights = new double[nb.length];
        for (int s = 0; s < nb.length; s++) {
            weights[s] = spec.mixing().weight(id, nb[s]);
        }
        // asynchronous agents step on their own clocks: their links are classified from measured transit
        Inbox inbox = spec.synchronous() ? new Inbox(nb, weights, spec.mixing().selfWeight(id), true)
                : Inbox.measured(nb, weights, spec.mixing().selfWeight(id), false, System::nanoTime);
        long total = spec.totalSteps();
        Agent agent = Agent.builder().id(id).rule(spec.rule()).oracle(spec.oracle())
                .batches(spec.sources().get(id), spec.trainSet(), spec.batchSize())
                .candidateExamples(spec.candidateExamples()).stepsPerEpoch(spec.stepsPerEpoch())
                .historyDepth(settings.historyDepth()).initialParams(initial).metrics(spec.metrics()).build();
        long start = 0;
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
            agent.restore(start, c.params(), c.velocity());
            LOG.info("agent {} resumes from its checkpoint at step {}", id, start);
        } else {
            // x_j^0 is the common initial point every agent knows; its gradient is unknown, hence zero
            float[] zero = spec.rule().usesNeighbourGradients() ? new float[initial.length] : null;
            for (int s = 0; s < nb.length; s++) {
                inbox.offer(s, new HeldCopy(HeldCopy.INITIAL, initial, zero));
            }
        }
        List<AgentListener> listeners = new ArrayList<>();
        if (settings.checkpointDir() != null) {
            listeners.add(new CheckpointWriter(settings.runId(), settings.checkpointDir(), settings.checkpointEvery(), total));
        }
        AgentThread thread = new AgentThread(agent, settings.slowFactor(id), settings.computePadMillis(),
                spec.stepsPerEpoch(), listeners, spec.encoding(), ComputeSlots.of(spec));
        long incarnation = RANDOM.nextLong();
        return new AgentActor.Setup(id, settings.runId(), incarnation, spec.agents(), initial.length, inbox,
                spec.synchronous(), total, settings, spec.encoding(), start, thread, trace);
    }

    private static Optional<Checkpoint> readCheckpoint(ClusterSettings settings, int id) {
        try {
            return Checkpoint.read(settings.checkpointDir(), id);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint of agent " + id, e);
        }
    }
}

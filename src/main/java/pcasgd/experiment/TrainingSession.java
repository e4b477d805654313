package pcasgd.experiment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import pcasgd.metrics.EpochMetrics;
import pcasgd.runtime.SimulatedRuntime;
import pcasgd.runtime.SimulationSpec;
import pcasgd.runtime.TrainingListener;
import pcasgd.runtime.cluster.ClusterRuntime;

/**
 * Runs one configuration with the given listeners plus its run directory: in the deterministic
 * simulator ({@code runtime: sim}) or as actors on real threads in this JVM ({@code runtime: local}).
 * A {@code cluster} run is one process per agent, started with {@code pcasgd agent}.
 */
public final class TrainingSession {
    private static final Duration LOCAL_TIMEOUT = Duration.ofHours(24);
    private final RunBuilder builder;

    public TrainingSession(RunBuilder builder) {
        this.builder = builder;
    }

    public List<EpochMetrics> run(TrainConfig config, List<TrainingListener> listeners) {
        return run(config, listeners, false);
    }

    /** @param resume continue each agent from its checkpoint (actor runtimes only) */
    public List<EpochMetrics> run(TrainConfig config, List<TrainingListener> listeners, boolean resume) {
        config.validate();
        List<TrainingListener> all = new ArrayList<>(listeners);
        all.add(0, RunDirectory.of(config));
        switch (config.runtime()) {
            case "sim" -> {
                if (resume) {
                    throw new ConfigException("--resume needs checkpoints, which the actor runtimes write: use --set runtime=local"
                            + " (the simulator reruns bit-identically from its seed instead)");
                }
                try (SimulatedRuntime sim = new SimulatedRuntime(builder.simulation(config), all)) {
                    return sim.run();
                }
            }
            case "local" -> {
                SimulationSpec spec = builder.simulation(config);
                return ClusterRuntime.runLocal(spec, ActorSettings.from(config, resume), all, LOCAL_TIMEOUT);
            }
            default -> throw new ConfigException("runtime 'cluster' runs one process per agent: start each with"
                    + " 'pcasgd agent --id i --seed-nodes host:port,... --config run.yaml'");
        }
    }
}

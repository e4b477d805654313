package pcasgd.experiment;

import java.util.ArrayList;
import java.util.List;
import pcasgd.api.PcAsgd;
import pcasgd.api.TrainingResult;
import pcasgd.metrics.EpochMetrics;
import pcasgd.metrics.TrainingListener;

/**
 * Runs one configuration through the public API ({@link PcAsgd}) with the given listeners plus its
 * run directory: in the deterministic simulator ({@code runtime: sim}) or as actors on real threads
 * in this JVM ({@code runtime: local}). A {@code cluster} run is one process per agent, started with
 * {@code pcasgd agent}.
 */
public final class TrainingSession {
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
        if (config.runtime().equals("cluster")) {
            throw new ConfigException("runtime 'cluster' runs one process per agent: start each with"
                    + " 'pcasgd agent --id i --seed-nodes host:port,... --config run.yaml'");
        }
        List<TrainingListener> all = new ArrayList<>(listeners);
        all.add(0, RunDirectory.of(config));
        PcAsgd plan = builder.training(config, all, resume);
        try (TrainingResult result = plan.run()) {
            return result.epochs();
        }
    }
}

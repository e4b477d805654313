package pcasgd.experiment;

import java.util.ArrayList;
import java.util.List;
import pcasgd.runtime.EpochMetrics;
import pcasgd.runtime.SimulatedRuntime;
import pcasgd.runtime.TrainingListener;

/** Runs one configuration in the simulator with the given listeners plus its run directory. */
public final class TrainingSession {
    private final RunBuilder builder;

    public TrainingSession(RunBuilder builder) {
        this.builder = builder;
    }

    public List<EpochMetrics> run(TrainConfig config, List<TrainingListener> listeners) {
        config.validate();
        if (!config.runtime().equals("sim")) {
            throw new ConfigException("runtime '" + config.runtime() + "' is run by the cluster runtime, not the simulator");
        }
        List<TrainingListener> all = new ArrayList<>(listeners);
        all.add(0, RunDirectory.of(config));
        try (SimulatedRuntime sim = new SimulatedRuntime(builder.simulation(config), all)) {
            return sim.run();
        }
    }
}

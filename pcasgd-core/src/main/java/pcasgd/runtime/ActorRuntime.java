package pcasgd.runtime;

import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import pcasgd.api.ClusterSettings;
import pcasgd.api.NodeSettings;
import pcasgd.api.SnapshotProbe;
import pcasgd.metrics.EpochMetrics;
import pcasgd.metrics.TrainingListener;

/**
 * The actor runtime as the core library sees it: implemented by the {@code pcasgd-cluster} module
 * (Apache Pekko) and found with {@link ServiceLoader}, so a user who trains only in the simulator
 * does not pull in Pekko.
 */
public interface ActorRuntime {
    /**
     * Runs every agent as an actor on real threads in this JVM and returns every epoch's metrics.
     *
     * @param spec the run
     * @param settings pacing, links, checkpoints and trace of the actor runtime
     * @param listeners called as in the simulator
     * @param timeout how long the run may take
     * @param snapshots gets the agents' parameters on a wall-clock schedule and may end the run; null for none
     * @return the metrics of every epoch
     */
    List<EpochMetrics> runLocal(SimulationSpec spec, ClusterSettings settings, List<TrainingListener> listeners, Duration timeout,
                                SnapshotProbe snapshots);

    /**
     * Starts this process's share of a multi-process run and returns at once.
     *
     * @param spec the run
     * @param settings the actor runtime's settings
     * @param node this process's address, seeds and agents
     * @param listeners called on the coordinator's node
     * @return the running node
     */
    RunningNode startNode(SimulationSpec spec, ClusterSettings settings, NodeSettings node, List<TrainingListener> listeners);

    /**
     * The actor runtime on the class path.
     *
     * @return the runtime
     * @throws IllegalStateException naming the dependency to add when there is none
     */
    static ActorRuntime load() {
        return ServiceLoader.load(ActorRuntime.class).findFirst().orElseThrow(() -> new IllegalStateException(
                "the actor runtime is not on the class path: Execution.local() and startNode need the dependency"
                        + " io.pcasgd:pcasgd-cluster (the simulator needs only pcasgd-core)"));
    }
}

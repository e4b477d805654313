package pcasgd.runtime.cluster;

import java.time.Duration;
import java.util.List;
import pcasgd.api.ClusterSettings;
import pcasgd.api.NodeSettings;
import pcasgd.api.SnapshotProbe;
import pcasgd.metrics.EpochMetrics;
import pcasgd.metrics.TrainingListener;
import pcasgd.runtime.ActorRuntime;
import pcasgd.runtime.RunningNode;
import pcasgd.runtime.SimulationSpec;

/** The Pekko actor runtime as the core library finds it ({@code META-INF/services}). */
public final class PekkoActorRuntime implements ActorRuntime {
    @Override
    public List<EpochMetrics> runLocal(SimulationSpec spec, ClusterSettings settings, List<TrainingListener> listeners,
                                       Duration timeout, SnapshotProbe snapshots) {
        return ClusterRuntime.runLocal(spec, settings, listeners, timeout, snapshots);
    }

    @Override
    public RunningNode startNode(SimulationSpec spec, ClusterSettings settings, NodeSettings node,
                                 List<TrainingListener> listeners) {
        return ClusterRuntime.startNode(spec, settings, node, listeners);
    }
}

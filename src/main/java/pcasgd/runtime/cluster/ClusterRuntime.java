package pcasgd.runtime.cluster;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.LoggerFactory;
import pcasgd.metrics.EpochMetrics;
import pcasgd.runtime.SimulationSpec;
import pcasgd.runtime.TrainingListener;

/**
 * Runs a {@link SimulationSpec}'s agents as Pekko actors on real threads with real (or injected)
 * message delays, using the same update-rule objects as the simulator. Two modes:
 * <ul>
 *   <li>{@link #runLocal}: one JVM, one local actor system, all agents and the coordinator;</li>
 *   <li>{@link #startNode}: one process of a Pekko Cluster (Artery TCP) hosting some agents and
 *       possibly the coordinator; processes find each other through the cluster receptionist.</li>
 * </ul>
 */
public final class ClusterRuntime {
    private ClusterRuntime() { }

    /** A running node: completes when its actor system has terminated. */
    public static final class Node implements AutoCloseable {
        private final ActorSystem<Void> system;
        private final CompletableFuture<List<EpochMetrics>> metrics;

        Node(ActorSystem<Void> system, CompletableFuture<List<EpochMetrics>> metrics) {
            this.system = system;
            this.metrics = metrics;
        }

        /** The run's metrics; only completes on the coordinator's node. */
        public CompletableFuture<List<EpochMetrics>> metrics() {
            return metrics;
        }

        public String address() {
            return system.address().toString();
        }

        /** Waits until every hosted actor has stopped and the system has terminated. */
        public boolean awaitTermination(Duration timeout) throws InterruptedException {
            try {
                system.getWhenTerminated().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                return true;
            }
        }

        @Override
        public void close() {
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // already reported by Pekko; nothing more to do
            }
        }
    }

    /** All agents in this JVM; blocks until the run ends (or {@code timeout}) and returns every epoch's metrics. */
    public static List<EpochMetrics> runLocal(SimulationSpec spec, ClusterSettings settings, List<TrainingListener> listeners,
                                              Duration timeout) {
        return runLocal(spec, settings, listeners, timeout, null);
    }

    /**
     * As {@link #runLocal(SimulationSpec, ClusterSettings, List, Duration)}, with the averaged model also
     * evaluated on a wall-clock schedule by {@code probe} (null: none), which may end the run early.
     */
    public static List<EpochMetrics> runLocal(SimulationSpec spec, ClusterSettings settings, List<TrainingListener> listeners,
                                              Duration timeout, WallClockProbe probe) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < spec.agents(); i++) {
            all.add(i);
        }
        Config config = PekkoConfig.local(settings.runId(), spec.agents());
        try (Node node = start(spec, settings, listeners, all, true, config, probe, "trace.csv")) {
            return await(node.metrics(), timeout);
        }
    }

    /** Starts one process's share of a cluster run; returns at once. */
    public static Node startNode(SimulationSpec spec, ClusterSettings settings, NodeSettings node,
                                 List<TrainingListener> listeners) {
        Config config = PekkoConfig.cluster(settings.runId(), spec.agents(), node.host(), node.port(), node.seeds());
        String trace = "trace-agents-" + String.join("-", node.agentIds().stream().map(String::valueOf).toList()) + ".csv";
        return start(spec, settings, listeners, node.agentIds(), node.coordinator(), config, null, trace);
    }

    static List<EpochMetrics> await(CompletableFuture<List<EpochMetrics>> f, Duration timeout) {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the run", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("run did not finish within " + timeout, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static Node start(SimulationSpec spec, ClusterSettings settings, List<TrainingListener> listeners,
                              List<Integer> agentIds, boolean coordinator, Config config, WallClockProbe probe,
                              String traceFile) {
        CompletableFuture<List<EpochMetrics>> metrics = new CompletableFuture<>();
        float[] initial = spec.oracle().initialParameters(spec.initSeed());
        TraceRecorder trace = settings.traceDir() == null || agentIds.isEmpty() ? null : new TraceRecorder();
        Behavior<Void> guardian = Behaviors.setup(ctx -> {
            int[] running = {0};
            if (coordinator) {
                ActorRef<CoordinatorMsg> c = ctx.spawn(
                        CoordinatorActor.create(settings.runId(), spec, settings, listeners, metrics, probe), "coordinator");
                ctx.watch(c);
                running[0]++;
            }
            for (int id : agentIds) {
                ActorRef<AgentMsg> a = ctx.spawn(AgentActor.create(AgentFactory.setup(spec, settings, id, initial, trace)),
                        "agent-" + id);
                ctx.watch(a);
                running[0]++;
            }
            // the node ends when everything it hosts has stopped
            return Behaviors.<Void>receive(Void.class)
                    .onSignal(Terminated.class, t -> --running[0] == 0 ? Behaviors.stopped() : Behaviors.same())
                    .build();
        });
        ActorSystem<Void> system = ActorSystem.create(guardian, PekkoConfig.systemName(settings.runId()), config);
        if (trace != null) {
            system.getWhenTerminated().thenRun(() -> writeTrace(trace, settings.traceDir().resolve(traceFile)));
        }
        return new Node(system, metrics);
    }

    private static void writeTrace(TraceRecorder trace, java.nio.file.Path file) {
        try {
            trace.write(file);
        } catch (java.io.IOException e) {
            LoggerFactory.getLogger(ClusterRuntime.class).error("could not write the message trace {}: {}", file, e.toString());
        }
    }
}

package pcasgd.runtime.cluster;

import pcasgd.api.SnapshotProbe;
import pcasgd.api.NodeOutcome;
import pcasgd.api.NodeOutcome.Status;
import pcasgd.runtime.RunningNode;
import pcasgd.api.NodeSettings;
import pcasgd.api.ClusterSettings;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Optional;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.event.Logging;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.LoggerFactory;
import pcasgd.metrics.EpochMetrics;
import pcasgd.runtime.SimulationSpec;
import pcasgd.metrics.TrainingListener;

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
    public static final class Node implements RunningNode {
        private final ActorSystem<?> system;
        private final CompletableFuture<List<EpochMetrics>> metrics;
        private final CompletableFuture<NodeGuardian.Outcome> outcome;
        private final NodeSettings settings;
        /** The system has terminated and what is written after it (the message trace) is on disk. */
        private final CompletableFuture<?> ended;

        Node(ActorSystem<?> system, CompletableFuture<List<EpochMetrics>> metrics,
             CompletableFuture<NodeGuardian.Outcome> outcome, NodeSettings settings, Runnable afterTermination) {
            this.system = system;
            this.ended = system.getWhenTerminated().toCompletableFuture().thenRun(afterTermination);
            this.metrics = metrics;
            this.outcome = outcome;
            this.settings = settings;
        }

        /** The run's metrics; only completes on the coordinator's node. */
        public CompletableFuture<List<EpochMetrics>> metrics() {
            return metrics;
        }

        public String address() {
            return system.address().toString();
        }

        @Override
        public String hostPort() {
            return CoordinatorActor.hostPort(system.address());
        }

        /** Waits until every hosted actor has stopped and the system has terminated. */
        public boolean awaitTermination(Duration timeout) throws InterruptedException {
            try {
                ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                return true;
            }
        }

        /** How the process ended, once its system has terminated. */
        public NodeOutcome outcome() {
            if (!ended.isDone()) {
                throw new IllegalStateException("the node has not terminated yet");
            }
            NodeGuardian.Outcome o = outcome.getNow(null);
            if (o != null) {
                return switch (o.kind()) {
                    case FINISHED -> new NodeOutcome(Status.FINISHED, o.message());
                    case FAILED -> new NodeOutcome(Status.FAILED, o.message());
                    case REFUSED -> new NodeOutcome(Status.REFUSED, o.message());
                };
            }
            var reason = CoordinatedShutdown.get(system).getShutdownReason();
            if (reason.isPresent() && reason.get().equals(CoordinatedShutdown.clusterJoinUnsuccessfulReason())) {
                return new NodeOutcome(Status.NO_SEED, "could not reach any seed node (" + String.join(", ", settings.seeds())
                        + ") within " + seconds(settings.joinTimeout()) + ": check that the run's first process is running"
                        + " and that the seed addresses and the run id are the same in every process"
                        + (settings.tls() != null ? "; with TLS, that the run trusts this process's certificate and it trusts"
                        + " the run's (docs/security.md)" : "; if the run uses TLS, this process needs it too"));
            }
            if (reason.isPresent() && reason.get().equals(CoordinatedShutdown.clusterDowningReason())) {
                // keep-oldest (pcasgd-cluster.conf) downs the side without the oldest member, the oldest member when
                // it is alone, and either end of a link that failed while both ends still reach the others
                return new NodeOutcome(Status.FAILED, "this process was removed from the cluster (downed: it lost contact"
                        + " with the side of the run's oldest process, or was the oldest and alone, or lost contact with some"
                        + " of the run's processes); restart it with --resume to rejoin the run");
            }
            return new NodeOutcome(Status.FAILED, "the node stopped before its work was done"
                    + reason.map(r -> " (" + r + ")").orElse(""));
        }

        /**
         * In words, what this node is still waiting for: whether it was admitted, which of its agents
         * still run, and what the coordinator waits for (which agents, which epoch). Asks both,
         * each for at most a few seconds.
         */
        public String describeWaiting() {
            Duration ask = Duration.ofSeconds(3);
            NodeGuardian.Description d;
            try {
                @SuppressWarnings("unchecked")
                ActorSystem<NodeMsg> s = (ActorSystem<NodeMsg>) system;
                d = AskPattern.<NodeMsg, NodeGuardian.Description>ask(s, NodeGuardian.Describe::new, ask, system.scheduler())
                        .toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            } catch (ExecutionException | TimeoutException | ClassCastException e) {
                return "the node did not answer";
            }
            if (d.coordinator() == null) {
                return d.text();
            }
            try {
                CoordinatorStatus c = AskPattern.<CoordinatorMsg, CoordinatorStatus>ask(d.coordinator(),
                        r -> new StatusRequest("", r), ask, system.scheduler()).toCompletableFuture().get(5, TimeUnit.SECONDS);
                return d.text() + "; " + c.text();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return d.text();
            } catch (ExecutionException | TimeoutException e) {
                return d.text() + "; the coordinator did not answer within " + seconds(ask);
            }
        }

        /** Leaves the cluster (coordinated shutdown) and waits for the system to terminate. */
        @Override
        public void close() {
            system.terminate();
            try {
                ended.get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // already reported by Pekko; nothing more to do
            }
        }
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms / 1000.0 + " s";
    }

    /** All agents in this JVM; blocks until the run ends (or {@code timeout}) and returns every epoch's metrics. */
    public static List<EpochMetrics> runLocal(SimulationSpec spec, ClusterSettings settings, List<TrainingListener> listeners,
                                              Duration timeout) {
        return runLocal(spec, settings, listeners, timeout, null);
    }

    /**
     * As {@link #runLocal(SimulationSpec, ClusterSettings, List, Duration)}, with the agents' parameters
     * also handed to {@code probe} on a wall-clock schedule (null: none), which may end the run early.
     */
    public static List<EpochMetrics> runLocal(SimulationSpec spec, ClusterSettings settings, List<TrainingListener> listeners,
                                              Duration timeout, SnapshotProbe probe) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < spec.agents(); i++) {
            all.add(i);
        }
        Config config = PekkoConfig.withEncoding(PekkoConfig.local(settings.runId(), spec.agents()), spec.encoding());
        try (Node node = start(spec, settings, listeners, all, true, config, probe, "trace.csv")) {
            return await(node.metrics(), timeout);
        }
    }

    /**
     * Starts one process's share of a cluster run and returns at once. The process joins the
     * cluster through {@code node.seeds()} (or forms it, with none), asks the coordinator to admit
     * its agents with its settings' fingerprint, and starts them only when admitted.
     */
    public static Node startNode(SimulationSpec spec, ClusterSettings settings, NodeSettings node,
                                 List<TrainingListener> listeners) {
        List<String> seeds = settings.resume() ? joinOnly(node.seeds(), node.host() + ":" + node.port()) : node.seeds();
        Config run = node.tls() == null
                ? PekkoConfig.cluster(settings.runId(), spec.agents(), node.host(), node.port(), seeds)
                : PekkoConfig.cluster(settings.runId(), spec.agents(), node.host(), node.port(), seeds, node.tls());
        run = PekkoConfig.withEncoding(run, spec.encoding());
        if (node.coordinator()) {
            run = PekkoConfig.withCoordinatorRole(run);
        }
        Config config = ConfigFactory.systemProperties()
                .withFallback(ConfigFactory.parseMap(Map.of("pekko.cluster.shutdown-after-unsuccessful-join-seed-nodes",
                        node.joinTimeout().toMillis() + "ms")))
                .withFallback(run);
        String trace = "trace-agents-" + String.join("-", node.agentIds().stream().map(String::valueOf).toList()) + ".csv";
        TraceRecorder recorder = settings.traceDir() == null || node.agentIds().isEmpty() ? null : new TraceRecorder();
        CompletableFuture<List<EpochMetrics>> metrics = new CompletableFuture<>();
        CompletableFuture<NodeGuardian.Outcome> outcome = new CompletableFuture<>();
        ActorSystem<NodeMsg> system = ActorSystem.create(
                NodeGuardian.create(spec, settings, node, listeners, metrics, outcome, recorder),
                PekkoConfig.systemName(settings.runId()), config);
        quietTeardown(system);
        return new Node(system, metrics, outcome, node,
                () -> writeTrace(recorder, recorder == null ? null : settings.traceDir().resolve(trace)));
    }

    /**
     * The seed list of a process that resumes: its own address moved from first to last. Pekko's first
     * seed node forms a cluster of its own when no other seed answers within {@code seed-node-timeout}
     * (5 s) — a restarted first process on a busy machine then starts a second run beside the first,
     * waiting for agents that are in the other. Any other seed only ever joins: it keeps asking.
     */
    static List<String> joinOnly(List<String> seeds, String self) {
        if (seeds.size() < 2 || !seeds.get(0).trim().equals(self)) {
            return seeds;
        }
        List<String> reordered = new ArrayList<>(seeds.subList(1, seeds.size()));
        reordered.add(seeds.get(0));
        return reordered;
    }

    /**
     * Once this node has left the cluster, Artery aborts its connections to the members still
     * running and logs each of its own aborts as a failed stream ("StreamTcpException: The
     * connection has been aborted", three per peer; Akka issue 27602 upstream). Nothing can fail any
     * more at that point, so Pekko's own logging drops to errors for the rest of the teardown.
     */
    private static void quietTeardown(ActorSystem<?> system) {
        CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "pcasgd-quiet-teardown",
                () -> {
                    Adapter.toClassic(system).eventStream().setLogLevel(Logging.ErrorLevel());
                    return CompletableFuture.completedFuture(Done.getInstance());
                });
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

    /** One JVM: every agent and the coordinator at once, no admission. */
    /**
     * The first epoch every agent will report when all resume from their checkpoints: the epoch after
     * the last one the furthest agent has finished (an agent behind it reports earlier epochs, which are
     * then dropped as closed). Fails when the checkpoints already are at the run's end.
     */
    static int firstEpochAfter(SimulationSpec spec, ClusterSettings settings) {
        long furthest = 0;
        for (int id = 0; id < spec.agents(); id++) {
            try {
                Optional<Checkpoint> c = Checkpoint.read(settings.checkpointDir(), id);
                if (c.isPresent()) {
                    furthest = Math.max(furthest, c.get().step());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the checkpoint of agent " + id, e);
            }
        }
        long total = (long) spec.epochs() * spec.stepsPerEpoch();
        if (furthest >= total) {
            throw new IllegalArgumentException("the checkpoints in " + settings.checkpointDir() + " are at step " + furthest
                    + ", the end of a run of " + spec.epochs() + " epochs (" + total + " steps): nothing to resume;"
                    + " raise the number of epochs to train further");
        }
        return (int) (furthest / spec.stepsPerEpoch()) + 1;
    }

    private static Node start(SimulationSpec spec, ClusterSettings settings, List<TrainingListener> listeners,
                              List<Integer> agentIds, boolean coordinator, Config config, SnapshotProbe probe,
                              String traceFile) {
        CompletableFuture<List<EpochMetrics>> metrics = new CompletableFuture<>();
        float[] initial = spec.oracle().initialParameters(spec.initSeed());
        // every agent of a one-JVM run resumes here, so the coordinator knows the first epoch they will report
        int firstEpoch = coordinator && settings.resume() && agentIds.size() == spec.agents() ? firstEpochAfter(spec, settings) : 1;
        TraceRecorder trace = settings.traceDir() == null || agentIds.isEmpty() ? null : new TraceRecorder();
        Behavior<Void> guardian = Behaviors.setup(ctx -> {
            int[] running = {0};
            if (coordinator) {
                ActorRef<CoordinatorMsg> c = ctx.spawn(
                        CoordinatorActor.create(settings.runId(), spec, settings, listeners, metrics, probe, null, firstEpoch, null),
                        "coordinator");
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
        return new Node(system, metrics, new CompletableFuture<>(), null,
                () -> writeTrace(trace, trace == null ? null : settings.traceDir().resolve(traceFile)));
    }

    private static void writeTrace(TraceRecorder trace, java.nio.file.Path file) {
        if (trace == null) {
            return;
        }
        try {
            trace.write(file);
        } catch (java.io.IOException e) {
            LoggerFactory.getLogger(ClusterRuntime.class).error("could not write the message trace {}: {}", file, e.toString());
        }
    }
}

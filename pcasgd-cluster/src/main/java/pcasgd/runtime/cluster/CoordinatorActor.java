package pcasgd.runtime.cluster;

import pcasgd.api.SnapshotProbe;
import pcasgd.runtime.SettingsDiff;
import pcasgd.api.ClusterSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import pcasgd.agent.TrainingDivergedException;
import pcasgd.metrics.AgentReport;
import pcasgd.metrics.EpochAggregation;
import pcasgd.metrics.EpochMetrics;
import pcasgd.metrics.RunInfo;
import pcasgd.runtime.SimulationSpec;
import pcasgd.metrics.TrainingListener;

/**
 * Collects every agent's per-epoch report, turns them into {@link EpochMetrics} with the same
 * {@link EpochAggregation} as the simulator on a thread of its own (never on a dispatcher), and
 * calls the {@link TrainingListener}s. Epoch e closes when every agent has reported it or is
 * unreachable (an agent never seen yet is waited for). After the last epoch it tells every agent to
 * stop and completes {@code result}. In a cluster run it also admits processes ({@link JoinRequest}): only
 * one whose settings equal the run's, whose agents no other live process hosts, and only while
 * the run has not ended.
 */
final class CoordinatorActor extends AbstractBehavior<CoordinatorMsg> {
    private record AgentListing(Receptionist.Listing listing) implements CoordinatorMsg { }
    private record Evaluated(EpochAggregation.Aggregated aggregated, Throwable error) implements CoordinatorMsg { }
    private enum Stop implements CoordinatorMsg { INSTANCE }
    private enum ProbeTick implements CoordinatorMsg { INSTANCE }
    private record ProbeEvaluated(SnapshotProbe.Snapshot snapshot, Boolean stop, Throwable error) implements CoordinatorMsg { }
    /** A cluster member became unreachable or left: agents it was admitted for but never registered are free again. */
    private record MemberGone(Address address) implements CoordinatorMsg { }

    private final String runId;
    private final SimulationSpec spec;
    private final ClusterSettings settings;
    private final List<TrainingListener> listeners;
    private final CompletableFuture<List<EpochMetrics>> result;
    private final int n;
    private final boolean[] seen;
    private final Map<Integer, ActorRef<AgentMsg>> alive = new HashMap<>();
    private final Map<String, Integer> keyToAgent = new HashMap<>();
    private final TreeMap<Integer, Map<Integer, EpochReport>> reports = new TreeMap<>();
    private final EpochAggregation aggregation;
    /** When the last report of each open epoch arrived: the epoch's training ended then. */
    private final Map<Integer, Long> trainedAt = new HashMap<>();
    private final List<EpochMetrics> done = new ArrayList<>();
    private final ExecutorService evaluator = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pcasgd-coordinator-eval");
        t.setDaemon(true);
        return t;
    });
    private int nextEpoch;
    private boolean evaluating;
    private boolean started;
    private long startNanos;
    private long lastEpochNanos;
    private final SnapshotProbe probe;
    private long probeRound;
    private final Map<Integer, AgentSnapshot> probeReplies = new HashMap<>();
    private int probeExpected;
    private boolean probeEvaluating;
    /** The run's settings that joining processes must match; null in a one-JVM run, which admits nobody. */
    private final Map<String, String> fingerprint;
    /** Agents admitted but not registered yet, with the node ("host:port") that hosts them. */
    private final Map<Integer, Address> pending = new HashMap<>();
    /** The node each agent was last admitted for. */
    private final Map<Integer, Address> admittedAt = new HashMap<>();
    /** Processes already answered (they ask again until an answer arrives). */
    private final Set<ActorRef<NodeMsg>> answered = new HashSet<>();
    /** Why the run ended, once it has; the coordinator then refuses every process that asks to join. */
    private String ended;

    static Behavior<CoordinatorMsg> create(String runId, SimulationSpec spec, ClusterSettings settings,
                                           List<TrainingListener> listeners, CompletableFuture<List<EpochMetrics>> result) {
        return create(runId, spec, settings, listeners, result, null, null, 1);
    }

    /**
     * @param probe       gets the agents' parameters every {@code probe.intervalMillis()} of wall time; null = none
     * @param fingerprint the run's settings, which a process must present to be admitted (cluster runs); null in one JVM
     * @param firstEpoch  the first epoch the agents will report: 1, or later when every agent resumes from a checkpoint
     */
    static Behavior<CoordinatorMsg> create(String runId, SimulationSpec spec, ClusterSettings settings,
                                           List<TrainingListener> listeners, CompletableFuture<List<EpochMetrics>> result,
                                           SnapshotProbe probe, Map<String, String> fingerprint, int firstEpoch) {
        return Behaviors.setup(ctx -> new CoordinatorActor(ctx, runId, spec, settings, listeners, result, probe, fingerprint,
                firstEpoch));
    }

    private CoordinatorActor(ActorContext<CoordinatorMsg> ctx, String runId, SimulationSpec spec, ClusterSettings settings,
                             List<TrainingListener> listeners, CompletableFuture<List<EpochMetrics>> result,
                             SnapshotProbe probe, Map<String, String> fingerprint, int firstEpoch) {
        super(ctx);
        this.nextEpoch = firstEpoch;
        this.probe = probe;
        this.fingerprint = fingerprint;
        this.runId = runId;
        this.spec = spec;
        this.settings = settings;
        this.listeners = List.copyOf(listeners);
        this.result = result;
        this.n = spec.agents();
        this.seen = new boolean[n];
        this.aggregation = new EpochAggregation(spec.metrics(), spec.oracle(), spec.testSet(), spec.evaluateAgents(),
                spec.recalibration());
        ActorRef<Receptionist.Listing> adapter = ctx.messageAdapter(Receptionist.Listing.class, AgentListing::new);
        ctx.getSystem().receptionist().tell(Receptionist.register(Keys.COORDINATOR, ctx.getSelf()));
        for (int i = 0; i < n; i++) {
            keyToAgent.put(Keys.agent(i).id(), i);
            ctx.getSystem().receptionist().tell(Receptionist.subscribe(Keys.agent(i), adapter));
        }
        if (fingerprint != null && "cluster".equals(ctx.getSystem().settings().config().getString("pekko.actor.provider"))) {
            var cluster = Cluster.get(ctx.getSystem()).subscriptions();
            cluster.tell(Subscribe.create(ctx.messageAdapter(ClusterEvent.UnreachableMember.class,
                    u -> new MemberGone(u.member().address())), ClusterEvent.UnreachableMember.class));
            cluster.tell(Subscribe.create(ctx.messageAdapter(ClusterEvent.MemberRemoved.class,
                    r -> new MemberGone(r.member().address())), ClusterEvent.MemberRemoved.class));
        }
    }

    @Override
    public Receive<CoordinatorMsg> createReceive() {
        return newReceiveBuilder()
                .onMessage(AgentListing.class, this::onListing)
                .onMessage(EpochReport.class, this::onReport)
                .onMessage(Evaluated.class, this::onEvaluated)
                .onMessage(AgentFailed.class, this::onFailed)
                .onMessageEquals(ProbeTick.INSTANCE, this::onProbeTick)
                .onMessage(AgentSnapshot.class, this::onSnapshot)
                .onMessage(ProbeEvaluated.class, this::onProbeEvaluated)
                .onMessage(JoinRequest.class, this::onJoin)
                .onMessage(StatusRequest.class, this::onStatusRequest)
                .onMessage(MemberGone.class, this::onMemberGone)
                .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
                .onSignal(PostStop.class, s -> {
                    evaluator.shutdownNow();
                    if (!result.isDone()) {
                        result.completeExceptionally(new IllegalStateException("coordinator stopped before the run finished"));
                    }
                    return this;
                })
                .build();
    }

    private Behavior<CoordinatorMsg> onListing(AgentListing l) {
        Integer i = keyToAgent.get(l.listing().getKey().id());
        if (i == null) {
            return this;
        }
        // in a cluster only an agent this coordinator admitted counts, on the node it admitted it for
        ActorRef<AgentMsg> listed = null;
        for (ActorRef<AgentMsg> r : l.listing().getServiceInstances(Keys.agent(i))) {
            if (fingerprint == null || (admittedAt.containsKey(i) && sameEndpoint(nodeOf(r), admittedAt.get(i)))) {
                listed = r;
                break;
            }
        }
        if (listed == null) {
            if (alive.remove(i) != null && ended == null) { // agents stopping after the run are no news
                getContext().getLog().warn("coordinator: agent {} unreachable; epochs close without it until it rejoins", i);
            }
        } else {
            ActorRef<AgentMsg> ref = listed;
            pending.remove(i);
            if (seen[i] && !ref.equals(alive.get(i))) {
                // the pair of the unreachable line: a fault's recovery is news too
                getContext().getLog().warn("coordinator: agent {} is back (its process restarted); epochs wait for it again", i);
            }
            seen[i] = true;
            if (started && !ref.equals(alive.get(i))) {
                ref.tell(new Start(runId)); // a restarted agent resumes at once
            }
            alive.put(i, ref);
        }
        if (!started && alive.size() == n) {
            start();
        }
        tryClose();
        return this;
    }

    private void start() {
        started = true;
        startNanos = System.nanoTime();
        lastEpochNanos = startNanos;
        RunInfo info = new RunInfo(spec.method(), n, spec.oracle().dimension(), spec.stepsPerEpoch(), spec.epochs(),
                spec.mixing().secondLargestEigenvalueModulus(), spec.graph().describe(), settings.describe(), spec.metrics());
        listeners.forEach(l -> l.onStart(info));
        alive.values().forEach(ref -> ref.tell(new Start(runId)));
        if (probe != null) {
            getContext().scheduleOnce(Duration.ofMillis(probe.intervalMillis()), getContext().getSelf(), ProbeTick.INSTANCE);
        }
        getContext().getLog().info("coordinator: all {} agents present; run '{}' started", n, runId);
    }

    private Behavior<CoordinatorMsg> onReport(EpochReport r) {
        String reason = MessageGate.rejectReason(runId, n, r.runId(), r.agent());
        if (reason != null) {
            getContext().getLog().warn(reason);
            return this;
        }
        if (r.epoch() < nextEpoch) {
            return this; // closed without it while the agent was away
        }
        reports.computeIfAbsent(r.epoch(), e -> new HashMap<>()).put(r.agent(), r);
        trainedAt.put(r.epoch(), System.nanoTime());
        tryClose();
        return this;
    }

    private void tryClose() {
        if (evaluating || !started || nextEpoch > spec.epochs()) {
            return;
        }
        Map<Integer, EpochReport> got = reports.getOrDefault(nextEpoch, Map.of());
        for (int i = 0; i < n; i++) {
            boolean excused = seen[i] && !alive.containsKey(i);
            if (!got.containsKey(i) && !excused) {
                return;
            }
        }
        if (got.isEmpty()) {
            return;
        }
        reports.remove(nextEpoch);
        evaluating = true;
        int epoch = nextEpoch;
        // the epoch's own time: from the previous epoch's last report to its last report, not to when it
        // could be closed (closing waits for the previous epoch's evaluation, which overlaps training)
        long now = trainedAt.getOrDefault(epoch, System.nanoTime());
        trainedAt.remove(epoch);
        double wall = (now - lastEpochNanos) / 1e9;
        lastEpochNanos = now;
        List<AgentReport> closed = got.values().stream().map(EpochReport::report).toList();
        CompletableFuture<EpochAggregation.Aggregated> f = CompletableFuture.supplyAsync(() -> aggregation.aggregate(epoch,
                (long) epoch * spec.stepsPerEpoch(), closed, Double.NaN, wall, EpochAggregation.ForEach.SEQUENTIAL),
                evaluator);
        getContext().pipeToSelf(f, Evaluated::new);
    }

    private Behavior<CoordinatorMsg> onEvaluated(Evaluated e) {
        if (e.error() != null) {
            return end(e.error(), "evaluation failed: " + e.error());
        }
        evaluating = false;
        EpochMetrics m = e.aggregated().metrics();
        done.add(m);
        long total = (long) spec.epochs() * spec.stepsPerEpoch();
        try {
            listeners.forEach(l -> l.onStep(m.step(), total));
            listeners.forEach(l -> l.onEpoch(m));
            listeners.forEach(l -> l.onAverage(m.epoch(), e.aggregated().average()));
        } catch (RuntimeException ex) {
            return end(ex, "listener failed: " + ex);
        }
        getContext().getLog().info("coordinator: epoch {} closed: test loss {}, accuracy {}, consensus distance {}",
                m.epoch(), m.testLoss(), m.testAccuracy(), m.consensusDistance());
        nextEpoch++;
        if (nextEpoch > spec.epochs()) {
            try {
                listeners.forEach(TrainingListener::onFinish);
            } catch (RuntimeException ex) {
                return end(ex, "listener failed: " + ex);
            }
            result.complete(List.copyOf(done));
            return end(null, "run finished");
        }
        tryClose();
        return this;
    }

    /** A new snapshot round every interval, unless the last one is still being evaluated (an unfinished round is dropped). */
    private Behavior<CoordinatorMsg> onProbeTick() {
        if (nextEpoch == Integer.MAX_VALUE) {
            return this; // the run has ended
        }
        if (!probeEvaluating && !alive.isEmpty()) {
            probeRound++;
            probeReplies.clear();
            probeExpected = alive.size();
            SnapshotRequest r = new SnapshotRequest(runId, probeRound, getContext().getSelf());
            alive.values().forEach(ref -> ref.tell(r));
        }
        getContext().scheduleOnce(Duration.ofMillis(probe.intervalMillis()), getContext().getSelf(), ProbeTick.INSTANCE);
        return this;
    }

    private Behavior<CoordinatorMsg> onSnapshot(AgentSnapshot a) {
        if (!runId.equals(a.runId()) || a.round() != probeRound || probeEvaluating || nextEpoch == Integer.MAX_VALUE) {
            return this;
        }
        probeReplies.put(a.agent(), a);
        if (probeReplies.size() < probeExpected) {
            return this;
        }
        probeEvaluating = true;
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        List<AgentSnapshot> snaps = new ArrayList<>(new java.util.TreeMap<>(probeReplies).values());
        probeReplies.clear();
        SnapshotProbe.Snapshot snapshot = new SnapshotProbe.Snapshot(elapsed,
                snaps.stream().mapToLong(AgentSnapshot::step).toArray(), snaps.stream().map(AgentSnapshot::params).toList());
        CompletableFuture<Boolean> f = CompletableFuture.supplyAsync(() -> probe.onSnapshot(snapshot), evaluator);
        getContext().pipeToSelf(f, (stop, error) -> new ProbeEvaluated(snapshot, stop, error));
        return this;
    }

    private Behavior<CoordinatorMsg> onProbeEvaluated(ProbeEvaluated p) {
        probeEvaluating = false;
        if (nextEpoch == Integer.MAX_VALUE) {
            return this;
        }
        if (p.error() != null) {
            return end(p.error(), "the snapshot probe failed: " + p.error());
        }
        if (p.stop()) {
            getContext().getLog().info("coordinator: the snapshot probe stops the run after {} s", p.snapshot().elapsedSeconds());
            result.complete(List.copyOf(done));
            return end(null, "stopped by the snapshot probe");
        }
        return this;
    }

    private Behavior<CoordinatorMsg> onFailed(AgentFailed f) {
        if (!runId.equals(f.runId())) {
            return this;
        }
        RuntimeException error = f.diverged() ? new TrainingDivergedException(f.step(), f.agent(), Double.NaN)
                : new IllegalStateException("agent " + f.agent() + " failed at step " + f.step() + ": " + f.message());
        return end(error, "agent " + f.agent() + " failed");
    }

    /**
     * Tells every agent to stop. In a cluster the coordinator stays until its node leaves, so a
     * process that asks to join the finished run is told so at once; in one JVM it stops after a
     * grace period that lets the messages leave.
     */
    private Behavior<CoordinatorMsg> end(Throwable error, String reason) {
        if (error != null) {
            result.completeExceptionally(error);
        }
        for (int i = 0; i < n; i++) {
            ActorRef<AgentMsg> ref = alive.get(i);
            if (ref != null) {
                ref.tell(new Shutdown(runId, reason));
            }
        }
        if (fingerprint == null) {
            getContext().scheduleOnce(Duration.ofMillis(500), getContext().getSelf(), Stop.INSTANCE);
        }
        nextEpoch = Integer.MAX_VALUE;
        ended = error == null ? "has already finished" : "has already ended (" + reason + ")";
        return this;
    }

    /**
     * Admission: a process may start its agents only when its settings equal the run's, its ids are
     * the run's and no other live process hosts them, and the run has not ended. Both sides print
     * one line when it is refused (the process exits with it).
     */
    private Behavior<CoordinatorMsg> onJoin(JoinRequest j) {
        Address lower = lowerCoordinator();
        if (lower != null) {
            // of two coordinators the one on the lowest address admits (the other leaves); the
            // joiner asks again and turns to that one as soon as its registration reaches it
            getContext().getLog().debug("coordinator: not answering a join; the process at {} hosts the run's coordinator",
                    hostPort(lower));
            return this;
        }
        Address node = nodeOf(j.replyTo());
        String who = "the process at " + hostPort(node) + " (agent" + (j.agents().size() == 1 ? " " : "s ")
                + String.join(", ", j.agents().stream().map(String::valueOf).toList()) + ")";
        String reason = admissionRefusal(j, node);
        // a process asks again until answered, and a slow one may ask twice: one line per process
        boolean first = answered.add(j.replyTo());
        if (reason != null) {
            if (first) {
                getContext().getLog().warn("coordinator: refused {}: {}", who, reason);
            }
            j.replyTo().tell(Admission.refuse(runId, "refused by run '" + runId + "': " + reason));
            return this;
        }
        for (int id : j.agents()) {
            pending.put(id, node);
            admittedAt.put(id, node);
        }
        if (first) {
            getContext().getLog().info("coordinator: admitted {}", who);
        }
        j.replyTo().tell(Admission.admit(runId));
        return this;
    }

    private String admissionRefusal(JoinRequest j, Address node) {
        if (fingerprint == null || !runId.equals(j.runId())) {
            return "it belongs to run '" + j.runId() + "'";
        }
        if (ended != null) {
            return "the run " + ended + "; there is nothing to join";
        }
        List<String> diff = SettingsDiff.differences(fingerprint, j.fingerprint());
        if (!diff.isEmpty()) {
            return "its settings differ from the run's: " + String.join("; ", diff);
        }
        for (int id : j.agents()) {
            if (id < 0 || id >= n) {
                return "agent id " + id + " is outside 0.." + (n - 1);
            }
            // the same host:port is the same process, or its successor on the released port: the old one is gone
            Address host = alive.containsKey(id) ? nodeOf(alive.get(id)) : pending.get(id);
            if (host != null && !sameEndpoint(host, node)) {
                return "agent " + id + " is already hosted by the live process at " + hostPort(host);
            }
        }
        return null;
    }

    /**
     * A member on a lower address than this node that hosts a coordinator too, or null. Read from
     * the membership (which a node has in full from the moment it joined), not from the
     * receptionist, whose registrations may reach this node later than a joiner's request.
     */
    private Address lowerCoordinator() {
        if (fingerprint == null || !"cluster".equals(getContext().getSystem().settings().config().getString("pekko.actor.provider"))) {
            return null;
        }
        Cluster cluster = Cluster.get(getContext().getSystem());
        Address self = cluster.selfMember().address();
        Address lowest = null;
        for (Member m : cluster.state().getMembers()) {
            Address a = m.address();
            if (m.hasRole(PekkoConfig.COORDINATOR_ROLE) && !sameEndpoint(a, self) && endpoint(a).compareTo(endpoint(self)) < 0
                    && (m.status() == MemberStatus.up() || m.status() == MemberStatus.joining()
                        || m.status() == MemberStatus.weaklyUp())
                    && (lowest == null || endpoint(a).compareTo(endpoint(lowest)) < 0)) {
                lowest = a;
            }
        }
        return lowest;
    }

    /** Orders nodes by host, then port: of several coordinators the lowest stays, here and in {@link NodeGuardian}. */
    static String endpoint(Address a) {
        return a.getHost().orElse("") + ":" + String.format("%05d", a.getPort().orElse(0));
    }

    private Behavior<CoordinatorMsg> onMemberGone(MemberGone g) {
        pending.values().removeIf(a -> sameEndpoint(a, g.address()));
        return this;
    }

    private Behavior<CoordinatorMsg> onStatusRequest(StatusRequest r) {
        r.replyTo().tell(new CoordinatorStatus(runId, status()));
        return this;
    }

    /** What the run is waiting for, in words. */
    private String status() {
        if (ended != null) {
            return "the run " + ended;
        }
        if (!started) {
            List<Integer> missing = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (!alive.containsKey(i)) {
                    missing.add(i);
                }
            }
            return "the run has not started: the coordinator waits for " + agentList(missing) + " to join";
        }
        if (evaluating) {
            return "the coordinator is evaluating epoch " + nextEpoch + " of " + spec.epochs();
        }
        Map<Integer, EpochReport> got = reports.getOrDefault(nextEpoch, Map.of());
        List<Integer> waiting = new ArrayList<>();
        List<Integer> away = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!got.containsKey(i)) {
                (seen[i] && !alive.containsKey(i) ? away : waiting).add(i);
            }
        }
        return "epoch " + nextEpoch + " of " + spec.epochs() + " is open: the coordinator waits for the reports of "
                + agentList(waiting) + (away.isEmpty() ? "" : " (" + agentList(away) + " unreachable, not waited for)");
    }

    private static String agentList(List<Integer> ids) {
        if (ids.isEmpty()) {
            return "no agent";
        }
        return (ids.size() == 1 ? "agent " : "agents ") + String.join(", ", ids.stream().map(String::valueOf).toList());
    }

    /** The node an actor lives on; a local reference carries no host, so it is this node. */
    private Address nodeOf(ActorRef<?> ref) {
        Address a = ref.path().address();
        return a.getHost().isPresent() ? a : getContext().getSystem().address();
    }

    private static boolean sameEndpoint(Address a, Address b) {
        return a.getHost().equals(b.getHost()) && a.getPort().equals(b.getPort());
    }

    static String hostPort(Address a) {
        return a.getHost().orElse("local") + a.getPort().map(p -> ":" + p).orElse("");
    }
}

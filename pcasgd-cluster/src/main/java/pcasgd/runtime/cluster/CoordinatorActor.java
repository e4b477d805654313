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
import pcasgd.metrics.LiveProgress;
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
 *
 * <p>In a cluster run it is a cluster singleton: it runs on the oldest process that may coordinate, and
 * on the next oldest when that one dies, is downed or leaves. Every decision (started, admissions, each
 * closed epoch, the end) goes into the {@link RunLedger} and to every process's guardian before anything
 * acts on it; a coordinator that starts collects the most complete ledger of the processes it can reach
 * and carries on from there ({@link #takeOver}): no epoch is lost, repeated or closed twice, and the
 * agents send it again the reports of the epochs not yet closed.
 */
final class CoordinatorActor extends AbstractBehavior<CoordinatorMsg> {
    private record AgentListing(Receptionist.Listing listing) implements CoordinatorMsg { }
    private record Evaluated(EpochAggregation.Aggregated aggregated, Throwable error) implements CoordinatorMsg { }
    private enum Stop implements CoordinatorMsg { INSTANCE }
    private enum ProbeTick implements CoordinatorMsg { INSTANCE }
    /** Time to tell the listeners where the agents, links and processes stand ({@link TrainingListener#onProgress}). */
    private enum ProgressTick implements CoordinatorMsg { INSTANCE }
    private record ProbeEvaluated(SnapshotProbe.Snapshot snapshot, Boolean stop, Throwable error) implements CoordinatorMsg { }
    /** A cluster member became unreachable or left: agents it was admitted for but never registered are free again. */
    private record MemberGone(Address address) implements CoordinatorMsg { }
    /** The processes' guardians, which keep the copies of the ledger. */
    private record NodeListing(Receptionist.Listing listing) implements CoordinatorMsg { }
    private enum RecoveryTimeout implements CoordinatorMsg { INSTANCE }
    /** The processes have not all acknowledged the epoch just closed within {@link #REPLICATION_WAIT}. */
    private record ReplicationTimeout(int epoch) implements CoordinatorMsg { }

    /**
     * How long a closed epoch waits for every process's acknowledgement before the coordinator acts
     * on it anyway (a process that is going away); logged when it does.
     */
    private static final Duration REPLICATION_WAIT = Duration.ofSeconds(5);

    /** How often the listeners hear where the agents, links and processes stand. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

    /** How long a starting coordinator waits for the guardians' copies of the ledger before it goes on with what it has. */
    private static final Duration RECOVERY_WAIT = Duration.ofSeconds(5);

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
    private final Map<Integer, String> pending = new HashMap<>();
    /** The node ("host:port") each agent was last admitted for. */
    private final Map<Integer, String> admittedAt = new HashMap<>();
    /** Where each agent's current life started (its checkpoint's step), as it said ({@link AgentStarted}). */
    private final Map<Integer, AgentStarted> startedAt = new HashMap<>();
    /** The decisions so far, replicated to every process (cluster runs); null in one JVM. */
    private final RunLedger ledger;
    /** This coordinator's process, "host:port". */
    private final String self;
    /** Collecting the guardians' copies of the ledger before acting (a cluster coordinator's first seconds). */
    private boolean recovering;
    private boolean pulled;
    private int pullAnswers;
    private int pullExpected;
    private boolean pullAgain;
    private Set<ActorRef<NodeMsg>> nodes = Set.of();
    /** The epoch evaluated and recorded, waiting for the processes' acknowledgements before anything acts on it. */
    private Evaluated recording;
    private final Set<ActorRef<NodeMsg>> unacknowledged = new HashSet<>();
    /** The latest listing of each agent's key, judged again once the ledger says who was admitted where. */
    private final Map<Integer, AgentListing> listings = new HashMap<>();
    /** Epochs up to this one were (partly) trained before this coordinator took over: their time is not measured. */
    private int unmeasuredThrough;
    /** Processes already answered (they ask again until an answer arrives). */
    private final Set<ActorRef<NodeMsg>> answered = new HashSet<>();
    /** Why the run ended, once it has; the coordinator then refuses every process that asks to join. */
    private String ended;
    /** The agents' latest progress. */
    private final ProgressBoard board = new ProgressBoard();
    private org.apache.pekko.actor.Cancellable progressTimer;

    static Behavior<CoordinatorMsg> create(String runId, SimulationSpec spec, ClusterSettings settings,
                                           List<TrainingListener> listeners, CompletableFuture<List<EpochMetrics>> result) {
        return create(runId, spec, settings, listeners, result, null, null, 1, null);
    }

    /**
     * @param probe       gets the agents' parameters every {@code probe.intervalMillis()} of wall time; null = none
     * @param fingerprint the run's settings, which a process must present to be admitted (cluster runs); null in one JVM
     * @param firstEpoch  the first epoch the agents will report: 1, or later when every agent resumes from a checkpoint
     * @param ledger      this process's copy of the run's ledger, read when the coordinator starts (cluster runs); null in one JVM
     */
    static Behavior<CoordinatorMsg> create(String runId, SimulationSpec spec, ClusterSettings settings,
                                           List<TrainingListener> listeners, CompletableFuture<List<EpochMetrics>> result,
                                           SnapshotProbe probe, Map<String, String> fingerprint, int firstEpoch,
                                           java.util.function.Supplier<RunLedger> ledger) {
        return Behaviors.setup(ctx -> new CoordinatorActor(ctx, runId, spec, settings, listeners, result, probe, fingerprint,
                firstEpoch, ledger == null ? null : ledger.get()));
    }

    private CoordinatorActor(ActorContext<CoordinatorMsg> ctx, String runId, SimulationSpec spec, ClusterSettings settings,
                             List<TrainingListener> listeners, CompletableFuture<List<EpochMetrics>> result,
                             SnapshotProbe probe, Map<String, String> fingerprint, int firstEpoch, RunLedger ledger) {
        super(ctx);
        this.ledger = ledger;
        this.self = hostPort(ctx.getSystem().address());
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
        // one adapter per message class: the agents' listings and the guardians' come through the same one
        ActorRef<Receptionist.Listing> adapter = ctx.messageAdapter(Receptionist.Listing.class,
                l -> l.isForKey(Keys.NODE) ? new NodeListing(l) : new AgentListing(l));
        ctx.getSystem().receptionist().tell(Receptionist.register(Keys.COORDINATOR, ctx.getSelf()));
        // in a cluster the agents' progress comes through a child, off the large-message lane the coordinator's own path is on
        ActorRef<CoordinatorMsg> progressInlet = ledger == null ? ctx.getSelf()
                : Inlet.spawn(ctx, CoordinatorMsg.class, Keys.PROGRESS_INLET);
        ctx.getSystem().receptionist().tell(Receptionist.register(Keys.PROGRESS, progressInlet));
        progressTimer = ctx.scheduleOnce(PROGRESS_EVERY, ctx.getSelf(), ProgressTick.INSTANCE);
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
        if (ledger != null) {
            recovering = true;
            ctx.getSystem().receptionist().tell(Receptionist.subscribe(Keys.NODE, adapter));
            ctx.scheduleOnce(RECOVERY_WAIT, ctx.getSelf(), RecoveryTimeout.INSTANCE);
        }
    }

    @Override
    public Receive<CoordinatorMsg> createReceive() {
        return newReceiveBuilder()
                .onMessage(AgentListing.class, this::onListing)
                .onMessage(EpochReport.class, this::onReport)
                .onMessage(AgentStarted.class, a -> {
                    if (runId.equals(a.runId()) && a.agent() >= 0 && a.agent() < n) {
                        startedAt.put(a.agent(), a);
                        tryClose();
                    }
                    return this;
                })
                .onMessage(Evaluated.class, this::onEvaluated)
                .onMessage(AgentFailed.class, this::onFailed)
                .onMessageEquals(ProbeTick.INSTANCE, this::onProbeTick)
                .onMessage(AgentProgress.class, p -> {
                    if (runId.equals(p.runId()) && p.agent() >= 0 && p.agent() < n) {
                        board.put(p);
                        if (LiveProgress.FINISHED.equals(p.state()) || LiveProgress.FAILED.equals(p.state())) {
                            progress(); // an agent's last word: shown even when the run ends before the next tick
                        }
                    }
                    return this;
                })
                .onMessageEquals(ProgressTick.INSTANCE, () -> {
                    if (ended == null || ledger != null) { // in a cluster the processes' leaving is news too
                        progress();
                        progressTimer = getContext().scheduleOnce(PROGRESS_EVERY, getContext().getSelf(), ProgressTick.INSTANCE);
                    }
                    return this;
                })
                .onMessage(AgentSnapshot.class, this::onSnapshot)
                .onMessage(ProbeEvaluated.class, this::onProbeEvaluated)
                .onMessage(JoinRequest.class, this::onJoin)
                .onMessage(StatusRequest.class, this::onStatusRequest)
                .onMessage(MemberGone.class, this::onMemberGone)
                .onMessage(NodeListing.class, this::onNodeListing)
                .onMessage(LedgerChunk.class, this::onLedgerChunk)
                .onMessage(LedgerPull.class, this::onLedgerPull)
                .onMessage(LedgerAck.class, a -> {
                    if (recording != null && runId.equals(a.runId()) && a.lastClosed() >= ledger.lastClosed()) {
                        unacknowledged.remove(a.node());
                        if (unacknowledged.isEmpty()) {
                            return recorded();
                        }
                    }
                    return this;
                })
                .onMessage(ReplicationTimeout.class, t -> {
                    if (recording != null && ledger.lastClosed() == t.epoch()) {
                        getContext().getLog().warn("coordinator: epoch {} closed, but {} of {} processes did not acknowledge"
                                + " it within {} s; going on", t.epoch(), unacknowledged.size(), nodes.size(),
                                REPLICATION_WAIT.toSeconds());
                        return recorded();
                    }
                    return this;
                })
                .onMessageEquals(RecoveryTimeout.INSTANCE, () -> {
                    if (recovering) {
                        getContext().getLog().warn("coordinator: {} of {} processes answered with their copy of the run's ledger"
                                + " within {} s; going on with what they sent", pullAnswers, pullExpected, RECOVERY_WAIT.toSeconds());
                        takeOver();
                    }
                    return this;
                })
                .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
                .onSignal(PostStop.class, s -> {
                    progressTimer.cancel();
                    evaluator.shutdownNow();
                    // in a cluster another process's coordinator carries on (its process says how the run ended)
                    if (ledger == null && !result.isDone()) {
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
        listings.put(i, l);
        if (recovering) {
            return this; // judged once the ledger says where each agent was admitted
        }
        // in a cluster only an agent this coordinator admitted counts, on the node it admitted it for
        ActorRef<AgentMsg> listed = null;
        for (ActorRef<AgentMsg> r : l.listing().getServiceInstances(Keys.agent(i))) {
            if (fingerprint == null || hostPort(nodeOf(r)).equals(admittedAt.get(i))) {
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
        if (ledger != null) {
            ledger.started();
            publish(false);
        }
        startNanos = System.nanoTime();
        lastEpochNanos = startNanos;
        RunInfo info = runInfo();
        listeners.forEach(l -> l.onStart(info));
        if (ledger != null) {
            listeners.forEach(l -> l.onCoordinator(self, nextEpoch));
        }
        alive.values().forEach(ref -> ref.tell(new Start(runId)));
        if (probe != null) {
            getContext().scheduleOnce(Duration.ofMillis(probe.intervalMillis()), getContext().getSelf(), ProbeTick.INSTANCE);
        }
        getContext().getLog().info("coordinator: all {} agents present; run '{}' started", n, runId);
    }

    /** What the listeners are told at the start, by the first coordinator and again by one that takes over. */
    private RunInfo runInfo() {
        return new RunInfo(spec.method(), n, spec.oracle().dimension(), spec.stepsPerEpoch(), spec.epochs(),
                spec.mixing().secondLargestEigenvalueModulus(), spec.graph().describe(), settings.describe(), spec.metrics());
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
        if (recovering || evaluating || !started || nextEpoch > spec.epochs()) {
            return;
        }
        Map<Integer, EpochReport> got = reports.getOrDefault(nextEpoch, Map.of());
        long end = (long) nextEpoch * spec.stepsPerEpoch();
        for (int i = 0; i < n; i++) {
            // gone, or back from a checkpoint past this epoch's end: its report of it went with its previous life
            AgentStarted life = startedAt.get(i);
            boolean excused = seen[i] && !alive.containsKey(i)
                    || life != null && life.self().equals(alive.get(i)) && life.startStep() >= end;
            if (!got.containsKey(i) && !excused) {
                return;
            }
        }
        if (got.isEmpty()) {
            return;
        }
        reports.remove(nextEpoch);
        boolean last = nextEpoch == spec.epochs();
        got.keySet().forEach(i -> board.reached(i, end, last));
        evaluating = true;
        int epoch = nextEpoch;
        // the epoch's own time: from the previous epoch's last report to its last report, not to when it
        // could be closed (closing waits for the previous epoch's evaluation, which overlaps training)
        long now = trainedAt.getOrDefault(epoch, System.nanoTime());
        trainedAt.remove(epoch);
        // an epoch trained partly before this coordinator took over has no time it could measure
        double wall = epoch <= unmeasuredThrough ? Double.NaN : (now - lastEpochNanos) / 1e9;
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
        EpochMetrics m = e.aggregated().metrics();
        if (ledger == null) {
            alive.values().forEach(ref -> ref.tell(new EpochsClosed(runId, m.epoch())));
            recording = e;
            return recorded();
        }
        // recorded at every process before anything acts on it: a coordinator taking over never closes it again
        ledger.close(m, self);
        recording = e;
        unacknowledged.clear();
        unacknowledged.addAll(nodes);
        publish(true);
        if (unacknowledged.isEmpty()) {
            return recorded();
        }
        getContext().scheduleOnce(REPLICATION_WAIT, getContext().getSelf(), new ReplicationTimeout(m.epoch()));
        return this;
    }

    /** The epoch just closed is in every process's ledger (or the wait is over): the listeners, the log, the next epoch. */
    private Behavior<CoordinatorMsg> recorded() {
        Evaluated e = recording;
        recording = null;
        evaluating = false;
        EpochMetrics m = e.aggregated().metrics();
        done.add(m);
        long total = (long) spec.epochs() * spec.stepsPerEpoch();
        try {
            LiveProgress live = liveProgress();
            if (live != null) {
                listeners.forEach(l -> l.onProgress(live));
            }
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

    /**
     * Sends the ledger's change to every process: the header, and the epoch just closed when there is
     * one. A guardian that finds a gap asks for the rest ({@link LedgerPull}).
     */
    private void publish(boolean epochClosed) {
        int last = ledger.lastClosed();
        LedgerChunk c = epochClosed ? ledger.chunk(runId, last - 1).acknowledgedBy(getContext().getSelf().narrow())
                : new LedgerChunk(runId, ledger.header(), last + 1, List.of());
        nodes.forEach(n -> n.tell(c));
    }

    private Behavior<CoordinatorMsg> onNodeListing(NodeListing l) {
        nodes = Set.copyOf(l.listing().getServiceInstances(Keys.NODE));
        if (recovering && !pulled) {
            pullRound();
        }
        return this;
    }

    /** Asks every process for its ledger beyond this one's last closed epoch. */
    private void pullRound() {
        pulled = true;
        pullAnswers = 0;
        pullExpected = nodes.size();
        pullAgain = false;
        if (nodes.isEmpty()) {
            takeOver(); // no other copy to ask for: this process's own is all there is
            return;
        }
        ActorRef<LedgerChunk> replyTo = getContext().getSelf().narrow();
        nodes.forEach(n -> n.tell(new LedgerPull(runId, ledger.lastClosed(), replyTo)));
    }

    private Behavior<CoordinatorMsg> onLedgerChunk(LedgerChunk c) {
        if (!recovering || !runId.equals(c.runId())) {
            return this;
        }
        pullAnswers++;
        // a copy further than this one by more than a chunk: ask again from there once this round is in
        pullAgain |= !ledger.apply(c.header(), c.fromEpoch(), c.epochs());
        if (pullAnswers >= pullExpected) {
            if (pullAgain) {
                pullRound();
            } else {
                takeOver();
            }
        }
        return this;
    }

    private Behavior<CoordinatorMsg> onLedgerPull(LedgerPull p) {
        if (ledger != null && runId.equals(p.runId())) {
            p.replyTo().tell(ledger.chunk(runId, p.since()));
        }
        return this;
    }

    /**
     * Carries on from the ledger: a run that has ended stays ended; a started one goes on at the epoch
     * after the last one closed, with every agent counted as seen (one that is gone is not waited for
     * until it is back), the listeners given the closed epochs again, so this process's metrics files
     * hold every epoch once, and the admissions as they were.
     */
    private void takeOver() {
        recovering = false;
        RunLedger.Header h = ledger.header();
        admittedAt.putAll(h.admitted());
        List<EpochMetrics> closed = ledger.metrics();
        if (h.ended()) {
            nextEpoch = Integer.MAX_VALUE;
            ended = h.failed() ? "has already ended (" + h.end() + ")" : "has already finished";
            if (h.failed()) {
                result.completeExceptionally(new IllegalStateException(h.end()));
            } else {
                result.complete(closed);
            }
            getContext().getLog().info("coordinator: run '{}' {}; nothing to coordinate", runId, ended);
            return;
        }
        if (h.started()) {
            started = true;
            nextEpoch = ledger.lastClosed() + 1;
            done.addAll(closed);
            startNanos = System.nanoTime();
            lastEpochNanos = startNanos;
            // reports sent again to this coordinator arrive while it collects the ledger: their epochs, and the
            // one open now, trained (partly) before it existed
            unmeasuredThrough = Math.max(nextEpoch, reports.isEmpty() ? 0 : reports.lastKey());
            RunInfo info = runInfo();
            long total = (long) spec.epochs() * spec.stepsPerEpoch();
            List<RunLedger.Closed> entries = ledger.closed();
            try {
                listeners.forEach(l -> l.onStart(info));
                String by = null;
                for (RunLedger.Closed c : entries) {
                    if (!c.closedBy().equals(by)) {
                        by = c.closedBy();
                        String process = by;
                        listeners.forEach(l -> l.onCoordinator(process, c.epoch()));
                    }
                    EpochMetrics m = c.metrics();
                    listeners.forEach(l -> l.onStep(m.step(), total));
                    listeners.forEach(l -> l.onEpoch(m));
                }
                listeners.forEach(l -> l.onCoordinator(self, nextEpoch));
            } catch (RuntimeException ex) {
                end(ex, "listener failed: " + ex);
                return;
            }
            String before = entries.isEmpty() ? "no epoch closed yet"
                    : "epochs 1-" + entries.size() + " closed by " + String.join(", ",
                            entries.stream().map(RunLedger.Closed::closedBy).distinct().toList());
            if (nextEpoch > spec.epochs()) {
                // every epoch closed; the previous coordinator died before it said the run had ended
                getContext().getLog().warn("coordinator: took over run '{}' on process {} after its last epoch ({}); it has"
                        + " finished", runId, self, before);
                try {
                    listeners.forEach(TrainingListener::onFinish);
                } catch (RuntimeException ex) {
                    end(ex, "listener failed: " + ex);
                    return;
                }
                result.complete(List.copyOf(done));
                end(null, "run finished");
                return;
            }
            getContext().getLog().warn("coordinator: took over run '{}' on process {} at epoch {} of {} ({})", runId, self,
                    nextEpoch, spec.epochs(), before);
        }
        reports.headMap(nextEpoch).clear();
        // the agents listed meanwhile, judged by the admissions now known (each told to start when the run has)
        new ArrayList<>(listings.values()).forEach(this::onListing);
        if (started) {
            java.util.Arrays.fill(seen, true); // after the listings: an agent still running is no news
        }
        tryClose();
    }

    /** Tells the listeners where the agents, links and processes stand; a listener that fails ends a run still going. */
    private void progress() {
        LiveProgress live = liveProgress();
        if (live == null) {
            return;
        }
        try {
            listeners.forEach(l -> l.onProgress(live));
        } catch (RuntimeException ex) {
            if (ended == null) {
                end(ex, "listener failed: " + ex);
            }
        }
    }

    /** The agents' latest progress and (cluster runs) the run's processes; null while there is nothing to tell. */
    private LiveProgress liveProgress() {
        if (recovering) {
            return null;
        }
        List<LiveProgress.Process> processes = processes();
        if (board.isEmpty() && processes.isEmpty()) {
            return null;
        }
        Set<Integer> unreachable = new HashSet<>();
        for (int i = 0; i < n; i++) {
            if (seen[i] && !alive.containsKey(i)) {
                unreachable.add(i);
            }
        }
        return board.view(unreachable, processes);
    }

    /**
     * Every process of a cluster run: each member of the cluster, and each process the ledger admitted
     * agents for that is no longer a member ("gone"), with the agents it was admitted for and its
     * membership as this process sees it (a process that dies shows as unreachable within the failure
     * detector's few seconds, and as gone once downed and removed). Empty in one JVM.
     */
    private List<LiveProgress.Process> processes() {
        if (ledger == null) {
            return List.of();
        }
        Map<String, List<Integer>> agentsAt = new TreeMap<>();
        admittedAt.forEach((agent, host) -> agentsAt.computeIfAbsent(host, h -> new ArrayList<>()).add(agent));
        Map<String, String> status = new TreeMap<>();
        var state = Cluster.get(getContext().getSystem()).state();
        Set<Member> unreachable = state.getUnreachable();
        for (Member m : state.getMembers()) {
            status.put(hostPort(m.address()), unreachable.contains(m) ? "unreachable" : membership(m.status()));
        }
        Set<String> all = new java.util.TreeSet<>(status.keySet());
        all.addAll(agentsAt.keySet());
        List<LiveProgress.Process> out = new ArrayList<>();
        for (String host : all) {
            List<Integer> ids = new ArrayList<>(agentsAt.getOrDefault(host, List.of()));
            ids.sort(null);
            out.add(new LiveProgress.Process(host, ids, status.getOrDefault(host, "gone"), host.equals(self)));
        }
        return out;
    }

    private static String membership(MemberStatus s) {
        if (s == MemberStatus.up() || s == MemberStatus.weaklyUp()) {
            return "up";
        }
        if (s == MemberStatus.joining()) {
            return "joining";
        }
        if (s == MemberStatus.leaving() || s == MemberStatus.exiting()) {
            return "leaving";
        }
        if (s == MemberStatus.down()) {
            return "down";
        }
        return "gone";
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
        if (ledger != null) {
            ledger.ended(error == null ? reason : reason + ": " + error.getMessage(), error != null);
            publish(false);
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
        if (recovering) {
            return this; // the process asks again in a few seconds
        }
        String node = hostPort(nodeOf(j.replyTo()));
        String who = "the process at " + node + " (agent" + (j.agents().size() == 1 ? " " : "s ")
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
            ledger.admitted(id, node);
        }
        publish(false);
        if (first) {
            getContext().getLog().info("coordinator: admitted {}", who);
        }
        j.replyTo().tell(Admission.admit(runId));
        return this;
    }

    private String admissionRefusal(JoinRequest j, String node) {
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
            String host = alive.containsKey(id) ? hostPort(nodeOf(alive.get(id))) : pending.get(id);
            if (host != null && !host.equals(node)) {
                return "agent " + id + " is already hosted by the live process at " + host;
            }
        }
        return null;
    }

    private Behavior<CoordinatorMsg> onMemberGone(MemberGone g) {
        pending.values().removeIf(a -> a.equals(hostPort(g.address())));
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
        if (recovering) {
            return "the coordinator on " + self + " is starting: it has the run's ledger from " + pullAnswers + " of "
                    + pullExpected + " processes";
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

    static String hostPort(Address a) {
        return a.getHost().orElse("local") + a.getPort().map(p -> ":" + p).orElse("");
    }
}

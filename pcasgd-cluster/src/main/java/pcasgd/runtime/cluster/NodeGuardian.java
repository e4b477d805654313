package pcasgd.runtime.cluster;

import pcasgd.api.NodeSettings;
import pcasgd.api.ClusterSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.SingletonActor;
import pcasgd.metrics.EpochMetrics;
import pcasgd.runtime.SimulationSpec;
import pcasgd.metrics.TrainingListener;

/**
 * The guardian of one cluster process. A process that may coordinate runs the coordinator's
 * cluster-singleton manager: the coordinator runs on the oldest such process, and moves to the next
 * oldest when that one dies, is downed or leaves. Every guardian keeps a copy of the run's
 * {@link RunLedger} (the coordinator sends each change), which a coordinator that takes over starts
 * from, and which tells this process how the run ended. Its agents it spawns
 * only once the coordinator has admitted them ({@link JoinRequest} → {@link Admission}), so a
 * process with other settings, an id another live process hosts, or a run that has ended never
 * sends or receives a parameter message. When its work is done it leaves the cluster gracefully
 * (Pekko's coordinated shutdown: leave, wait until removed, then stop); the coordinator's process
 * leaves last, after the others, so no process sees a peer's connections drop while it still
 * talks to it.
 */
final class NodeGuardian extends AbstractBehavior<NodeMsg> {
    /** How the process ended. */
    record Outcome(Kind kind, String message) { }

    enum Kind { FINISHED, FAILED, REFUSED }

    /** Asked by {@link ClusterRuntime.Node#describeWaiting}: what this node waits for, and the coordinator to ask. */
    record Describe(ActorRef<Description> replyTo) implements NodeMsg { }

    record Description(String text, ActorRef<CoordinatorMsg> coordinator) { }

    private record CoordinatorListing(Receptionist.Listing listing) implements NodeMsg { }
    private record NodeListing(Receptionist.Listing listing) implements NodeMsg { }
    private enum Tick implements NodeMsg { RETRY_JOIN, CHECK_OTHERS_LEFT, COORDINATOR_GONE, END_UNHEARD }

    /** Why this node ran coordinated shutdown (shown in Pekko's own shutdown log lines). */
    private enum Done implements CoordinatedShutdown.Reason { WORK_DONE, REFUSED, FAILED }

    private static final Duration RETRY_JOIN = Duration.ofSeconds(3);
    private static final Duration POLL = Duration.ofMillis(200);
    /** The coordinator's node waits at most this long for the others to leave before it leaves too. */
    private static final Duration OTHERS_LEAVE = Duration.ofSeconds(20);
    /**
     * A process gives the run up when no coordinator has been in the cluster this long: more than a
     * takeover takes (failure detection, the split-brain resolver's 5 s, the singleton's hand-over).
     */
    static final Duration COORDINATOR_GONE = Duration.ofSeconds(60);
    /** Agents stop only when the run ends; if the ledger's end has not arrived this long after, the process ends all the same. */
    private static final Duration END_UNHEARD = Duration.ofSeconds(10);

    private final TimerScheduler<NodeMsg> timers;
    private final SimulationSpec spec;
    private final ClusterSettings settings;
    private final NodeSettings node;
    private final TraceRecorder trace;
    private final CompletableFuture<List<EpochMetrics>> metrics;
    private final CompletableFuture<Outcome> outcome;
    private final Map<ActorRef<AgentMsg>, Integer> agents = new HashMap<>();
    private ActorRef<CoordinatorMsg> coordinator;
    private boolean coordinatorSeen;
    /** This process's copy of the run's decisions. */
    private final RunLedger ledger = new RunLedger();
    /** A copy of {@link #ledger} that is never changed, for a coordinator starting here on another thread. */
    private volatile RunLedger published = new RunLedger();
    /** The other processes already asked for their copy of the ledger. */
    private final java.util.Set<ActorRef<NodeMsg>> askedForLedger = new java.util.HashSet<>();
    private boolean asked;
    private boolean admitted;
    private boolean runEnded;
    private boolean leaving;
    private long othersDeadline;

    static Behavior<NodeMsg> create(SimulationSpec spec, ClusterSettings settings, NodeSettings node,
                                    List<TrainingListener> listeners, CompletableFuture<List<EpochMetrics>> metrics,
                                    CompletableFuture<Outcome> outcome, TraceRecorder trace) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                new NodeGuardian(ctx, timers, spec, settings, node, listeners, metrics, outcome, trace)));
    }

    private NodeGuardian(ActorContext<NodeMsg> ctx, TimerScheduler<NodeMsg> timers, SimulationSpec spec,
                         ClusterSettings settings, NodeSettings node, List<TrainingListener> listeners,
                         CompletableFuture<List<EpochMetrics>> metrics, CompletableFuture<Outcome> outcome,
                         TraceRecorder trace) {
        super(ctx);
        this.timers = timers;
        this.spec = spec;
        this.settings = settings;
        this.node = node;
        this.trace = trace;
        this.metrics = metrics;
        this.outcome = outcome;
        if (node.seeds().isEmpty()) {
            // no seeds: this node forms the cluster on its own, and the others join it
            Cluster cluster = Cluster.get(ctx.getSystem());
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
        }
        if (node.coordinator()) {
            // on every process that may coordinate; Pekko runs the coordinator on the oldest of them
            ClusterSingleton.get(ctx.getSystem()).init(SingletonActor.of(
                    CoordinatorActor.create(settings.runId(), spec, settings, listeners, metrics, null, node.fingerprint(), 1,
                            () -> published.copy()), Keys.COORDINATOR_NAME)
                    .withSettings(ClusterSingletonSettings.create(ctx.getSystem()).withRole(PekkoConfig.COORDINATOR_ROLE)));
        }
        ctx.getSystem().receptionist().tell(Receptionist.register(Keys.NODE, ctx.getSelf()));
        admitted = node.agentIds().isEmpty();
        // one adapter per message class: the coordinator's listing and the other processes' come through it
        ActorRef<Receptionist.Listing> listings = ctx.messageAdapter(Receptionist.Listing.class,
                l -> l.isForKey(Keys.NODE) ? new NodeListing(l) : new CoordinatorListing(l));
        ctx.getSystem().receptionist().tell(Receptionist.subscribe(Keys.COORDINATOR, listings));
        ctx.getSystem().receptionist().tell(Receptionist.subscribe(Keys.NODE, listings));
    }

    @Override
    public Receive<NodeMsg> createReceive() {
        return newReceiveBuilder()
                .onMessage(CoordinatorListing.class, this::onCoordinatorListing)
                .onMessage(Admission.class, this::onAdmission)
                .onMessage(LedgerChunk.class, this::onLedgerChunk)
                .onMessage(NodeListing.class, this::onNodeListing)
                .onMessage(LedgerPull.class, p -> {
                    if (settings.runId().equals(p.runId())) {
                        p.replyTo().tell(ledger.chunk(settings.runId(), p.since()));
                    }
                    return this;
                })
                .onMessageEquals(Tick.COORDINATOR_GONE, this::onCoordinatorGone)
                .onMessageEquals(Tick.END_UNHEARD, () -> {
                    runEnded = true; // its agents were told to stop; the ledger's word on why did not come
                    return maybeDone();
                })
                .onMessageEquals(Tick.RETRY_JOIN, this::askToJoin)
                .onMessageEquals(Tick.CHECK_OTHERS_LEFT, this::checkOthersLeft)
                .onMessage(Describe.class, this::onDescribe)
                .onSignal(Terminated.class, t -> {
                    agents.remove(t.getRef());
                    return maybeDone();
                })
                .build();
    }

    private Behavior<NodeMsg> onCoordinatorListing(CoordinatorListing l) {
        var refs = l.listing().getServiceInstances(Keys.COORDINATOR);
        ActorRef<CoordinatorMsg> before = coordinator;
        coordinator = refs.stream().findFirst().orElse(null);
        coordinatorSeen |= coordinator != null;
        if (coordinator != null) {
            timers.cancel(Tick.COORDINATOR_GONE);
            if (!coordinator.equals(before)) {
                // a process that joins late, or missed a change, brings its copy up to date
                coordinator.tell(new LedgerPull(settings.runId(), ledger.lastClosed(), getContext().getSelf().narrow()));
            }
        } else if (coordinatorSeen && !runEnded && !leaving) {
            timers.startSingleTimer(Tick.COORDINATOR_GONE, COORDINATOR_GONE);
        }
        if (admitted || leaving) {
            return this;
        }
        return coordinator != null ? askToJoin() : this;
    }

    /**
     * Every process this one has not asked yet is asked for its copy of the ledger: a process that joins
     * learns the run's state from whoever is there, even when the coordinator's process is leaving.
     */
    private Behavior<NodeMsg> onNodeListing(NodeListing l) {
        ActorRef<NodeMsg> self = getContext().getSelf();
        for (ActorRef<NodeMsg> n : l.listing().getServiceInstances(Keys.NODE)) {
            if (!n.equals(self) && askedForLedger.add(n)) {
                n.tell(new LedgerPull(settings.runId(), ledger.lastClosed(), self.narrow()));
            }
        }
        return this;
    }

    private Behavior<NodeMsg> onCoordinatorGone() {
        if (coordinator != null || runEnded || leaving) {
            return this;
        }
        outcome.complete(new Outcome(Kind.FAILED, "the coordinator of run '" + settings.runId() + "' left the cluster and no"
                + " process took it over within " + COORDINATOR_GONE.toSeconds() + " s (a process takes over only when it may"
                + " coordinate, i.e. was not started with --no-coordinator); restart the processes with --resume"));
        return leave(Done.FAILED);
    }

    /** The coordinator's change, or the answer to a pull: taken in, passed on to the agents, and the run's end noted. */
    private Behavior<NodeMsg> onLedgerChunk(LedgerChunk c) {
        if (!settings.runId().equals(c.runId())) {
            return this;
        }
        int before = ledger.lastClosed();
        boolean complete = ledger.apply(c.header(), c.fromEpoch(), c.epochs());
        published = ledger.copy();
        if (c.ackTo() != null) {
            c.ackTo().tell(new LedgerAck(settings.runId(), ledger.lastClosed(), getContext().getSelf()));
        }
        if (!complete && coordinator != null) {
            coordinator.tell(new LedgerPull(settings.runId(), ledger.lastClosed(), getContext().getSelf().narrow()));
        }
        if (ledger.lastClosed() > before) {
            EpochsClosed closed = new EpochsClosed(settings.runId(), ledger.lastClosed());
            agents.keySet().forEach(a -> a.tell(closed));
        }
        if (ledger.header().ended() && !runEnded) {
            runEnded = true;
            timers.cancel(Tick.COORDINATOR_GONE);
            if (!admitted && !leaving) {
                return refused("the run '" + settings.runId() + "' has already ended (" + ledger.header().end()
                        + "); there is nothing to join");
            }
            return maybeDone();
        }
        return this;
    }

    /** Asks (again: a request may be lost while the connection to the coordinator's node forms) until answered. */
    private Behavior<NodeMsg> askToJoin() {
        if (admitted || leaving || coordinator == null) {
            return this;
        }
        asked = true;
        coordinator.tell(new JoinRequest(settings.runId(), node.fingerprint(), node.agentIds(), getContext().getSelf()));
        timers.startSingleTimer(Tick.RETRY_JOIN, RETRY_JOIN);
        return this;
    }

    private Behavior<NodeMsg> onAdmission(Admission a) {
        if (admitted || leaving || !settings.runId().equals(a.runId())) {
            return this;
        }
        timers.cancel(Tick.RETRY_JOIN);
        if (!a.admitted()) {
            return refused(a.reason());
        }
        admitted = true;
        getContext().getLog().info("admitted to run '{}': starting agent(s) {}", settings.runId(), node.agentIds());
        float[] initial = spec.oracle().initialParameters(spec.initSeed());
        for (int id : node.agentIds()) {
            AgentActor.Setup setup;
            try {
                setup = AgentFactory.setup(spec, settings, id, initial, trace);
            } catch (RuntimeException e) {
                // e.g. a checkpoint of another run: say so and leave, rather than a guardian crash without a word
                outcome.complete(new Outcome(Kind.FAILED, "agent " + id + " cannot start: " + e.getMessage()));
                return leave(Done.FAILED);
            }
            ActorRef<AgentMsg> ref = getContext().spawn(AgentActor.create(setup), "agent-" + id);
            getContext().watch(ref);
            agents.put(ref, id);
            if (ledger.lastClosed() > 0) {
                ref.tell(new EpochsClosed(settings.runId(), ledger.lastClosed()));
            }
        }
        return this;
    }

    private Behavior<NodeMsg> refused(String reason) {
        timers.cancel(Tick.RETRY_JOIN);
        outcome.complete(new Outcome(Kind.REFUSED, reason));
        return leave(Done.REFUSED);
    }

    /** Done when the admitted agents have stopped and the run has ended; the process hosting the coordinator leaves last. */
    private Behavior<NodeMsg> maybeDone() {
        if (leaving || !admitted || !agents.isEmpty()) {
            return this;
        }
        if (!runEnded) {
            if (!node.agentIds().isEmpty() && !timers.isTimerActive(Tick.END_UNHEARD)) {
                timers.startSingleTimer(Tick.END_UNHEARD, END_UNHEARD);
            }
            return this;
        }
        RunLedger.Header h = ledger.header();
        if (h.failed()) {
            outcome.complete(new Outcome(Kind.FAILED, h.end()));
        } else {
            outcome.complete(new Outcome(Kind.FINISHED, "run '" + settings.runId() + "' finished"));
        }
        if (coordinator != null && coordinator.path().address().getHost().isEmpty()) {
            othersDeadline = System.nanoTime() + OTHERS_LEAVE.toNanos();
            leaving = true;
            return checkOthersLeft();
        }
        return leave(Done.WORK_DONE);
    }

    /** The coordinator's node leaves last: it is the seed and the one the others report to. */
    private Behavior<NodeMsg> checkOthersLeft() {
        Cluster cluster = Cluster.get(getContext().getSystem());
        var state = cluster.state();
        var self = cluster.selfMember().uniqueAddress();
        var unreachable = state.getUnreachable();
        boolean othersUp = StreamSupport.stream(state.getMembers().spliterator(), false)
                .filter(m -> !m.uniqueAddress().equals(self) && !unreachable.contains(m))
                .anyMatch(NodeGuardian::present);
        if (othersUp && System.nanoTime() < othersDeadline) {
            timers.startSingleTimer(Tick.CHECK_OTHERS_LEFT, POLL);
            return this;
        }
        return leave(Done.WORK_DONE);
    }

    private static boolean present(Member m) {
        MemberStatus s = m.status();
        return s != MemberStatus.down() && s != MemberStatus.removed();
    }

    private Behavior<NodeMsg> leave(Done reason) {
        leaving = true;
        CoordinatedShutdown.get(getContext().getSystem()).runAll(reason);
        return this;
    }

    /** The node an actor lives on; a local reference carries no host, so it is this node. */
    private Address nodeOf(ActorRef<?> ref) {
        Address a = ref.path().address();
        return a.getHost().isPresent() ? a : getContext().getSystem().address();
    }

    private Behavior<NodeMsg> onDescribe(Describe d) {
        d.replyTo().tell(new Description(describe(), coordinator));
        return this;
    }

    private String describe() {
        List<Integer> running = new ArrayList<>(agents.values());
        running.sort(null);
        if (leaving) {
            return "its work is done and it is leaving the cluster";
        }
        if (!admitted) {
            if (coordinator == null) {
                List<String> members = StreamSupport.stream(Cluster.get(getContext().getSystem()).state().getMembers().spliterator(),
                        false).map(m -> CoordinatorActor.hostPort(m.address())).toList();
                return "no coordinator of run '" + settings.runId() + "' has " + (coordinatorSeen ? "stayed" : "appeared")
                        + " in the cluster (members: " + (members.isEmpty() ? "none, no seed node answered" : String.join(", ", members))
                        + "), so agent(s) " + node.agentIds() + " have not been admitted";
            }
            return "the coordinator has not answered the request to admit agent(s) " + node.agentIds();
        }
        if (!running.isEmpty()) {
            return "agent(s) " + running + " still running";
        }
        return "its agents have stopped; the run has not ended";
    }
}

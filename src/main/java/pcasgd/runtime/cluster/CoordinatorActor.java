package pcasgd.runtime.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import pcasgd.agent.TrainingDivergedException;
import pcasgd.metrics.AgentReport;
import pcasgd.metrics.EpochAggregation;
import pcasgd.metrics.EpochMetrics;
import pcasgd.runtime.RunInfo;
import pcasgd.runtime.SimulationSpec;
import pcasgd.runtime.TrainingListener;

/**
 * Collects every agent's per-epoch report, turns them into {@link EpochMetrics} with the same
 * {@link EpochAggregation} as the simulator on a thread of its own (never on a dispatcher), and
 * calls the {@link TrainingListener}s. Epoch e closes when every agent has reported it or is
 * unreachable (an agent never seen yet is waited for). After the last epoch it tells every agent to
 * stop and completes {@code result}.
 */
final class CoordinatorActor extends AbstractBehavior<CoordinatorMsg> {
    private record AgentListing(Receptionist.Listing listing) implements CoordinatorMsg { }
    private record Evaluated(EpochMetrics metrics, Throwable error) implements CoordinatorMsg { }
    private enum Stop implements CoordinatorMsg { INSTANCE }
    private enum ProbeTick implements CoordinatorMsg { INSTANCE }
    private record ProbeEvaluated(WallClockProbe.Point point, Throwable error) implements CoordinatorMsg { }

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
    private final List<EpochMetrics> done = new ArrayList<>();
    private final ExecutorService evaluator = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pcasgd-coordinator-eval");
        t.setDaemon(true);
        return t;
    });
    private int nextEpoch = 1;
    private boolean evaluating;
    private boolean started;
    private long startNanos;
    private long lastEpochNanos;
    private final WallClockProbe probe;
    private long probeRound;
    private final Map<Integer, AgentSnapshot> probeReplies = new HashMap<>();
    private int probeExpected;
    private boolean probeEvaluating;

    static Behavior<CoordinatorMsg> create(String runId, SimulationSpec spec, ClusterSettings settings,
                                           List<TrainingListener> listeners, CompletableFuture<List<EpochMetrics>> result) {
        return create(runId, spec, settings, listeners, result, null);
    }

    /** @param probe evaluates the averaged model every {@code probe.intervalMillis()} of wall time; null = none */
    static Behavior<CoordinatorMsg> create(String runId, SimulationSpec spec, ClusterSettings settings,
                                           List<TrainingListener> listeners, CompletableFuture<List<EpochMetrics>> result,
                                           WallClockProbe probe) {
        return Behaviors.setup(ctx -> new CoordinatorActor(ctx, runId, spec, settings, listeners, result, probe));
    }

    private CoordinatorActor(ActorContext<CoordinatorMsg> ctx, String runId, SimulationSpec spec, ClusterSettings settings,
                             List<TrainingListener> listeners, CompletableFuture<List<EpochMetrics>> result,
                             WallClockProbe probe) {
        super(ctx);
        this.probe = probe;
        this.runId = runId;
        this.spec = spec;
        this.settings = settings;
        this.listeners = List.copyOf(listeners);
        this.result = result;
        this.n = spec.agents();
        this.seen = new boolean[n];
        this.aggregation = new EpochAggregation(spec.metrics(), spec.oracle(), spec.testSet(), spec.evaluateAgents());
        ActorRef<Receptionist.Listing> adapter = ctx.messageAdapter(Receptionist.Listing.class, AgentListing::new);
        ctx.getSystem().receptionist().tell(Receptionist.register(Keys.COORDINATOR, ctx.getSelf()));
        for (int i = 0; i < n; i++) {
            keyToAgent.put(Keys.agent(i).id(), i);
            ctx.getSystem().receptionist().tell(Receptionist.subscribe(Keys.agent(i), adapter));
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
        var refs = l.listing().getServiceInstances(Keys.agent(i));
        if (refs.isEmpty()) {
            if (alive.remove(i) != null && nextEpoch != Integer.MAX_VALUE) { // agents stopping after the run are no news
                getContext().getLog().warn("coordinator: agent {} unreachable; epochs close without it until it rejoins", i);
            }
        } else {
            ActorRef<AgentMsg> ref = refs.iterator().next();
            if (seen[i] && !ref.equals(alive.get(i))) {
                getContext().getLog().info("coordinator: agent {} (re)joined", i);
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
        long now = System.nanoTime();
        double wall = (now - lastEpochNanos) / 1e9;
        lastEpochNanos = now;
        List<AgentReport> closed = got.values().stream().map(EpochReport::report).toList();
        CompletableFuture<EpochMetrics> f = CompletableFuture.supplyAsync(() -> aggregation.aggregate(epoch,
                (long) epoch * spec.stepsPerEpoch(), closed, Double.NaN, wall, EpochAggregation.ForEach.SEQUENTIAL),
                evaluator);
        getContext().pipeToSelf(f, Evaluated::new);
    }

    private Behavior<CoordinatorMsg> onEvaluated(Evaluated e) {
        if (e.error() != null) {
            return end(e.error(), "evaluation failed: " + e.error());
        }
        evaluating = false;
        EpochMetrics m = e.metrics();
        done.add(m);
        long total = (long) spec.epochs() * spec.stepsPerEpoch();
        try {
            listeners.forEach(l -> l.onStep(m.step(), total));
            listeners.forEach(l -> l.onEpoch(m));
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
        List<AgentSnapshot> snaps = new ArrayList<>(probeReplies.values());
        probeReplies.clear();
        CompletableFuture<WallClockProbe.Point> f = CompletableFuture.supplyAsync(() -> {
            List<float[]> params = new ArrayList<>(snaps.size());
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            double sum = 0;
            for (AgentSnapshot s : snaps) {
                params.add(s.params());
                min = Math.min(min, s.step());
                max = Math.max(max, s.step());
                sum += s.step();
            }
            var e = spec.oracle().evaluate(EpochAggregation.average(params), spec.testSet());
            return new WallClockProbe.Point(elapsed, min, max, sum / snaps.size(), e.loss(), e.accuracy());
        }, evaluator);
        getContext().pipeToSelf(f, ProbeEvaluated::new);
        return this;
    }

    private Behavior<CoordinatorMsg> onProbeEvaluated(ProbeEvaluated p) {
        probeEvaluating = false;
        if (nextEpoch == Integer.MAX_VALUE) {
            return this;
        }
        if (p.error() != null) {
            return end(p.error(), "probe evaluation failed: " + p.error());
        }
        boolean stop;
        try {
            stop = probe.onPoint().test(p.point());
        } catch (RuntimeException ex) {
            return end(ex, "probe failed: " + ex);
        }
        if (stop) {
            getContext().getLog().info("coordinator: probe stops the run after {} s", p.point().elapsedSeconds());
            result.complete(List.copyOf(done));
            return end(null, "stopped by the wall-clock probe");
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

    /** Tells every agent to stop, then stops after a grace period so the messages leave this node. */
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
        getContext().scheduleOnce(Duration.ofMillis(500), getContext().getSelf(), Stop.INSTANCE);
        nextEpoch = Integer.MAX_VALUE;
        return this;
    }
}

package pcasgd.runtime.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import pcasgd.algorithm.NeighbourCopy;
import pcasgd.runtime.TrainingDivergedException;

/**
 * One agent: the bookkeeping half (who its neighbours are, what copies it holds, when it may step);
 * the arithmetic runs in its {@link AgentWorker}. A step k is:
 *
 * <ol>
 *   <li>the worker computes g_i(x_i^k); on a sending step (k mod sendEvery = 0) the actor sends
 *       (x_i^k, g_i^k) to every reachable neighbour right away (after the injected link delay);</li>
 *   <li>the actor steps as soon as it may: asynchronous methods at once (or, with a max-staleness
 *       bound, once every live neighbour's newest copy is at most that many steps old); synchronous
 *       methods once every live neighbour's step-k message is in;</li>
 *   <li>the worker applies the update rule to the held copies; unreachable neighbours and neighbours
 *       it holds nothing from are left out, their weight w_ij moved onto w_ii (as the clipping step
 *       does), so the row still sums to one.</li>
 * </ol>
 */
final class AgentActor extends AbstractBehavior<AgentMsg> {

    /** Everything one agent needs; {@code startStep > 0} when resuming from a checkpoint. */
    record Setup(int id, String runId, long incarnation, int agents, double selfWeight, Map<Integer, Double> neighbourWeights,
                 boolean synchronous, long totalSteps, ClusterSettings settings, float[] initialParams,
                 long startStep, AgentWorker worker) { }

    private record GradientDone(AgentWorker.Gradient result, Throwable error) implements AgentMsg { }
    private record StepDone(AgentWorker.Stepped result, Throwable error) implements AgentMsg { }
    private record NeighbourListing(Receptionist.Listing listing) implements AgentMsg { }

    private enum Phase { WAITING_FOR_PEERS, COMPUTING, READY, UPDATING, FINISHED }

    private final Setup setup;
    private final AgentWorker worker;
    private final Map<Integer, NeighbourView> neighbours = new HashMap<>();
    private final Map<String, Integer> keyToAgent = new HashMap<>();
    private ActorRef<CoordinatorMsg> coordinator;
    private boolean coordinatorSeen;
    private boolean startSignal;
    private Phase phase = Phase.WAITING_FOR_PEERS;
    private long step;
    private long received;
    private ParamsMessage lastSent;
    private long lagSum;
    private long lagCount;

    static Behavior<AgentMsg> create(Setup setup) {
        return Behaviors.setup(ctx -> new AgentActor(ctx, setup));
    }

    private AgentActor(ActorContext<AgentMsg> ctx, Setup setup) {
        super(ctx);
        this.setup = setup;
        this.worker = setup.worker();
        this.step = setup.startStep();
        ActorRef<Receptionist.Listing> adapter = ctx.messageAdapter(Receptionist.Listing.class, NeighbourListing::new);
        var receptionist = ctx.getSystem().receptionist();
        receptionist.tell(Receptionist.register(Keys.agent(setup.id()), ctx.getSelf()));
        receptionist.tell(Receptionist.subscribe(Keys.COORDINATOR, adapter));
        for (var e : setup.neighbourWeights().entrySet()) {
            NeighbourView v = new NeighbourView(e.getKey(), e.getValue());
            if (setup.startStep() == 0) {
                // x_j^0 is the common initial point; its gradient is unknown, hence zero (as in the simulator)
                float[] x0 = setup.initialParams();
                v.seedInitial(new ParamsMessage(setup.runId(), e.getKey(), 0, 0, x0, new float[x0.length]));
            }
            neighbours.put(e.getKey(), v);
            keyToAgent.put(Keys.agent(e.getKey()).id(), e.getKey());
            receptionist.tell(Receptionist.subscribe(Keys.agent(e.getKey()), adapter));
        }
        ctx.getLog().info("agent {} ready at step {} with neighbours {}", setup.id(), step, neighbours.keySet());
    }

    @Override
    public Receive<AgentMsg> createReceive() {
        return newReceiveBuilder()
                .onMessage(ParamsMessage.class, this::onParams)
                .onMessage(NeighbourListing.class, this::onListing)
                .onMessage(GradientDone.class, this::onGradient)
                .onMessage(StepDone.class, this::onStepDone)
                .onMessage(Shutdown.class, this::onShutdown)
                .onMessage(Start.class, this::onStart)
                .onMessage(SnapshotRequest.class, this::onSnapshotRequest)
                .onSignal(PostStop.class, s -> {
                    worker.close();
                    return this;
                })
                .build();
    }

    private Behavior<AgentMsg> onParams(ParamsMessage m) {
        String reason = MessageGate.rejectReason(setup.runId(), setup.agents(), m.runId(), m.sender());
        NeighbourView v = neighbours.get(m.sender());
        if (reason == null && v == null) {
            reason = "message from agent " + m.sender() + " rejected: not a neighbour of agent " + setup.id();
        }
        if (reason != null) {
            getContext().getLog().warn(reason);
            return this;
        }
        v.offer(m);
        received++;
        maybeStep();
        return this;
    }

    private Behavior<AgentMsg> onListing(NeighbourListing l) {
        Receptionist.Listing listing = l.listing();
        if (listing.isForKey(Keys.COORDINATOR)) {
            Set<ActorRef<CoordinatorMsg>> refs = listing.getServiceInstances(Keys.COORDINATOR);
            coordinator = refs.isEmpty() ? null : refs.iterator().next();
            coordinatorSeen |= coordinator != null;
            if (coordinator == null && coordinatorSeen && phase == Phase.FINISHED) {
                getContext().getLog().info("agent {}: coordinator gone after the run; stopping", setup.id());
                return Behaviors.stopped();
            }
        } else {
            Integer j = keyToAgent.get(listing.getKey().id());
            if (j == null) {
                return this;
            }
            NeighbourView v = neighbours.get(j);
            Set<ActorRef<AgentMsg>> refs = listing.getServiceInstances(Keys.agent(j));
            ActorRef<AgentMsg> ref = refs.isEmpty() ? null : refs.iterator().next();
            if (ref == null && v.alive) {
                getContext().getLog().warn("agent {}: neighbour {} unreachable at step {}: dropped from the mixing row "
                        + "(w={} moved to the diagonal)", setup.id(), j, step, v.weight);
            } else if (ref != null && !v.alive && v.ref != null) {
                getContext().getLog().info("agent {}: neighbour {} is back at step {}", setup.id(), j, step);
            }
            boolean newcomer = ref != null && (!v.alive || !ref.equals(v.ref));
            v.alive = ref != null;
            if (ref != null) {
                v.ref = ref;
            }
            if (newcomer && lastSent != null) {
                // it missed what we sent while it was away; without this, a waiting (max-staleness or
                // synchronous) agent and the rejoined one would each wait for the other forever
                send(v, lastSent);
            }
        }
        maybeStart();
        maybeStep();
        return this;
    }

    /** Answered from the worker thread's future: the actor itself never blocks on it. */
    private Behavior<AgentMsg> onSnapshotRequest(SnapshotRequest r) {
        if (!setup.runId().equals(r.runId())) {
            return this;
        }
        int id = setup.id();
        String run = setup.runId();
        worker.stepSnapshot().thenAccept(sn -> r.replyTo().tell(new AgentSnapshot(run, id, r.round(), sn.step(), sn.params())));
        return this;
    }

    private Behavior<AgentMsg> onStart(Start s) {
        if (setup.runId().equals(s.runId())) {
            startSignal = true;
            maybeStart();
        }
        return this;
    }

    /** Starts once the coordinator said go and every neighbour is known (so step 0 reaches all of them). */
    private void maybeStart() {
        if (phase == Phase.WAITING_FOR_PEERS && startSignal && neighbours.values().stream().allMatch(v -> v.alive)) {
            getContext().getLog().info("agent {}: all neighbours present and the run started; first step {}",
                    setup.id(), step);
            startGradient();
        }
    }

    private void startGradient() {
        if (step >= setup.totalSteps()) {
            finish();
            return;
        }
        phase = Phase.COMPUTING;
        boolean send = step % setup.settings().sendEvery() == 0;
        getContext().pipeToSelf(worker.gradient(send), GradientDone::new);
    }

    private Behavior<AgentMsg> onGradient(GradientDone d) {
        if (d.error() != null) {
            return fail(d.error());
        }
        AgentWorker.Gradient g = d.result();
        if (g.sendParams() != null) {
            ParamsMessage m = new ParamsMessage(setup.runId(), setup.id(), setup.incarnation(), g.step(), g.sendParams(),
                    g.sendGrad());
            lastSent = m;
            for (NeighbourView v : neighbours.values()) {
                if (v.alive) {
                    send(v, m);
                }
            }
        }
        phase = Phase.READY;
        maybeStep();
        return this;
    }

    private void send(NeighbourView v, ParamsMessage m) {
        long ms = setup.settings().latency().millis(setup.id(), v.id);
        if (ms == 0) {
            v.ref.tell(m);
        } else {
            getContext().scheduleOnce(Duration.ofMillis(ms), v.ref, m);
        }
    }

    /** Steps if the phase allows and the waiting rule of the method is met. */
    private void maybeStep() {
        if (phase != Phase.READY || !mayStep()) {
            return;
        }
        List<NeighbourCopy> copies = new ArrayList<>(neighbours.size());
        double self = setup.selfWeight();
        int late = 0;
        int slack = setup.settings().onTimeSlack();
        for (NeighbourView v : neighbours.values()) {
            ParamsMessage m = setup.synchronous() ? v.forStep(step) : v.newest();
            if (!v.alive || m == null) {
                self += v.weight; // drop j from the row: its weight goes onto the diagonal
                continue;
            }
            long lag = step - m.step();
            lagSum += lag;
            lagCount++;
            boolean onTime = lag <= slack;
            if (!onTime) {
                late++;
            }
            int age = onTime ? 0 : (int) Math.min(lag, Integer.MAX_VALUE);
            copies.add(new NeighbourCopy(v.id, v.weight, m.params(), m.grad(), age));
        }
        phase = Phase.UPDATING;
        getContext().pipeToSelf(worker.update(copies, self, late), StepDone::new);
    }

    private boolean mayStep() {
        int bound = setup.synchronous() ? 0 : setup.settings().maxStaleness();
        if (bound < 0) {
            return true;
        }
        for (NeighbourView v : neighbours.values()) {
            if (v.alive && v.newestStep() < step - bound) {
                return false;
            }
        }
        return true;
    }

    private Behavior<AgentMsg> onStepDone(StepDone d) {
        if (d.error() != null) {
            return fail(d.error());
        }
        step = d.result().step();
        if (d.result().report() != null && coordinator != null) {
            coordinator.tell(d.result().report());
        }
        startGradient();
        return this;
    }

    private void finish() {
        phase = Phase.FINISHED;
        getContext().getLog().info("agent {} finished {} steps; received {} parameter messages; mean lag of used copies {} steps",
                setup.id(), step, received, lagCount == 0 ? 0 : (double) lagSum / lagCount);
        if (coordinator == null && coordinatorSeen) {
            getContext().getSelf().tell(new Shutdown(setup.runId(), "coordinator gone"));
        }
    }

    private Behavior<AgentMsg> fail(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        getContext().getLog().error("agent {} failed at step {}: {}", setup.id(), step, cause.toString());
        if (coordinator != null) {
            coordinator.tell(new AgentFailed(setup.runId(), setup.id(), step,
                    cause instanceof TrainingDivergedException, String.valueOf(cause.getMessage())));
        }
        phase = Phase.FINISHED;
        return this;
    }

    private Behavior<AgentMsg> onShutdown(Shutdown s) {
        if (!setup.runId().equals(s.runId())) {
            getContext().getLog().warn("shutdown of run '{}' ignored by agent {} of run '{}'", s.runId(), setup.id(), setup.runId());
            return this;
        }
        getContext().getLog().info("agent {} stopping at step {}: {}", setup.id(), step, s.reason());
        return Behaviors.stopped();
    }
}

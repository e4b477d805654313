package pcasgd.runtime.cluster;

import pcasgd.runtime.WireEncoding;
import pcasgd.api.ClusterSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
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
import pcasgd.agent.HeldCopy;
import pcasgd.agent.Inbox;
import pcasgd.agent.LinkEstimate;
import pcasgd.agent.TrainingDivergedException;
import pcasgd.metrics.LiveProgress;

/**
 * One agent's transport and pacing: who its neighbours are and whether they are reachable, the
 * copies it holds of them (its {@link Inbox}), and when it may step; the step itself is its
 * {@link pcasgd.agent.Agent}'s, on the agent's own thread ({@link AgentThread}). A step k is:
 *
 * <ol>
 *   <li>the agent computes g_i(x_i^k); on a sending step (k mod sendEvery = 0) the actor offers
 *       (x_i^k, g_i^k) to every reachable neighbour's link;</li>
 *   <li>the actor steps as soon as it may: asynchronous methods at once (or, with a skew bound, once no
 *       live neighbour's step counter is more than that many steps behind); synchronous methods once every
 *       live neighbour's step-k message is in;</li>
 *   <li>the agent applies the update rule to the held copies; unreachable neighbours are left out and
 *       their weight w_ij moves onto w_ii (as the clipping step's W̃ does), so the row still sums to one.</li>
 * </ol>
 *
 * <p><b>A link carries the newest copy, never a queue.</b> For asynchronous methods at most
 * {@link ClusterSettings#linkInFlight} copies are on their way to one neighbour at once; the receiver
 * acknowledges each ({@link Delivered}, on the control lane). A copy made while the link is full waits
 * as the link's one pending copy, and a newer one replaces it (superseded); when an acknowledgement frees
 * the link, the pending copy goes at once. So a copy's age on a slow link is its transfer time, and compute
 * never waits for a link. Synchronous methods need every step's copy and send each.
 */
final class AgentActor extends AbstractBehavior<AgentMsg> {
    /** A copy not acknowledged within this long counts as lost and frees its place on the link (logged). */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    /** Everything one agent needs; {@code startStep > 0} when resuming from a checkpoint. */
    record Setup(int id, String runId, long incarnation, int agents, int dimension, Inbox inbox, boolean synchronous,
                 long totalSteps, ClusterSettings settings, WireEncoding encoding, long startStep, AgentThread thread,
                 TraceRecorder trace) { }

    private record GradientDone(AgentThread.Gradient result, Throwable error) implements AgentMsg { }
    private record StepDone(AgentThread.Stepped result, Throwable error) implements AgentMsg { }
    private record NeighbourListing(Receptionist.Listing listing) implements AgentMsg { }

    private enum Phase { WAITING_FOR_PEERS, COMPUTING, READY, UPDATING, FINISHED }

    /**
     * Once a second: copies unacknowledged past {@link #ACK_TIMEOUT} are counted lost even when this
     * agent makes no new copy (an agent held back by a neighbour that is held back by it would
     * otherwise wait for good), and an agent that has not stepped for {@link #STALL} says what it waits for.
     */
    private enum Tick implements AgentMsg { INSTANCE }

    private static final Duration TICK = Duration.ofSeconds(1);
    /** How long an agent may go without a step before it says in the log what it waits for (once per stall). */
    static final Duration STALL = Duration.ofSeconds(60);

    /** Where neighbour j is, which life of it we hold copies from, and the link to it. */
    private static final class Peer {
        final int id;
        final int slot;
        /** The agent itself: control messages (acknowledgements). */
        ActorRef<AgentMsg> ref;
        /** Its parameter inlet: copies, over the large-message lane. */
        ActorRef<AgentMsg> inlet;
        boolean alive;
        long incarnation;
        /** j's step counter as last heard: from its copies and its acknowledgements. */
        long knownStep = Long.MIN_VALUE;
        final OutgoingLink out;
        /** The acknowledgement of a copy that arrived before the neighbour's listing did: sent once it is known. */
        Delivered owedAck;

        Peer(int id, int slot, int linkBound, pcasgd.agent.LinkTraffic traffic) {
            this.id = id;
            this.slot = slot;
            this.out = new OutgoingLink(linkBound, traffic);
        }
    }

    private final Setup setup;
    private final Inbox inbox;
    private final AgentThread thread;
    private final Map<Integer, Peer> peers = new LinkedHashMap<>();
    private final Map<String, Integer> keyToAgent = new LinkedHashMap<>();
    private final Map<String, Integer> inletKeyToAgent = new LinkedHashMap<>();
    private final int linkBound;
    /** ŝ_i: this agent's smoothed step time, told to its neighbours with each copy. */
    private double stepNanos;
    private long lastStepAt = Long.MIN_VALUE;
    private ActorRef<CoordinatorMsg> coordinator;
    /** Where progress goes ({@link Keys#PROGRESS}); null until listed. */
    private ActorRef<CoordinatorMsg> progressTo;
    /** Traffic and steps since the last {@link AgentProgress}. */
    private final ProgressWindow window;
    private boolean failed;
    /**
     * Reports of epochs not yet closed, by epoch: sent again to a coordinator that takes over, so an
     * epoch open when the previous one died still closes with every report.
     */
    private final java.util.TreeMap<Integer, EpochReport> unclosed = new java.util.TreeMap<>();
    private boolean startSignal;
    private Phase phase = Phase.WAITING_FOR_PEERS;
    private long step;
    private long received;
    private ParamsMessage lastSent;
    private long lastProgressAt = System.nanoTime();
    private boolean stallReported;

    static Behavior<AgentMsg> create(Setup setup) {
        return Behaviors.setup(ctx -> new AgentActor(ctx, setup));
    }

    private AgentActor(ActorContext<AgentMsg> ctx, Setup setup) {
        super(ctx);
        this.setup = setup;
        this.inbox = setup.inbox();
        this.thread = setup.thread();
        this.step = setup.startStep();
        this.linkBound = setup.synchronous() ? Integer.MAX_VALUE : setup.settings().linkInFlight();
        ActorRef<AgentMsg> inlet = Inlet.spawn(ctx, AgentMsg.class, Keys.PARAMS_INLET);
        ActorRef<Receptionist.Listing> adapter = ctx.messageAdapter(Receptionist.Listing.class, NeighbourListing::new);
        var receptionist = ctx.getSystem().receptionist();
        receptionist.tell(Receptionist.register(Keys.agent(setup.id()), ctx.getSelf()));
        receptionist.tell(Receptionist.register(Keys.params(setup.id()), inlet));
        receptionist.tell(Receptionist.subscribe(Keys.COORDINATOR, adapter));
        receptionist.tell(Receptionist.subscribe(Keys.PROGRESS, adapter));
        int[] neighbours = new int[inbox.size()];
        for (int s = 0; s < inbox.size(); s++) {
            neighbours[s] = inbox.id(s);
        }
        this.window = new ProgressWindow(neighbours, System.nanoTime(), step);
        for (int s = 0; s < inbox.size(); s++) {
            int j = inbox.id(s);
            peers.put(j, new Peer(j, s, linkBound, thread.traffic()));
            inbox.setPresent(s, false);
            keyToAgent.put(Keys.agent(j).id(), j);
            inletKeyToAgent.put(Keys.params(j).id(), j);
            receptionist.tell(Receptionist.subscribe(Keys.agent(j), adapter));
            receptionist.tell(Receptionist.subscribe(Keys.params(j), adapter));
        }
        ctx.getLog().info("agent {} ready at step {} with neighbours {}", setup.id(), step, peers.keySet());
        ctx.scheduleOnce(TICK, ctx.getSelf(), Tick.INSTANCE);
    }

    @Override
    public Receive<AgentMsg> createReceive() {
        return newReceiveBuilder()
                .onMessage(ParamsMessage.class, this::onParams)
                .onMessage(Delivered.class, this::onDelivered)
                .onMessage(NeighbourListing.class, this::onListing)
                .onMessage(GradientDone.class, this::onGradient)
                .onMessage(StepDone.class, this::onStepDone)
                .onMessage(Shutdown.class, this::onShutdown)
                .onMessage(Start.class, this::onStart)
                .onMessage(EpochsClosed.class, c -> {
                    if (setup.runId().equals(c.runId())) {
                        unclosed.headMap(c.upTo(), true).clear();
                    }
                    return this;
                })
                .onMessage(SnapshotRequest.class, this::onSnapshotRequest)
                .onMessageEquals(Tick.INSTANCE, this::onTick)
                .onSignal(PostStop.class, s -> {
                    thread.close();
                    if (setup.trace() != null) {
                        peers.values().forEach(p -> setup.trace().link(setup.id(), p.id, p.out.counters));
                    }
                    return this;
                })
                .build();
    }

    private Behavior<AgentMsg> onParams(ParamsMessage m) {
        String reason = MessageGate.rejectReason(setup.runId(), setup.agents(), m.runId(), m.sender());
        Peer p = peers.get(m.sender());
        if (reason == null && p == null) {
            reason = "message from agent " + m.sender() + " rejected: not a neighbour of agent " + setup.id();
        }
        if (reason == null && m.params().length != setup.dimension()) {
            reason = "parameters from agent " + m.sender() + " rejected, never mixed: " + m.params().length
                    + " values, but the model of agent " + setup.id() + " has " + setup.dimension()
                    + " (the processes run different models)";
        }
        if (reason != null) {
            getContext().getLog().error(reason);
            return this;
        }
        if (m.incarnation() != p.incarnation) {
            // a restarted neighbour's older steps replace what its previous life sent
            inbox.forget(p.slot);
            thread.forgetNeighbour(p.id);
            p.incarnation = m.incarnation();
            p.knownStep = m.step();    // a new life may resume from an earlier checkpoint
        }
        long now = System.nanoTime();
        if (inbox.offer(p.slot, new HeldCopy(m.step(), m.params(), m.grad(), m.ackStep()))) {
            LinkEstimate link = inbox.link(p.slot);
            if (link != null) {
                link.received(now, m.ackStep(), m.holdNanos(), m.stepNanos(), m.transitSteps());
            }
        }
        p.knownStep = Math.max(p.knownStep, m.step());
        Delivered ack = new Delivered(setup.runId(), setup.id(), m.incarnation(), m.step(), step);
        if (p.ref != null) {
            p.ref.tell(ack);
        } else {
            // its copy can arrive before the receptionist lists it here; without the acknowledgement its link stays full
            p.owedAck = ack;
        }
        received++;
        long age = arrivalAge(m);
        window.arrived(p.slot, age);
        if (setup.trace() != null) {
            setup.trace().record(m.sender(), setup.id(), m.step(), age, WireFormat.size(m, setup.encoding()));
        }
        maybeStep();
        return this;
    }

    /**
     * A copy's age as the message trace and the live page count it: its age at first use, which is what
     * {@code delay: trace} replays. While this agent updates step k the copies for k are already taken, so a
     * message arriving then is first mixed at k + 1.
     */
    private long arrivalAge(ParamsMessage m) {
        long firstUse = phase == Phase.UPDATING ? step + 1 : step;
        return Inbox.age(firstUse, m.step());
    }

    private Behavior<AgentMsg> onListing(NeighbourListing l) {
        Receptionist.Listing listing = l.listing();
        if (listing.isForKey(Keys.PROGRESS)) {
            Set<ActorRef<CoordinatorMsg>> refs = listing.getServiceInstances(Keys.PROGRESS);
            progressTo = refs.isEmpty() ? null : refs.iterator().next();
        } else if (listing.isForKey(Keys.COORDINATOR)) {
            Set<ActorRef<CoordinatorMsg>> refs = listing.getServiceInstances(Keys.COORDINATOR);
            ActorRef<CoordinatorMsg> before = coordinator;
            // none while coordination moves to another process: reports wait here, and the agent stops only when told
            coordinator = refs.isEmpty() ? null : refs.iterator().next();
            if (coordinator != null && !coordinator.equals(before)) {
                coordinator.tell(new AgentStarted(setup.runId(), setup.id(), setup.startStep(), getContext().getSelf()));
            }
            if (coordinator != null && !coordinator.equals(before) && !unclosed.isEmpty()) {
                getContext().getLog().info("agent {}: coordinator at {}; sending it the reports of epochs {}", setup.id(),
                        coordinator.path().address(), unclosed.keySet());
                unclosed.values().forEach(coordinator::tell);
            }
        } else if (inletKeyToAgent.containsKey(listing.getKey().id())) {
            Peer p = peers.get(inletKeyToAgent.get(listing.getKey().id()));
            Set<ActorRef<AgentMsg>> refs = listing.getServiceInstances(Keys.params(p.id));
            ActorRef<AgentMsg> inlet = refs.isEmpty() ? null : refs.iterator().next();
            if (inlet != null && p.inlet != null && !inlet.equals(p.inlet)) {
                p.out.open(false);      // the neighbour's new life: nothing is on its way to it
            }
            p.inlet = inlet;
            p.out.open(inlet != null);
            flush(p);
        } else {
            Integer j = keyToAgent.get(listing.getKey().id());
            if (j == null) {
                return this;
            }
            Peer p = peers.get(j);
            Set<ActorRef<AgentMsg>> refs = listing.getServiceInstances(Keys.agent(j));
            ActorRef<AgentMsg> ref = refs.isEmpty() ? null : refs.iterator().next();
            if (ref == null && p.alive && phase != Phase.FINISHED) {
                getContext().getLog().warn("agent {}: neighbour {} unreachable at step {}; mixing without it (its weight {} "
                        + "moves to the diagonal) until it is back", setup.id(), j, step, inbox.weight(p.slot));
            } else if (ref != null && !p.alive && p.ref != null) {
                getContext().getLog().info("agent {}: neighbour {} is back at step {}", setup.id(), j, step);
            }
            boolean newcomer = ref != null && (!p.alive || !ref.equals(p.ref));
            p.alive = ref != null;
            inbox.setPresent(p.slot, p.alive);
            if (ref != null) {
                p.ref = ref;
                if (p.owedAck != null) {
                    ref.tell(p.owedAck);
                    p.owedAck = null;
                }
            }
            if (newcomer && lastSent != null) {
                // it missed what we sent while it was away; without this, a waiting (skew-bounded or
                // synchronous) agent and the rejoined one would each wait for the other forever
                p.out.forgetInFlight();
                offer(p, lastSent, false);
            }
        }
        maybeStart();
        maybeStep();
        return this;
    }

    private Behavior<AgentMsg> onTick() {
        if (phase != Phase.FINISHED) {
            peers.values().forEach(this::flush);   // flush expires lost copies first
            maybeStep();
            if (startSignal) {
                sendProgress(liveState());
            }
            long now = System.nanoTime();
            // before the start, waiting is what the run asks for (processes still joining)
            if (now - lastProgressAt > STALL.toNanos() && !stallReported && startSignal
                    && (phase == Phase.READY || phase == Phase.WAITING_FOR_PEERS)) {
                stallReported = true;
                getContext().getLog().warn("agent {}: no step for {} s at step {}: {}", setup.id(), STALL.toSeconds(), step,
                        waitingFor());
            }
        }
        getContext().scheduleOnce(TICK, getContext().getSelf(), Tick.INSTANCE);
        return this;
    }

    /** In words, what holds this agent's next step back. */
    private String waitingFor() {
        if (phase == Phase.WAITING_FOR_PEERS) {
            List<Integer> missing = peers.values().stream().filter(p -> !p.alive || p.inlet == null).map(p -> p.id).toList();
            return "waiting for neighbour(s) " + missing + " to be listed";
        }
        StringBuilder sb = new StringBuilder("waiting for ");
        int bound = Math.max(setup.settings().maxSkew(), setup.settings().sendEvery());
        for (Peer p : peers.values()) {
            sb.append("neighbour ").append(p.id).append(p.alive ? " (known at step " + p.knownStep + ", bound " + bound
                    + ", link " + p.out.describe() + ")" : " (unreachable)").append("; ");
        }
        return sb.toString();
    }

    /** Answered from the agent thread's future: the actor itself never blocks on it. */
    private Behavior<AgentMsg> onSnapshotRequest(SnapshotRequest r) {
        if (!setup.runId().equals(r.runId())) {
            return this;
        }
        int id = setup.id();
        String run = setup.runId();
        thread.snapshot().thenAccept(sn -> r.replyTo().tell(new AgentSnapshot(run, id, r.round(), sn.step(), sn.params())));
        return this;
    }

    private Behavior<AgentMsg> onStart(Start s) {
        if (setup.runId().equals(s.runId())) {
            if (!startSignal) {
                lastProgressAt = System.nanoTime(); // a stall counts from the start
            }
            startSignal = true;
            maybeStart();
        }
        return this;
    }

    /** Starts once the coordinator said go and every neighbour is known (so step 0 reaches all of them). */
    private void maybeStart() {
        if (phase == Phase.WAITING_FOR_PEERS && startSignal && peers.values().stream().allMatch(p -> p.alive && p.inlet != null)) {
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
        getContext().pipeToSelf(thread.gradient(send), GradientDone::new);
    }

    private Behavior<AgentMsg> onGradient(GradientDone d) {
        if (d.error() != null) {
            return fail(d.error());
        }
        AgentThread.Gradient g = d.result();
        if (g.sendParams() != null) {
            // the gradient travels only when the method reads it: half the bytes otherwise
            ParamsMessage m = new ParamsMessage(setup.runId(), setup.id(), setup.incarnation(), g.step(), g.sendParams(),
                    g.sendGrad());
            lastSent = m;
            for (Peer p : peers.values()) {
                if (p.alive) {
                    offer(p, m, true);
                }
            }
        }
        phase = Phase.READY;
        maybeStep();
        return this;
    }

    /** A new copy for neighbour p's link: sent at once when the link has room, else its pending copy ({@link OutgoingLink}). */
    private void offer(Peer p, ParamsMessage m, boolean produced) {
        expireLost(p);
        ParamsMessage now = p.out.offer(m, produced && p.alive);
        if (now != null) {
            transmit(p, now);
        }
    }

    /** Sends the pending copy while the link has room. */
    private void flush(Peer p) {
        expireLost(p);
        ParamsMessage m = p.alive ? p.out.next() : null;
        if (m != null) {
            transmit(p, m);
        }
    }

    /**
     * Hands a copy to the link, stamped with what this agent knows of the link at this moment: the newest
     * of the receiver's copies it holds (a round trip closes there), how long it has held it, its own step
     * time and the transit it measured on the opposite direction ({@link LinkEstimate}).
     */
    private void transmit(Peer p, ParamsMessage m) {
        long now = System.nanoTime();
        LinkEstimate link = inbox.link(p.slot);
        ParamsMessage stamped = m.stamped(inbox.newestStep(p.slot), link == null ? -1 : link.holdNanos(now),
                (long) stepNanos, link == null ? Float.NaN : (float) link.transitSteps());
        if (link != null) {
            link.sent(m.step(), now);
        }
        p.out.transmitted(m.step(), WireFormat.size(stamped, setup.encoding()), now);
        long ms = setup.settings().latency().millis(setup.id(), p.id);
        if (ms == 0) {
            p.inlet.tell(stamped);
        } else {
            getContext().scheduleOnce(Duration.ofMillis(ms), p.inlet, stamped);
        }
    }

    /** Copies unacknowledged for {@link #ACK_TIMEOUT} count as lost, so a lost message cannot close a link for good. */
    private void expireLost(Peer p) {
        for (OutgoingLink.InFlight lost : p.out.expire(System.nanoTime(), ACK_TIMEOUT.toNanos())) {
            getContext().getLog().warn("agent {}: no acknowledgement from neighbour {} for the copy of step {} within {} s; "
                    + "counting it lost and sending the newest copy", setup.id(), p.id, lost.step(), ACK_TIMEOUT.toSeconds());
        }
    }

    /** The receiver took a copy in: a place on the link is free, and its step counter is known. */
    private Behavior<AgentMsg> onDelivered(Delivered d) {
        Peer p = peers.get(d.receiver());
        if (p == null || !setup.runId().equals(d.runId()) || d.incarnation() != setup.incarnation()) {
            return this;
        }
        p.knownStep = Math.max(p.knownStep, d.receiverStep());
        long bytesBefore = p.out.counters.bytesDelivered;
        p.out.delivered(d.step(), System.nanoTime());
        window.delivered(p.slot, p.out.counters.bytesDelivered - bytesBefore);
        flush(p);
        maybeStep();
        return this;
    }

    /** This agent's state as the live page shows it. */
    private String liveState() {
        return switch (phase) {
            case WAITING_FOR_PEERS -> LiveProgress.WAITING;
            case FINISHED -> failed ? LiveProgress.FAILED : LiveProgress.FINISHED;
            case READY -> mayStep() ? LiveProgress.TRAINING : LiveProgress.HELD_BACK;
            default -> LiveProgress.TRAINING;
        };
    }

    /** Closes the progress window and sends it, when the coordinator's progress inlet is known. */
    private void sendProgress(String state) {
        if (progressTo != null) {
            progressTo.tell(window.report(setup.runId(), setup.id(), step, state, System.nanoTime()));
        }
    }

    /** Steps if the phase allows and the waiting rule of the method is met. */
    private void maybeStep() {
        if (phase != Phase.READY || !mayStep()) {
            return;
        }
        phase = Phase.UPDATING;
        getContext().pipeToSelf(thread.update(inbox.copies(step)), StepDone::new);
    }

    private boolean mayStep() {
        if (setup.synchronous()) {
            // the copy of this very step, not just a newer one: with link delays messages can overtake each other
            for (Peer p : peers.values()) {
                if (p.alive && !inbox.holds(p.slot, step)) {
                    return false;
                }
            }
            return true;
        }
        // pace by the neighbours' step counters, never by the age of the copies held: a copy in transit on a
        // slow link does not hold compute back, a neighbour that has fallen behind does
        int skew = setup.settings().maxSkew();
        if (skew < 0) {
            return true;
        }
        int bound = Math.max(skew, setup.settings().sendEvery());
        for (Peer p : peers.values()) {
            if (p.alive && Math.max(p.knownStep, setup.startStep()) < step - bound) {
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
        lastProgressAt = System.nanoTime();
        stallReported = false;
        long now = System.nanoTime();
        if (lastStepAt != Long.MIN_VALUE) {
            // ŝ_i, smoothed over about 8 steps
            double dt = now - lastStepAt;
            stepNanos = stepNanos == 0 ? dt : stepNanos + (dt - stepNanos) / 8;
        }
        lastStepAt = now;
        if (d.result().report() != null) {
            EpochReport r = EpochReport.of(setup.runId(), d.result().report());
            unclosed.put(r.epoch(), r);
            // before the report: in one JVM the coordinator then holds every agent's progress when the epoch closes
            sendProgress(step >= setup.totalSteps() ? LiveProgress.FINISHED : LiveProgress.TRAINING);
            if (coordinator != null) {
                coordinator.tell(r);
            }
        }
        startGradient();
        return this;
    }

    private void finish() {
        phase = Phase.FINISHED;
        getContext().getLog().info("agent {} finished {} steps; received {} parameter messages", setup.id(), step, received);
    }

    private Behavior<AgentMsg> fail(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        getContext().getLog().error("agent {} failed at step {}: {}", setup.id(), step, cause.toString());
        failed = true;
        sendProgress(LiveProgress.FAILED);
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

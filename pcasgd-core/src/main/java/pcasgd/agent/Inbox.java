package pcasgd.agent;

import java.util.ArrayList;
import java.util.List;
import pcasgd.algorithm.ClipWeights;
import pcasgd.algorithm.NeighbourCopy;

/**
 * The copies agent i holds of its neighbours, and the one place where a held copy becomes the
 * {@link NeighbourCopy} an update rule sees: its age is the receiver's step minus the step the copy
 * was sent at (a copy from a neighbour that is ahead counts as age 0). Whether its link is late is
 * decided alike at both ends of the link: in lockstep (the simulator) when the copy in either
 * direction is one step old or more ({@link #setLockstepLate}); between actors from the measured
 * transit in the sender's steps ({@link LinkEstimate}). Both the simulator and the actor runtimes
 * deliver into an inbox and read an agent's copies from it.
 *
 * <p>Keeps per neighbour the newest copy (asynchronous methods) and the last two by step parity
 * (a synchronous agent still on step k may already hold its neighbour's step k + 1). A neighbour
 * that is absent (unreachable) or from which nothing is held is left out of the mix and its weight
 * w_ij moves onto w_ii, as the clipping step's W̃ does. Not thread-safe: one owner.
 */
public final class Inbox {
    private final int[] ids;
    private final double[] weights;
    private final double selfWeight;
    private final boolean synchronous;
    private final HeldCopy[] newest;
    private final HeldCopy[][] byParity;
    private final boolean[] present;
    /** Lockstep: the runtime's decision for the step in {@link #decidedAt}; otherwise late by the copy's own age. */
    private final boolean[] lockstepLate;
    private final long[] decidedAt;
    /** Between actors: what this agent measures of each link, and the clock it measures with; null in lockstep. */
    private final LinkEstimate[] links;
    private final java.util.function.LongSupplier clock;

    /**
     * @param ids         neighbour ids, in the order their copies are mixed
     * @param weights     w_ij per neighbour
     * @param synchronous read the copy of the receiver's own step (synchronous methods) instead of the newest
     */
    public Inbox(int[] ids, double[] weights, double selfWeight, boolean synchronous) {
        this(ids, weights, selfWeight, synchronous, null);
    }

    /**
     * An inbox whose links are classified from measured transit ({@link LinkEstimate}), for agents
     * that step on their own clocks.
     *
     * @param clock monotonic nanoseconds ({@code System::nanoTime}; a scripted clock in tests)
     */
    public static Inbox measured(int[] ids, double[] weights, double selfWeight, boolean synchronous,
                                 java.util.function.LongSupplier clock) {
        return new Inbox(ids, weights, selfWeight, synchronous, java.util.Objects.requireNonNull(clock, "clock"));
    }

    private Inbox(int[] ids, double[] weights, double selfWeight, boolean synchronous, java.util.function.LongSupplier clock) {
        if (ids.length != weights.length) {
            throw new IllegalArgumentException(ids.length + " neighbour ids but " + weights.length + " weights");
        }
        this.ids = ids.clone();
        this.weights = weights.clone();
        this.selfWeight = selfWeight;
        this.synchronous = synchronous;
        this.newest = new HeldCopy[ids.length];
        this.byParity = new HeldCopy[ids.length][2];
        this.present = new boolean[ids.length];
        java.util.Arrays.fill(present, true);
        this.lockstepLate = new boolean[ids.length];
        this.decidedAt = new long[ids.length];
        java.util.Arrays.fill(decidedAt, Long.MIN_VALUE);
        this.clock = clock;
        if (clock == null) {
            this.links = null;
        } else {
            this.links = new LinkEstimate[ids.length];
            for (int s = 0; s < ids.length; s++) {
                links[s] = new LinkEstimate();
            }
        }
    }

    /** What this agent measures of the link from the neighbour in {@code slot}; null in lockstep. */
    public LinkEstimate link(int slot) {
        return links == null ? null : links[slot];
    }

    /**
     * Whether the copy step {@code k} mixes from this neighbour is one step old or more: one end's
     * half of the lockstep rule {@code late_ij(k) = age_{j→i}(k) ≥ 1 or age_{i→j}(k) ≥ 1}.
     */
    public boolean oldAt(int slot, long k) {
        HeldCopy c = synchronous ? forStep(slot, k) : newest[slot];
        return c != null && age(k, c.sentStep()) >= 1;
    }

    /** The lockstep runtime's decision for the link in {@code slot} at step {@code k}, the same as the other end's. */
    public void setLockstepLate(int slot, long k, boolean late) {
        lockstepLate[slot] = late;
        decidedAt[slot] = k;
    }

    public int size() {
        return ids.length;
    }

    public int id(int slot) {
        return ids[slot];
    }

    public double weight(int slot) {
        return weights[slot];
    }

    /** The slot of neighbour {@code id}, or −1 if it is not a neighbour. */
    public int slotOf(int id) {
        for (int s = 0; s < ids.length; s++) {
            if (ids[s] == id) {
                return s;
            }
        }
        return -1;
    }

    /** Keeps {@code c} if it is newer than what is held from that neighbour; returns whether it was kept. */
    public boolean offer(int slot, HeldCopy c) {
        int p = (int) (c.sentStep() & 1);
        if (byParity[slot][p] == null || byParity[slot][p].sentStep() < c.sentStep()) {
            byParity[slot][p] = c;
        }
        if (newest[slot] == null || newest[slot].sentStep() < c.sentStep()) {
            newest[slot] = c;
            return true;
        }
        return false;
    }

    /** Forgets everything held from a neighbour (it restarted: its older steps replace its previous life). */
    public void forget(int slot) {
        newest[slot] = null;
        byParity[slot][0] = null;
        byParity[slot][1] = null;
    }

    /** Marks a neighbour reachable or not; an absent neighbour's weight goes onto the diagonal. */
    public void setPresent(int slot, boolean isPresent) {
        present[slot] = isPresent;
    }

    public boolean isPresent(int slot) {
        return present[slot];
    }

    /** The newest copy held from a neighbour, or null. */
    public HeldCopy newest(int slot) {
        return newest[slot];
    }

    /** What a step at {@code k} mixes: the copy it reads from each present neighbour, its age, and w_ii. */
    public record Held(List<NeighbourCopy> copies, double selfWeight) { }

    /** The copies a step at {@code k} mixes. */
    public Held copies(long k) {
        List<NeighbourCopy> out = new ArrayList<>(ids.length);
        double dropped = 0;
        long now = clock == null ? 0 : clock.getAsLong();
        for (int s = 0; s < ids.length; s++) {
            HeldCopy c = synchronous ? forStep(s, k) : newest[s];
            if (!present[s] || c == null) {
                dropped += weights[s];
                continue;
            }
            int age = age(k, c.sentStep());
            boolean late;
            int staleness;
            if (links == null) {
                late = decidedAt[s] == k ? lockstepLate[s] : age >= 1;
                staleness = age;
            } else {
                late = links[s].late();
                staleness = links[s].staleness(now, age, staleness(k, age, c.ackStep()));
            }
            out.add(new NeighbourCopy(ids[s], weights[s], c.params(), c.grad(), age, staleness, late));
        }
        return new Held(out, ClipWeights.selfWeightAfterDropping(selfWeight, dropped));
    }

    /**
     * How many steps the sender has moved since it sent a copy of this {@code age}, estimated from a
     * round trip when the copy carries an acknowledged step r (the newest step of the receiver's that
     * the sender held when it sent). With the sender's step counter d behind the receiver's and a
     * one-way transit of T steps, the copy sent at s arrives at k = s + d + T while r = s + d − T:
     *
     * <pre>
     *   staleness = clamp(⌊(k − r) / 2⌋, 0, age)      the skew d cancels, the transit T stays
     * </pre>
     *
     * Without an acknowledged step the staleness is the age. Agents on their own clocks use this only until
     * they have timed a round trip on the link; from then on {@link LinkEstimate} counts it in the sender's
     * steps, with the sender's hold time removed. Agents in lockstep (d = 0) take the age.
     */
    public static int staleness(long receiverStep, int age, long ackStep) {
        if (ackStep == HeldCopy.NO_ACK) {
            return age;
        }
        long half = Math.floorDiv(receiverStep - ackStep, 2);
        return (int) Math.max(0, Math.min(half, age));
    }

    /** Age in the receiver's steps; a copy from a neighbour ahead of the receiver is as fresh as can be. */
    public static int age(long receiverStep, long sentStep) {
        return (int) Math.min(Math.max(0, receiverStep - sentStep), Integer.MAX_VALUE);
    }

    /** Whether the copy a neighbour sent at exactly step {@code k} is held (what a synchronous step waits for). */
    public boolean holds(int slot, long k) {
        HeldCopy m = byParity[slot][(int) (k & 1)];
        return m != null && m.sentStep() == k;
    }

    /** The copy of step k if held, else the newest. */
    private HeldCopy forStep(int slot, long k) {
        HeldCopy m = byParity[slot][(int) (k & 1)];
        return m != null && m.sentStep() == k ? m : newest[slot];
    }

    /** The send step of the newest copy from a neighbour, or {@link Long#MIN_VALUE} when none is held. */
    public long newestStep(int slot) {
        return newest[slot] == null ? Long.MIN_VALUE : newest[slot].sentStep();
    }
}

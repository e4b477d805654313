package pcasgd.runtime.cluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import pcasgd.agent.LinkTraffic;

/**
 * One directed link's sending side, latest-wins with flow control: at most {@code bound} copies on
 * their way at once, each freed by the receiver's acknowledgement; a copy made while the link is full
 * becomes the link's one pending copy, and a newer one replaces it (the older is superseded, never
 * queued). When an acknowledgement frees the link, the pending copy — the newest made — goes at once.
 * A copy's age on a slow link is then its transfer time, however slow the link, and the sender never
 * waits. Pure bookkeeping on the times it is given; the actor does the sending. One owner.
 */
final class OutgoingLink {
    /** A copy on its way: its step, when it was handed over, and its size on the wire. */
    record InFlight(long step, long sentAt, long bytes) { }

    private final int bound;
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private ParamsMessage pending;
    private boolean open;
    final LinkCounters counters = new LinkCounters();
    private final LinkTraffic epoch;

    /**
     * @param bound copies on their way at once; {@link Integer#MAX_VALUE}: every copy goes (synchronous methods)
     * @param epoch the sending agent's per-epoch sums over all its links, counted into as well
     */
    OutgoingLink(int bound, LinkTraffic epoch) {
        if (bound < 1) {
            throw new IllegalArgumentException("a link needs room for at least one copy, got " + bound);
        }
        this.bound = bound;
        this.epoch = epoch;
    }

    /** The receiver's inlet is known (true) or gone (false); a new inlet starts with nothing on its way. */
    void open(boolean isOpen) {
        if (isOpen && !open) {
            inFlight.clear();
        }
        open = isOpen;
    }

    /** Nothing is on its way any more (the receiver restarted and lost what was): the pending copy may go. */
    void forgetInFlight() {
        inFlight.clear();
    }

    /**
     * A new copy for the link: returned when it may go now (the caller sends it and calls
     * {@link #transmitted}), else kept as the pending copy, replacing an older pending one.
     */
    ParamsMessage offer(ParamsMessage m, boolean produced) {
        if (produced) {
            counters.produced++;
            epoch.produced();
        }
        if (open && inFlight.size() < bound) {
            return m;
        }
        if (pending != null) {
            counters.superseded++;
            epoch.superseded();
        }
        pending = m;
        return null;
    }

    /** The pending copy when the link has room for it (taken off the link's hands), else null. */
    ParamsMessage next() {
        if (pending == null || !open || inFlight.size() >= bound) {
            return null;
        }
        ParamsMessage m = pending;
        pending = null;
        return m;
    }

    void transmitted(long step, long bytes, long now) {
        inFlight.add(new InFlight(step, now, bytes));
        counters.sent(now);
    }

    /** The receiver acknowledged the copy of {@code step}; false when that copy is not known to be on its way. */
    boolean delivered(long step, long now) {
        for (var it = inFlight.iterator(); it.hasNext(); ) {
            InFlight f = it.next();
            if (f.step() == step) {
                it.remove();
                counters.delivered(f.bytes(), f.sentAt(), now);
                epoch.delivered(f.bytes(), now - f.sentAt());
                return true;
            }
        }
        return false;
    }

    /** Copies handed over longer ago than {@code timeoutNanos} without acknowledgement: counted lost, their places freed. */
    List<InFlight> expire(long now, long timeoutNanos) {
        List<InFlight> lost = new ArrayList<>(0);
        while (!inFlight.isEmpty() && now - inFlight.peek().sentAt() > timeoutNanos) {
            lost.add(inFlight.poll());
            counters.lost++;
        }
        return lost;
    }

    /** For a log line: open or not, the steps of the copies on their way, the pending copy's step. */
    String describe() {
        return (open ? "open" : "closed") + ", in flight " + inFlight.stream().map(InFlight::step).toList()
                + (pending == null ? "" : ", pending step " + pending.step());
    }

    int inFlight() {
        return inFlight.size();
    }

    boolean hasPending() {
        return pending != null;
    }
}

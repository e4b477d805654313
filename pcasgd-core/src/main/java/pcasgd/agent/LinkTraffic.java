package pcasgd.agent;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What an agent's outgoing links carried in the current epoch, summed over its neighbours: copies
 * made for a link, superseded by a newer one before the link was free, delivered (acknowledged),
 * their bytes and their time in flight. A runtime with real links counts into it from its transport
 * thread; the agent drains it into its epoch report. The simulator has no links to count: its
 * totals stay zero and the metrics built on them read as not measured. Thread-safe.
 */
public final class LinkTraffic {
    /** One epoch's sums. */
    public record Totals(long produced, long superseded, long delivered, long bytes, long inFlightNanos) {
        public static final Totals NONE = new Totals(0, 0, 0, 0, 0);
    }

    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong superseded = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong inFlightNanos = new AtomicLong();

    public void produced() {
        produced.incrementAndGet();
    }

    public void superseded() {
        superseded.incrementAndGet();
    }

    public void delivered(long messageBytes, long nanosInFlight) {
        delivered.incrementAndGet();
        bytes.addAndGet(messageBytes);
        inFlightNanos.addAndGet(nanosInFlight);
    }

    /** The sums since the last drain, and a fresh start. */
    Totals drain() {
        return new Totals(produced.getAndSet(0), superseded.getAndSet(0), delivered.getAndSet(0), bytes.getAndSet(0),
                inFlightNanos.getAndSet(0));
    }
}

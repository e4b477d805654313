package pcasgd.api;

import java.util.HashMap;
import java.util.Map;

/**
 * Injected network delay of the {@code local} runtime, in milliseconds per directed link. Real
 * clusters have real latency, so this only shapes one-JVM experiments: a constant base for every
 * link plus optional overrides for chosen links (a slow cable, a far-away rack).
 */
public final class LinkLatency {
    /** No injected delay on any link: messages are handed over as soon as they are sent (the default). */
    public static final LinkLatency NONE = new LinkLatency(0, Map.of());

    private final long baseMillis;
    private final Map<Long, Long> overrides;

    private LinkLatency(long baseMillis, Map<Long, Long> overrides) {
        if (baseMillis < 0) {
            throw new IllegalArgumentException("link delay must be >= 0 ms, got " + baseMillis);
        }
        this.baseMillis = baseMillis;
        this.overrides = Map.copyOf(overrides);
    }

    /**
     * The same delay on every directed link.
     *
     * @param millis the delay in milliseconds, at least 0
     * @return the latency, without overrides
     * @throws IllegalArgumentException if {@code millis} is negative
     */
    public static LinkLatency constant(long millis) {
        return new LinkLatency(millis, Map.of());
    }

    /**
     * The same latency with link {@code from → to} (one direction) set to {@code millis}.
     *
     * @param from   the sending agent's id
     * @param to     the receiving agent's id
     * @param millis the delay in milliseconds, at least 0
     * @return a copy with that override; this one is unchanged
     * @throws IllegalArgumentException if {@code millis} is negative
     */
    public LinkLatency withLink(int from, int to, long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("link delay must be >= 0 ms, got " + millis);
        }
        Map<Long, Long> m = new HashMap<>(overrides);
        m.put(key(from, to), millis);
        return new LinkLatency(baseMillis, m);
    }

    /**
     * The delay of one message on link {@code from → to}: its override, or else the base delay.
     *
     * @param from the sending agent's id
     * @param to   the receiving agent's id
     * @return the delay in milliseconds, at least 0
     */
    public long millis(int from, int to) {
        return overrides.getOrDefault(key(from, to), baseMillis);
    }

    /**
     * Whether no link is delayed: the base delay and every override are 0.
     *
     * @return whether no delay is injected
     */
    public boolean isZero() {
        return baseMillis == 0 && overrides.values().stream().allMatch(v -> v == 0);
    }

    /**
     * One phrase for logs: "no injected delay", or the base delay and how many links are overridden.
     *
     * @return the description
     */
    public String describe() {
        return isZero() ? "no injected delay" : baseMillis + " ms per link" + (overrides.isEmpty() ? "" : ", " + overrides.size() + " overridden");
    }

    private static long key(int from, int to) {
        return ((long) from << 32) | (to & 0xffffffffL);
    }
}

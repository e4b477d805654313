package pcasgd.api;

import java.util.HashMap;
import java.util.Map;

/**
 * Injected network delay of the {@code local} runtime, in milliseconds per directed link. Real
 * clusters have real latency, so this only shapes one-JVM experiments: a constant base for every
 * link plus optional overrides for chosen links (a slow cable, a far-away rack).
 */
public final class LinkLatency {
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

    public static LinkLatency constant(long millis) {
        return new LinkLatency(millis, Map.of());
    }

    /** The same latency with link {@code from → to} (one direction) set to {@code millis}. */
    public LinkLatency withLink(int from, int to, long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("link delay must be >= 0 ms, got " + millis);
        }
        Map<Long, Long> m = new HashMap<>(overrides);
        m.put(key(from, to), millis);
        return new LinkLatency(baseMillis, m);
    }

    public long millis(int from, int to) {
        return overrides.getOrDefault(key(from, to), baseMillis);
    }

    public boolean isZero() {
        return baseMillis == 0 && overrides.values().stream().allMatch(v -> v == 0);
    }

    public String describe() {
        return isZero() ? "no injected delay" : baseMillis + " ms per link" + (overrides.isEmpty() ? "" : ", " + overrides.size() + " overridden");
    }

    private static long key(int from, int to) {
        return ((long) from << 32) | (to & 0xffffffffL);
    }
}

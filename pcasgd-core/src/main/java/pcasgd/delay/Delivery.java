package pcasgd.delay;

import java.util.Locale;

/**
 * How a slow link delivers. {@link #LAG}: every message arrives, τ steps after it was sent, so the
 * held copy is always τ old. {@link #PERIODIC}: the link delivers once every τ steps (at multiples
 * of τ), carrying the message of that step, so the held copy ages 0, 1, …, τ − 1 and starts over.
 */
public enum Delivery {
    LAG, PERIODIC;

    public static Delivery parse(String s) {
        for (Delivery d : values()) {
            if (d.name().equalsIgnoreCase(s.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown delivery '" + s + "'; valid: lag, periodic");
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}

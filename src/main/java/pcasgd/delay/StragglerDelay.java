package pcasgd.delay;

import java.util.Set;
import java.util.TreeSet;

/**
 * Straggler agents k times slower than the rest. A straggler publishes once per k of the others'
 * steps, so even on a fast link its copy is k − 1 steps old, and a link delay d (in its own
 * steps) stretches to d·k: messages from a straggler take base·k + (k − 1) steps.
 */
public final class StragglerDelay implements DelayModel {
    private final DelayModel base;
    private final Set<Integer> stragglers;
    private final int factor;

    public StragglerDelay(DelayModel base, Set<Integer> stragglers, int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("straggler factor must be >= 1, got " + factor);
        }
        for (Integer s : stragglers) {
            if (s == null || s < 0) {
                throw new IllegalArgumentException("straggler id must be >= 0, got " + s);
            }
        }
        this.base = base;
        this.stragglers = Set.copyOf(stragglers);
        this.factor = factor;
        // Fail now rather than mid-run if the stretched bound overflows an int.
        stretch(base.maxDelay());
    }

    private int stretch(int d) {
        return Math.addExact(Math.multiplyExact(d, factor), factor - 1);
    }

    @Override
    public int delay(int from, int to, long step) {
        int d = base.delay(from, to, step);
        return from != to && stragglers.contains(from) ? stretch(d) : d;
    }

    @Override
    public int maxDelay() {
        return stragglers.isEmpty() ? base.maxDelay() : stretch(base.maxDelay());
    }

    public Set<Integer> stragglers() {
        return stragglers;
    }

    public int factor() {
        return factor;
    }

    public DelayModel base() {
        return base;
    }

    @Override
    public String describe() {
        return base.describe() + "; stragglers " + new TreeSet<>(stragglers) + " " + factor + "x slower";
    }

    @Override
    public String toString() {
        return describe();
    }
}

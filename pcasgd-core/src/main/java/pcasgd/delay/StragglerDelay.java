package pcasgd.delay;

import java.util.Set;
import java.util.TreeSet;

/**
 * Straggler agents k times slower than the rest: they take one step per k steps of the others
 * ({@link #computeFactor}), so they send k times less often and their neighbours' copies of them
 * age between their messages; links keep the base model's delays. The simulator steps such an
 * agent once every k of its ticks; the actor runtimes slow its worker down by k.
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
    }

    @Override
    public int delay(int from, int to, long step) {
        return base.delay(from, to, step);
    }

    @Override
    public int maxDelay() {
        return base.maxDelay();
    }

    @Override
    public int computeFactor(int agent) {
        return stragglers.contains(agent) ? factor : 1;
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
        return base.describe() + "; stragglers " + new TreeSet<>(stragglers) + " compute " + factor + "x slower";
    }

    @Override
    public String toString() {
        return describe();
    }
}

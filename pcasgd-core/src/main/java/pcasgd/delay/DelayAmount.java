package pcasgd.delay;

/** How late a late message is, in steps: a fixed τ, or uniform in [min, max] per message. */
public final class DelayAmount {
    private final int min;
    private final int max;

    private DelayAmount(int min, int max) {
        this.min = min;
        this.max = max;
    }

    public static DelayAmount fixed(int tau) {
        if (tau < 0) {
            throw new IllegalArgumentException("delay tau must be >= 0, got " + tau);
        }
        return new DelayAmount(tau, tau);
    }

    public static DelayAmount uniform(int min, int max) {
        if (min < 0) {
            throw new IllegalArgumentException("uniform delay min must be >= 0, got " + min);
        }
        if (min > max) {
            throw new IllegalArgumentException("uniform delay needs min <= max, got min=" + min + ", max=" + max);
        }
        return new DelayAmount(min, max);
    }

    public int min() {
        return min;
    }

    public int max() {
        return max;
    }

    public boolean isFixed() {
        return min == max;
    }

    /** The amount for one message, given that message's hash. */
    int draw(long hash) {
        return isFixed() ? min : SplitMix.uniformInt(hash, min, max);
    }

    public String describe() {
        return isFixed() ? "tau=" + min : "uniform[" + min + ", " + max + "]";
    }

    @Override
    public String toString() {
        return describe();
    }
}

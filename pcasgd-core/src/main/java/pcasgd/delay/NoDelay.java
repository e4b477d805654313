package pcasgd.delay;

/** The synchronous case: every message arrives in the step it was sent. */
final class NoDelay implements DelayModel {
    static final NoDelay INSTANCE = new NoDelay();

    private NoDelay() {
    }

    @Override
    public int delay(int from, int to, long step) {
        return 0;
    }

    @Override
    public int maxDelay() {
        return 0;
    }

    @Override
    public String describe() {
        return "no delay";
    }

    @Override
    public String toString() {
        return describe();
    }
}

package pcasgd.algorithm;

/** For the first E_w epochs, plain consensus SGD on whatever copies are held; then the inner policy. */
final class Warmup implements StalenessPolicy {
    private final int epochs;
    private final StalenessPolicy inner;
    private final KeepStale plain = new KeepStale();

    Warmup(int epochs, StalenessPolicy inner) {
        this.epochs = epochs;
        this.inner = inner;
    }

    @Override
    public void combine(StepContext c, AgentState s, float[] velocity, float[] out) {
        (c.epoch() < epochs ? plain : inner).combine(c, s, velocity, out);
    }
}

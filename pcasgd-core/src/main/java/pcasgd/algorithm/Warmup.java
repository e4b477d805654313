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

    private StalenessPolicy active(StepContext c) {
        return c.epoch() < epochs ? plain : inner;
    }

    @Override
    public void prepare(StepContext c, AgentState s) {
        active(c).prepare(c, s);
    }

    @Override
    public void combine(StepContext c, AgentState s, float[] velocity, int lo, int hi, float[] out) {
        active(c).combine(c, s, velocity, lo, hi, out);
    }

    @Override
    public void finish(StepContext c, AgentState s, float[] out) {
        active(c).finish(c, s, out);
    }

    @Override
    public boolean usesNeighbourGradients() {
        return inner.usesNeighbourGradients();
    }
}

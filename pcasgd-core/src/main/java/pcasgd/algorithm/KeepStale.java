package pcasgd.algorithm;

/**
 * Uses every held copy as it is. With on-time copies only this is synchronous DSGD/CDMSGD; with
 * late ones it is stale asynchronous DSGD (no compensation); with no neighbours, plain SGD.
 */
final class KeepStale implements StalenessPolicy {
    @Override
    public void combine(StepContext c, AgentState s, float[] velocity, int lo, int hi, float[] out) {
        Mixing.mixHeld(c, velocity, lo, hi, out);
    }
}

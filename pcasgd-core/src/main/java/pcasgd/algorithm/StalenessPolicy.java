package pcasgd.algorithm;

/**
 * The one piece in which the methods differ: how the consensus mix treats neighbour copies that
 * are late. Writes {@code out = mix(x_i, copies) + v_i}, where v_i is this step's heavy-ball
 * velocity already computed by {@link ConsensusSgd}.
 *
 * <p>A step is {@link #prepare}, then {@link #combine} for consecutive blocks {@code [lo, hi)}
 * covering the vector in order, then {@link #finish}. The {@link Kernel#FUSED} kernel calls
 * {@code combine} per cache-sized block right after that block's momentum; the
 * {@link Kernel#REFERENCE} kernel calls it once for the whole vector. Each element sees the same
 * float operations in the same order either way.
 *
 * <p>What a policy measures about its steps it adds to the agent's {@link Tallies}
 * ({@code s.tallies()}) under {@link Counter}s it declares as public constants (e.g.
 * {@link Predict#TRUST}); a metric reads them by the same constant, and the runtime drains them once
 * per epoch.
 */
interface StalenessPolicy {
    /** Once per step, before any block: per-step bookkeeping into the agent's state. */
    default void prepare(StepContext c, AgentState s) { }

    /**
     * Writes elements {@code [lo, hi)} of the result into {@code out}; reads {@code velocity[lo, hi)},
     * which is final for this step. (Every array in a loop is indexed by the same {@code d}: the JIT
     * only vectorises loops whose arrays share one index expression.)
     */
    void combine(StepContext c, AgentState s, float[] velocity, int lo, int hi, float[] out);

    /** Once per step, after all blocks, with the full output (e.g. choices that need whole segments). */
    default void finish(StepContext c, AgentState s, float[] out) { }

    /** Whether the policy reads neighbour gradients ĝ_j (so runtimes must send them). */
    default boolean usesNeighbourGradients() {
        return false;
    }
}

package pcasgd.runtime.cluster;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import pcasgd.runtime.SimulationSpec;

/**
 * The CPU budget of one process's agents: at most {@code workers} of them compute (gradient or
 * update) at a time, as the simulator computes its agents on {@code workers} threads. Without it,
 * every agent thread of a process runs at once and the OS time-slices them: with 8 agents on 2
 * cores each step is interleaved with 3 others' (more cache misses, more replicas' activations in
 * memory) and the scheduler lets some agents run ahead of others, so copies grow stale. A waiting
 * agent is served first come, first served, so agents take turns and none falls behind.
 *
 * <p>Sleeping (a slow agent's extra time, the compute pad) happens outside a slot: it stands in
 * for hardware of the agent's own, not for this process's cores.
 */
final class ComputeSlots {
    // One budget per spec: the agents one runtime call builds in this process all share its spec object.
    private static final Map<SimulationSpec, ComputeSlots> BY_SPEC = Collections.synchronizedMap(new WeakHashMap<>());

    private final Semaphore permits;
    private final int slots;

    ComputeSlots(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("compute slots must be >= 1, got " + slots);
        }
        this.slots = slots;
        this.permits = new Semaphore(slots, true);
    }

    /** Overrides the number of slots per process (benchmarks compare with every agent computing at once). */
    public static final String PROPERTY = "pcasgd.agentSlots";

    /** The slots shared by every agent of {@code spec} in this process: {@code spec.workers()} of them. */
    static ComputeSlots of(SimulationSpec spec) {
        return BY_SPEC.computeIfAbsent(spec, s -> new ComputeSlots(Integer.getInteger(PROPERTY, s.workers())));
    }

    int slots() {
        return slots;
    }

    /** Runs {@code body} holding a slot. */
    <T> T run(Supplier<T> body) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a compute slot", e);
        }
        try {
            return body.get();
        } finally {
            permits.release();
        }
    }
}

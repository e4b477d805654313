package pcasgd.runtime.cluster;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import pcasgd.agent.Agent;
import pcasgd.agent.AgentListener;
import pcasgd.agent.Inbox;
import pcasgd.metrics.AgentReport;
import pcasgd.runtime.WireEncoding;

/**
 * An {@link Agent} on a thread of its own, so gradients and updates never block Pekko's dispatchers;
 * the actor sees results through futures. Computing takes one of the process's {@link ComputeSlots}
 * (the same CPU budget as the simulator's workers). Adds only pacing: a slow agent (factor f) takes
 * f times as long per gradient, and an optional pad emulates a heavier model.
 */
final class AgentThread implements AutoCloseable {
    /** g_i at x_i^k; {@code sendParams/sendGrad} are private copies when this step sends (grad null if not needed). */
    record Gradient(long step, float loss, float[] sendParams, float[] sendGrad) { }

    /** x_i^{k+1} has been written; {@code report} is non-null at the end of an epoch. */
    record Stepped(long step, AgentReport report) { }

    /** x_i^step, a private copy taken between steps. */
    record Snapshot(long step, float[] params) { }

    private final Agent agent;
    /** Sent copies are rounded as the wire rounds them, so a one-JVM run sees what a cluster run sees. */
    private final WireEncoding encoding;
    private final double slowFactor;
    private final long padMillis;
    private final int stepsPerEpoch;
    private final List<AgentListener> listeners;
    private final ComputeSlots slots;
    private final ExecutorService thread;

    AgentThread(Agent agent, double slowFactor, long padMillis, int stepsPerEpoch, List<AgentListener> listeners,
                WireEncoding encoding, ComputeSlots slots) {
        this.agent = agent;
        this.encoding = encoding;
        this.slots = slots;
        this.slowFactor = slowFactor;
        this.padMillis = padMillis;
        this.stepsPerEpoch = stepsPerEpoch;
        this.listeners = List.copyOf(listeners);
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pcasgd-agent-" + agent.id());
            t.setDaemon(true);
            return t;
        });
    }

    CompletableFuture<Gradient> gradient(boolean copyForSending) {
        return CompletableFuture.supplyAsync(() -> {
            long k = agent.step();
            long[] computeNanos = new long[1];
            float loss = slots.run(() -> {
                long t0 = System.nanoTime();
                float l = agent.computeGradient();
                computeNanos[0] = System.nanoTime() - t0;
                return l;
            });
            // the pad stands in for compute, so a slow agent is slow on it too: total = factor · (compute + pad)
            long extraNanos = (long) ((slowFactor - 1) * computeNanos[0] + slowFactor * padMillis * 1_000_000L);
            sleepNanos(extraNanos);
            float[] x = copyForSending ? encoding.rounded(agent.params()) : null;
            float[] g = copyForSending && agent.sendsGradients() ? encoding.rounded(agent.gradientAt(k)) : null;
            return new Gradient(k, loss, x, g);
        }, thread);
    }

    CompletableFuture<Stepped> update(Inbox.Held held) {
        return CompletableFuture.supplyAsync(() -> {
            slots.run(() -> {
                agent.update(held, null);
                return null;
            });
            for (AgentListener l : listeners) {
                l.afterStep(agent);
            }
            long step = agent.step();
            return new Stepped(step, step % stepsPerEpoch == 0 ? agent.report() : null);
        }, thread);
    }

    /** A neighbour restarted: its prediction state starts over before the agent's next update (thread-safe). */
    void forgetNeighbour(int id) {
        agent.forgetNeighbour(id);
    }

        /** What the agent's outgoing links carry, counted by the actor's transport (thread-safe). */
    pcasgd.agent.LinkTraffic traffic() {
        return agent.traffic();
    }

        CompletableFuture<Snapshot> snapshot() {
        return CompletableFuture.supplyAsync(() -> new Snapshot(agent.step(), agent.params().clone()), thread);
    }

    private static void sleepNanos(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}

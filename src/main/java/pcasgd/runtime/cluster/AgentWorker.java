package pcasgd.runtime.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import pcasgd.algorithm.AgentState;
import pcasgd.algorithm.CandidateEvaluator;
import pcasgd.algorithm.ChoiceStats;
import pcasgd.algorithm.NeighbourCopy;
import pcasgd.algorithm.StepContext;
import pcasgd.algorithm.UpdateRule;
import pcasgd.data.Batch;
import pcasgd.data.Dataset;
import pcasgd.engine.GradientOracle;
import pcasgd.runtime.BatchSource;
import pcasgd.runtime.CandidateLosses;
import pcasgd.runtime.TrainingDivergedException;

/**
 * The heavy half of an agent, on its own thread so gradients and updates never block Pekko's
 * dispatchers: draws batches, computes g_i(x_i^k), applies the shared {@link UpdateRule}, writes
 * checkpoints and epoch reports. Every field is touched only by that one thread; the actor sees
 * results through futures. Own parameters live in a ring of {@code historyDepth + 2} slots (slot
 * k holds x_i^k), so x_i^{k+1} is written without a copy and x_i^{k−τ} is at hand for predicting.
 */
final class AgentWorker implements AutoCloseable {
    /** g_i at x_i^k; {@code sendParams/sendGrad} are fresh copies when this step is a sending step. */
    record Gradient(long step, float loss, float[] sendParams, float[] sendGrad) { }

    /** x_i^{k+1} has been written; {@code report} is non-null at the end of an epoch. */
    record Stepped(long step, EpochReport report) { }

    private final int id;
    private final String runId;
    private final GradientOracle oracle;
    private final UpdateRule rule;
    private final BatchSource source;
    private final Batch batch;
    private final AgentState state;
    private final int[] bounds;
    private final float[][] ring;
    private final float[] grad;
    /** null unless the rule evaluates candidates (the loss condition). */
    private final CandidateLosses candidateLosses;
    private final int stepsPerEpoch;
    private final double slowFactor;
    private final long padMillis;
    private final Path checkpointDir;
    private final int checkpointEvery;
    private final long totalSteps;
    private final ExecutorService thread;
    private long step;
    private double lossSum;
    private int lossCount;
    private long late;
    private long copies;

    AgentWorker(int id, String runId, GradientOracle oracle, UpdateRule rule, BatchSource source, Dataset like,
                int batchSize, CandidateLosses candidateLosses, int stepsPerEpoch, long totalSteps, ClusterSettings settings,
                long startStep, float[] params, float[] velocity) {
        this.id = id;
        this.runId = runId;
        this.oracle = oracle;
        this.rule = rule;
        this.source = source;
        this.batch = Batch.allocate(like, batchSize);
        this.bounds = oracle.layout().bounds();
        this.state = rule.init(params.length, bounds.length - 1);
        if (velocity != null) {
            System.arraycopy(velocity, 0, state.velocity(), 0, velocity.length);
        }
        this.ring = new float[settings.historyDepth() + 2][];
        for (int s = 0; s < ring.length; s++) {
            ring[s] = params.clone(); // history before the start is the start itself
        }
        this.grad = new float[params.length];
        this.candidateLosses = candidateLosses;
        this.stepsPerEpoch = stepsPerEpoch;
        this.totalSteps = totalSteps;
        this.slowFactor = settings.slowFactor(id);
        this.padMillis = settings.computePadMillis();
        this.checkpointDir = settings.checkpointDir();
        this.checkpointEvery = settings.checkpointEvery();
        this.step = startStep;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pcasgd-agent-" + id);
            t.setDaemon(true);
            return t;
        });
    }

    /** Computes g_i(x_i^k) on the worker thread, stretched by the agent's slow factor and pad. */
    CompletableFuture<Gradient> gradient(boolean copyForSending) {
        return CompletableFuture.supplyAsync(() -> {
            long k = step;
            long t0 = System.nanoTime();
            float[] x = params(k);
            source.next(batch);
            float loss = oracle.lossAndGradient(x, batch, grad);
            if (!Float.isFinite(loss)) {
                throw new TrainingDivergedException(k, id, loss);
            }
            lossSum += loss;
            lossCount++;
            // the pad stands in for compute, so a slow agent is slow on it too: total = factor · (compute + pad)
            long extraNanos = (long) ((slowFactor - 1) * (System.nanoTime() - t0) + slowFactor * padMillis * 1_000_000L);
            sleepNanos(extraNanos);
            return new Gradient(k, loss, copyForSending ? x.clone() : null, copyForSending ? grad.clone() : null);
        }, thread);
    }

    /** Applies the rule to produce x_i^{k+1}; {@code lateCount} of {@code copies} were late. */
    CompletableFuture<Stepped> update(List<NeighbourCopy> neighbours, double selfWeight, int lateCount) {
        return CompletableFuture.supplyAsync(() -> {
            long k = step;
            int epoch = (int) (k / stepsPerEpoch);
            CandidateEvaluator evaluator = candidateLosses == null ? null : candidateLosses.on(batch);
            int maxBack = ring.length - 2; // slot k+1 is being written and must not be read
            StepContext c = new StepContext(id, k, epoch, params(k), grad, selfWeight, neighbours,
                    age -> params(k - Math.min(Math.max(age, 0), maxBack)), bounds, evaluator);
            rule.step(c, state, params(k + 1));
            late += lateCount;
            copies += neighbours.size();
            step = k + 1;
            if (checkpointDir != null && (step == totalSteps || checkpointEvery > 0 && step % checkpointEvery == 0)) {
                writeCheckpoint();
            }
            return new Stepped(step, step % stepsPerEpoch == 0 ? drainReport() : null);
        }, thread);
    }

    /** x_i^k for a step within the kept history (a copy is not made: read-only for callers). */
    private float[] params(long k) {
        return ring[(int) Math.floorMod(k, (long) ring.length)];
    }

    /** x_i^step and its step, copied on the worker thread (between a gradient and an update, never inside one). */
    record Snapshot(long step, float[] params) { }

    CompletableFuture<Snapshot> stepSnapshot() {
        return CompletableFuture.supplyAsync(() -> new Snapshot(step, params(step).clone()), thread);
    }

    /** A copy of the current parameters, computed on the worker thread. */
    CompletableFuture<float[]> snapshot() {
        return CompletableFuture.supplyAsync(() -> params(step).clone(), thread);
    }

    private void writeCheckpoint() {
        try {
            new Checkpoint(runId, id, step, params(step), state.velocity()).write(checkpointDir);
        } catch (IOException e) {
            throw new UncheckedIOException("agent " + id + " could not write its checkpoint to " + checkpointDir, e);
        }
    }

    private EpochReport drainReport() {
        ChoiceStats st = state.drainStats();
        EpochReport r = new EpochReport(runId, id, (int) (step / stepsPerEpoch), step, lossSum, lossCount, late, copies,
                st.predictedPerSegment(), st.decidedPerSegment(), st.correctionRatio(), params(step).clone());
        lossSum = 0;
        lossCount = 0;
        late = 0;
        copies = 0;
        return r;
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

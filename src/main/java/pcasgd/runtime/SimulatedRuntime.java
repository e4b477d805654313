package pcasgd.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import pcasgd.algorithm.AgentState;
import pcasgd.algorithm.CandidateEvaluator;
import pcasgd.algorithm.ChoiceStats;
import pcasgd.algorithm.NeighbourCopy;
import pcasgd.algorithm.StepContext;
import pcasgd.data.Batch;
import pcasgd.delay.OnTimeGraph;
import pcasgd.engine.GradientOracle;

/**
 * One JVM, a virtual clock in steps, and agents that all take step k before any takes step k+1.
 * Each step has three phases: every agent computes its gradient at x_i^k (in parallel), the
 * {@link MessageSchedule} sends and delivers messages (sequentially), every agent applies its update
 * rule (in parallel). Agents only write their own buffers, and the schedule is a function of the
 * seeded delay model, so the same spec gives bit-identical results whatever the thread count.
 */
public final class SimulatedRuntime implements AutoCloseable {
    private final SimulationSpec spec;
    private final List<TrainingListener> listeners;
    private final ExecutorService pool;
    private final int n;
    private final int maxDelay;
    private final ParameterRing[] rings;
    private final AgentState[] states;
    private final Batch[] batches;
    private final CandidateLosses[] candidateLosses;
    private final float[] losses;
    private final float[] initial;
    private final float[] zeroGrad;
    private final int[] bounds;
    private final MessageSchedule schedule;

    public SimulatedRuntime(SimulationSpec spec, List<TrainingListener> listeners) {
        this.spec = spec;
        this.listeners = List.copyOf(listeners);
        this.n = spec.agents();
        this.maxDelay = spec.waitForNeighbours() ? 0 : spec.delays().maxDelay();
        GradientOracle oracle = spec.oracle();
        this.initial = oracle.initialParameters(spec.initSeed());
        this.zeroGrad = new float[initial.length];
        this.bounds = oracle.layout().bounds();
        this.rings = new ParameterRing[n];
        this.states = new AgentState[n];
        this.batches = new Batch[n];
        this.candidateLosses = new CandidateLosses[n];
        this.losses = new float[n];
        for (int i = 0; i < n; i++) {
            rings[i] = new ParameterRing(initial, maxDelay);
            states[i] = spec.rule().init(initial.length, bounds.length - 1);
            batches[i] = Batch.allocate(spec.trainSet(), spec.batchSize());
            candidateLosses[i] = new CandidateLosses(oracle, spec.candidateExamples());
        }
        this.schedule = new MessageSchedule(spec.graph(), spec.delays(), spec.waitForNeighbours());
        this.pool = Executors.newFixedThreadPool(Math.min(spec.workers(), n), r -> {
            Thread t = new Thread(r, "pcasgd-agent");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs all epochs; returns every epoch's metrics. */
    public List<EpochMetrics> run() {
        RunInfo info = new RunInfo(spec.method(), n, initial.length, spec.stepsPerEpoch(), spec.epochs(),
                spec.mixing().secondLargestEigenvalueModulus(), spec.graph().describe(), spec.delays().describe());
        listeners.forEach(l -> l.onStart(info));
        if (!spec.waitForNeighbours()) {
            OnTimeGraph.clippingWarning(spec.graph(), spec.delays(), 0)
                    .ifPresent(w -> listeners.forEach(l -> l.onWarning(w)));
        }
        try {
            return runEpochs();
        } finally {
            // also when a run stops early (divergence), so progress bars and the like are closed
            listeners.forEach(TrainingListener::onFinish);
        }
    }

    private List<EpochMetrics> runEpochs() {
        List<EpochMetrics> all = new ArrayList<>();
        long total = (long) spec.epochs() * spec.stepsPerEpoch();
        double simulatedTime = 0;
        for (int epoch = 0; epoch < spec.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            double lossSum = 0;
            long lateCopies = 0;
            long copies = 0;
            for (int t = 0; t < spec.stepsPerEpoch(); t++) {
                long k = (long) epoch * spec.stepsPerEpoch() + t;
                computeGradients(k);
                for (int i = 0; i < n; i++) {
                    lossSum += losses[i];
                }
                int longest = schedule.advance(k);
                simulatedTime += spec.waitForNeighbours() ? 1 + longest : 1;
                int e = epoch;
                forEachAgent(i -> update(i, k, e));
                for (int i = 0; i < n; i++) {
                    for (int nb = 0; nb < spec.graph().degree(i); nb++) {
                        copies++;
                        if (schedule.heldStep(i, nb) != k) {
                            lateCopies++;
                        }
                    }
                }
                long done = k + 1;
                listeners.forEach(l -> l.onStep(done, total));
            }
            long lastStep = (long) (epoch + 1) * spec.stepsPerEpoch();
            EpochMetrics m = measure(epoch + 1, lastStep, lossSum / ((double) n * spec.stepsPerEpoch()),
                    copies == 0 ? 0 : (double) lateCopies / copies, (System.nanoTime() - epochStart) / 1e9,
                    simulatedTime);
            all.add(m);
            listeners.forEach(l -> l.onEpoch(m));
        }
        return all;
    }

    /** Current parameters of every agent (after the last completed step). */
    public List<float[]> agentParameters(long step) {
        List<float[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(rings[i].params(step));
        }
        return out;
    }

    private void computeGradients(long k) {
        forEachAgent(i -> {
            spec.sources().get(i).next(batches[i]);
            float loss = spec.oracle().lossAndGradient(rings[i].params(k), batches[i], rings[i].grad(k));
            if (!Float.isFinite(loss)) {
                throw new TrainingDivergedException(k, i, loss);
            }
            losses[i] = loss;
        });
    }

    private void update(int i, long k, int epoch) {
        int[] nb = spec.graph().neighbours(i);
        List<NeighbourCopy> copies = new ArrayList<>(nb.length);
        for (int s = 0; s < nb.length; s++) {
            int j = nb[s];
            long sent = schedule.heldStep(i, s);
            boolean initialCopy = sent == MessageSchedule.INITIAL;
            float[] x = initialCopy ? initial : rings[j].params(sent);
            float[] g = initialCopy ? zeroGrad : rings[j].grad(sent);
            copies.add(new NeighbourCopy(j, spec.mixing().weight(i, j), x, g, (int) (k - sent)));
        }
        ParameterRing ring = rings[i];
        long oldest = Math.max(0, k - maxDelay);
        CandidateEvaluator evaluator = spec.needsCandidateEvaluator() ? candidateLosses[i].on(batches[i]) : null;
        StepContext c = new StepContext(i, k, epoch, ring.params(k), ring.grad(k), spec.mixing().selfWeight(i),
                copies, age -> ring.params(Math.max(oldest, k - age)), bounds, evaluator);
        spec.rule().step(c, states[i], ring.params(k + 1));
    }

    private EpochMetrics measure(int epoch, long step, double trainLoss, double lateFraction, double wall,
                                 double simulatedTime) {
        List<float[]> params = agentParameters(step);
        float[] mean = Consensus.average(params);
        GradientOracle.Evaluation avg = spec.oracle().evaluate(mean, spec.testSet());
        double[] agentAcc = new double[spec.evaluateAgents() ? n : 0];
        if (spec.evaluateAgents()) {
            forEachAgent(i -> agentAcc[i] = spec.oracle().evaluate(params.get(i), spec.testSet()).accuracy());
        }
        List<ChoiceStats> stats = new ArrayList<>(n);
        for (AgentState s : states) {
            stats.add(s.drainStats());
        }
        ChoiceStats merged = ChoiceStats.merge(stats);
        return new EpochMetrics(epoch, step, trainLoss, avg.loss(), avg.accuracy(), agentAcc,
                Consensus.distance(params, mean), merged.predictFraction(), merged.predictFractionPerSegment(),
                merged.correctionRatio(), lateFraction, wall, simulatedTime);
    }

    private void forEachAgent(IntConsumer work) {
        List<Callable<Void>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int agent = i;
            tasks.add(() -> {
                work.accept(agent);
                return null;
            });
        }
        try {
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("simulation interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}

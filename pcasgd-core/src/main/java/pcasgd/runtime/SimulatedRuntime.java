package pcasgd.runtime;

import pcasgd.metrics.RunInfo;
import pcasgd.metrics.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import pcasgd.agent.Agent;
import pcasgd.agent.HeldCopy;
import pcasgd.agent.Inbox;
import pcasgd.algorithm.NeighbourTruth;
import pcasgd.delay.OnTimeGraph;
import pcasgd.metrics.AgentReport;
import pcasgd.metrics.EpochAggregation;
import pcasgd.metrics.EpochMetrics;
import pcasgd.topology.Graph;
import pcasgd.topology.MixingMatrix;

/**
 * One JVM and a virtual clock in steps; the simulator owns only the clock and the message
 * schedule, every agent's step is its {@link Agent}'s. Each tick k has three phases: every agent
 * due to step computes its gradient (in parallel), the {@link MessageSchedule} sends and delivers
 * messages (sequentially), then every agent due updates from its {@link Inbox} (in parallel) and
 * the others idle. A slow agent (compute factor f > 1) steps once every f ticks and sends nothing
 * in between, so its neighbours' copies of it age on their own. Agents write only their own
 * buffers and the schedule is a function of the seeded delay model, so a spec gives bit-identical
 * results whatever the thread count.
 */
public final class SimulatedRuntime implements AutoCloseable {
    private final SimulationSpec spec;
    private final List<TrainingListener> listeners;
    /** The listeners that read every agent's parameters after each step. */
    private final List<TrainingListener> observers;
    private final ExecutorService pool;
    private final int n;
    private final Agent[] agents;
    private final Inbox[] inboxes;
    private final int[] computeFactor;
    private final int slowest;
    private final MessageSchedule schedule;
    private final EpochAggregation aggregation;

    public SimulatedRuntime(SimulationSpec spec, List<TrainingListener> listeners) {
        this.spec = spec;
        this.listeners = List.copyOf(listeners);
        this.observers = this.listeners.stream().filter(TrainingListener::observesAgents).toList();
        this.n = spec.agents();
        float[] initial = spec.oracle().initialParameters(spec.initSeed());
        this.computeFactor = new int[n];
        int maxFactor = 1;
        for (int i = 0; i < n; i++) {
            computeFactor[i] = spec.synchronous() ? 1 : spec.delays().computeFactor(i);
            maxFactor = Math.max(maxFactor, spec.delays().computeFactor(i));
        }
        this.slowest = maxFactor;
        // every held copy points into its sender's history, which must outlive the copy's age
        int depth = (spec.synchronous() ? 0 : spec.delays().maxDelay()) + maxFactor;
        this.agents = new Agent[n];
        this.inboxes = new Inbox[n];
        Graph g = spec.graph();
        MixingMatrix w = spec.mixing();
        float[] zero = new float[initial.length];
        for (int i = 0; i < n; i++) {
            agents[i] = Agent.builder().id(i).rule(spec.rule()).oracle(spec.oracle())
                    .batches(spec.sources().get(i), spec.trainSet(), spec.batchSize())
                    .candidateExamples(spec.candidateExamples()).stepsPerEpoch(spec.stepsPerEpoch())
                    .historyDepth(depth).initialParams(initial).metrics(spec.metrics()).build();
            int[] nb = g.neighbours(i);
            double[] weights = new double[nb.length];
            for (int s = 0; s < nb.length; s++) {
                weights[s] = w.weight(i, nb[s]);
            }
            inboxes[i] = new Inbox(nb, weights, w.selfWeight(i), spec.synchronous());
            for (int s = 0; s < nb.length; s++) {
                // x_j^0 is the common initial point; its gradient is unknown, hence zero
                inboxes[i].offer(s, new HeldCopy(HeldCopy.INITIAL, initial, spec.rule().usesNeighbourGradients() ? zero : null));
            }
        }
        this.schedule = new MessageSchedule(g, spec.delays(), spec.synchronous(), agents, inboxes, spec.encoding(), depth);
        this.aggregation = new EpochAggregation(spec.metrics(), spec.oracle(), spec.testSet(), spec.evaluateAgents(),
                spec.recalibration());
        this.pool = Executors.newFixedThreadPool(Math.min(spec.workers(), n), r -> {
            Thread t = new Thread(r, "pcasgd-agent");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs all epochs; returns every epoch's metrics. */
    public List<EpochMetrics> run() {
        RunInfo info = new RunInfo(spec.method(), n, spec.oracle().dimension(), spec.stepsPerEpoch(), spec.epochs(),
                spec.mixing().secondLargestEigenvalueModulus(), spec.graph().describe(), spec.delays().describe(),
                spec.metrics());
        listeners.forEach(l -> l.onStart(info));
        if (!spec.synchronous() && spec.graph().edgeCount() > 0) {
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
        long total = spec.totalSteps();
        double simulatedTime = 0;
        boolean[] acting = new boolean[n];
        for (int epoch = 0; epoch < spec.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            for (int t = 0; t < spec.stepsPerEpoch(); t++) {
                long k = (long) epoch * spec.stepsPerEpoch() + t;
                for (int i = 0; i < n; i++) {
                    acting[i] = k % computeFactor[i] == computeFactor[i] - 1;
                }
                forEachAgent(i -> {
                    if (acting[i]) {
                        agents[i].computeGradient();
                    }
                });
                int longest = schedule.advance(k, acting);
                // a synchronous step waits for the slowest agent and the slowest message
                simulatedTime += spec.synchronous() ? slowest + longest : 1;
                NeighbourTruth truth = j -> agents[j].paramsAt(k);
                forEachAgent(i -> {
                    if (acting[i]) {
                        agents[i].update(inboxes[i].copies(k), truth);
                    } else {
                        agents[i].idle();
                    }
                });
                long done = k + 1;
                listeners.forEach(l -> l.onStep(done, total));
                if (!observers.isEmpty()) {
                    List<float[]> parameters = agentParameters();
                    observers.forEach(l -> l.onAgents(done, parameters));
                }
            }
            long lastStep = (long) (epoch + 1) * spec.stepsPerEpoch();
            double wall = (System.nanoTime() - epochStart) / 1e9;
            List<AgentReport> reports = new ArrayList<>(n);
            for (Agent a : agents) {
                reports.add(a.report());
            }
            EpochAggregation.Aggregated a = aggregation.aggregate(epoch + 1, lastStep, reports, simulatedTime, wall,
                    this::forEachAgentIndex);
            EpochMetrics m = a.metrics();
            all.add(m);
            listeners.forEach(l -> l.onEpoch(m));
            listeners.forEach(l -> l.onAverage(m.epoch(), a.average()));
        }
        return all;
    }

    /** Current parameters of every agent. */
    public List<float[]> agentParameters() {
        List<float[]> out = new ArrayList<>(n);
        for (Agent a : agents) {
            out.add(a.params());
        }
        return out;
    }

    private void forEachAgent(IntConsumer work) {
        forEachAgentIndex(n, work);
    }

    private void forEachAgentIndex(int count, IntConsumer work) {
        List<Callable<Void>> tasks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
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

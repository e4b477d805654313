package pcasgd.agent;

import java.util.concurrent.ConcurrentLinkedQueue;
import pcasgd.algorithm.AgentState;
import pcasgd.algorithm.CandidateEvaluator;
import pcasgd.algorithm.NeighbourTruth;
import pcasgd.algorithm.Tallies;
import pcasgd.algorithm.StepContext;
import pcasgd.algorithm.UpdateRule;
import pcasgd.data.Batch;
import pcasgd.data.Dataset;
import pcasgd.engine.GradientOracle;
import pcasgd.metrics.AgentEpoch;
import pcasgd.metrics.AgentReport;
import pcasgd.metrics.MetricSet;

/**
 * Everything about one agent's step, the same for every runtime (as DJL's {@code EasyTrain.trainBatch}
 * is one step reused by every loop): its history of past parameters, its update rule's state, its
 * batch stream, candidate evaluation and counters. A step k is {@link #computeGradient()} —
 * g_i(x_i^k) on the next minibatch of its shard — then {@link #update} with the copies it holds of
 * its neighbours, which writes x_i^{k+1}. A runtime adds only a clock, pacing and transport: the
 * simulator delivers copies on a virtual clock, an actor over the network.
 *
 * <p>Not thread-safe: a runtime calls one agent from one thread at a time ({@link #forgetNeighbour}
 * excepted).
 */
public final class Agent {
    private final int id;
    private final UpdateRule rule;
    private final AgentState state;
    private final GradientOracle oracle;
    private final BatchSource source;
    private final Batch batch;
    private final CandidateLosses candidateLosses;
    private final int[] bounds;
    /** Per layer whether it trains; null when every layer does. */
    private final boolean[] trainable;
    private final int stepsPerEpoch;
    private final ParameterHistory history;
    private final MetricSet metrics;
    private long step;
    private final EpochCounts counters = new EpochCounts();
    private final LinkTraffic traffic = new LinkTraffic();
    // neighbours whose copies a runtime forgot (they restarted), applied to the rule state before the next update
    private final ConcurrentLinkedQueue<Integer> restarted = new ConcurrentLinkedQueue<>();

    private Agent(Builder b) {
        this.id = b.id;
        this.rule = b.rule;
        this.oracle = b.oracle;
        this.source = b.source;
        this.batch = Batch.allocate(b.batchLike, b.batchSize);
        this.candidateLosses = b.candidateExamples < 0 ? null : new CandidateLosses(b.oracle, b.candidateExamples);
        this.bounds = b.oracle.layout().bounds();
        this.trainable = b.oracle.layout().allTrainable() ? null : b.oracle.layout().trainable();
        this.stepsPerEpoch = b.stepsPerEpoch;
        float[] start = b.initial;
        if (start.length != b.oracle.dimension()) {
            throw new IllegalArgumentException("initial parameters of agent " + b.id + " have " + start.length
                    + " entries, the model has " + b.oracle.dimension());
        }
        this.history = new ParameterHistory(start, b.historyDepth);
        this.state = b.rule.init(start.length, bounds.length - 1);
        this.metrics = b.metrics;
        this.step = b.startStep;
        // the start is written into the slot of the start step, wherever that falls in the ring
        System.arraycopy(start, 0, history.params(step), 0, start.length);
    }

    public static Builder builder() {
        return new Builder();
    }

    public int id() {
        return id;
    }

    /** k: the step this agent is at (x_i^k is current). */
    public long step() {
        return step;
    }

    /** x_i^k, read-only for callers. */
    public float[] params() {
        return history.params(step);
    }

    /** x_i^s for a step within the kept history (the simulator's sent messages), read-only. */
    public float[] paramsAt(long s) {
        return history.params(s);
    }

    /** g_i^s for a step within the kept history, read-only. */
    public float[] gradientAt(long s) {
        return history.grad(s);
    }

    /** Heavy-ball velocity v_i (for checkpoints). */
    public float[] velocity() {
        return state.velocity();
    }

    /** Whether the neighbours need this agent's gradient in its messages. */
    public boolean sendsGradients() {
        return rule.usesNeighbourGradients();
    }

    /** g_i(x_i^k) on the next minibatch; returns its loss. Fails when the loss is not finite. */
    public float computeGradient() {
        source.next(batch);
        float loss = oracle.lossAndGradient(history.params(step), batch, history.grad(step));
        if (!Float.isFinite(loss)) {
            throw new TrainingDivergedException(step, id, loss);
        }
        counters.lossSum += loss;
        counters.gradients++;
        return loss;
    }

    /**
     * Applies the update rule to the held copies and writes x_i^{k+1}; the agent moves to step k + 1.
     *
     * @param truth the neighbours' true current parameters where the runtime knows them (the simulator), else null
     */
    public void update(Inbox.Held held, NeighbourTruth truth) {
        for (Integer j = restarted.poll(); j != null; j = restarted.poll()) {
            state.forgetNeighbour(j);
        }
        long k = step;
        int epoch = (int) (k / stepsPerEpoch);
        CandidateEvaluator evaluator = candidateLosses == null ? null : candidateLosses.on(batch);
        StepContext c = new StepContext(id, k, epoch, history.params(k), history.grad(k), held.selfWeight(),
                held.copies(), age -> history.paramsAgo(k, age), bounds, evaluator, truth, trainable);
        rule.step(c, state, history.params(k + 1));
        for (var n : held.copies()) {
            counters.copiesUsed++;
            counters.ageSum += n.age();
            if (!n.onTime()) {
                counters.lateCopies++;
                counters.lateAgeSum += n.age();
            }
        }
        step = k + 1;
    }

    /**
     * Neighbour {@code id} restarted and a runtime forgot the copies held from it ({@link Inbox#forget}):
     * before the next update the rule forgets what it remembers of that neighbour's earlier copies (the
     * predictor's velocity windows and trust), so none of its previous life is extrapolated into the new
     * one. Safe to call from any thread (an actor's, while another thread runs {@link #update}).
     */
    public void forgetNeighbour(int id) {
        restarted.add(id);
    }

    /** A step without computing (a slow agent still busy): x_i^{k+1} = x_i^k, and nothing is sent. */
    public void idle() {
        float[] x = history.params(step);
        System.arraycopy(x, 0, history.params(step + 1), 0, x.length);
        step++;
    }

    /** Continues from a checkpoint: x_i^k and v_i at step k. */
    public void restore(long atStep, float[] params, float[] velocity) {
        if (params.length != oracle.dimension() || velocity.length != oracle.dimension()) {
            throw new IllegalArgumentException("checkpoint of agent " + id + " has " + params.length
                    + " parameters, the model has " + oracle.dimension());
        }
        step = atStep;
        for (long s = atStep - history.depth() - 1; s <= atStep; s++) {
            System.arraycopy(params, 0, history.params(s), 0, params.length);
        }
        System.arraycopy(velocity, 0, state.velocity(), 0, velocity.length);
    }

    /** What its outgoing links carry, counted by a runtime that has real links. */
    public LinkTraffic traffic() {
        return traffic;
    }

    /** This agent's share of the epoch's metrics and its x_i^k; then the counters start over. */
    public AgentReport report() {
        Tallies r = state.drainTallies();
        EpochCounts c = counters.snapshot(id, r, traffic.drain());
        counters.clear();
        int epoch = (int) (step / stepsPerEpoch);
        return new AgentReport(id, epoch, step, params().clone(), metrics.partials(c));
    }

    /** The counters an epoch accumulates; a snapshot doubles as the metrics' view of the agent. */
    private static final class EpochCounts implements AgentEpoch {
        int agent;
        double lossSum;
        long gradients;
        long copiesUsed;
        long ageSum;
        long lateCopies;
        long lateAgeSum;
        Tallies tallies;
        LinkTraffic.Totals links = LinkTraffic.Totals.NONE;

        EpochCounts snapshot(int id, Tallies r, LinkTraffic.Totals t) {
            EpochCounts c = new EpochCounts();
            c.agent = id;
            c.lossSum = lossSum;
            c.gradients = gradients;
            c.copiesUsed = copiesUsed;
            c.ageSum = ageSum;
            c.lateCopies = lateCopies;
            c.lateAgeSum = lateAgeSum;
            c.tallies = r;
            c.links = t;
            return c;
        }

        void clear() {
            lossSum = 0;
            gradients = 0;
            copiesUsed = 0;
            ageSum = 0;
            lateCopies = 0;
            lateAgeSum = 0;
        }

        public int agent() { return agent; }
        public double lossSum() { return lossSum; }
        public long gradients() { return gradients; }
        public long copiesUsed() { return copiesUsed; }
        public long ageSum() { return ageSum; }
        public long lateCopies() { return lateCopies; }
        public long lateAgeSum() { return lateAgeSum; }
        public Tallies tallies() { return tallies; }
        public LinkTraffic.Totals links() { return links; }
    }

    /** Settings of one agent; {@code candidateExamples} ≥ 0 turns on candidate evaluation (the loss condition). */
    public static final class Builder {
        private int id;
        private UpdateRule rule;
        private GradientOracle oracle;
        private BatchSource source;
        private Dataset batchLike;
        private int batchSize = 32;
        private int candidateExamples = -1;
        private int stepsPerEpoch = 1;
        private int historyDepth = 16;
        private float[] initial;
        private long startStep;
        private MetricSet metrics = MetricSet.standard();

        public Builder id(int v) { id = v; return this; }
        public Builder rule(UpdateRule v) { rule = v; return this; }
        public Builder oracle(GradientOracle v) { oracle = v; return this; }
        /** The agent's stream of minibatches and a data set whose example shape its batches have. */
        public Builder batches(BatchSource v, Dataset like, int size) { source = v; batchLike = like; batchSize = size; return this; }
        /** Evaluate candidates on this many examples of each minibatch (0 = all); only the loss condition needs it. */
        public Builder candidateExamples(int v) { candidateExamples = v; return this; }
        public Builder stepsPerEpoch(int v) { stepsPerEpoch = v; return this; }
        /** How many past steps of its own parameters the agent keeps (delays up to this many steps). */
        public Builder historyDepth(int v) { historyDepth = v; return this; }
        public Builder initialParams(float[] v) { initial = v; return this; }
        public Builder startStep(long v) { startStep = v; return this; }
        public Builder metrics(MetricSet v) { metrics = v; return this; }

        public Agent build() {
            if (rule == null || oracle == null || source == null || batchLike == null || initial == null) {
                throw new IllegalArgumentException("an agent needs a rule, a model oracle, a batch stream and initial parameters");
            }
            if (stepsPerEpoch < 1 || batchSize < 1) {
                throw new IllegalArgumentException("steps per epoch and batch size must be >= 1");
            }
            return new Agent(this);
        }
    }
}

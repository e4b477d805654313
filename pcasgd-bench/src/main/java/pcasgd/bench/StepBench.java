package pcasgd.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.Batchifier;
import java.util.List;
import java.util.Random;
import pcasgd.algorithm.AlgorithmConfig;
import pcasgd.algorithm.Method;
import pcasgd.agent.Agent;
import pcasgd.agent.HeldCopy;
import pcasgd.agent.Inbox;
import pcasgd.data.Batch;
import pcasgd.data.BatchSampler;
import pcasgd.data.Dataset;
import pcasgd.data.SyntheticData;
import pcasgd.engine.DjlOracle;
import pcasgd.engine.GradientOracle;
import pcasgd.model.Models;

/**
 * (a) plain local SGD step, (b) PC-ASGD fixed-θ step, (c) practical-variant steps (cosine, loss),
 * and DJL's own {@code Trainer} (EasyTrain.trainBatch + step) on the same model, examples and engine.
 * Every pcasgd step is the real {@link Agent}'s (see {@link AgentStep}): next minibatch, gradient,
 * update; the variants are timed interleaved, one step each per round, so load changes from other
 * processes hit them alike.
 */
public final class StepBench {
    public static final float LR = 0.01f;
    public static final float MOMENTUM = 0.9f;
    public static final float WEIGHT_DECAY = 1e-4f;
    static final int[] SHAPE = {3, 32, 32};
    static final int CLASSES = 10;

    /**
     * One agent's step through the real {@link Agent}, as every runtime takes it: {@link Agent#computeGradient()}
     * on the next minibatch of its batch stream, then {@link Agent#update} with the copies its {@link Inbox} holds.
     * The stream is a {@link BatchSampler} whose shard is {@code examples} itself, so every step trains on the same
     * examples (in a new order). Two ring neighbours (Metropolis-Hastings weights 1/3) deliver a copy before every
     * step, one on time and one 2 steps late, each a fixed perturbed copy of the start; the agent's own past points
     * x_i^{k−τ} come from its history. {@code updateMs} times {@link Agent#update} alone (the rule and its
     * bookkeeping: step context, candidate evaluator, counters).
     */
    static final class AgentStep implements Runnable {
        /** The late neighbour's age in steps. */
        static final int LATE = 2;
        final Agent agent;
        final Inbox inbox;
        final float[][] neighbourParams;
        final float[][] neighbourGrads;
        final int[] ages;
        final java.util.ArrayList<Double> updateMs = new java.util.ArrayList<>();

        AgentStep(GradientOracle oracle, Method method, String condition, Dataset examples, float[] init, long seed) {
            this(oracle, method, condition, 0, examples, init, seed);
        }

        AgentStep(GradientOracle oracle, Method method, String condition, int lossExamples, Dataset examples, float[] init,
                  long seed) {
            AlgorithmConfig cfg = config(method, condition);
            int[] all = new int[examples.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            BatchSampler sampler = new BatchSampler(examples, all, all.length, 0, seed);
            this.agent = Agent.builder().id(0).rule(cfg.rule()).oracle(oracle)
                    .batches(sampler::next, examples, all.length)
                    .candidateExamples(cfg.needsCandidateEvaluator() ? lossExamples : -1)
                    .stepsPerEpoch(Integer.MAX_VALUE)
                    .historyDepth(LATE + 1) // as the simulator sizes it: the longest delay + 1
                    .initialParams(init).build();
            if (method == Method.CENTRALIZED) {
                inbox = new Inbox(new int[0], new double[0], 1.0, false);
                ages = new int[0];
            } else {
                inbox = new Inbox(new int[] {1, 2}, new double[] {1.0 / 3, 1.0 / 3}, 1.0 / 3, method.waitsForNeighbours());
                ages = new int[] {0, LATE};
            }
            neighbourParams = new float[ages.length][];
            neighbourGrads = new float[ages.length][];
            for (int s = 0; s < ages.length; s++) {
                neighbourParams[s] = perturbed(init, seed + 2 + 2 * s);
                // a neighbour's gradient travels only where the rule uses it, as in every runtime
                neighbourGrads[s] = agent.sendsGradients() ? perturbed(new float[init.length], seed + 3 + 2 * s) : null;
            }
        }

        @Override
        public void run() {
            long k = agent.step();
            for (int s = 0; s < ages.length; s++) {
                inbox.offer(s, new HeldCopy(k - ages[s], neighbourParams[s], neighbourGrads[s]));
            }
            agent.computeGradient();
            Inbox.Held held = inbox.copies(k);
            long t0 = System.nanoTime();
            agent.update(held, null); // no truth: what the actor runtimes pass (the simulator's measures prediction error)
            updateMs.add((System.nanoTime() - t0) / 1e6);
        }
    }

    static AlgorithmConfig config(Method method, String condition) {
        return AlgorithmConfig.builder().method(method).learningRate(LR).momentum(MOMENTUM).weightDecay(WEIGHT_DECAY)
                .theta(0.5).condition(condition).perLayer(!condition.equals("loss")).build();
    }

    static float[] perturbed(float[] base, long seed) {
        Random r = new Random(seed);
        float[] out = base.clone();
        for (int d = 0; d < out.length; d++) {
            out[d] += 0.01f * (float) r.nextGaussian();
        }
        return out;
    }

    /** DJL's Trainer on its own copy of the model: what a Java user writes without pcasgd. */
    static final class DjlTrainerStep implements Runnable, AutoCloseable {
        final Model model;
        final Trainer trainer;
        final Batch batch;
        final long[] labels;

        DjlTrainerStep(String modelName, Batch batch) {
            this.batch = batch;
            model = Model.newInstance("djl-peer", Device.cpu(), "PyTorch");
            model.setBlock(Models.create(modelName, SHAPE, CLASSES));
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(LR)).optMomentum(MOMENTUM)
                            .optWeightDecays(WEIGHT_DECAY).build())
                    .optDevices(new Device[] {Device.cpu()});
            trainer = model.newTrainer(cfg);
            trainer.initialize(new Shape(batch.size(), SHAPE[0], SHAPE[1], SHAPE[2]));
            labels = new long[batch.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = batch.labels()[i];
            }
        }

        @Override
        public void run() {
            // the batch goes Java array → tensor every step, as it does in pcasgd's oracle
            NDManager m = trainer.getManager().newSubManager();
            int n = batch.size();
            float[] f = batch.features();
            NDArray xs = m.create(java.nio.FloatBuffer.wrap(f, 0, n * batch.featureSize()),
                    new Shape(n, SHAPE[0], SHAPE[1], SHAPE[2]));
            NDArray ys = m.create(labels, new Shape(n));
            try (ai.djl.training.dataset.Batch b = new ai.djl.training.dataset.Batch(m, new NDList(xs), new NDList(ys), n,
                    Batchifier.STACK, Batchifier.STACK, 0, 1)) {
                EasyTrain.trainBatch(trainer, b);
                trainer.step();
            }
        }

        @Override
        public void close() {
            trainer.close();
            model.close();
        }
    }

    /** {@code size} CIFAR-shaped synthetic examples: one minibatch's worth. */
    static Dataset fixedData(int size, long seed) {
        return SyntheticData.cifarShaped(size, CLASSES, seed);
    }

    static Batch fixedBatch(int size, long seed) {
        Dataset data = fixedData(size, seed);
        Batch b = Batch.allocate(data, size);
        int[] idx = new int[size];
        for (int i = 0; i < size; i++) {
            idx[i] = i;
        }
        b.fill(data, idx, size);
        return b;
    }

    /** pv-loss-16: the loss condition evaluated on 16 examples of the minibatch ({@code lossExamples: 16}). */
    static final String[] CASES = {"plain-sgd", "pc-asgd", "pv-cosine", "pv-loss", "pv-loss-16", "djl-trainer"};
    private static final int AGENT_CASES = 5;

    /**
     * Times every case on one model and batch size; rounds are chosen so the case takes about
     * {@code budgetS} seconds (at least {@code minRounds}, at most {@code maxRounds}).
     *
     * @return median ms per case, in {@link #CASES} order
     */
    static double[] run(Csv csv, DjlOracle oracle, String model, int batchSize, int threads, double budgetS,
                        int minRounds, int maxRounds, double matmulGflops) {
        Dataset examples = fixedData(batchSize, 7);
        Batch batch = fixedBatch(batchSize, 7); // the same examples, for DJL's Trainer
        float[] init = oracle.initialParameters(1);
        Runnable[] bodies = {
            new AgentStep(oracle, Method.CENTRALIZED, "cosine", examples, init, 10),
            new AgentStep(oracle, Method.PC_ASGD, "cosine", examples, init, 20),
            new AgentStep(oracle, Method.PC_ASGD_PV, "cosine", examples, init, 30),
            new AgentStep(oracle, Method.PC_ASGD_PV, "loss", examples, init, 40),
            new AgentStep(oracle, Method.PC_ASGD_PV, "loss", 16, examples, init, 50),
            null,
        };
        try (DjlTrainerStep djl = new DjlTrainerStep(model, batch)) {
            bodies[AGENT_CASES] = djl;
            double probe = 0;
            for (Runnable b : bodies) {
                b.run();
                probe += Timing.once(b);
            }
            int rounds = (int) Math.max(minRounds, Math.min(maxRounds, budgetS * 1000 / probe));
            double load = Timing.loadAverage();
            Timing.Stats[] st = Timing.interleaved(bodies, 1, rounds);
            double[] updateMs = new double[CASES.length];
            for (int k = 0; k < AGENT_CASES; k++) {
                AgentStep a = (AgentStep) bodies[k];
                // Agent.update's part of the timed rounds (the first 2 calls were probe and warm-up)
                java.util.List<Double> timed = a.updateMs.subList(Math.min(2, a.updateMs.size()), a.updateMs.size());
                updateMs[k] = timed.isEmpty() ? Double.NaN
                        : Timing.Stats.of(timed.stream().mapToDouble(Double::doubleValue).toArray()).median();
            }
            double flops = TrainingFlops.trainingFlops(model, SHAPE, CLASSES, batchSize);
            double[] med = new double[CASES.length];
            for (int k = 0; k < CASES.length; k++) {
                med[k] = st[k].median();
                double gflops = flops / (st[k].median() / 1e3) / 1e9;
                String note = String.format(java.util.Locale.ROOT,
                        "%.3f GFLOP/step; %.1f GFLOP/s = %.0f%% of matmul; x%.3f plain; Agent.update alone %.3f ms/step (median); load %.2f",
                        flops / 1e9, gflops, 100 * gflops / matmulGflops, st[k].median() / st[0].median(),
                        k < AGENT_CASES ? updateMs[k] : Double.NaN, load);
                csv.row("step", CASES[k], model, batchSize, threads, 0, st[k], st[k].median(), "ms/step", note);
            }
            return med;
        }
    }

    /** The per-step cost of moving parameters into the tensors' buffer and the gradient out (part of every step). */
    static void copyOverhead(Csv csv, DjlOracle oracle, String model, int threads) {
        float[] p = oracle.initialParameters(1);
        java.nio.FloatBuffer direct = java.nio.ByteBuffer.allocateDirect(p.length * 4)
                .order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
        float[] back = new float[p.length];
        Timing.Stats st = Timing.measure(() -> {
            direct.put(0, p);
            direct.get(0, back);
        }, 200, 200, 300);
        csv.row("step", "param-copy-in+grad-copy-out", model, 0, threads, 0, st, st.median() * 1000, "us/step",
                p.length + " floats each way (Java float[] <-> direct buffer)");
    }
}

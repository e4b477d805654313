package pcasgd.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import pcasgd.data.Batch;
import pcasgd.engine.DjlOracle;
import pcasgd.model.Models;

/**
 * Where one LeNet agent-step's time goes (batch 64, one intra-op thread), and whether batching
 * several agents into one engine call pays.
 *
 * <ul>
 *   <li><b>phases</b>: the oracle's step re-done call by call on a replica built the same way
 *       (parameters living in one direct buffer), each phase timed: copy x in, batch → tensors,
 *       forward layer by layer, loss, zeroing gradients, backward, copying g out, closing the
 *       step's tensors. The real {@link DjlOracle#lossAndGradient} runs interleaved as the reference.</li>
 *   <li><b>fixed cost</b>: the oracle's step at batch 1, 8 and 64 (what does not scale with the batch
 *       is engine-call overhead), and one JNI call / one tiny tensor op alone.</li>
 *   <li><b>batching</b>: n agents' forward + backward as n separate passes vs one pass with grouped
 *       convolutions (groups = n) and batched matmuls for the dense layers, same math, written with
 *       the same functional ops; plus whether their gradients are bit-identical.</li>
 * </ul>
 */
public final class StepAnatomy {
    private StepAnatomy() { }

    static final String[] PHASES = {"copy x in", "batch to tensors", "forward", "loss", "zero grads", "backward",
        "copy g out", "close step tensors"};

    /** A LeNet replica built as {@code ModelReplica} builds it, with its step split into timed phases. */
    static final class PhasedReplica implements AutoCloseable {
        final NDManager manager;
        final Block block;
        final ParameterStore store;
        final List<PtNDArray> arrays = new ArrayList<>();
        final List<String> layerNames = new ArrayList<>();
        final List<Block> layers = new ArrayList<>();
        final FloatBuffer paramView;
        final int dimension;
        final long[] exampleShape;
        final int exampleSize;
        final Loss loss = Loss.softmaxCrossEntropyLoss();
        final ByteBuffer inputBytes;
        final ByteBuffer labelBytes;
        final int[] offsets;

        PhasedReplica(String model, int[] shape, int classes, int maxBatch) {
            manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
            block = Models.create(model, shape, classes);
            block.setInitializer(new ConstantInitializer(0f), p -> true);
            exampleShape = java.util.Arrays.stream(shape).asLongStream().toArray();
            exampleSize = java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            block.initialize(manager, DataType.FLOAT32, new Shape(1).addAll(new Shape(exampleShape)));
            int dim = 0;
            List<Parameter> ps = new ArrayList<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                ps.add(p.getValue());
                dim += (int) p.getValue().getArray().size();
            }
            dimension = dim;
            offsets = new int[ps.size() + 1];
            ByteBuffer bytes = ByteBuffer.allocateDirect(dim * Float.BYTES).order(ByteOrder.nativeOrder());
            for (int k = 0; k < ps.size(); k++) {
                PtNDArray a = (PtNDArray) ps.get(k).getArray();
                int size = (int) a.size();
                offsets[k + 1] = offsets[k] + size;
                a.set(bytes.slice(offsets[k] * Float.BYTES, size * Float.BYTES).order(ByteOrder.nativeOrder()));
                arrays.add(a);
            }
            paramView = bytes.asFloatBuffer();
            store = new ParameterStore(manager, false);
            for (Pair<String, Block> c : block.getChildren()) {
                layerNames.add(c.getKey());
                layers.add(c.getValue());
            }
            inputBytes = ByteBuffer.allocateDirect(maxBatch * exampleSize * Float.BYTES).order(ByteOrder.nativeOrder());
            labelBytes = ByteBuffer.allocateDirect(maxBatch * Long.BYTES).order(ByteOrder.nativeOrder());
        }

        /** One step; adds each phase's nanoseconds to {@code phase} and each layer's forward to {@code layer}. */
        float step(float[] params, Batch batch, float[] gradOut, long[] phase, long[] layer) {
            int n = batch.size();
            long t = System.nanoTime();
            paramView.put(0, params);
            t = lap(phase, 0, t);
            boolean gradMode = JniUtils.isGradMode();
            JniUtils.setGradMode(true);
            NDManager sub = manager.newSubManager();
            try {
                inputBytes.asFloatBuffer().put(batch.features(), 0, n * exampleSize);
                NDArray x = sub.create(inputBytes.slice(0, n * exampleSize * Float.BYTES).order(ByteOrder.nativeOrder()),
                        new Shape(n).addAll(new Shape(exampleShape)), DataType.FLOAT32);
                for (int i = 0; i < n; i++) {
                    labelBytes.putLong(i * Long.BYTES, batch.labels()[i]);
                }
                NDArray y = sub.create(labelBytes.slice(0, n * Long.BYTES).order(ByteOrder.nativeOrder()), new Shape(n),
                        DataType.INT64);
                t = lap(phase, 1, t);
                NDList h = new NDList(x);
                for (int l = 0; l < layers.size(); l++) {
                    h = layers.get(l).forward(store, h, true);
                    long now = System.nanoTime();
                    layer[l] += now - t;
                    phase[2] += now - t;
                    t = now;
                }
                NDArray lossValue = loss.evaluate(new NDList(y), h);
                t = lap(phase, 3, t);
                for (PtNDArray a : arrays) {
                    JniUtils.zeroGrad(a);
                }
                t = lap(phase, 4, t);
                JniUtils.backward((PtNDArray) lossValue, (PtNDArray) sub.ones(lossValue.getShape()), false, false);
                t = lap(phase, 5, t);
                for (int k = 0; k < arrays.size(); k++) {
                    try (PtNDArray g = arrays.get(k).getGradient()) {
                        g.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer()
                                .get(gradOut, offsets[k], offsets[k + 1] - offsets[k]);
                    }
                }
                float value = lossValue.getFloat();
                t = lap(phase, 6, t);
                sub.close();
                lap(phase, 7, t);
                return value;
            } finally {
                JniUtils.setGradMode(gradMode);
            }
        }

        private static long lap(long[] acc, int i, long since) {
            long now = System.nanoTime();
            acc[i] += now - since;
            return now;
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    /** Runs every part on {@code model} at {@code batch}; {@code agents} for the batching comparison. */
    static void run(Csv csv, String model, int[] shape, int classes, int batch, int threads, int rounds, int agents) {
        phases(csv, model, shape, classes, batch, threads, rounds);
        fixedCost(csv, model, shape, classes, threads, rounds);
        if (model.equals("lenet") || model.equals("cnn")) {
            maxPool(csv, batch, threads, rounds);
            if (agents > 1) {
                batching(csv, shape, classes, batch, threads, rounds, agents);
            }
        }
    }

    /** 2×2 max pooling, stride 2, as two maxima over pairs: max over w-pairs, then over h-pairs. */
    static NDArray pairwiseMaxPool(NDArray h) {
        Shape s = h.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long rows = s.get(2);
        long cols = s.get(3);
        NDArray w = h.reshape(n, c, rows, cols / 2, 2).max(new int[] {4});
        return w.reshape(n, c, rows / 2, 2, cols / 2).max(new int[] {3});
    }

    /**
     * LeNet's first max pool ([batch, 6, 32, 32] after ReLU): PyTorch's max_pool2d (with indices, which its
     * backward needs) against the same pooling as two pairwise maxima, forward + backward and forward
     * alone; whether outputs and input gradients are bit-identical (ties go to the first element in both).
     */
    static void maxPool(Csv csv, int batch, int threads, int rounds) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            SplittableRandom rng = new SplittableRandom(5);
            float[] v = new float[batch * 6 * 32 * 32];
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.max(0f, (float) rng.nextGaussian()); // after ReLU: many zeros, so ties
            }
            NDArray h = m.create(v, new Shape(batch, 6, 32, 32));
            h.setRequiresGradient(true);
            float[] wv = new float[batch * 6 * 16 * 16];
            for (int i = 0; i < wv.length; i++) {
                wv[i] = (float) rng.nextGaussian();
            }
            NDArray weights = m.create(wv, new Shape(batch, 6, 16, 16));
            java.util.function.Function<NDArray, NDArray> torchPool =
                    x -> Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
            java.util.function.Function<NDArray, NDArray> pairwise = StepAnatomy::pairwiseMaxPool;
            float[][] outs = new float[2][];
            float[][] grads = new float[2][];
            List<java.util.function.Function<NDArray, NDArray>> pools = List.of(torchPool, pairwise);
            Runnable[] bodies = new Runnable[4];
            boolean before = JniUtils.isGradMode();
            JniUtils.setGradMode(true);
            try {
                for (int k = 0; k < 2; k++) {
                    int kk = k;
                    bodies[k] = () -> {
                        JniUtils.zeroGrad((PtNDArray) h);
                        try (NDManager sub = m.newSubManager()) {
                            NDArray out = pools.get(kk).apply(h);
                            NDArray loss = out.mul(weights).sum();
                            JniUtils.backward((PtNDArray) loss, (PtNDArray) sub.ones(loss.getShape()), false, false);
                            outs[kk] = out.toFloatArray();
                            grads[kk] = h.getGradient().toFloatArray();
                        }
                    };
                    bodies[k + 2] = () -> {
                        boolean g = JniUtils.isGradMode();
                        JniUtils.setGradMode(false);
                        try (NDManager sub = m.newSubManager()) {
                            pools.get(kk).apply(h).getFloat(0, 0, 0, 0);
                        } finally {
                            JniUtils.setGradMode(g);
                        }
                    };
                }
                double load = Timing.loadAverage();
                Timing.Stats[] st = Timing.interleaved(bodies, 3, rounds);
                boolean sameOut = java.util.Arrays.equals(outs[0], outs[1]);
                boolean sameGrad = java.util.Arrays.equals(grads[0], grads[1]);
                String[] names = {"max_pool2d forward+backward", "pairwise maxima forward+backward",
                    "max_pool2d forward (no grad)", "pairwise maxima forward (no grad)"};
                for (int k = 0; k < 4; k++) {
                    csv.row("anatomy", "max pool 2x2 of " + batch + "x6x32x32: " + names[k], "lenet", batch, threads, 0,
                            st[k], st[k].median(), "ms", String.format(Locale.ROOT,
                                    "x%.3f of max_pool2d; outputs %s, input gradients %s; load %.2f",
                                    st[k].median() / st[k < 2 ? 0 : 2].median(), sameOut ? "bit-identical" : "DIFFER",
                                    sameGrad ? "bit-identical" : "DIFFER", load));
                }
            } finally {
                JniUtils.setGradMode(before);
            }
        }
    }

    static void phases(Csv csv, String model, int[] shape, int classes, int batch, int threads, int rounds) {
        Batch b = StepBench.fixedBatch(batch, 7);
        try (DjlOracle oracle = DjlOracle.create(model, shape, classes);
             PhasedReplica r = new PhasedReplica(model, shape, classes, batch)) {
            float[] x = oracle.initialParameters(1);
            if (x.length != r.dimension) {
                throw new IllegalStateException("replica has " + r.dimension + " parameters, the oracle " + x.length);
            }
            float[] g = new float[x.length];
            float[] g2 = new float[x.length];
            long[] phase = new long[PHASES.length];
            long[] layer = new long[r.layers.size()];
            double load = Timing.loadAverage();
            Runnable[] bodies = {
                () -> oracle.lossAndGradient(x, b, g),
                () -> r.step(x, b, g2, phase, layer),
            };
            // untimed warm-up, then phases counted over the timed rounds only
            for (int w = 0; w < 20; w++) {
                bodies[0].run();
                bodies[1].run();
            }
            java.util.Arrays.fill(phase, 0);
            java.util.Arrays.fill(layer, 0);
            Timing.Stats[] st = Timing.interleaved(bodies, 0, rounds);
            if (!java.util.Arrays.equals(g, g2)) {
                throw new IllegalStateException("the phased replica's gradient differs from the oracle's");
            }
            double step = st[0].median();
            csv.row("anatomy", "oracle step", model, batch, threads, 0, st[0], step, "ms/step",
                    String.format(Locale.ROOT, "DjlOracle.lossAndGradient; load %.2f", load));
            csv.row("anatomy", "phased step (sum of phases)", model, batch, threads, 0, st[1], st[1].median(), "ms/step",
                    "the same calls timed phase by phase; same gradient bit for bit");
            double total = 0;
            for (long p : phase) {
                total += p;
            }
            for (int i = 0; i < PHASES.length; i++) {
                double ms = phase[i] / 1e6 / rounds;
                csv.row("anatomy", "phase: " + PHASES[i], model, batch, threads, 0, null, ms, "ms/step (mean)",
                        String.format(Locale.ROOT, "%.1f%% of the phased step", 100 * phase[i] / total));
            }
            for (int l = 0; l < layer.length; l++) {
                double ms = layer[l] / 1e6 / rounds;
                csv.row("anatomy", "forward layer " + l + ": " + r.layerNames.get(l), model, batch, threads, 0, null, ms,
                        "ms/step (mean)", String.format(Locale.ROOT, "%.1f%% of the phased step", 100 * layer[l] / total));
            }
        }
    }

    /** Step time at batch 1, 8 and 64: the part that does not grow with the batch is per-call overhead. */
    static void fixedCost(Csv csv, String model, int[] shape, int classes, int threads, int rounds) {
        int[] sizes = {1, 8, 64};
        try (DjlOracle oracle = DjlOracle.create(model, shape, classes); NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            float[] x = oracle.initialParameters(1);
            float[] g = new float[x.length];
            Runnable[] bodies = new Runnable[sizes.length + 2];
            for (int i = 0; i < sizes.length; i++) {
                Batch b = StepBench.fixedBatch(sizes[i], 7);
                bodies[i] = () -> oracle.lossAndGradient(x, b, g);
            }
            int calls = 1000;
            // a JNI call that does no tensor work
            bodies[sizes.length] = () -> {
                for (int i = 0; i < calls; i++) {
                    JniUtils.setGradMode(JniUtils.isGradMode());
                }
            };
            NDArray one = m.create(new float[] {1f});
            // a tensor op on one element: dispatch, a new handle, freeing it
            bodies[sizes.length + 1] = () -> {
                for (int i = 0; i < calls; i++) {
                    one.add(one).close();
                }
            };
            Timing.Stats[] st = Timing.interleaved(bodies, 3, rounds);
            for (int i = 0; i < sizes.length; i++) {
                csv.row("anatomy", "oracle step at batch " + sizes[i], model, sizes[i], threads, 0, st[i], st[i].median(),
                        "ms/step", String.format(Locale.ROOT, "%.3f ms per example", st[i].median() / sizes[i]));
            }
            csv.row("anatomy", "JNI call (isGradMode + setGradMode)/2", "", 0, threads, 0, st[sizes.length],
                    st[sizes.length].median() * 1000 / calls / 2, "us/call", calls + " pairs per repetition");
            csv.row("anatomy", "1-element add + close", "", 0, threads, 0, st[sizes.length + 1],
                    st[sizes.length + 1].median() * 1000 / calls, "us/op", calls + " ops per repetition");
        }
    }

    /**
     * LeNet's parameters for n agents, each a leaf needing a gradient: per agent (what separate passes
     * use) and the same values stacked agent-major per layer (what the grouped pass uses).
     */
    static final class AgentParams {
        final NDArray[][] own;
        final NDArray[] stacked = new NDArray[10];

        AgentParams(NDManager m, int agents, int channels, int flat, int classes, long seed) {
            long[][] shapes = {
                {6, channels, 5, 5}, {6}, {16, 6, 5, 5}, {16}, {120, flat}, {120}, {84, 120}, {84}, {classes, 84}, {classes},
            };
            // grouped conv weights/biases concatenate on axis 0; dense ones stack into [n, out, in] and [n, 1, out]
            boolean[] conv = {true, true, true, true, false, false, false, false, false, false};
            own = new NDArray[agents][10];
            SplittableRandom rng = new SplittableRandom(seed);
            for (int k = 0; k < shapes.length; k++) {
                Shape s = new Shape(shapes[k]);
                int size = (int) s.size();
                float[] all = new float[agents * size];
                for (int i = 0; i < all.length; i++) {
                    all[i] = (float) (rng.nextGaussian() * 0.05);
                }
                for (int a = 0; a < agents; a++) {
                    own[a][k] = m.create(java.util.Arrays.copyOfRange(all, a * size, (a + 1) * size), s);
                    own[a][k].setRequiresGradient(true);
                }
                Shape st;
                if (conv[k]) {
                    long[] d = shapes[k].clone();
                    d[0] *= agents;
                    st = new Shape(d);
                } else if (shapes[k].length == 1) {
                    st = new Shape(agents, 1, shapes[k][0]);
                } else {
                    st = new Shape(agents, shapes[k][0], shapes[k][1]);
                }
                stacked[k] = m.create(all, st);
                stacked[k].setRequiresGradient(true);
            }
        }
    }

    /** Mean softmax cross-entropy of logits [.., B, classes] against one-hot labels, summed over the leading axis. */
    static NDArray crossEntropy(NDArray logits, NDArray oneHot) {
        NDArray nll = logits.logSoftmax(-1).mul(oneHot).sum(new int[] {-1}).neg();
        return nll.mean(new int[] {-1}).sum();
    }

    /** Agent a's forward + backward alone: its slices of the stacked parameters, plain conv and linear ops. */
    static void separatePass(NDManager sub, NDArray[] w, NDArray x, NDArray oneHot, int flat) {
        NDArray h = Conv2d.conv2d(x, w[0], w[1], new Shape(1, 1), new Shape(2, 2)).singletonOrThrow();
        h = Pool.maxPool2d(Activation.relu(h), new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
        h = Conv2d.conv2d(h, w[2], w[3], new Shape(1, 1), new Shape(0, 0)).singletonOrThrow();
        h = Pool.maxPool2d(Activation.relu(h), new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
        h = h.reshape(h.getShape().get(0), flat);
        h = Activation.relu(Linear.linear(h, w[4], w[5]).singletonOrThrow());
        h = Activation.relu(Linear.linear(h, w[6], w[7]).singletonOrThrow());
        h = Linear.linear(h, w[8], w[9]).singletonOrThrow();
        NDArray loss = crossEntropy(h, oneHot);
        JniUtils.backward((PtNDArray) loss, (PtNDArray) sub.ones(loss.getShape()), false, false);
    }

    /**
     * All agents at once: their batches side by side on the channel axis, convolutions with groups = n
     * (group a sees only agent a's channels and filters), dense layers as one batched matmul.
     */
    static void groupedPass(NDManager sub, NDArray[] w, NDArray xAll, NDArray oneHotAll, int agents, int flat) {
        long batch = xAll.getShape().get(0);
        NDArray h = Conv2d.conv2d(xAll, w[0], w[1], new Shape(1, 1), new Shape(2, 2), new Shape(1, 1), agents)
                .singletonOrThrow();
        h = Pool.maxPool2d(Activation.relu(h), new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
        h = Conv2d.conv2d(h, w[2], w[3], new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), agents).singletonOrThrow();
        h = Pool.maxPool2d(Activation.relu(h), new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
        // [B, n·16, s, s] → [n, B, 16·s·s]: agent a's features flattened in its own order
        h = h.reshape(batch, agents, flat).transpose(1, 0, 2);
        h = Activation.relu(h.batchMatMul(w[4].transpose(0, 2, 1)).add(w[5]));
        h = Activation.relu(h.batchMatMul(w[6].transpose(0, 2, 1)).add(w[7]));
        h = h.batchMatMul(w[8].transpose(0, 2, 1)).add(w[9]);
        NDArray loss = crossEntropy(h, oneHotAll);
        JniUtils.backward((PtNDArray) loss, (PtNDArray) sub.ones(loss.getShape()), false, false);
    }

    static void batching(Csv csv, int[] shape, int classes, int batch, int threads, int rounds, int agents) {
        int c = shape[0];
        // LeNet: conv5(pad 2) → pool → conv5 → pool, so 16 · ((H/2 − 4)/2)² features
        int side = (shape[1] / 2 - 4) / 2;
        int flat = 16 * side * side;
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            AgentParams p = new AgentParams(m, agents, c, flat, classes, 3);
            NDArray[] xs = new NDArray[agents];
            NDArray[] ys = new NDArray[agents];
            for (int a = 0; a < agents; a++) {
                Batch b = StepBench.fixedBatch(batch, 100 + a);
                xs[a] = m.create(java.nio.FloatBuffer.wrap(b.features(), 0, batch * b.featureSize()),
                        new Shape(batch, c, shape[1], shape[2]));
                float[] oh = new float[batch * classes];
                for (int i = 0; i < batch; i++) {
                    oh[i * classes + b.labels()[i]] = 1f;
                }
                ys[a] = m.create(oh, new Shape(batch, classes));
            }
            NDArray xAll = NDArrays.concat(xs, 1);
            NDArray yAll = NDArrays.stack(ys, 0);
            boolean before = JniUtils.isGradMode();
            JniUtils.setGradMode(true);
            try {
                Runnable separate = () -> {
                    for (int a = 0; a < agents; a++) {
                        for (NDArray w : p.own[a]) {
                            JniUtils.zeroGrad((PtNDArray) w);
                        }
                        try (NDManager sub = m.newSubManager()) {
                            separatePass(sub, p.own[a], xs[a], ys[a], flat);
                        }
                    }
                };
                Runnable grouped = () -> {
                    for (NDArray w : p.stacked) {
                        JniUtils.zeroGrad((PtNDArray) w);
                    }
                    try (NDManager sub = m.newSubManager()) {
                        groupedPass(sub, p.stacked, xAll, yAll, agents, flat);
                    }
                };
                double load = Timing.loadAverage();
                Timing.Stats[] st = Timing.interleaved(new Runnable[] {separate, grouped}, 3, rounds);
                double maxDiff = 0;
                boolean identical = true;
                for (int k = 0; k < p.stacked.length; k++) {
                    float[] b = p.stacked[k].getGradient().toFloatArray();
                    int size = b.length / agents;
                    for (int ag = 0; ag < agents; ag++) {
                        float[] a = p.own[ag][k].getGradient().toFloatArray();
                        for (int i = 0; i < size; i++) {
                            float q = b[ag * size + i];
                            identical &= Float.floatToIntBits(a[i]) == Float.floatToIntBits(q);
                            maxDiff = Math.max(maxDiff, Math.abs(a[i] - q) / Math.max(1e-6, Math.abs(a[i])));
                        }
                    }
                }
                String same = identical ? "gradients bit-identical" : String.format(Locale.ROOT,
                        "gradients NOT bit-identical (max relative difference %.2e)", maxDiff);
                csv.row("anatomy", agents + " agents: separate passes", "lenet", batch, threads, 0, st[0], st[0].median(),
                        "ms/round", String.format(Locale.ROOT, "%d x (forward+backward, batch %d), functional ops; load %.2f",
                                agents, batch, load));
                csv.row("anatomy", agents + " agents: one grouped pass", "lenet", batch, threads, 0, st[1], st[1].median(),
                        "ms/round", String.format(Locale.ROOT, "grouped conv (groups=%d) + batched matmul; x%.3f of separate; %s",
                                agents, st[1].median() / st[0].median(), same));
            } finally {
                JniUtils.setGradMode(before);
            }
        }
    }

    private static final class NDArrays {
        static NDArray concat(NDArray[] a, int axis) {
            return new NDList(a).stream().reduce((p, q) -> p.concat(q, axis)).orElseThrow();
        }

        static NDArray stack(NDArray[] a, int axis) {
            return ai.djl.ndarray.NDArrays.stack(new NDList(a), axis);
        }
    }
}

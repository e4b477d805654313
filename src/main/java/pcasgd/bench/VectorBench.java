package pcasgd.bench;

import java.util.List;
import java.util.Random;
import pcasgd.algorithm.AgentState;
import pcasgd.algorithm.Method;
import pcasgd.algorithm.NeighbourCopy;
import pcasgd.algorithm.StepContext;
import pcasgd.algorithm.UpdateRule;

/**
 * (d) The update rules' vector work alone (momentum + mixing + predicting/clipping + blend), no
 * engine, on flat vectors of 10⁵..10⁷ floats, with two neighbours (one on time, one two steps late),
 * as GB/s next to {@code System.arraycopy} timed the same way.
 *
 * <p>Bytes counted are the compulsory traffic: every array the operation must read, once, plus every
 * array it must write, once (4 bytes per float). A copy reads one array and writes one. Extra passes
 * an implementation makes are not counted, so a multi-pass implementation shows up as low GB/s.
 */
public final class VectorBench {
    private VectorBench() { }

    record Op(String name, Method method, String condition, int readArrays, int writeArrays) { }

    // reads: x, g, v, on-time x_1, late x̂_2 (+ ĝ_2, x^{k−τ}, mean square for predicting); writes: v, out (+ mean square)
    static final List<Op> OPS = List.of(
            new Op("mix-held (stale-dsgd)", Method.STALE_DSGD, "cosine", 5, 2),
            new Op("clip-only", Method.CLIP_ONLY, "cosine", 5, 2),
            new Op("predict-only", Method.PREDICT_ONLY, "cosine", 8, 3),
            new Op("pc-asgd (blend)", Method.PC_ASGD, "cosine", 8, 3),
            new Op("pv-cosine (choose)", Method.PC_ASGD_PV, "cosine", 8, 3));

    static void run(Csv csv, int[] sizes, int threads, double minMs) {
        for (int n : sizes) {
            float[] x = random(n, 1);
            float[] g = random(n, 2);
            float[] past = random(n, 3);
            List<NeighbourCopy> nb = List.of(
                    new NeighbourCopy(1, 1.0 / 3, random(n, 4), random(n, 5), 0),
                    new NeighbourCopy(2, 1.0 / 3, random(n, 6), random(n, 7), 2));
            int[] bounds = new int[11];
            for (int k = 0; k <= 10; k++) {
                bounds[k] = (int) ((long) n * k / 10);
            }
            StepContext c = new StepContext(0, 5, 1, x, g, 1.0 / 3, nb, age -> past, bounds, null);
            float[] out = new float[n];
            double load = Timing.loadAverage();
            Timing.Stats copy = Timing.measure(() -> System.arraycopy(x, 0, out, 0, n), 300, 10, minMs);
            double copyGbs = 2.0 * 4 * n / (copy.median() / 1e3) / 1e9;
            csv.row("vector", "arraycopy", "", 0, threads, 0, copy, copyGbs, "GB/s",
                    String.format(java.util.Locale.ROOT, "n=%d floats; read 1 + write 1 arrays; load %.2f", n, load));
            for (Op op : OPS) {
                UpdateRule rule = StepBench.config(op.method, op.condition).rule();
                AgentState s = rule.init(n, bounds.length - 1);
                Timing.Stats st = Timing.measure(() -> rule.step(c, s, out), 300, 10, minMs);
                double bytes = 4.0 * n * (op.readArrays + op.writeArrays);
                double gbs = bytes / (st.median() / 1e3) / 1e9;
                csv.row("vector", op.name, "", 0, threads, 0, st, gbs, "GB/s",
                        String.format(java.util.Locale.ROOT, "n=%d floats; read %d + write %d arrays; %.0f%% of arraycopy GB/s; load %.2f",
                                n, op.readArrays, op.writeArrays, 100 * gbs / copyGbs, load));
            }
        }
    }

    static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int d = 0; d < n; d++) {
            a[d] = (float) r.nextGaussian() * 0.1f;
        }
        return a;
    }
}

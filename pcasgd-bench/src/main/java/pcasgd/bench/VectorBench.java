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

    // reads: x, g, v, on-time x_1 (+ late x̂_2 when mixed, + the extrapolating predictor's velocity u_2
    // when predicted); writes: v, out
    static final List<Op> OPS = List.of(
            new Op("mix-held (stale-dsgd)", Method.STALE_DSGD, "cosine", 5, 2),
            new Op("clip-only", Method.CLIP_ONLY, "cosine", 4, 2),
            new Op("predict-only", Method.PREDICT_ONLY, "cosine", 6, 2),
            new Op("pc-asgd (blend)", Method.PC_ASGD, "cosine", 6, 2),
            new Op("pv-cosine (choose)", Method.PC_ASGD_PV, "cosine", 6, 2));

    /** Step k's context: two neighbours, the second sent two steps late; one bound per tenth of the vector. */
    static StepContext context(long k, float[] x, float[] g, float[] past, List<NeighbourCopy> nb) {
        int n = x.length;
        int[] bounds = new int[11];
        for (int b = 0; b <= 10; b++) {
            bounds[b] = (int) ((long) n * b / 10);
        }
        return new StepContext(0, k, 1, x, g, 1.0 / 3, nb, age -> past, bounds, null);
    }

    /**
     * A rule's state after a late neighbour's copies at steps 1 and 3: the predictor has a velocity, as
     * in every step of a run but the first few. Timed steps then stay at step 5, where no forecast
     * window closes (a run closes one every τ steps: an extra pass over the vector then).
     */
    static AgentState primed(UpdateRule rule, float[] x, float[] g, float[] past, List<NeighbourCopy> nb, float[] out) {
        AgentState s = rule.init(x.length, 10);
        rule.step(context(3, x, g, past, nb), s, out);
        rule.step(context(5, x, g, past, nb), s, out);
        return s;
    }

    static void run(Csv csv, int[] sizes, int threads, double minMs) {
        for (int n : sizes) {
            float[] x = random(n, 1);
            float[] g = random(n, 2);
            float[] past = random(n, 3);
            List<NeighbourCopy> nb = List.of(
                    new NeighbourCopy(1, 1.0 / 3, random(n, 4), random(n, 5), 0),
                    new NeighbourCopy(2, 1.0 / 3, random(n, 6), random(n, 7), 2));
            StepContext c = context(5, x, g, past, nb);
            float[] out = new float[n];
            double load = Timing.loadAverage();
            Timing.Stats copy = Timing.measure(() -> System.arraycopy(x, 0, out, 0, n), 300, 10, minMs);
            double copyGbs = 2.0 * 4 * n / (copy.median() / 1e3) / 1e9;
            csv.row("vector", "arraycopy", "", 0, threads, 0, copy, copyGbs, "GB/s",
                    String.format(java.util.Locale.ROOT, "n=%d floats; read 1 + write 1 arrays; load %.2f", n, load));
            // the predicting step's metric sums alone (‖correction‖², ‖αg‖² in double, element order kept
            // so the metric stays bit-identical): C2 cannot vectorise an ordered floating-point sum, so this
            // is one dependent addition per element and sum, a floor for every predicting rule
            float[] corr = random(n, 8);
            double[] sink = new double[1];
            Timing.Stats sums = Timing.measure(() -> sink[0] += orderedSums(corr, g, 0.05f), 300, 10, minMs);
            csv.row("vector", "metric sums alone", "", 0, threads, 0, sums, sums.median() / copy.median(), "x arraycopy",
                    String.format(java.util.Locale.ROOT, "n=%d floats; two ordered double sums per element, per block of 1024 as the kernel; %.2f ns/element; load %.2f",
                            n, sums.median() * 1e6 / n, load));
            for (Op op : OPS) {
                UpdateRule rule = StepBench.config(op.method, op.condition).rule();
                AgentState s = primed(rule, x, g, past, nb, out);
                Timing.Stats st = Timing.measure(() -> rule.step(c, s, out), 300, 10, minMs);
                double bytes = 4.0 * n * (op.readArrays + op.writeArrays);
                double gbs = bytes / (st.median() / 1e3) / 1e9;
                csv.row("vector", op.name, "", 0, threads, 0, st, gbs, "GB/s",
                        String.format(java.util.Locale.ROOT, "n=%d floats; read %d + write %d arrays; %.0f%% of arraycopy GB/s; load %.2f",
                                n, op.readArrays, op.writeArrays, 100 * gbs / copyGbs, load));
            }
        }
    }

    /** Σ (double) c², Σ (double) (αg)² as the predicting kernel forms them: sequential within blocks of 1024. */
    static double orderedSums(float[] c, float[] g, float alpha) {
        double cTotal = 0;
        double gTotal = 0;
        for (int lo = 0; lo < c.length; lo += 1024) {
            int hi = Math.min(c.length, lo + 1024);
            double cs = 0;
            double gs = 0;
            for (int d = lo; d < hi; d++) {
                cs += (double) c[d] * c[d];
                float step = alpha * g[d];
                gs += (double) step * step;
            }
            cTotal += cs;
            gTotal += gs;
        }
        return cTotal + gTotal;
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

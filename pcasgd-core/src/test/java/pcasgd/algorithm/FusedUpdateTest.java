package pcasgd.algorithm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fused kernel (one pass per cache-sized block) equals the reference kernel (one whole-vector
 * pass per operation) bit for bit, for every method and predictor, on random vectors spanning
 * several blocks, over several steps with state (momentum, λ statistics, predictor tracks, choices).
 */
class FusedUpdateTest {

    static float[] random(Random r, int n, float scale) {
        float[] a = new float[n];
        for (int d = 0; d < n; d++) {
            a[d] = (float) r.nextGaussian() * scale;
        }
        return a;
    }

    private static void compare(AlgorithmConfig cfg, int n, int[] ages, long seed) {
        Random r = new Random(seed);
        UpdateRule fused = cfg.rule();
        UpdateRule ref = cfg.toBuilder().kernel(Kernel.REFERENCE).build().rule();
        int[] bounds = {0, n / 3, n / 2, n};
        AgentState sf = fused.init(n, 3);
        AgentState sr = ref.init(n, 3);
        float[] x = random(r, n, 1f);
        float[] past = random(r, n, 1f);
        for (int step = 0; step < 6; step++) {
            float[] g = random(r, n, 0.5f);
            if (n > 2) {
                java.util.Arrays.fill(g, bounds[1], bounds[2], 0f); // a layer without gradient, as batch-norm statistics
            }
            List<NeighbourCopy> nb = new ArrayList<>();
            double self = 1;
            for (int j = 0; j < ages.length; j++) {
                double w = 0.8 / (ages.length + 1);
                self -= w;
                nb.add(new NeighbourCopy(j + 1, w, random(r, n, 1f), random(r, n, 0.5f), ages[j]));
            }
            List<float[]> truths = new ArrayList<>();
            for (int j = 0; j < ages.length; j++) {
                truths.add(random(r, n, 1f));
            }
            CandidateEvaluator ev = cand -> {
                double s = 0;
                for (int d = 0; d < cand.length; d++) {
                    s += (cand[d] - 0.3) * (cand[d] - 0.3) * (d % 7);
                }
                return s;
            };
            StepContext c = new StepContext(0, step, step, x, g, self, nb, age -> past, bounds, ev,
                    id -> truths.get(id - 1));
            float[] of = new float[n];
            float[] or = new float[n];
            fused.step(c, sf, of);
            ref.step(c, sr, or);
            assertArrayEquals(or, of, 0f, cfg.method() + "/" + cfg.predictor().name() + " output at step " + step + ", n=" + n);
            assertArrayEquals(sr.velocity(), sf.velocity(), 0f, "velocity");
            x = of;
        }
        Tallies a = sf.drainTallies();
        Tallies b = sr.drainTallies();
        assertArrayEquals(b.sums(Choose.PREDICTED), a.sums(Choose.PREDICTED));
        assertArrayEquals(b.sums(Choose.DECIDED), a.sums(Choose.DECIDED));
        assertEquals(b.count(Predict.STALENESS_REMOVED), a.count(Predict.STALENESS_REMOVED));
        // the metrics' double sums are reassociated (partial sums per block), the update itself is not
        assertClose(b.ratio(Predict.CORRECTION_NORM, Predict.GRADIENT_STEP_NORM), a.ratio(Predict.CORRECTION_NORM, Predict.GRADIENT_STEP_NORM));
        assertClose(b.mean(Predict.STALENESS_REMOVED), a.mean(Predict.STALENESS_REMOVED));
        assertClose(b.mean(Predict.TRUST), a.mean(Predict.TRUST));
    }

    private static void assertClose(double expected, double actual) {
        if (Double.isNaN(expected)) {
            assertEquals(expected, actual);
        } else {
            assertEquals(expected, actual, 1e-9 * Math.max(1, Math.abs(expected)));
        }
    }

    @Test
    void everyMethodAndPredictorGivesTheSameBitsInBothKernels() {
        int[][] ageSets = {{0, 2}, {0, 0}, {3, 1, 0}, {}, {2, 3}, {0, 1, 0}};
        int[] sizes = {1, 7, 1025, 5000};
        long seed = 1;
        for (Method m : Method.values()) {
            for (String predictor : PredictorSpec.NAMES) {
                for (LambdaSpec lambda : List.of(LambdaSpec.fixed(1.0), LambdaSpec.adaptive(0.5, 0.9))) {
                    for (DampingSpec damping : List.of(DampingSpec.auto(0.9), DampingSpec.fixed(0.7))) {
                        for (String cond : List.of("cosine", "loss")) {
                            if (m != Method.PC_ASGD_PV && !cond.equals("cosine")) {
                                continue;
                            }
                            AlgorithmConfig cfg = AlgorithmConfig.builder().method(m).learningRate(0.05).momentum(0.9)
                                    .weightDecay(1e-3).theta(0.3).predictor(new PredictorSpec(predictor, lambda, damping))
                                    .condition(cond).perLayer(seed % 2 == 0 && cond.equals("cosine")).warmupEpochs((int) (seed % 3))
                                    .clipWeights(seed % 5 == 0 ? ClipWeights.UNIFORM : ClipWeights.DIAGONAL).build();
                            for (int n : sizes) {
                                for (int[] ages : ageSets) {
                                    compare(cfg, n, ages, seed++);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

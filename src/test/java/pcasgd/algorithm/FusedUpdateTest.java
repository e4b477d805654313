package pcasgd.algorithm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fused, blocked update pass equals the plain whole-vector loops ({@link ReferenceRules}) bit for
 * bit, for every method, on random vectors spanning several blocks, over several steps with state.
 */
class FusedUpdateTest {

    static ReferenceRules.RConsensusSgd reference(AlgorithmConfig a) {
        ReferenceRules.RPredict predict = new ReferenceRules.RPredict(a.learningRate(), a.lambda());
        ReferenceRules.RClip clip = new ReferenceRules.RClip(a.clipWeights());
        ReferenceRules.RStalenessPolicy policy = switch (a.method()) {
            case PC_ASGD -> new ReferenceRules.RBlend(a.theta(), predict, clip);
            case PC_ASGD_PV -> {
                ChoiceCondition c = ChoiceCondition.named(a.condition());
                yield new ReferenceRules.RChoose(predict, clip, c, a.perLayer() && c instanceof CosineCondition);
            }
            case PREDICT_ONLY -> predict;
            case CLIP_ONLY -> clip;
            case STALE_DSGD, SYNC_DSGD, CENTRALIZED -> new ReferenceRules.RKeepStale();
        };
        if (a.warmupEpochs() > 0) {
            policy = new ReferenceRules.RWarmup(a.warmupEpochs(), policy);
        }
        return new ReferenceRules.RConsensusSgd(a.learningRate(), a.momentum(), a.weightDecay(), policy);
    }

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
        UpdateRule ref = reference(cfg);
        int[] bounds = {0, n / 3, n / 2, n};
        AgentState sf = fused.init(n, 3);
        AgentState sr = ref.init(n, 3);
        float[] x = random(r, n, 1f);
        float[] past = random(r, n, 1f);
        for (int step = 0; step < 4; step++) {
            float[] g = random(r, n, 0.5f);
            List<NeighbourCopy> nb = new ArrayList<>();
            double self = 1;
            for (int j = 0; j < ages.length; j++) {
                double w = 0.8 / (ages.length + 1);
                self -= w;
                nb.add(new NeighbourCopy(j + 1, w, random(r, n, 1f), random(r, n, 0.5f), ages[j]));
            }
            CandidateEvaluator ev = cand -> {
                double s = 0;
                for (int d = 0; d < cand.length; d++) {
                    s += (cand[d] - 0.3) * (cand[d] - 0.3) * (d % 7);
                }
                return s;
            };
            StepContext c = new StepContext(0, step, step, x, g, self, nb, age -> past, bounds, ev);
            float[] of = new float[n];
            float[] or = new float[n];
            fused.step(c, sf, of);
            ref.step(c, sr, or);
            assertArrayEquals(or, of, 0f, cfg.method() + " output at step " + step + ", n=" + n);
            assertArrayEquals(sr.velocity(), sf.velocity(), 0f, "velocity");
            x = of;
        }
        ChoiceStats a = sf.drainStats();
        ChoiceStats b = sr.drainStats();
        assertArrayEquals(b.predictedPerSegment(), a.predictedPerSegment());
        assertArrayEquals(b.decidedPerSegment(), a.decidedPerSegment());
        if (Double.isNaN(b.correctionRatio())) {
            assertEquals(b.correctionRatio(), a.correctionRatio());
        } else {
            // the metric's double sums are reassociated (partial sums per block), the update itself is not
            assertEquals(b.correctionRatio(), a.correctionRatio(), 1e-12 * Math.abs(b.correctionRatio()));
        }
    }

    @Test
    void everyMethodEqualsTheUnfusedLoopsBitForBit() {
        int[][] ageSets = {{0, 2}, {0, 0}, {3, 1, 0}, {}, {2, 3}, {0, 1, 0}, {0, 0, 0, 1}};
        int[] sizes = {1, 7, 1024, 1025, 5000};
        long seed = 1;
        for (Method m : Method.values()) {
            for (LambdaSpec lambda : List.of(LambdaSpec.fixed(1.0), LambdaSpec.adaptive(0.5, 0.9))) {
                for (ClipWeights cw : ClipWeights.values()) {
                    for (String cond : List.of("cosine", "loss")) {
                        for (boolean perLayer : new boolean[] {true, false}) {
                            if (m != Method.PC_ASGD_PV && (!cond.equals("cosine") || !perLayer)) {
                                continue;
                            }
                            for (int warm : new int[] {0, 2}) {
                                AlgorithmConfig cfg = new AlgorithmConfig(m, 0.05, 0.9, 1e-3, 0.3, lambda, cond,
                                        perLayer, cw, warm);
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
}

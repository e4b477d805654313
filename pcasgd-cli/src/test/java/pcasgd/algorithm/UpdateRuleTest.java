package pcasgd.algorithm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import pcasgd.experiment.ConfigException;
import pcasgd.experiment.RunBuilder;
import pcasgd.experiment.TrainConfig;

/**
 * Every rule against numbers worked out by hand. Agent i holds x = [1, 2], g = [0.5, −1],
 * w_ii = 0.5; neighbour 1 is on time (w = 0.25, x = [3, 0], g = [1, 2]); neighbour 2 is two steps
 * late (w = 0.25, x̂ = [−1, 4], ĝ = [2, 1]) and i's own parameters two steps ago were [0, 1].
 * α = 0.1, μ = 0, so v = −α g = [−0.05, 0.1].
 */
class UpdateRuleTest {
    private static final float TOL = 1e-6f;

    private static StepContext context(CandidateEvaluator evaluator, boolean delayed) {
        NeighbourCopy onTime = new NeighbourCopy(1, 0.25, new float[] {3, 0}, new float[] {1, 2}, 0);
        NeighbourCopy late = new NeighbourCopy(2, 0.25, new float[] {-1, 4}, new float[] {2, 1}, delayed ? 2 : 0);
        OwnHistory history = age -> age == 2 ? new float[] {0, 1} : new float[] {1, 2};
        return new StepContext(0, 10, 3, new float[] {1, 2}, new float[] {0.5f, -1f}, 0.5,
                List.of(onTime, late), history, new int[] {0, 1, 2}, evaluator);
    }

    /** The draft predictor: the numbers below are worked out for it (the forward predictors have their own test). */
    private static AlgorithmConfig config(Method m, double theta, LambdaSpec lambda, String condition,
                                          boolean perLayer, ClipWeights clip) {
        return AlgorithmConfig.builder().method(m).learningRate(0.1).momentum(0).weightDecay(0).theta(theta)
                .predictor(new PredictorSpec("draft", lambda, DampingSpec.fixed(1))).condition(condition)
                .perLayer(perLayer).clipWeights(clip).build();
    }

    private static AlgorithmConfig config(Method m) {
        return config(m, 0.5, LambdaSpec.fixed(1.0), "cosine", true, ClipWeights.DIAGONAL);
    }

    private static float[] run(AlgorithmConfig cfg, StepContext c) {
        UpdateRule rule = cfg.rule();
        AgentState s = rule.init(2, 2);
        float[] out = new float[2];
        rule.step(c, s, out);
        return out;
    }

    @Test
    void staleDsgdMixesHeldCopiesAsTheyAre() {
        // 0.5·[1,2] + 0.25·[3,0] + 0.25·[−1,4] + v = [1, 2] + [−0.05, 0.1]
        assertArrayEquals(new float[] {0.95f, 2.1f}, run(config(Method.STALE_DSGD), context(null, true)), TOL);
    }

    @Test
    void predictOnlyAppliesTaylorCorrectionForLateNeighbours() {
        // x̄ = [0.95, 2.1]; Σ_D w ĝ⊙ĝ⊙(x̄ − x^{k−2}) = 0.25·[4·0.95, 1·1.1] = [0.95, 0.275]
        // x^P = x̄ − αλ·that = [0.95 − 0.095, 2.1 − 0.0275]
        assertArrayEquals(new float[] {0.855f, 2.0725f}, run(config(Method.PREDICT_ONLY), context(null, true)), TOL);
    }

    @Test
    void adaptiveLambdaIsNormalisedByTheReceivedGradientsBiasCorrected() {
        // MS tracks the late copy's ĝ⊙ĝ = [4, 1] (not the own g): MS_1 = (1 − 0.5)·[4, 1] = [2, 0.5], bias
        // correction 1/(1 − 0.5) gives MŜ = [4, 1], λ = [1/2, 1]; c = α λ ĝ⊙ĝ = [0.2, 0.1];
        // x̂^pred = [−1 − 0.2·0.95, 4 − 0.1·1.1] = [−1.19, 3.89]; x^P = x̄ + 0.25·(x̂^pred − x̂)
        AlgorithmConfig cfg = config(Method.PREDICT_ONLY, 0.5, LambdaSpec.adaptive(1.0, 0.5), "cosine", true,
                ClipWeights.DIAGONAL);
        assertArrayEquals(new float[] {0.9025f, 2.0725f}, run(cfg, context(null, true)), 1e-5f);
    }

    @Test
    void theDraftCoefficientIsCappedAtOne() {
        // λ = 10: α λ ĝ⊙ĝ = [4, 1] capped to [1, 1]: x̂^pred = x̂ − (x̄ − x^{k−2}) = [−1.95, 2.9]
        AlgorithmConfig cfg = config(Method.PREDICT_ONLY, 0.5, LambdaSpec.fixed(10), "cosine", true, ClipWeights.DIAGONAL);
        assertArrayEquals(new float[] {0.7125f, 1.825f}, run(cfg, context(null, true)), TOL);
    }

    @Test
    void clipOnlyMovesLateWeightOntoDiagonal() {
        // W̃: w_ii = 0.5 + 0.25; 0.75·[1,2] + 0.25·[3,0] + v
        assertArrayEquals(new float[] {1.45f, 1.6f}, run(config(Method.CLIP_ONLY), context(null, true)), TOL);
    }

    @Test
    void clipOnlyUniformWeightsOverOnTimeNeighbours() {
        // 1/(1+|U|) = 1/2: 0.5·[1,2] + 0.5·[3,0] + v
        AlgorithmConfig cfg = config(Method.CLIP_ONLY, 0.5, LambdaSpec.fixed(1), "cosine", true, ClipWeights.UNIFORM);
        assertArrayEquals(new float[] {1.95f, 1.1f}, run(cfg, context(null, true)), TOL);
    }

    @Test
    void pcAsgdBlendsPredictAndClipByTheta() {
        AlgorithmConfig cfg = config(Method.PC_ASGD, 0.25, LambdaSpec.fixed(1), "cosine", true, ClipWeights.DIAGONAL);
        // 0.25·[0.855, 2.0725] + 0.75·[1.45, 1.6]
        assertArrayEquals(new float[] {1.30125f, 1.718125f}, run(cfg, context(null, true)), TOL);
    }

    @Test
    void thetaOneIsPredictAndThetaZeroIsClip() {
        AlgorithmConfig one = config(Method.PC_ASGD, 1.0, LambdaSpec.fixed(1), "cosine", true, ClipWeights.DIAGONAL);
        AlgorithmConfig zero = config(Method.PC_ASGD, 0.0, LambdaSpec.fixed(1), "cosine", true, ClipWeights.DIAGONAL);
        assertArrayEquals(run(config(Method.PREDICT_ONLY), context(null, true)), run(one, context(null, true)), TOL);
        assertArrayEquals(run(config(Method.CLIP_ONLY), context(null, true)), run(zero, context(null, true)), TOL);
    }

    @Test
    void withoutLateNeighboursEveryCommunicatingMethodIsSynchronousDsgd() {
        float[] expected = run(config(Method.SYNC_DSGD), context(null, false));
        for (Method m : Method.values()) {
            if (m.communicates()) {
                assertArrayEquals(expected, run(config(m), context(null, false)), TOL, m.id());
            }
        }
    }

    @Test
    void localIgnoresItsNeighbours() {
        // x + v = [1, 2] + [−0.05, 0.1], whatever is held: here on-time neighbours at [5, 5]
        NeighbourCopy a = new NeighbourCopy(1, 0.25, new float[] {5, 5}, new float[] {1, 2}, 0);
        NeighbourCopy b = new NeighbourCopy(2, 0.25, new float[] {5, 5}, new float[] {2, 1}, 0);
        StepContext c = new StepContext(0, 10, 3, new float[] {1, 2}, new float[] {0.5f, -1f}, 0.5,
                List.of(a, b), age -> new float[] {0, 1}, new int[] {0, 1, 2}, null);
        assertArrayEquals(new float[] {0.95f, 2.1f}, run(config(Method.LOCAL), c), TOL);
        // stale DSGD on the same copies: 0.5·[1,2] + 0.5·[5,5] + v
        assertArrayEquals(new float[] {2.95f, 3.6f}, run(config(Method.STALE_DSGD), c), TOL);
    }

    @Test
    void practicalVariantCosineKeepsBetterAlignedCandidateAndCountsIt() {
        // P − x = [−0.145, 0.0725] points along −g = [−0.5, 1] in both layers; C − x = [0.45, −0.4] against it
        AlgorithmConfig cfg = config(Method.PC_ASGD_PV);
        UpdateRule rule = cfg.rule();
        AgentState s = rule.init(2, 2);
        float[] out = new float[2];
        rule.step(context(null, true), s, out);
        assertArrayEquals(new float[] {0.855f, 2.0725f}, out, TOL);
        Tallies stats = s.drainTallies();
        assertEquals(2, stats.total(Choose.DECIDED));
        assertEquals(1.0, stats.ratio(Choose.PREDICTED, Choose.DECIDED), 0.0);
        assertEquals(0, s.drainTallies().total(Choose.DECIDED), "drain resets the counters");
    }

    @Test
    void practicalVariantCosineDecidesEachLayerOnItsOwn() {
        // flip g's first coordinate: in layer 0, −g = [0.5] now favours C − x = [0.45]
        NeighbourCopy onTime = new NeighbourCopy(1, 0.25, new float[] {3, 0}, new float[] {1, 2}, 0);
        NeighbourCopy late = new NeighbourCopy(2, 0.25, new float[] {-1, 4}, new float[] {2, 1}, 2);
        StepContext c = new StepContext(0, 10, 3, new float[] {1, 2}, new float[] {-0.5f, -1f}, 0.5,
                List.of(onTime, late), age -> new float[] {0, 1}, new int[] {0, 1, 2}, null);
        UpdateRule rule = config(Method.PC_ASGD_PV).rule();
        AgentState s = rule.init(2, 2);
        float[] out = new float[2];
        rule.step(c, s, out);
        // v = [0.05, 0.1]; x̄ = [1.05, 2.1]; C = [1.5 + 0.05, 1.5 + 0.1]; P_1 = 2.1 − 0.1·0.25·(2.1 − 1)
        assertArrayEquals(new float[] {1.55f, 2.0725f}, out, TOL);
        Tallies stats = s.drainTallies();
        assertArrayEquals(new double[] {0, 1}, stats.sums(Choose.PREDICTED));
        assertEquals(0.5, stats.ratio(Choose.PREDICTED, Choose.DECIDED), 0.0);
    }

    @Test
    void practicalVariantLossConditionKeepsLowerLoss() {
        // loss = ‖candidate‖²: P gives 5.026, C gives 4.6625, so clipping wins
        CandidateEvaluator squaredNorm = p -> p[0] * p[0] + p[1] * p[1];
        AlgorithmConfig cfg = config(Method.PC_ASGD_PV, 0.5, LambdaSpec.fixed(1), "loss", false, ClipWeights.DIAGONAL);
        assertArrayEquals(new float[] {1.45f, 1.6f}, run(cfg, context(squaredNorm, true)), TOL);
    }

    @Test
    void theLossConditionRefusesPerLayerRatherThanIgnoringIt() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> config(Method.PC_ASGD_PV, 0.5, LambdaSpec.fixed(1), "loss", true, ClipWeights.DIAGONAL));
        assertTrue(e.getMessage().contains("cannot decide per layer: set perLayer=false"), e.getMessage());
        // the same through the builder's default (per layer) and through a run's config
        assertThrows(IllegalArgumentException.class,
                () -> AlgorithmConfig.builder().method(Method.PC_ASGD_PV).condition("LOSS").build());
        try (RunBuilder b = new RunBuilder()) {
            var c = assertThrows(ConfigException.class,
                    () -> b.algorithm(new TrainConfig().set("method", "pc-asgd-pv").set("condition", "loss")));
            assertTrue(c.getMessage().contains("set perLayer=false"), c.getMessage());
        }
        // whole-vector loss and per-layer cosine are fine; methods without a choice never read the condition
        config(Method.PC_ASGD_PV, 0.5, LambdaSpec.fixed(1), "loss", false, ClipWeights.DIAGONAL);
        config(Method.PC_ASGD_PV, 0.5, LambdaSpec.fixed(1), "cosine", true, ClipWeights.DIAGONAL);
        config(Method.PC_ASGD, 0.5, LambdaSpec.fixed(1), "loss", true, ClipWeights.DIAGONAL);
    }

    @Test
    void lossConditionWithoutEvaluatorFailsClearly() {
        AlgorithmConfig cfg = config(Method.PC_ASGD_PV, 0.5, LambdaSpec.fixed(1), "loss", false, ClipWeights.DIAGONAL);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(cfg, context(null, true)));
        assertTrue(e.getMessage().contains("evaluator"));
        assertTrue(cfg.needsCandidateEvaluator());
    }

    @Test
    void predictReportsCorrectionRelativeToGradientStep() {
        UpdateRule rule = config(Method.PREDICT_ONLY).rule();
        AgentState s = rule.init(2, 2);
        rule.step(context(null, true), s, new float[2]);
        // ‖[0.095, 0.0275]‖ / ‖α g‖ = 0.098900 / 0.111803
        assertEquals(Math.hypot(0.095, 0.0275) / Math.hypot(0.05, 0.1), s.drainTallies().ratio(Predict.CORRECTION_NORM, Predict.GRADIENT_STEP_NORM), 1e-6);
    }

    @Test
    void momentumAndWeightDecayFollowHeavyBall() {
        AlgorithmConfig cfg = AlgorithmConfig.builder().method(Method.CENTRALIZED).learningRate(0.1).momentum(0.9)
                .weightDecay(0.5).build();
        UpdateRule rule = cfg.rule();
        AgentState s = rule.init(1, 1);
        float[] x1 = new float[1];
        // v1 = −0.1·(2 + 0.5·1) = −0.25; x1 = 0.75
        rule.step(new StepContext(0, 0, 0, new float[] {1}, new float[] {2}, 1.0, List.of(), a -> null,
                new int[] {0, 1}, null), s, x1);
        assertEquals(0.75f, x1[0], TOL);
        float[] x2 = new float[1];
        // v2 = 0.9·(−0.25) − 0.1·(1 + 0.5·0.75) = −0.3625; x2 = 0.3875
        rule.step(new StepContext(0, 1, 0, x1, new float[] {1}, 1.0, List.of(), a -> null,
                new int[] {0, 1}, null), s, x2);
        assertEquals(0.3875f, x2[0], TOL);
    }

    @Test
    void warmupUsesPlainMixBeforeItsLastEpoch() {
        AlgorithmConfig cfg = AlgorithmConfig.builder().method(Method.CLIP_ONLY).learningRate(0.1).momentum(0)
                .weightDecay(0).warmupEpochs(5).build();
        // context epoch is 3 < 5: behaves like stale DSGD
        assertArrayEquals(new float[] {0.95f, 2.1f}, run(cfg, context(null, true)), TOL);
    }

    @Test
    void invalidHyperParametersAreRejectedWithTheirName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config(Method.PC_ASGD, 1.5, LambdaSpec.fixed(1),
                "cosine", true, ClipWeights.DIAGONAL)).getMessage().contains("theta"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config(Method.PC_ASGD_PV, 0.5,
                LambdaSpec.fixed(1), "bogus", true, ClipWeights.DIAGONAL)).getMessage().contains("cosine, loss"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Method.parse("adam"))
                .getMessage().contains("pc-asgd"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LambdaSpec.fixed(-1))
                .getMessage().contains("lambda"));
    }
}

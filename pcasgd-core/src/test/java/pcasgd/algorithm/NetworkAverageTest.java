package pcasgd.algorithm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What one step does to the network average x̄ = (1/n) Σ x_i, by hand, for every method that handles a
 * late link. With W symmetric and doubly stochastic and lateness decided alike at both ends of a link,
 * summing the rows of one step over the agents gives one rule for all of them:
 *
 * <pre>
 *   n (x̄^{k+1} − x̄^k) − Σ_i v_i = Σ_{i predicts} Σ_{j∈D_i} w_ij (x̂_j^pred − x_j^k)    (prediction error)
 *                                + Σ_{i clips} Σ_{j∈D_i} w_ij (x_i^k − x_j^k)           (clipping ends)
 * </pre>
 *
 * (for a blend, each term weighted by θ and 1 − θ). The second sum cancels over a link clipped at both
 * ends, w_ij (x_i − x_j) + w_ji (x_j − x_i) = 0, so clip-only and a fixed θ leave only the prediction
 * error; the practical variant, choosing per agent, leaves w_ij (x_i^k − x_j^k) of every late link that
 * i clips while j predicts: a shift of x̄ towards the clipping end, as large as the two agents disagree.
 *
 * <p>The case: three agents, all linked (Metropolis–Hastings: every weight 1/3), one coordinate each,
 * x = (3, 0, 6), link 0–1 late with copies x̂_1 = 1.5 (held by 0) and x̂_0 = 3 (held by 1), links to 2 on
 * time. The first step of the default predictor has seen one copy of each neighbour and does not move
 * it (x̂^pred = x̂). By hand:
 * <pre>
 *   predicting at 0:  x_0 ← (3 + 1.5 + 6)/3 = 3.5     clipping at 0:  x_0 ← (2/3)·3 + 6/3 = 4
 *   predicting at 1:  x_1 ← (3 + 0 + 6)/3  = 3       clipping at 1:  x_1 ← (2/3)·0 + 6/3 = 2
 *   agent 2 (no late link):  x_2 ← (3 + 0 + 6)/3 = 3
 * </pre>
 * Σ x^k = 9, so with zero gradients: clip-only 4 + 2 + 3 = 9 (x̄ stays), predict-only 3.5 + 3 + 3 = 9.5
 * (+1/6: the prediction error (1/3)(1.5 − 0) + (1/3)(3 − 3)), θ = 1/2 blend 3.75 + 2.5 + 3 = 9.25 (+1/12),
 * and the practical variant with 0 predicting and 1 clipping 3.5 + 2 + 3 = 8.5 (−1/6 = (1/3)(1.5 − 0)
 * + (1/3)(0 − 3), the second term the per-agent choice's).
 */
class NetworkAverageTest {
    private static final double W = 1.0 / 3;
    private static final float[] X = {3f, 0f, 6f};
    /** Copy of agent 1 that agent 0 holds, and of agent 0 that agent 1 holds (16 steps old). */
    private static final float STALE_1 = 1.5f;
    private static final float STALE_0 = 3f;
    private static final int TAU = 16;

    @Test
    void clipOnlyKeepsTheAverage() {
        assertEquals(0.0, averageChange(config(Method.CLIP_ONLY), 0, 0), 1e-6);
    }

    @Test
    void predictOnlyMovesTheAverageByThePredictionError() {
        assertEquals(W * (STALE_1 - X[1]) / 3, averageChange(config(Method.PREDICT_ONLY), 0, 0), 1e-6);
        assertEquals(1.0 / 6, averageChange(config(Method.PREDICT_ONLY), 0, 0), 1e-6);
    }

    @Test
    void aFixedThetaMovesItByThetaTimesThePredictionError() {
        assertEquals(1.0 / 12, averageChange(config(Method.PC_ASGD), 0, 0), 1e-6);
    }

    @Test
    void thePracticalVariantPredictingAtOneEndAndClippingAtTheOtherAddsTheirDisagreement() {
        // agent 0's minibatch loss is lowest at its predicting candidate (3.5), agent 1's at its clipping one (2)
        double change = averageChange(config(Method.PC_ASGD_PV), 3.5, 2);
        double predictionError = W * (STALE_1 - X[1]);
        double clippingEnd = W * (X[1] - X[0]);
        assertEquals((predictionError + clippingEnd) / 3, change, 1e-6);
        assertEquals(-1.0 / 6, change, 1e-6);
        // the other way round (0 clips, 1 predicts): 4 + 3 + 3 = 10, +1/3 = (1/3)(3 − 3) + (1/3)(3 − 0)
        assertEquals(W * (X[0] - X[1]) / 3, averageChange(config(Method.PC_ASGD_PV), 4, 3), 1e-6);
        // both clip, as clip-only; both predict, as predict-only
        assertEquals(0.0, averageChange(config(Method.PC_ASGD_PV), 4, 2), 1e-6);
        assertEquals(1.0 / 6, averageChange(config(Method.PC_ASGD_PV), 3.5, 3), 1e-6);
    }

    @Test
    void gradientStepsAddTheirMeanOnTop() {
        // the same step with gradients g = (1, 2, 6), α = 0.1, no momentum: x̄ also moves by −α ḡ = −0.3
        float[][] g = {{1f}, {2f}, {6f}};
        double change = averageChange(config(Method.PC_ASGD_PV), 3.5, 2, g);
        assertEquals(-0.3 - 1.0 / 6, change, 1e-6);
    }

    private static AlgorithmConfig config(Method m) {
        return AlgorithmConfig.builder().method(m).learningRate(0.1).momentum(0).weightDecay(0).theta(0.5)
                .condition("loss").perLayer(false).build();
    }

    private static double averageChange(AlgorithmConfig cfg, double target0, double target1) {
        return averageChange(cfg, target0, target1, new float[3][1]);
    }

    /**
     * x̄^{k+1} − x̄^k after one step of every agent; under the loss condition agent i keeps the candidate
     * nearer {@code target_i} (its minibatch loss |x − target|).
     */
    private static double averageChange(AlgorithmConfig cfg, double target0, double target1, float[][] grads) {
        UpdateRule rule = cfg.rule();
        double[] targets = {target0, target1, 0};
        float[][] held = {{0, STALE_1, X[2]}, {STALE_0, 0, X[2]}, {X[0], X[1], 0}};
        double before = 0;
        double after = 0;
        for (int i = 0; i < 3; i++) {
            List<NeighbourCopy> copies = new java.util.ArrayList<>();
            for (int j = 0; j < 3; j++) {
                if (j != i) {
                    boolean late = (i == 0 && j == 1) || (i == 1 && j == 0);
                    copies.add(new NeighbourCopy(j, W, new float[] {held[i][j]}, new float[] {0f}, late ? TAU : 0));
                }
            }
            double target = targets[i];
            float[] x = {X[i]};
            StepContext c = new StepContext(i, 100, 1, x, grads[i], W, copies, age -> x, new int[] {0, 1},
                    candidate -> Math.abs(candidate[0] - target));
            float[] out = new float[1];
            rule.step(c, rule.init(1, 1), out);
            before += X[i];
            after += out[0];
        }
        return (after - before) / 3;
    }
}

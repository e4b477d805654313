package pcasgd.algorithm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Layers that do not train (batch-norm running statistics) against numbers worked out by hand. The
 * vector is [w0, w1 | s0, s1]: a trainable layer of two weights and a layer of two running statistics,
 * whose gradient is zero and whose values the training pass writes.
 */
class FrozenLayersTest {
    private static final float TOL = 1e-6f;
    private static final int[] BOUNDS = {0, 2, 4};
    private static final boolean[] STATISTICS = {true, false};

    private static StepContext alone(long k, float[] x, float[] g, boolean[] trainable) {
        return new StepContext(0, k, 0, x, g, 1.0, List.of(), a -> null, BOUNDS, null, null, trainable);
    }

    @Test
    void weightDecayAndMomentumLeaveRunningStatisticsAlone() {
        UpdateRule rule = AlgorithmConfig.builder().method(Method.CENTRALIZED).learningRate(0.1).momentum(0.9)
                .weightDecay(0.5).build().rule();
        AgentState s = rule.init(4, 2);
        float[] x1 = new float[4];
        // weights: v1 = −0.1·(g + 0.5·x) = [−0.25, −0.2]; statistics: v = 0, x1 = x0 there
        rule.step(alone(0, new float[] {1, 2, 0.5f, 3}, new float[] {2, 1, 0, 0}, STATISTICS), s, x1);
        assertArrayEquals(new float[] {0.75f, 1.8f, 0.5f, 3f}, x1, TOL);
        assertArrayEquals(new float[] {-0.25f, -0.2f, 0f, 0f}, s.velocity(), TOL);

        // the next training pass writes new statistics; they come out exactly as written
        x1[2] = 0.6f;
        x1[3] = 2.5f;
        float[] x2 = new float[4];
        // weights: v2 = 0.9·v1 − 0.1·(1 + 0.5·x1) = [−0.3625, −0.37]
        rule.step(alone(1, x1, new float[] {1, 1, 0, 0}, STATISTICS), s, x2);
        assertArrayEquals(new float[] {0.3875f, 1.43f, 0.6f, 2.5f}, x2, TOL);
        assertArrayEquals(new float[] {0f, 0f}, new float[] {s.velocity()[2], s.velocity()[3]});

        // the same steps with every layer trainable: decay shrinks the "statistics" and momentum carries them
        AgentState all = rule.init(4, 2);
        float[] y1 = new float[4];
        rule.step(alone(0, new float[] {1, 2, 0.5f, 3}, new float[] {2, 1, 0, 0}, null), all, y1);
        assertArrayEquals(new float[] {0.75f, 1.8f, 0.475f, 2.85f}, y1, TOL);
    }

    @Test
    void runningStatisticsAreMixedLikeWeights() {
        UpdateRule rule = AlgorithmConfig.builder().method(Method.SYNC_DSGD).learningRate(0.1).momentum(0.9)
                .weightDecay(0.5).build().rule();
        AgentState s = rule.init(4, 2);
        NeighbourCopy n = new NeighbourCopy(1, 0.5, new float[] {3, 0, 1.5f, 1}, new float[] {1, 1, 0, 0}, 0);
        float[] out = new float[4];
        rule.step(new StepContext(0, 0, 0, new float[] {1, 2, 0.5f, 3}, new float[] {2, 1, 0, 0}, 0.5, List.of(n),
                a -> null, BOUNDS, null, null, STATISTICS), s, out);
        // weights: 0.5·x + 0.5·x_j + v = [2, 1] + [−0.25, −0.2]; statistics: 0.5·[0.5, 3] + 0.5·[1.5, 1]
        assertArrayEquals(new float[] {1.75f, 0.8f, 1f, 2f}, out, TOL);
    }

    /** A neighbour moving along a line in every coordinate, statistics included. */
    private static float[] line(long s) {
        return new float[] {s, -2 * s, 3 * s, s};
    }

    private static float[] predictOnLine(boolean[] trainable, Tallies[] lastStep) {
        UpdateRule rule = AlgorithmConfig.builder().method(Method.PREDICT_ONLY).learningRate(0.1).momentum(0)
                .weightDecay(0).predictor(new PredictorSpec("extrapolate", LambdaSpec.fixed(1), DampingSpec.fixed(1)))
                .build().rule();
        AgentState s = rule.init(4, 2);
        float[] out = new float[4];
        for (long k = 2; k <= 8; k++) {
            long now = k;
            if (k == 8) {
                s.drainTallies();
            }
            List<NeighbourCopy> nb = List.of(new NeighbourCopy(1, 0.5, line(k - 2), null, 2));
            rule.step(new StepContext(0, k, 0, new float[4], new float[4], 0.5, nb, a -> new float[4], BOUNDS, null,
                    j -> line(now), trainable), s, out);
        }
        lastStep[0] = s.drainTallies();
        return out;
    }

    @Test
    void lateRunningStatisticsAreMixedAsTheyAreNotExtrapolated() {
        // Windows of 2 steps give u = [1, −2, 3, 1] from k = 6; at k = 8 the copy x̂ = line(6) is brought
        // forward by 2u: [8, −16, 24, 8] = line(8) exactly. Mixed with weight 0.5 (x = 0, v = 0).
        Tallies[] st = new Tallies[1];
        assertArrayEquals(new float[] {4, -8, 12, 4}, predictOnLine(null, st), TOL, "all layers trainable");
        // statistics stay at the stale copy's [18, 6]
        assertArrayEquals(new float[] {4, -8, 9, 3}, predictOnLine(STATISTICS, st), TOL);
        // the weights' prediction was exact, and the statistics do not count as staleness left in
        assertEquals(1.0, st[0].mean(Predict.STALENESS_REMOVED), 1e-9);
        // the correction is the weights' alone: 0.5·‖[2, −4]‖
        assertEquals(0.5 * Math.hypot(2, 4), st[0].total(Predict.CORRECTION_NORM), 1e-6);
    }

    @Test
    void aLayerThatDoesNotTrainNeverVotes() {
        // A contrived non-zero "gradient" on the statistics: they still do not vote.
        UpdateRule rule = AlgorithmConfig.builder().method(Method.PC_ASGD_PV).learningRate(0.1).momentum(0)
                .weightDecay(0).predictor(new PredictorSpec("draft", LambdaSpec.fixed(1), DampingSpec.fixed(1))).build()
                .rule();
        NeighbourCopy onTime = new NeighbourCopy(1, 0.25, new float[] {3, 0, 1, 1}, new float[] {1, 2, 1, 1}, 0);
        NeighbourCopy late = new NeighbourCopy(2, 0.25, new float[] {-1, 4, 5, 5}, new float[] {2, 1, 1, 1}, 2);
        float[] g = {0.5f, -1f, 0.3f, 0.3f};
        for (boolean[] trainable : new boolean[][] {null, STATISTICS}) {
            AgentState s = rule.init(4, 2);
            rule.step(new StepContext(0, 10, 3, new float[] {1, 2, 3, 3}, g, 0.5, List.of(onTime, late),
                    a -> new float[4], BOUNDS, null, null, trainable), s, new float[4]);
            double[] decided = s.drainTallies().sums(Choose.DECIDED);
            if (trainable == null) {
                assertArrayEquals(new double[] {1, 1}, decided);
            } else {
                assertArrayEquals(new double[] {1, 0}, decided, "the statistics decide nothing");
            }
        }
    }

    @Test
    void frozenFlagsMustMatchTheLayers() {
        assertNotEquals(null, org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> alone(0, new float[4], new float[4], new boolean[] {true})));
    }
}

package pcasgd.algorithm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The forward predictors, the trust factor, the λ bound and the practical variant's voting, each
 * against numbers worked out by hand in the comments.
 */
class PredictorTest {
    private static final float TOL = 1e-5f;

    private static AlgorithmConfig predictOnly(String predictor, LambdaSpec lambda, DampingSpec damping, double momentum) {
        return AlgorithmConfig.builder().method(Method.PREDICT_ONLY).learningRate(0.1).momentum(momentum).weightDecay(0)
                .predictor(new PredictorSpec(predictor, lambda, damping)).build();
    }

    /** Agent i: x = [1, 2], g = [0.5, −1], w_ii = 0.5; on-time neighbour 1; neighbour 2 two steps late. */
    private static StepContext taylorContext() {
        NeighbourCopy onTime = new NeighbourCopy(1, 0.25, new float[] {3, 0}, new float[] {1, 2}, 0);
        NeighbourCopy late = new NeighbourCopy(2, 0.25, new float[] {-1, 4}, new float[] {2, 1}, 2);
        return new StepContext(0, 10, 3, new float[] {1, 2}, new float[] {0.5f, -1f}, 0.5, List.of(onTime, late),
                age -> new float[] {0, 1}, new int[] {0, 1, 2}, null);
    }

    private static float[] step(AlgorithmConfig cfg, StepContext c) {
        UpdateRule rule = cfg.rule();
        float[] out = new float[c.dimension()];
        rule.step(c, rule.init(c.dimension(), c.segmentBounds().length - 1), out);
        return out;
    }

    @Test
    void taylorRollsTheCopyForwardWithItsPredictedGradient() {
        // μ = 0, β = 1, age 2: h = 2·α = 0.2; Δ = x_i − x̂ = [2, −2]; coef = min(h λ ĝ⊙ĝ, 1) = [0.8, 0.2]
        // x̂^pred = x̂ − h ĝ − coef⊙Δ = [−1 − 0.4 − 1.6, 4 − 0.2 + 0.4] = [−3, 4.2]
        // x̄ = [0.95, 2.1]; x^P = x̄ + 0.25·(x̂^pred − x̂) = [0.95 − 0.5, 2.1 + 0.05]
        AlgorithmConfig cfg = predictOnly("taylor", LambdaSpec.fixed(1), DampingSpec.fixed(1), 0);
        assertArrayEquals(new float[] {0.45f, 2.15f}, step(cfg, taylorContext()), TOL);
    }

    @Test
    void taylorDampingScalesTheWholeForwardStep() {
        // β = 0.5: βh = 0.1, coef = [0.4, 0.1]: x̂^pred = [−1 − 0.2 − 0.8, 4 − 0.1 + 0.2] = [−2, 4.1]
        AlgorithmConfig cfg = predictOnly("taylor", LambdaSpec.fixed(1), DampingSpec.fixed(0.5), 0);
        assertArrayEquals(new float[] {0.7f, 2.125f}, step(cfg, taylorContext()), TOL);
    }

    @Test
    void taylorAccountsForMomentum() {
        // μ = 0.5: a heavy-ball agent moves α/(1 − μ) = 0.2 per unit gradient per step: h = 2·0.2 = 0.4;
        // coef = min(0.4·[4, 1], 1) = [1, 0.4]; x̂^pred = [−1 − 0.8 − 2, 4 − 0.4 + 0.8] = [−3.8, 4.4]
        // v = −α g = [−0.05, 0.1] (it starts at zero) so x̄ = [0.95, 2.1]
        AlgorithmConfig cfg = predictOnly("taylor", LambdaSpec.fixed(1), DampingSpec.fixed(1), 0.5);
        assertArrayEquals(new float[] {0.25f, 2.2f}, step(cfg, taylorContext()), TOL);
    }

    /** A neighbour moving on the line x(s) = [s, −2s]; one reversing, x(0) = 0, x(2) = 2, x(4) = 0, x(6) = −2, … */
    private static float[] lineAt(long s) {
        return new float[] {s, -2 * s};
    }

    private static float[] reversingAt(long s) {
        float p = s <= 2 ? s : 4 - s;
        return new float[] {p, 0};
    }

    @Test
    void extrapolateLimitsItsVelocityFitsTrustAndMeasuresStaleness() {
        // Two late neighbours, both two steps old at every step k = 2..8 (copies sent at k − 2). Agent i sits
        // at x = 0 with g = 0 (so v = 0 and x̄ = 0.25 x̂_A + 0.25 x̂_B).
        // Windows close when the copy's send step is 2 past the anchor: at k = 4, 6, 8 (sent 2, 4, 6).
        // The velocity is minmod(previous window, last window), per coordinate:
        //  k = 4: A's window [1, −2], nothing before it: u_A = 0; B's [1, 0]: u_B = 0.
        //  k = 6: A: minmod([1, −2], [1, −2]) = [1, −2]; B: minmod([1, 0], [−1, 0]) = 0 (it turned).
        //         The forecasts checked at k = 6 were made with u = 0: nothing to fit, β = 0.
        //  k = 8: A's forecast 2·u_A = [2, −4] equals x_A(6) − x_A(4): β_A = 20/20 = 1;
        //         B's forecast was 0: still nothing to fit, β_B = 0; its u_B = minmod([−1, 0], [−1, 0]) = [−1, 0].
        //  x̂_A^pred = x_A(6) + 1·2·[1, −2] = [8, −16] = x_A(8) exactly; x̂_B^pred = x_B(6) = [−2, 0].
        AlgorithmConfig cfg = predictOnly("extrapolate", LambdaSpec.fixed(1), DampingSpec.auto(0.9), 0);
        UpdateRule rule = cfg.rule();
        AgentState s = rule.init(2, 1);
        float[] out = new float[2];
        for (long k = 2; k <= 8; k++) {
            long sent = k - 2;
            List<NeighbourCopy> nb = List.of(
                    new NeighbourCopy(1, 0.25, lineAt(sent), null, 2),
                    new NeighbourCopy(2, 0.25, reversingAt(sent), null, 2));
            long now = k;
            NeighbourTruth truth = j -> j == 1 ? lineAt(now) : reversingAt(now);
            if (k == 8) {
                s.drainTallies(); // measure the last step alone
            }
            rule.step(new StepContext(0, k, 0, new float[2], new float[2], 0.5, nb, age -> new float[2],
                    new int[] {0, 2}, null, truth), s, out);
            if (k == 6) {
                // trust still 0: both copies stay as they are, x^P = 0.25·[4, −8] + 0.25·[0, 0]
                assertArrayEquals(new float[] {1.0f, -2.0f}, out, TOL, "k = 6");
            }
        }
        // 0.25·[8, −16] + 0.25·[−2, 0]
        assertArrayEquals(new float[] {1.5f, -4.0f}, out, TOL);
        Tallies st = s.drainTallies();
        // A removed all of its staleness (1), B none (0): mean 0.5; trust mean (1 + 0)/2
        assertEquals(2, st.count(Predict.STALENESS_REMOVED));
        assertEquals(0.5, st.mean(Predict.STALENESS_REMOVED), 1e-9);
        assertEquals(0.5, st.mean(Predict.TRUST), 1e-9);
        // over this one step the lag sums are the errors themselves: A's vanishes, B's is untouched
        assertEquals(0.5, st.mean(Predict.LAG_REMOVED), 1e-9);
    }

    /** One neighbour on {@link #lineAt}, its copies two steps old at k = 2..6: windows of 2 steps, u_A = [1, −2] from k = 6. */
    private static float[] primeOnTheLine(UpdateRule rule, AgentState s) {
        float[] out = new float[2];
        for (long k = 2; k <= 6; k++) {
            List<NeighbourCopy> nb = List.of(new NeighbourCopy(1, 0.5, lineAt(k - 2), null, 2));
            rule.step(new StepContext(0, k, 0, new float[2], new float[2], 0.5, nb, age -> new float[2],
                    new int[] {0, 2}, null), s, out);
        }
        return out;
    }

    @Test
    void extrapolateWithFixedTrustNeedsNoFit() {
        // β fixed at 0.5: from the second closed window (k = 6, u_A = [1, −2]) the copy moves by 0.5·2·u_A
        AlgorithmConfig cfg = predictOnly("extrapolate", LambdaSpec.fixed(1), DampingSpec.fixed(0.5), 0);
        UpdateRule rule = cfg.rule();
        AgentState s = rule.init(2, 1);
        float[] out = primeOnTheLine(rule, s);
        // x̂ = [4, −8]; x̂^pred = [4 + 1, −8 − 2]; x^P = 0.5·x̂^pred
        assertArrayEquals(new float[] {2.5f, -5.0f}, out, TOL);
        assertFalse(cfg.rule().usesNeighbourGradients(), "extrapolation needs no neighbour gradient");
    }

    @Test
    void extrapolateReportsNoTrustBeforeItHasAVelocity() {
        // One neighbour on the line, copies two steps old. k = 2: the first copy; k = 4: the first window closes,
        // k = 6 the second. With one window there is nothing for minmod to compare: no velocity, trust 0 though
        // β is fixed at 0.5 (and the copy stays as it is: x^P = 0.5·x̂). From k = 6 on the trust is 0.5.
        AlgorithmConfig cfg = predictOnly("extrapolate", LambdaSpec.fixed(1), DampingSpec.fixed(0.5), 0);
        UpdateRule rule = cfg.rule();
        AgentState s = rule.init(2, 1);
        float[] out = new float[2];
        for (long k = 2; k <= 6; k++) {
            List<NeighbourCopy> nb = List.of(new NeighbourCopy(1, 0.5, lineAt(k - 2), null, 2));
            rule.step(new StepContext(0, k, 0, new float[2], new float[2], 0.5, nb, age -> new float[2],
                    new int[] {0, 2}, null), s, out);
            if (k == 5) {
                assertArrayEquals(new float[] {1.5f, -3f}, out, TOL, "k = 5: x̂ = x(3) as it is");
                Tallies before = s.drainTallies();
                assertEquals(4, before.count(Predict.TRUST), "k = 2..5, one late copy each");
                assertEquals(0.0, before.mean(Predict.TRUST), 0.0, "no velocity before two windows: trust 0");
            }
        }
        assertEquals(0.5, s.drainTallies().mean(Predict.TRUST), 0.0);
        assertArrayEquals(new float[] {2.5f, -5.0f}, out, TOL, "x̂ = [4, −8] + 0.5·2·[1, −2], halved");
    }

    /** One step of {@code rule} at receiver step k with one copy of neighbour 1 (w = 0.5), x_i = 0, g = 0. */
    private static float[] stepWith(UpdateRule rule, AgentState s, long k, float[] copy, int age, int staleness) {
        float[] out = new float[2];
        List<NeighbourCopy> nb = List.of(new NeighbourCopy(1, 0.5, copy, null, age, staleness));
        rule.step(new StepContext(0, k, 0, new float[2], new float[2], 0.5, nb, age2 -> new float[2],
                new int[] {0, 2}, null), s, out);
        return out;
    }

    @Test
    void aNeighbourRestartedFromAnOlderStepStartsBothWindowsOver() {
        // Primed on the line to k = 6 (u = [1, −2], windows of 2 steps). Then the neighbour restarts: its copies
        // come from step 0 again, now moving along [2s, −s], two steps stale (sent s = k − 7 at k = 7, 8, 9).
        // k = 7 (sent 0 < the anchor 4): start over; k = 9 (sent 2): the first new window closes. Its old window
        // [1, −2] is forgotten with the rest: no velocity yet, trust 0, x^P = 0.5·x̂ = 0.5·[4, −2]. (Kept, minmod
        // of [1, −2] and the new [2, −1] would give u = [1, −1] and x̂ + 0.5·2·u = [5, −3].)
        AlgorithmConfig cfg = predictOnly("extrapolate", LambdaSpec.fixed(1), DampingSpec.fixed(0.5), 0);
        UpdateRule rule = cfg.rule();
        AgentState s = rule.init(2, 1);
        primeOnTheLine(rule, s);
        s.drainTallies();
        float[] out = null;
        for (long k = 7; k <= 9; k++) {
            long sent = k - 7;
            out = stepWith(rule, s, k, new float[] {2 * sent, -sent}, (int) (k - sent), 2);
        }
        assertArrayEquals(new float[] {2f, -1f}, out, TOL);
        assertEquals(0.0, s.drainTallies().mean(Predict.TRUST), 0.0);
    }

    @Test
    void forgettingANeighbourStartsItsTrackOver() {
        // Primed on the line to k = 6 (anchor: the copy sent at 4; u = [1, −2]). The runtime forgets the neighbour
        // (it restarted and resumed where it was, so its steps do not go back): at k = 7 the copy sent at 5 starts a
        // new anchor, with no velocity: x^P = 0.5·x(5) = [2.5, −5]. Not forgotten, it would be brought forward:
        // x̂ + 0.5·2·u = [6, −12], x^P = [3, −6].
        AlgorithmConfig cfg = predictOnly("extrapolate", LambdaSpec.fixed(1), DampingSpec.fixed(0.5), 0);
        for (boolean forget : new boolean[] {true, false}) {
            UpdateRule rule = cfg.rule();
            AgentState s = rule.init(2, 1);
            primeOnTheLine(rule, s);
            if (forget) {
                s.forgetNeighbour(1);
            }
            float[] out = stepWith(rule, s, 7, lineAt(5), 2, 2);
            assertArrayEquals(forget ? new float[] {2.5f, -5f} : new float[] {3f, -6f}, out, TOL, "forget " + forget);
        }
    }

    @Test
    void extrapolationNeverReachesFurtherThanTheWindowItWasSeenOver() {
        // as above to k = 6 (windows of 2 steps, u_A = [1, −2]); at k = 9 the same copy (sent at 4) is 5 old:
        // it moves by β·min(5, 2)·u_A, not by β·5·u_A
        AlgorithmConfig cfg = predictOnly("extrapolate", LambdaSpec.fixed(1), DampingSpec.fixed(0.5), 0);
        UpdateRule rule = cfg.rule();
        AgentState s = rule.init(2, 1);
        float[] out = primeOnTheLine(rule, s);
        List<NeighbourCopy> old = List.of(new NeighbourCopy(1, 0.5, lineAt(4), null, 5));
        rule.step(new StepContext(0, 9, 0, new float[2], new float[2], 0.5, old, age -> new float[2],
                new int[] {0, 2}, null), s, out);
        // x̂ = [4, −8] + 0.5·2·[1, −2] = [5, −10]; x^P = 0.5·that
        assertArrayEquals(new float[] {2.5f, -5.0f}, out, TOL);
    }

    @Test
    void aCopyIsBroughtForwardOverItsStalenessNotItsAge() {
        // windows of 2 steps as above to k = 6 (u_A = [1, −2]); at k = 9 the copy sent at 4 is 5 steps old by
        // the receiver's counter, but the runtime knows the neighbour has moved only 1 step since (the rest is
        // step skew): x̂^pred = [4, −8] + 0.5·1·[1, −2] = [4.5, −9], x^P = 0.5·that; staleness 0: x̂ as it is
        AlgorithmConfig cfg = predictOnly("extrapolate", LambdaSpec.fixed(1), DampingSpec.fixed(0.5), 0);
        for (int staleness : new int[] {1, 0}) {
            UpdateRule rule = cfg.rule();
            AgentState s = rule.init(2, 1);
            float[] out = primeOnTheLine(rule, s);
            List<NeighbourCopy> skewed = List.of(new NeighbourCopy(1, 0.5, lineAt(4), null, 5, staleness));
            rule.step(new StepContext(0, 9, 0, new float[2], new float[2], 0.5, skewed, age -> new float[2],
                    new int[] {0, 2}, null), s, out);
            float[] want = staleness == 1 ? new float[] {2.25f, -4.5f} : new float[] {2f, -4f};
            assertArrayEquals(want, out, TOL, "staleness " + staleness);
        }
    }

    @Test
    void taylorRollsForwardOverTheStaleness() {
        // the late copy of taylorContext() is 2 steps old but 1 step stale: h = 1·α = 0.1, coef = min(0.1·[4, 1], 1)
        // = [0.4, 0.1]; x̂^pred = [−1 − 0.2 − 0.8, 4 − 0.1 + 0.2] = [−2, 4.1]; x^P = [0.95 − 0.25, 2.1 + 0.025]
        NeighbourCopy onTime = new NeighbourCopy(1, 0.25, new float[] {3, 0}, new float[] {1, 2}, 0);
        NeighbourCopy late = new NeighbourCopy(2, 0.25, new float[] {-1, 4}, new float[] {2, 1}, 2, 1);
        StepContext c = new StepContext(0, 10, 3, new float[] {1, 2}, new float[] {0.5f, -1f}, 0.5, List.of(onTime, late),
                age -> new float[] {0, 1}, new int[] {0, 1, 2}, null);
        AlgorithmConfig cfg = predictOnly("taylor", LambdaSpec.fixed(1), DampingSpec.fixed(1), 0);
        assertArrayEquals(new float[] {0.7f, 2.125f}, step(cfg, c), TOL);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new NeighbourCopy(2, 0.25, new float[2], null, 2, 3));
        assertTrue(e.getMessage().contains("staleness must be in 0..2"), e.getMessage());
    }

    @Test
    void minmodKeepsOnlyADriftBothWindowsAgreeOn() {
        assertEquals(1f, ExtrapolatePredictor.minmod(3f, 1f));
        assertEquals(-0.5f, ExtrapolatePredictor.minmod(-0.5f, -2f));
        assertEquals(0f, ExtrapolatePredictor.minmod(1f, -1f), "an oscillation is not extrapolated");
        assertEquals(0f, ExtrapolatePredictor.minmod(0f, 2f));
    }

    @Test
    void theDraftStaysBoundedWhereTheOwnGradientIsZero() {
        // One coordinate, own g = 0, a late copy x̂ = 0 with ĝ = 1, α = 0.05, μ = 0.9. Normalised by the own
        // gradient (zero) λ became 1/√ε and x went 1 → −4.27 → 86.6 → −1479. Normalised by ĝ and capped at 1,
        // x^P = 0.5 x_k − 0.5 c (0.5 x_k − x_{k−2}) with c ≤ 1, a convex combination of past values: |x| ≤ 1.
        for (double lambda0 : new double[] {1, 1000}) {
            AlgorithmConfig cfg = AlgorithmConfig.builder().method(Method.PREDICT_ONLY).learningRate(0.05).momentum(0.9)
                    .weightDecay(0).predictor(new PredictorSpec("draft", LambdaSpec.adaptive(lambda0, 0.95),
                            DampingSpec.fixed(1))).build();
            UpdateRule rule = cfg.rule();
            AgentState s = rule.init(1, 1);
            List<float[]> history = new ArrayList<>(List.of(new float[] {1}, new float[] {1}, new float[] {1}));
            for (int k = 0; k < 10_000; k++) {
                float[] x = history.get(history.size() - 1);
                float[] past = history.get(history.size() - 3);
                NeighbourCopy late = new NeighbourCopy(1, 0.5, new float[] {0}, new float[] {1}, 2);
                float[] out = new float[1];
                rule.step(new StepContext(0, k, 0, x, new float[] {0}, 0.5, List.of(late), age -> past,
                        new int[] {0, 1}, null), s, out);
                assertTrue(Math.abs(out[0]) <= 1.0f, "lambda0 " + lambda0 + ", step " + k + ": x = " + out[0]);
                history.add(out);
                history.remove(0);
            }
        }
    }

    /** Three one-element layers; the middle one's gradient is identically zero (a batch-norm running statistic). */
    private static StepContext zeroSegmentContext() {
        NeighbourCopy onTime = new NeighbourCopy(1, 0.25, new float[] {3, 0, 1}, new float[] {1, 2, 1}, 0);
        NeighbourCopy late = new NeighbourCopy(2, 0.25, new float[] {-1, 4, 5}, new float[] {2, 1, 1}, 2);
        return new StepContext(0, 10, 3, new float[] {1, 2, 3}, new float[] {0.5f, 0f, -1f}, 0.5,
                List.of(onTime, late), age -> new float[] {0, 1, 2}, new int[] {0, 1, 2, 3}, null);
    }

    private static AlgorithmConfig practical(boolean perLayer) {
        return AlgorithmConfig.builder().method(Method.PC_ASGD_PV).learningRate(0.1).momentum(0).weightDecay(0)
                .predictor(new PredictorSpec("draft", LambdaSpec.fixed(1), DampingSpec.fixed(1))).perLayer(perLayer).build();
    }

    @Test
    void aLayerWithZeroGradientDoesNotVoteAndFollowsTheWholeVector() {
        // v = [−0.05, 0, 0.1]; x̄ = [0.95, 2.0, 3.1]; draft c = [0.4, 0.1, 0.1]:
        // x^P = [0.855, 1.975, 3.0725]; x^C = 0.75 x + 0.25·[3, 0, 1] + v = [1.45, 1.5, 2.6].
        // Layer 0: P − x = −0.145 along −g = −0.5 → predict; layer 2: 0.0725 along 1 → predict. Layer 1 has
        // g = 0: on its own it would be a tie (clip); it abstains and takes the whole-vector decision, cos P =
        // 0.145/(√0.02628125·√1.25) = 0.8 against cos C < 0: predict, so it keeps 1.975, not 1.5.
        UpdateRule rule = practical(true).rule();
        AgentState s = rule.init(3, 3);
        float[] out = new float[3];
        rule.step(zeroSegmentContext(), s, out);
        assertArrayEquals(new float[] {0.855f, 1.975f, 3.0725f}, out, TOL);
        Tallies st = s.drainTallies();
        assertArrayEquals(new double[] {1, 0, 1}, st.sums(Choose.DECIDED), "the zero-gradient layer decides nothing");
        assertArrayEquals(new double[] {1, 0, 1}, st.sums(Choose.PREDICTED));
    }

    @Test
    void perLayerFalseTakesOneDecisionForTheWholeVector() {
        // The flipped-gradient case where per layer picks [clip, predict] (UpdateRuleTest): g = [−0.5, −1].
        // v = [0.05, 0.1]; x̄ = [1.05, 2.1]; x^P = [0.945, 2.0725]; x^C = [1.55, 1.6].
        // Whole vector: cos P = 0.045/(√0.00828125·√1.25) = 0.442, cos C < 0: predict everywhere.
        NeighbourCopy onTime = new NeighbourCopy(1, 0.25, new float[] {3, 0}, new float[] {1, 2}, 0);
        NeighbourCopy late = new NeighbourCopy(2, 0.25, new float[] {-1, 4}, new float[] {2, 1}, 2);
        StepContext c = new StepContext(0, 10, 3, new float[] {1, 2}, new float[] {-0.5f, -1f}, 0.5,
                List.of(onTime, late), age -> new float[] {0, 1}, new int[] {0, 1, 2}, null);
        UpdateRule rule = practical(false).rule();
        AgentState s = rule.init(2, 2);
        float[] out = new float[2];
        rule.step(c, s, out);
        assertArrayEquals(new float[] {0.945f, 2.0725f}, out, TOL);
        assertEquals(1.0, s.drainTallies().ratio(Choose.PREDICTED, Choose.DECIDED), 0.0);
    }

    @Test
    void tiesGoToClipping() {
        StepContext c = zeroSegmentContext();
        boolean[] choice = new boolean[3];
        float[] same = {1.5f, 1.5f, 2.5f};
        new CosineCondition().choose(c, same, same.clone(), new int[] {0, 1, 2, 3}, new boolean[] {true, true, true},
                true, choice);
        assertArrayEquals(new boolean[] {false, false, false}, choice);
    }
}

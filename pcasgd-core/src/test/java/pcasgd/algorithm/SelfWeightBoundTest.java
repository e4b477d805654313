package pcasgd.algorithm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * The predicting step cannot amplify: eight agents on a ring (w_ii = w_ij = 1/3), every link late by τ
 * steps, θ = 1, one coordinate each with f_i(x) = ½ x². Copies are x_j^{k−τ} with their gradients
 * g_j^{k−τ} = x_j^{k−τ}, as in lockstep.
 *
 * <p>The linearised step is the mix with each coefficient at its cap: λ = 10³⁰ saturates the Hessian
 * coefficient min(h λ ĝ², 1) at 1 wherever ĝ ≠ 0, β = 1, and α = 10⁻⁶ leaves the gradient steps
 * negligible (they exist only so that ĝ ≠ 0). The step is then linear in the state (draft, Taylor) or
 * piecewise linear and positively homogeneous (extrapolate: minmod), so iterating it from a random
 * start is power iteration: its growth per step is the spectral radius. By hand, Taylor at the cap
 * without a bound: x_i^{k+1} = −(1/3) x_i^k + (2/3)(x_{i−1}^{k−τ} + x_{i+1}^{k−τ}); on the uniform mode
 * z^{τ+1} + z^τ/3 − 4/3 = 0, at τ = 1 (z − 1)(z + 4/3) = 0: spectral radius 4/3. With the bound each
 * c = 1/2, the self-weight 0: z^{τ+1} = s for the ring's modes s ∈ [−1, 1], spectral radius 1.
 */
class SelfWeightBoundTest {
    private static final int AGENTS = 8;
    private static final float W = 1f / 3;

    /** The ring above, stepped with the real update rule; one {@link AgentState} per agent. */
    private static final class LateRing {
        final int tau;
        final UpdateRule rule;
        final AgentState[] states = new AgentState[AGENTS];
        final float[][] history; // x^k of agent i at history[k mod depth][i]
        final int depth;
        long k;

        LateRing(AlgorithmConfig cfg, int tau, long seed) {
            this.tau = tau;
            this.rule = cfg.rule();
            this.depth = tau + 2;
            this.history = new float[depth][AGENTS];
            Random r = new Random(seed);
            for (int i = 0; i < AGENTS; i++) {
                states[i] = rule.init(1, 1);
            }
            for (int s = 0; s <= tau; s++) {
                for (int i = 0; i < AGENTS; i++) {
                    history[s][i] = 2 * r.nextFloat() - 1;
                }
            }
            k = tau;
        }

        float at(long step, int i) {
            return history[(int) (step % depth)][i];
        }

        /** One step of every agent; returns max_i |x_i^{k+1}|. */
        double step() {
            float[] next = history[(int) ((k + 1) % depth)];
            double max = 0;
            for (int i = 0; i < AGENTS; i++) {
                int left = (i + AGENTS - 1) % AGENTS;
                int right = (i + 1) % AGENTS;
                float xl = at(k - tau, left);
                float xr = at(k - tau, right);
                List<NeighbourCopy> copies = List.of(
                        new NeighbourCopy(left, W, new float[] {xl}, new float[] {xl}, tau),
                        new NeighbourCopy(right, W, new float[] {xr}, new float[] {xr}, tau));
                float xi = at(k, i);
                long now = k;
                int agent = i;
                StepContext c = new StepContext(i, k, 0, new float[] {xi}, new float[] {xi}, W, copies,
                        age -> new float[] {at(now - age, agent)}, new int[] {0, 1}, null);
                float[] out = new float[1];
                rule.step(c, states[i], out);
                next[i] = out[0];
                max = Math.max(max, Math.abs(out[0]));
            }
            k++;
            return max;
        }
    }

    /**
     * Growth per step of a homogeneous iteration: the envelope (max over {@code window} steps) of
     * max|x| at the end against halfway, over the steps between. Stops early past 10³⁰.
     */
    static double growth(DoubleSupplier step, int steps, int window) {
        double[] size = new double[steps];
        int done = 0;
        while (done < steps) {
            size[done] = step.getAsDouble();
            done++;
            if (!(size[done - 1] < 1e30)) {
                break;
            }
        }
        int half = done / 2;
        return Math.exp((Math.log(envelope(size, done, window)) - Math.log(envelope(size, half, window))) / (done - half));
    }

    private static double envelope(double[] size, int end, int window) {
        double max = 0;
        for (int t = Math.max(0, end - window); t < end; t++) {
            max = Math.max(max, size[t]);
        }
        return max;
    }

    private static AlgorithmConfig atTheCap(String predictor, double learningRate, double momentum) {
        return AlgorithmConfig.builder().method(Method.PREDICT_ONLY).learningRate(learningRate).momentum(momentum)
                .weightDecay(0).predictor(new PredictorSpec(predictor, LambdaSpec.fixed(1e30), DampingSpec.fixed(1), true))
                .build();
    }

    @Test
    void theGrowthEstimateReadsTheSpectralRadiusOfARecurrenceWorkedOutByHand() {
        // y^{k+1} = −(1/3) y^k + (4/3) y^{k−1}: roots 1 and −4/3 (Taylor at the cap, no bound, τ = 1, uniform mode)
        double[] y = {0.3, -0.7};
        double r = growth(() -> {
            double next = -y[1] / 3 + 4 * y[0] / 3;
            y[0] = y[1];
            y[1] = next;
            return Math.abs(next);
        }, 4000, 64);
        assertEquals(4.0 / 3, r, 1e-3);
        // y^{k+1} = y^{k−1}: roots ±1 (the bounded step's uniform mode at τ = 1)
        double[] z = {0.3, -0.7};
        double one = growth(() -> {
            double next = z[0];
            z[0] = z[1];
            z[1] = next;
            return Math.abs(next);
        }, 4000, 64);
        assertEquals(1.0, one, 1e-9);
    }

    @Test
    void theLinearisedStepOfEveryPredictorHasSpectralRadiusAtMostOne() {
        StringBuilder all = new StringBuilder();
        boolean ok = true;
        for (String predictor : PredictorSpec.NAMES) {
            for (int tau : new int[] {1, 2, 4, 16}) {
                LateRing ring = new LateRing(atTheCap(predictor, 1e-6, 0), tau, 11 + tau);
                double rho = growth(ring::step, 20_000, Math.max(64, 8 * tau));
                all.append(String.format("%s τ=%d: %.6f%n", predictor, tau, rho));
                ok &= rho <= 1 + 1e-4; // the estimate's own error on marginal modes is below 1e-6 here
            }
        }
        assertTrue(ok, "spectral radius above 1:\n" + all);
    }

    @Test
    void aQuadraticStaysBoundedOverTenThousandSteps() {
        // the defaults α = 0.05, μ = 0.9, the coefficients at their cap; the start lies in [−1, 1]. (With μ = 0 the
        // agent's own gradient step on top of a self-weight held at 0 grows Taylor's step by 1 + α/6 at τ = 1: see
        // SelfWeightBound.)
        StringBuilder all = new StringBuilder();
        boolean ok = true;
        for (String predictor : PredictorSpec.NAMES) {
            for (int tau : new int[] {1, 2, 4}) {
                LateRing ring = new LateRing(atTheCap(predictor, 0.05, 0.9), tau, 5 + tau);
                double max = 0;
                for (int s = 0; s < 10_000; s++) {
                    double m = ring.step();
                    if (!Double.isFinite(m)) {
                        max = Double.POSITIVE_INFINITY;
                        break;
                    }
                    max = Math.max(max, m);
                }
                all.append(String.format("%s τ=%d: max |x| = %.4g%n", predictor, tau, max));
                ok &= max <= 10;
            }
        }
        assertTrue(ok, "a quadratic grew:\n" + all);
    }

    private static float[] step(AlgorithmConfig cfg, StepContext c) {
        UpdateRule rule = cfg.rule();
        float[] out = new float[c.dimension()];
        rule.step(c, rule.init(c.dimension(), 1), out);
        return out;
    }

    @Test
    void taylorsCoefficientsAreScaledTogetherWhereTheyWouldTakeMoreThanTheSelfWeight() {
        // x = [1, 2], g = 0 (so v = 0), w_ii = 0.2; two late copies, w = 0.4 each, one step old. α = 0.1, μ = 0,
        // β = 1: h = 0.1; λ = 10: c = min(ĝ², 1).
        //   A: x̂ = [0, 0],  ĝ = [1, 0.5]: c_A = [1, 0.25]
        //   B: x̂ = [−2, 4], ĝ = [−1, 0]:  c_B = [1, 0]
        // Σ w c = [0.8, 0.1] against w_ii = 0.2: factors [0.25, 1] (the second coordinate is left alone).
        //   x̂_A^pred = x̂_A − h ĝ_A − c'_A (x − x̂_A) = [−0.1 − 0.25·1, −0.05 − 0.25·2] = [−0.35, −0.55]
        //   x̂_B^pred = [−2 + 0.1 − 0.25·3, 4 − 0]                            = [−2.65, 4]
        //   x^P = 0.2 x + 0.4 x̂_A^pred + 0.4 x̂_B^pred = [0.2 − 0.14 − 1.06, 0.4 − 0.22 + 1.6] = [−1, 1.78]
        // (unbounded: x̂_A^pred = [−1.1, −0.55], x̂_B^pred = [−4.9, 4], x^P = [−2.2, 1.78]; the first coordinate's
        // self-weight would be 0.2 − 0.8 = −0.6, bounded it is 0.2 − 0.4·0.25 − 0.4·0.25 = 0)
        NeighbourCopy a = new NeighbourCopy(1, 0.4, new float[] {0, 0}, new float[] {1, 0.5f}, 1);
        NeighbourCopy b = new NeighbourCopy(2, 0.4, new float[] {-2, 4}, new float[] {-1, 0}, 1);
        StepContext c = new StepContext(0, 5, 0, new float[] {1, 2}, new float[2], 0.2, List.of(a, b),
                age -> new float[] {1, 2}, new int[] {0, 2}, null);
        AlgorithmConfig cfg = AlgorithmConfig.builder().method(Method.PREDICT_ONLY).learningRate(0.1).momentum(0)
                .weightDecay(0).predictor(new PredictorSpec("taylor", LambdaSpec.fixed(10), DampingSpec.fixed(1), true)).build();
        assertArrayEquals(new float[] {-1f, 1.78f}, step(cfg, c), 1e-5f);
    }

    @Test
    void extrapolationIsScaledPerCoordinateWhereItsVelocityIsNotZero() {
        // Two late neighbours, w = 0.4 each, w_ii = 0.2, copies two steps old at k = 2..6; A moves along [s, −2s],
        // B along [s, 0]. Windows of 2 steps close at k = 4 and 6; from k = 6 u_A = [1, −2], u_B = [1, 0]; β = 1,
        // min(τ, L)/L = 1: c_A = [1, 1], c_B = [1, 0] (B's second velocity is zero). Σ w c = [0.8, 0.4] against
        // 0.2: factors [0.25, 0.5]. x̂ = x(4): x̂_A^pred = [4, −8] + 2·[0.25·1, 0.5·(−2)] = [4.5, −10];
        // x̂_B^pred = [4, 0] + 2·[0.25, 0] = [4.5, 0]. Agent i sits at 0 with g = 0: x^P = 0.4·[4.5, −10] + 0.4·[4.5, 0].
        // (Unbounded: 0.4·[6, −12] + 0.4·[6, 0] = [4.8, −4.8].)
        AlgorithmConfig cfg = AlgorithmConfig.builder().method(Method.PREDICT_ONLY).learningRate(0.1).momentum(0)
                .weightDecay(0).predictor(new PredictorSpec("extrapolate", LambdaSpec.fixed(1), DampingSpec.fixed(1), true))
                .build();
        UpdateRule rule = cfg.rule();
        AgentState s = rule.init(2, 1);
        float[] out = new float[2];
        for (long k = 2; k <= 6; k++) {
            long sent = k - 2;
            List<NeighbourCopy> nb = List.of(
                    new NeighbourCopy(1, 0.4, new float[] {sent, -2 * sent}, null, 2),
                    new NeighbourCopy(2, 0.4, new float[] {sent, 0}, null, 2));
            rule.step(new StepContext(0, k, 0, new float[2], new float[2], 0.2, nb, age -> new float[2],
                    new int[] {0, 2}, null), s, out);
        }
        assertArrayEquals(new float[] {3.6f, -4.0f}, out, 1e-5f);
    }
}

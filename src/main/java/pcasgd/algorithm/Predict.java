package pcasgd.algorithm;

import java.util.List;

/**
 * Predicting step: keep the late copies and correct their staleness with a first-order Taylor
 * term whose Hessian is approximated by ĝ⊙ĝ (DC-ASGD, Zheng et al. 2017):
 *
 * <pre>
 *   x̄_i   = w_ii x_i^k + Σ_{j∈U_i} w_ij x_j^k + Σ_{j∈D_i} w_ij x̂_j + v_i
 *   x_i^P = x̄_i − α λ Σ_{j∈D_i} w_ij · ĝ_j ⊙ ĝ_j ⊙ (x̄_i − x_i^{k−τ_ij})
 * </pre>
 *
 * λ is either fixed or DC-ASGD-a's adaptive λ_t = λ₀ / √(MS_t + ε) per coordinate with
 * MS_t = m·MS_{t−1} + (1 − m)·g⊙g, because a raw λ makes the term vanish next to the step.
 *
 * <p>Per block: the mix, the mean-square update, the correction sum (one simple loop per late
 * neighbour into a block-sized scratch, so the JIT vectorises it) and the correction itself, each
 * element with the same float operations in the same order as one whole-vector loop.
 */
final class Predict implements StalenessPolicy {
    private final float alpha;
    private final LambdaSpec lambda;

    Predict(double alpha, LambdaSpec lambda) {
        this.alpha = (float) alpha;
        this.lambda = lambda;
    }

    @Override
    public void prepare(StepContext c, AgentState s) {
        List<NeighbourCopy> nb = c.neighbours();
        s.ensureLate(nb.size());
        int m = 0;
        for (int j = 0; j < nb.size(); j++) {
            NeighbourCopy n = nb.get(j);
            if (!n.onTime()) {
                s.lateWeight[m] = (float) n.weight();
                s.lateGrad[m] = n.grad();
                s.latePast[m] = c.history().paramsAgo(n.age());
                m++;
            }
        }
        s.lateCount = m;
        s.correctionSq = 0;
        s.gradientStepSq = 0;
    }

    @Override
    public void combine(StepContext c, AgentState s, float[] velocity, int lo, int hi, float[] out) {
        Mixing.mixHeld(c, velocity, lo, hi, out);
        float[] g = c.grad();
        float[] ms = lambda.adaptive() ? s.meanSquare() : null;
        float decay = (float) lambda.decay();
        int m = s.lateCount;
        if (m == 0) {
            if (ms != null) {
                for (int d = lo; d < hi; d++) {
                    ms[d] = decay * ms[d] + (1 - decay) * g[d] * g[d];
                }
            }
            return;
        }
        // sum[d] = Σ_j w_j ĝ_j² (x̄ − x^{k−τ_j}), late neighbours in order, starting from 0f: one simple
        // loop per neighbour into a reused full-size buffer, so the JIT vectorises it
        float[] sum = s.scratch();
        for (int j = 0; j < m; j++) {
            float w = s.lateWeight[j];
            float[] gj = s.lateGrad[j];
            float[] past = s.latePast[j];
            if (j == 0) {
                for (int d = lo; d < hi; d++) {
                    sum[d] = 0f + w * gj[d] * gj[d] * (out[d] - past[d]);
                }
            } else {
                for (int d = lo; d < hi; d++) {
                    sum[d] += w * gj[d] * gj[d] * (out[d] - past[d]);
                }
            }
        }
        float lambda0 = (float) lambda.value();
        float eps = (float) lambda.epsilon();
        // sum[] becomes the correction in place, then is subtracted from x̄
        if (ms == null) {
            float al = alpha * lambda0;
            for (int d = lo; d < hi; d++) {
                float correction = al * sum[d];
                sum[d] = correction;
                out[d] = out[d] - correction;
            }
        } else {
            // the mean-square update (MS_t, used by this step's λ) fused into the same loop
            for (int d = lo; d < hi; d++) {
                ms[d] = decay * ms[d] + (1 - decay) * g[d] * g[d];
                float lam = lambda0 / (float) Math.sqrt(ms[d] + eps);
                float correction = alpha * lam * sum[d];
                sum[d] = correction;
                out[d] = out[d] - correction;
            }
        }
        // ‖correction‖² and ‖α g‖² for the metrics: four partial sums (reassociated: metrics only)
        double c0 = 0, c1 = 0, c2 = 0, c3 = 0, q0 = 0, q1 = 0, q2 = 0, q3 = 0;
        int d = lo;
        for (; d + 3 < hi; d += 4) {
            c0 += (double) sum[d] * sum[d];
            c1 += (double) sum[d + 1] * sum[d + 1];
            c2 += (double) sum[d + 2] * sum[d + 2];
            c3 += (double) sum[d + 3] * sum[d + 3];
            float s0 = alpha * g[d];
            float s1 = alpha * g[d + 1];
            float s2 = alpha * g[d + 2];
            float s3 = alpha * g[d + 3];
            q0 += (double) s0 * s0;
            q1 += (double) s1 * s1;
            q2 += (double) s2 * s2;
            q3 += (double) s3 * s3;
        }
        for (; d < hi; d++) {
            c0 += (double) sum[d] * sum[d];
            float s0 = alpha * g[d];
            q0 += (double) s0 * s0;
        }
        s.correctionSq += (c0 + c1) + (c2 + c3);
        s.gradientStepSq += (q0 + q1) + (q2 + q3);
    }

    @Override
    public void finish(StepContext c, AgentState s, float[] out) {
        if (s.lateCount > 0) {
            s.recordCorrection(Math.sqrt(s.correctionSq), Math.sqrt(s.gradientStepSq));
        }
    }
}

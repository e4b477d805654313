package pcasgd.algorithm;

import java.util.ArrayList;
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
 */
final class Predict implements StalenessPolicy {
    private final float alpha;
    private final LambdaSpec lambda;

    Predict(double alpha, LambdaSpec lambda) {
        this.alpha = (float) alpha;
        this.lambda = lambda;
    }

    @Override
    public void combine(StepContext c, AgentState s, float[] velocity, float[] out) {
        Mixing.mixHeld(c, velocity, out);
        float[] g = c.grad();
        float[] ms = lambda.adaptive() ? updateMeanSquare(s, g) : null;
        List<NeighbourCopy> late = new ArrayList<>(c.neighbours().size());
        for (NeighbourCopy n : c.neighbours()) {
            if (!n.onTime()) {
                late.add(n);
            }
        }
        if (late.isEmpty()) {
            return;
        }
        int m = late.size();
        float[] w = new float[m];
        float[][] gHat = new float[m][];
        float[][] past = new float[m][];
        for (int j = 0; j < m; j++) {
            NeighbourCopy n = late.get(j);
            w[j] = (float) n.weight();
            gHat[j] = n.grad();
            past[j] = c.history().paramsAgo(n.age());
        }
        float lambda0 = (float) lambda.value();
        float eps = (float) lambda.epsilon();
        double correctionSq = 0;
        double gradientStepSq = 0;
        for (int d = 0; d < out.length; d++) {
            float xBar = out[d];
            float sum = 0f;
            for (int j = 0; j < m; j++) {
                float gj = gHat[j][d];
                sum += w[j] * gj * gj * (xBar - past[j][d]);
            }
            float lam = ms == null ? lambda0 : lambda0 / (float) Math.sqrt(ms[d] + eps);
            float correction = alpha * lam * sum;
            out[d] = xBar - correction;
            correctionSq += (double) correction * correction;
            float step = alpha * g[d];
            gradientStepSq += (double) step * step;
        }
        s.recordCorrection(Math.sqrt(correctionSq), Math.sqrt(gradientStepSq));
    }

    private float[] updateMeanSquare(AgentState s, float[] g) {
        float[] ms = s.meanSquare();
        float decay = (float) lambda.decay();
        for (int d = 0; d < ms.length; d++) {
            ms[d] = decay * ms[d] + (1 - decay) * g[d] * g[d];
        }
        return ms;
    }
}

package pcasgd.algorithm;

import java.util.ArrayList;
import java.util.List;

/** The update rules as they were before the fused, blocked pass (one whole-vector loop per operation): the reference the fused code must equal bit for bit. */
final class ReferenceRules {
    private ReferenceRules() { }


    /**
     * The one piece in which the methods differ: how the consensus mix treats neighbour copies that
     * are late. Writes {@code out = mix(x_i, copies) + v_i}, where v_i is this step's heavy-ball
     * velocity already computed by {@link RConsensusSgd}.
     */
    interface RStalenessPolicy {
        void combine(StepContext c, AgentState s, float[] velocity, float[] out);
    }

    /** The two consensus mixes every policy is built from. */
    static final class RMixing {
        private RMixing() { }

        /** Stale mix, all held copies as they are: out = w_ii x_i + Σ_j w_ij x̂_j + v. */
        static void mixHeld(StepContext c, float[] v, float[] out) {
            float[] x = c.params();
            float wii = (float) c.selfWeight();
            for (int d = 0; d < out.length; d++) {
                out[d] = wii * x[d] + v[d];
            }
            for (NeighbourCopy n : c.neighbours()) {
                addScaled(out, (float) n.weight(), n.params());
            }
        }

        /**
         * Clipping mix over on-time neighbours only: out = Σ_{j∈{i}∪U_i} w̃_ij x_j + v, with W̃ = W
         * whose delayed entries moved onto the diagonal, or uniform 1/(1+|U_i|) weights.
         */
        static void mixOnTime(StepContext c, ClipWeights weights, float[] v, float[] out) {
            float[] x = c.params();
            int onTime = 0;
            double delayedWeight = 0;
            for (NeighbourCopy n : c.neighbours()) {
                if (n.onTime()) {
                    onTime++;
                } else {
                    delayedWeight += n.weight();
                }
            }
            float uniform = 1f / (1 + onTime);
            float self = weights == ClipWeights.UNIFORM ? uniform : (float) (c.selfWeight() + delayedWeight);
            for (int d = 0; d < out.length; d++) {
                out[d] = self * x[d] + v[d];
            }
            for (NeighbourCopy n : c.neighbours()) {
                if (n.onTime()) {
                    addScaled(out, weights == ClipWeights.UNIFORM ? uniform : (float) n.weight(), n.params());
                }
            }
        }

        private static void addScaled(float[] out, float w, float[] y) {
            for (int d = 0; d < out.length; d++) {
                out[d] += w * y[d];
            }
        }
    }

    /**
     * Uses every held copy as it is. With on-time copies only this is synchronous DSGD/CDMSGD; with
     * late ones it is stale asynchronous DSGD (no compensation); with no neighbours, plain SGD.
     */
    static final class RKeepStale implements RStalenessPolicy {
        @Override
        public void combine(StepContext c, AgentState s, float[] velocity, float[] out) {
            RMixing.mixHeld(c, velocity, out);
        }
    }

    /** Clipping step: drop the late copies and mix only on-time ones, x_i^C = Σ w̃_ij x_j^k + v_i. */
    static final class RClip implements RStalenessPolicy {
        private final ClipWeights weights;

        RClip(ClipWeights weights) {
            this.weights = weights;
        }

        @Override
        public void combine(StepContext c, AgentState s, float[] velocity, float[] out) {
            RMixing.mixOnTime(c, weights, velocity, out);
        }
    }


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
    static final class RPredict implements RStalenessPolicy {
        private final float alpha;
        private final LambdaSpec lambda;

        RPredict(double alpha, LambdaSpec lambda) {
            this.alpha = (float) alpha;
            this.lambda = lambda;
        }

        @Override
        public void combine(StepContext c, AgentState s, float[] velocity, float[] out) {
            RMixing.mixHeld(c, velocity, out);
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

    /** PC-ASGD with a fixed trade-off: x_i^{k+1} = θ x_i^P + (1 − θ) x_i^C (Algorithm 1). */
    static final class RBlend implements RStalenessPolicy {
        private final float theta;
        private final RPredict predict;
        private final RClip clip;

        RBlend(double theta, RPredict predict, RClip clip) {
            this.theta = (float) theta;
            this.predict = predict;
            this.clip = clip;
        }

        @Override
        public void combine(StepContext c, AgentState s, float[] velocity, float[] out) {
            if (!c.anyDelayed()) {
                // both candidates equal the plain mix; predict still keeps its mean square current
                predict.combine(c, s, velocity, out);
                return;
            }
            float[] p = s.candidateA();
            predict.combine(c, s, velocity, p);
            clip.combine(c, s, velocity, out);
            float rest = 1f - theta;
            for (int d = 0; d < out.length; d++) {
                out[d] = theta * p[d] + rest * out[d];
            }
        }
    }

    /**
     * PC-ASGD practical variant (Algorithm 2): θ_k ∈ {0, 1} picked every step — per layer or for the
     * whole vector — by a {@link ChoiceCondition}; every decision is counted in the agent's state.
     * Steps without a late neighbour decide nothing: both candidates are then the plain mix.
     */
    static final class RChoose implements RStalenessPolicy {
        private final RPredict predict;
        private final RClip clip;
        private final ChoiceCondition condition;
        private final boolean perLayer;

        RChoose(RPredict predict, RClip clip, ChoiceCondition condition, boolean perLayer) {
            this.predict = predict;
            this.clip = clip;
            this.condition = condition;
            this.perLayer = perLayer;
        }

        @Override
        public void combine(StepContext c, AgentState s, float[] velocity, float[] out) {
            if (!c.anyDelayed()) {
                predict.combine(c, s, velocity, out);
                return;
            }
            float[] p = s.candidateA();
            float[] q = s.candidateB();
            predict.combine(c, s, velocity, p);
            clip.combine(c, s, velocity, q);
            int[] bounds = perLayer ? c.segmentBounds() : new int[] {0, out.length};
            int segments = bounds.length - 1;
            condition.choose(c, p, q, bounds, s.segmentChoice);
            for (int k = 0; k < segments; k++) {
                float[] src = s.segmentChoice[k] ? p : q;
                System.arraycopy(src, bounds[k], out, bounds[k], bounds[k + 1] - bounds[k]);
            }
            s.recordChoices(segments);
        }
    }

    /** For the first E_w epochs, plain consensus SGD on whatever copies are held; then the inner policy. */
    static final class RWarmup implements RStalenessPolicy {
        private final int epochs;
        private final RStalenessPolicy inner;
        private final RKeepStale plain = new RKeepStale();

        RWarmup(int epochs, RStalenessPolicy inner) {
            this.epochs = epochs;
            this.inner = inner;
        }

        @Override
        public void combine(StepContext c, AgentState s, float[] velocity, float[] out) {
            (c.epoch() < epochs ? plain : inner).combine(c, s, velocity, out);
        }
    }

    /**
     * The shared skeleton of every method (CDMSGD: consensus + heavy ball, Jiang et al. 2017):
     *
     * <pre>
     *   v_i     ← μ v_i − α (g_i(x_i^k) + wd · x_i^k)
     *   x_i^k+1 = mix(x_i^k, neighbour copies) + v_i      ← the mix is the {@link RStalenessPolicy}
     * </pre>
     */
    static final class RConsensusSgd implements UpdateRule {
        private final float alpha;
        private final float momentum;
        private final float weightDecay;
        private final RStalenessPolicy policy;

        RConsensusSgd(double alpha, double momentum, double weightDecay, RStalenessPolicy policy) {
            this.alpha = (float) alpha;
            this.momentum = (float) momentum;
            this.weightDecay = (float) weightDecay;
            this.policy = policy;
        }

        @Override
        public AgentState init(int dimension, int segments) {
            return new AgentState(dimension, segments);
        }

        @Override
        public void step(StepContext c, AgentState s, float[] out) {
            float[] x = c.params();
            float[] g = c.grad();
            float[] v = s.velocity;
            if (g.length != x.length || out.length != x.length || v.length != x.length) {
                throw new IllegalArgumentException("parameter, gradient and output lengths differ: "
                        + x.length + ", " + g.length + ", " + out.length);
            }
            for (int d = 0; d < x.length; d++) {
                v[d] = momentum * v[d] - alpha * (g[d] + weightDecay * x[d]);
            }
            policy.combine(c, s, v, out);
        }
    }
}

package pcasgd.algorithm;

/**
 * The shared skeleton of every method (CDMSGD: consensus + heavy ball, Jiang et al. 2017):
 *
 * <pre>
 *   v_i     ← μ v_i − α (g_i(x_i^k) + wd · x_i^k)
 *   x_i^k+1 = mix(x_i^k, neighbour copies) + v_i      ← the mix is the {@link StalenessPolicy}
 * </pre>
 *
 * On layers that do not train ({@link StepContext#trainable()}: batch-norm running statistics,
 * written by the training pass, with no gradient) v_i stays 0: no weight decay shrinks a variance
 * and no momentum carries one, so x_i^{k+1} there is the mix alone.
 *
 * <p>The statistics are still mixed, on purpose. Gossip-averaging an agent's running means with its
 * neighbours' tends to the mean over all shards rather than its own shard's, which is what an agent
 * tested on the whole test set needs when shards are non-iid; a convex mix of non-negative
 * variances stays non-negative; the statistics travel in every message anyway; and the averaged
 * model's statistics are recomputed at its own weights, not taken from the agents'.
 */
public final class ConsensusSgd implements UpdateRule {
    private final float learningRate;
    private final float momentum;
    private final float weightDecay;
    private final StalenessPolicy policy;
    private final Kernel kernel;

    ConsensusSgd(double learningRate, double momentum, double weightDecay, StalenessPolicy policy, Kernel kernel) {
        this.learningRate = (float) learningRate;
        this.momentum = (float) momentum;
        this.weightDecay = (float) weightDecay;
        this.policy = policy;
        this.kernel = kernel;
    }

    @Override
    public AgentState init(int dimension, int segments) {
        return new AgentState(dimension, segments, learningRate);
    }

    @Override
    public boolean usesNeighbourGradients() {
        return policy.usesNeighbourGradients();
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
        for (NeighbourCopy n : c.neighbours()) {
            if (n.params().length != x.length) {
                throw new IllegalArgumentException("copy of neighbour " + n.id() + " has " + n.params().length
                        + " parameters, this agent's model has " + x.length + ": not mixed");
            }
        }
        policy.prepare(c, s);
        int n = x.length;
        int block = kernel == Kernel.FUSED ? AgentState.BLOCK : Math.max(1, n);
        for (int lo = 0; lo < n; lo += block) {
            int hi = Math.min(n, lo + block);
            momentum(x, g, v, lo, hi);
            Frozen.zero(c, v, lo, hi);
            policy.combine(c, s, v, lo, hi, out);
        }
        policy.finish(c, s, out);
    }

    private void momentum(float[] x, float[] g, float[] v, int lo, int hi) {
        for (int d = lo; d < hi; d++) {
            v[d] = momentum * v[d] - learningRate * (g[d] + weightDecay * x[d]);
        }
    }
}

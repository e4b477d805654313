package pcasgd.algorithm;

/** PC-ASGD with a fixed trade-off: x_i^{k+1} = θ x_i^P + (1 − θ) x_i^C (Algorithm 1). */
final class Blend implements StalenessPolicy {
    private final float theta;
    private final Predict predict;
    private final Clip clip;

    Blend(double theta, Predict predict, Clip clip) {
        this.theta = (float) theta;
        this.predict = predict;
        this.clip = clip;
    }

    @Override
    public void prepare(StepContext c, AgentState s) {
        predict.prepare(c, s);
    }

    @Override
    public void combine(StepContext c, AgentState s, float[] velocity, int lo, int hi, float[] out) {
        if (s.lateCount == 0) {
            // both candidates equal the plain mix; predict still keeps its mean square current
            predict.combine(c, s, velocity, lo, hi, out);
            return;
        }
        // x^P straight into out; x^C is formed in registers inside the blend loop when at most two
        // neighbours are on time (ring, torus rows...), else in a reused buffer. Same float operations
        // in the same order as mix-then-blend: xC = ((w̃_ii x + v) + w̃_1 y_1) + w̃_2 y_2.
        predict.combine(c, s, velocity, lo, hi, out);
        float[] x = c.params();
        float[] v = velocity;
        float rest = 1f - theta;
        ClipWeights cw = clip.weights();
        float self = Mixing.clipSelfWeight(c, cw);
        java.util.List<NeighbourCopy> nb = c.neighbours();
        int onTime = 0;
        NeighbourCopy a = null;
        NeighbourCopy b = null;
        for (int j = 0; j < nb.size(); j++) {
            NeighbourCopy n = nb.get(j);
            if (n.onTime()) {
                if (onTime == 0) {
                    a = n;
                } else if (onTime == 1) {
                    b = n;
                }
                onTime++;
            }
        }
        if (onTime == 0) {
            for (int d = lo; d < hi; d++) {
                float xc = self * x[d] + v[d];
                out[d] = theta * out[d] + rest * xc;
            }
        } else if (onTime == 1) {
            float wa = Mixing.clipWeight(c, cw, a);
            float[] ya = a.params();
            for (int d = lo; d < hi; d++) {
                float xc = self * x[d] + v[d];
                xc += wa * ya[d];
                out[d] = theta * out[d] + rest * xc;
            }
        } else if (onTime == 2) {
            float wa = Mixing.clipWeight(c, cw, a);
            float wb = Mixing.clipWeight(c, cw, b);
            float[] ya = a.params();
            float[] yb = b.params();
            for (int d = lo; d < hi; d++) {
                float xc = self * x[d] + v[d];
                xc += wa * ya[d];
                xc += wb * yb[d];
                out[d] = theta * out[d] + rest * xc;
            }
        } else {
            float[] q = s.candidateA();
            clip.combine(c, s, velocity, lo, hi, q);
            for (int d = lo; d < hi; d++) {
                out[d] = theta * out[d] + rest * q[d];
            }
        }
    }

    @Override
    public void finish(StepContext c, AgentState s, float[] out) {
        predict.finish(c, s, out);
    }
}

package pcasgd.algorithm;

import java.util.List;

/** The two consensus mixes every policy is built from, over one block {@code [lo, hi)} of the vector. */
final class Mixing {
    private Mixing() { }

    /** Stale mix, all held copies as they are: out = w_ii x_i + Σ_j w_ij x̂_j + v. */
    static void mixHeld(StepContext c, float[] v, int lo, int hi, float[] out) {
        float[] x = c.params();
        float wii = (float) c.selfWeight();
        for (int d = lo; d < hi; d++) {
            out[d] = wii * x[d] + v[d];
        }
        List<NeighbourCopy> nb = c.neighbours();
        for (int j = 0; j < nb.size(); j++) {
            NeighbourCopy n = nb.get(j);
            addScaled(out, (float) n.weight(), n.params(), lo, hi);
        }
    }

    /**
     * Clipping mix over on-time neighbours only: out = Σ_{j∈{i}∪U_i} w̃_ij x_j + v, with W̃ = W
     * whose delayed entries moved onto the diagonal, or uniform 1/(1+|U_i|) weights.
     */
    static void mixOnTime(StepContext c, ClipWeights weights, float[] v, int lo, int hi, float[] out) {
        float[] x = c.params();
        List<NeighbourCopy> nb = c.neighbours();
        float self = clipSelfWeight(c, weights);
        for (int d = lo; d < hi; d++) {
            out[d] = self * x[d] + v[d];
        }
        for (int j = 0; j < nb.size(); j++) {
            NeighbourCopy n = nb.get(j);
            if (n.onTime()) {
                addScaled(out, clipWeight(c, weights, n), n.params(), lo, hi);
            }
        }
    }

    /**
     * out = θ out + (1 − θ) x^C with the clipping mix x^C formed in registers, for up to two on-time
     * neighbours (ring and torus rows): the same float operations in the same order as
     * {@link #mixOnTime} into a buffer followed by the blend, without the buffer's memory traffic.
     *
     * @return false when there are more on-time neighbours (the caller then uses the buffer)
     */
    static boolean blendOnTime(StepContext c, ClipWeights weights, float[] v, int lo, int hi, float theta, float[] out) {
        List<NeighbourCopy> nb = c.neighbours();
        NeighbourCopy first = null;
        NeighbourCopy second = null;
        for (int j = 0; j < nb.size(); j++) {
            NeighbourCopy n = nb.get(j);
            if (!n.onTime()) {
                continue;
            }
            if (first == null) {
                first = n;
            } else if (second == null) {
                second = n;
            } else {
                return false;
            }
        }
        float[] x = c.params();
        float self = clipSelfWeight(c, weights);
        float rest = 1f - theta;
        if (first == null) {
            for (int d = lo; d < hi; d++) {
                float q = self * x[d] + v[d];
                out[d] = theta * out[d] + rest * q;
            }
        } else if (second == null) {
            float w1 = clipWeight(c, weights, first);
            float[] x1 = first.params();
            for (int d = lo; d < hi; d++) {
                float q = self * x[d] + v[d];
                q += w1 * x1[d];
                out[d] = theta * out[d] + rest * q;
            }
        } else {
            float w1 = clipWeight(c, weights, first);
            float w2 = clipWeight(c, weights, second);
            float[] x1 = first.params();
            float[] x2 = second.params();
            for (int d = lo; d < hi; d++) {
                float q = self * x[d] + v[d];
                q += w1 * x1[d];
                q += w2 * x2[d];
                out[d] = theta * out[d] + rest * q;
            }
        }
        return true;
    }

    /** w̃_ii: w_ii plus the delayed neighbours' weights (DIAGONAL), or 1/(1+|U_i|) (UNIFORM). */
    private static float clipSelfWeight(StepContext c, ClipWeights weights) {
        List<NeighbourCopy> nb = c.neighbours();
        int onTime = 0;
        double delayedWeight = 0;
        for (int j = 0; j < nb.size(); j++) {
            NeighbourCopy n = nb.get(j);
            if (n.onTime()) {
                onTime++;
            } else {
                delayedWeight += n.weight();
            }
        }
        return weights == ClipWeights.UNIFORM ? 1f / (1 + onTime)
                : (float) ClipWeights.selfWeightAfterDropping(c.selfWeight(), delayedWeight);
    }

    /** w̃_ij of an on-time neighbour. */
    private static float clipWeight(StepContext c, ClipWeights weights, NeighbourCopy n) {
        if (weights != ClipWeights.UNIFORM) {
            return (float) n.weight();
        }
        int onTime = 0;
        for (NeighbourCopy m : c.neighbours()) {
            if (m.onTime()) {
                onTime++;
            }
        }
        return 1f / (1 + onTime);
    }

    private static void addScaled(float[] out, float w, float[] y, int lo, int hi) {
        for (int d = lo; d < hi; d++) {
            out[d] += w * y[d];
        }
    }
}

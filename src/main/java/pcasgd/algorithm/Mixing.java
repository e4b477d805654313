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

package pcasgd.algorithm;

/** The two consensus mixes every policy is built from. */
final class Mixing {
    private Mixing() { }

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

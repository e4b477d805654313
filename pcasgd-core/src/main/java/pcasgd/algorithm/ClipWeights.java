package pcasgd.algorithm;

/** How the clipping step re-weights the on-time neighbours once the delayed ones are dropped. */
public enum ClipWeights {
    /** W̃: each delayed w_ij moves onto w_ii; stays doubly stochastic for symmetric delays. */
    DIAGONAL,
    /** 1/(1+|U_i|) for i and each on-time neighbour, as in the authors' draft code. */
    UNIFORM;

    /**
     * W̃'s diagonal: w̃_ii = w_ii + Σ of the weights of the neighbours left out of the mix, so the
     * row still sums to one. The clipping step leaves out late copies; a runtime leaves out
     * neighbours that are unreachable or from which it holds nothing.
     */
    public static double selfWeightAfterDropping(double selfWeight, double droppedWeight) {
        return selfWeight + droppedWeight;
    }

    public static ClipWeights parse(String s) {
        for (ClipWeights w : values()) {
            if (w.name().equalsIgnoreCase(s)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown clip weights '" + s + "'; valid: diagonal, uniform");
    }
}

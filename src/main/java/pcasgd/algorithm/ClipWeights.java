package pcasgd.algorithm;

/** How the clipping step re-weights the on-time neighbours once the delayed ones are dropped. */
public enum ClipWeights {
    /** W̃: each delayed w_ij moves onto w_ii; stays doubly stochastic for symmetric delays. */
    DIAGONAL,
    /** 1/(1+|U_i|) for i and each on-time neighbour, as in the authors' draft code. */
    UNIFORM;

    public static ClipWeights parse(String s) {
        for (ClipWeights w : values()) {
            if (w.name().equalsIgnoreCase(s)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown clip weights '" + s + "'; valid: diagonal, uniform");
    }
}

package pcasgd.algorithm;

/**
 * Decides, per segment (layer) of the flat vector, whether the practical variant keeps the
 * predicting candidate (θ = 1) or the clipping one (θ = 0).
 *
 * <p>Segments whose gradient is identically zero (batch-norm running statistics) carry no signal:
 * they do not vote and follow the whole-vector decision taken over the voting segments. With
 * {@code perLayer} false every segment takes that one decision: one scalar θ per step, the form the
 * paper's consensus lemma assumes. Ties go to clipping, the conservative choice.
 */
public interface ChoiceCondition {
    /**
     * @param bounds        segment k is {@code [bounds[k], bounds[k+1])}
     * @param votes         which segments carry a signal; the others abstain
     * @param choosePredict output: for every segment, true where the predicting candidate is kept
     */
    void choose(StepContext c, float[] predicted, float[] clipped, int[] bounds, boolean[] votes, boolean perLayer,
                boolean[] choosePredict);

    /** Parses "cosine" or "loss". */
    static ChoiceCondition named(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "cosine" -> new CosineCondition();
            case "loss" -> new LossCondition();
            default -> throw new IllegalArgumentException("unknown choice condition '" + name + "'; valid: cosine, loss");
        };
    }
}
